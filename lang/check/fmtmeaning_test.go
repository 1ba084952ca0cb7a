package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// meaning is what checking says about a text, independent of where things stand:
// each finding as code, severity, message and the text it points at, and each
// property's verdict.
func meaning(src string, fs []diag.Finding, props []diag.Property) []string {
	var out []string
	for _, f := range fs {
		at := src[min(f.Span.Start, len(src)):min(max(f.Span.End, f.Span.Start), len(src))]
		// Layout aside: blanks, and the commas fmt drops or adds between cases arms.
		at = strings.Join(strings.Fields(strings.ReplaceAll(at, ",", " ")), "")
		out = append(out, fmt.Sprintf("%s %s %q at %q", f.Code, f.Severity, f.Message, at))
	}
	for _, p := range props {
		out = append(out, fmt.Sprintf("property %s %s %s %q", p.Name, p.Kind, p.Status, p.Reason))
	}
	slices.Sort(out)
	return out
}

// TestFormatKeepsMeaning: on every corpus spec that parses, `check` finds the same
// things before and after `fmt` (positions aside): suppressions included, with the
// spec's own budget and depth.
func TestFormatKeepsMeaning(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/*/*.specl", "testdata/*.specl"} {
		m, _ := filepath.Glob(glob)
		paths = append(paths, m...)
	}
	changed := 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		out, err := format.Source(src)
		if err != nil || out == src {
			continue // refused for syntax errors, or already canonical: nothing to compare
		}
		changed++
		t.Run(p, func(t *testing.T) {
			a := Analyze(context.Background(), src, Options{})
			f := Analyze(context.Background(), out, Options{})
			if hasUnknown(a) || hasUnknown(f) {
				t.Skip("a question went unanswered: the two runs cannot be compared")
			}
			if x, y := meaning(src, a.Findings, a.Properties), meaning(out, f.Findings, f.Properties); !reflect.DeepEqual(x, y) {
				t.Errorf("fmt changed what check says:\nbefore: %q\nafter:  %q\nformatted:\n%s", x, y, out)
			}
		})
	}
	t.Logf("%d of %d corpus specs change under fmt; each checked before and after", changed, len(paths))
}

// frontMeaning is what the front end says, suppressions applied: cheap enough to fuzz.
func frontMeaning(src string) []string {
	f, fs := parser.Parse(src)
	fs = append(fs, sema.Check(f).Findings...)
	return meaning(src, Suppress(f, source.NewLineIndex(src), fs), nil)
}

// FuzzFormatKeepsMeaning: for any text that parses, formatting keeps what the front
// end finds after suppressions, and keeps every `specls:ignore` comment covering
// exactly the tokens it covered.
func FuzzFormatKeepsMeaning(f *testing.F) {
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/*/*.specl"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add("fact A: true fact B: true // specls:ignore redundant\n")
	f.Add("// specls:ignore vacuous\naction A { requires true ensures true }\n")
	f.Fuzz(func(t *testing.T, src string) {
		if _, errs := parser.Parse(src); len(errs) > 0 {
			return
		}
		out, err := format.Source(src)
		if err != nil {
			t.Fatalf("Source failed on a text that parses: %v", err)
		}
		if a, b := frontMeaning(src), frontMeaning(out); !reflect.DeepEqual(a, b) {
			t.Fatalf("fmt changed what the front end says:\nbefore: %q\nafter:  %q\nformatted:\n%s", a, b, out)
		}
		if a, b := ignoreCoverage(src), ignoreCoverage(out); !reflect.DeepEqual(a, b) {
			t.Fatalf("fmt changed what specls:ignore covers:\nbefore: %q\nafter:  %q\nformatted:\n%s", a, b, out)
		}
	})
}

// ignoreCoverage lists, for each token that can start a finding (not a comment, a
// comma or a closing bracket), the codes a suppression covers there.
func ignoreCoverage(src string) []string {
	lines := source.NewLineIndex(src)
	toks := parser.Lex(src)
	ignored := map[int][]diag.Code{}
	for _, t := range toks {
		if t.Kind == parser.Comment {
			l := lines.Line(t.Span.Start)
			ignored[l] = append(ignored[l], diag.IgnoredCodes(t.Text)...)
		}
	}
	var out []string
	for _, t := range toks {
		if t.Kind == parser.Comment || t.Kind == parser.EOF || (t.Kind == parser.Punct && strings.Contains(",)]}", t.Text)) {
			continue
		}
		l := lines.Line(t.Span.Start)
		codes := append(append([]diag.Code(nil), ignored[l]...), ignored[l-1]...)
		slices.Sort(codes)
		out = append(out, fmt.Sprint(slices.Compact(codes)))
	}
	return out
}

// hasUnknown reports whether a question of the analysis went unanswered.
func hasUnknown(a Analysis) bool {
	for _, f := range a.Findings {
		// A finding whose counterexample could not be rebuilt in the budget names
		// the budget in its message: that question did not finish either.
		if f.Code == diag.Unknown || strings.Contains(f.Message, "budget ran out") {
			return true
		}
	}
	for _, p := range a.Properties {
		if p.Status == diag.Undecided {
			return true
		}
	}
	return false
}
