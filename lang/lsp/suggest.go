package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/diag"
)

// "Did you mean X?": a finding that names its fix carries it as a suggestion
// (diag.Finding.Suggestions: a misspelt name, `=` for `==`, `&&` for `and`...), and
// each suggestion is a quick fix that applies it. The finding is looked up in the
// snapshot by code and span, so the fix does not depend on the client keeping
// diagnostic data.

// applySuggestions offers a quick fix per suggestion of the front-end finding d is.
func (s *Snapshot) applySuggestions(d protocol.Diagnostic, code diag.Code) []protocol.CommandOrCodeAction {
	start, end := s.offset(d.Range.Start), s.offset(d.Range.End)
	var out []protocol.CommandOrCodeAction
	for _, f := range s.Findings {
		if f.Code != code || f.Span.Start != start || f.Span.End != end {
			continue
		}
		for _, sg := range f.Suggestions {
			if sg.Span.Start < 0 || sg.Span.End > len(s.Text) || sg.Span.Start > sg.Span.End {
				continue
			}
			old := s.Text[sg.Span.Start:sg.Span.End]
			a := s.edit("Replace `"+old+"` with `"+sg.Text+"`", d, protocol.TextEdit{
				Range:   s.rangeOf(sg.Span),
				NewText: s.spaced(sg),
			})
			// The one fix the message names is the one to apply by default.
			preferred := len(f.Suggestions) == 1
			a.IsPreferred = &preferred
			out = append(out, a)
		}
	}
	return out
}

// spaced is the suggestion's text with the spaces its neighbours need so that it
// stays a token of its own: `a&&b` becomes `a and b`, not `aandb`.
func (s *Snapshot) spaced(sg diag.Suggestion) string {
	text := sg.Text
	if text == "" {
		return text
	}
	if sg.Span.Start > 0 && isWordByte(text[0]) && glues(s.Text[sg.Span.Start-1]) {
		text = " " + text
	}
	if sg.Span.End < len(s.Text) && isWordByte(text[len(text)-1]) && glues(s.Text[sg.Span.End]) {
		text += " "
	}
	return text
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// glues reports whether a word written next to c would run into it or read as a call.
func glues(c byte) bool {
	return isWordByte(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '\'' || c == '{' || c == '}'
}
