package format

import (
	"slices"
	"strings"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
)

// A `// specls:ignore CODE` comment silences CODE on its own line and the line below:
// its meaning depends on line breaks, which formatting changes (two declarations on
// one line are split, a body gets one clause per line). So after printing, every
// token that a suppression covered in the input must still be covered in the output;
// where one no longer is, a copy of the comment, naming the codes that covered that
// line's tokens, is put on its own line just above it. (Tokens are matched by their
// order: formatting keeps every token but trailing commas. Commas and closing
// brackets are left out: no finding starts at one.)

// keepSuppressions returns out with the copies it needs; out unchanged when none.
func keepSuppressions(src, out string) string {
	before := coverage(src)
	if before == nil {
		return out
	}
	after := coverage(out)
	if after == nil || len(after.toks) != len(before.toks) {
		return out // not the same tokens: nothing to match (cannot happen for a parsed file)
	}
	lines := source.NewLineIndex(out)
	need := map[int][]diag.Code{} // output line -> codes to add above it
	for i, t := range before.toks {
		missing := false
		for _, c := range t.codes {
			if !slices.Contains(after.toks[i].codes, c) {
				missing = true
			}
		}
		if !missing {
			continue
		}
		line := lines.Line(after.toks[i].start)
		for _, c := range t.codes {
			if !slices.Contains(need[line], c) {
				need[line] = append(need[line], c)
			}
		}
	}
	if len(need) == 0 {
		return out
	}
	var b strings.Builder
	for l := range lines.LineCount() {
		text := lines.LineText(l)
		if codes := need[l]; len(codes) > 0 {
			indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
			names := make([]string, len(codes))
			for i, c := range codes {
				names[i] = string(c)
			}
			b.WriteString(indent + "// " + diag.IgnorePrefix + " " + strings.Join(names, " ") + "\n")
		}
		b.WriteString(text)
		if l < lines.LineCount()-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

type covered struct {
	start int
	codes []diag.Code
}

type coverageOf struct{ toks []covered }

// coverage lists the text's tokens (comments and commas left out) with the codes a
// suppression covers at each; nil when the text has no suppression at all.
func coverage(text string) *coverageOf {
	if !strings.Contains(text, diag.IgnorePrefix) {
		return nil // no suppression comment: skip lexing the whole text again
	}
	lines := source.NewLineIndex(text)
	toks := parser.Lex(text)
	ignored := map[int][]diag.Code{}
	for _, t := range toks {
		if t.Kind == parser.Comment {
			if codes := diag.IgnoredCodes(t.Text); len(codes) > 0 {
				l := lines.Line(t.Span.Start)
				ignored[l] = append(ignored[l], codes...)
			}
		}
	}
	if len(ignored) == 0 {
		return nil
	}
	c := &coverageOf{}
	for _, t := range toks {
		if t.Kind == parser.Comment || t.Kind == parser.EOF || (t.Kind == parser.Punct && strings.Contains(",)]}", t.Text)) {
			continue
		}
		l := lines.Line(t.Span.Start)
		var codes []diag.Code
		for _, code := range append(append([]diag.Code(nil), ignored[l]...), ignored[l-1]...) {
			if !slices.Contains(codes, code) {
				codes = append(codes, code)
			}
		}
		c.toks = append(c.toks, covered{start: t.Span.Start, codes: codes})
	}
	return c
}
