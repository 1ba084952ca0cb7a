package lsp

import (
	"strings"
	"testing"
)

const typosText = `spec Typos
/// é 中 😀
enum Light { Red, Green }
type Pos = { x: 0..3, y: 0..3 }
var light: Light
var p: Pos
var on: bool
fact A: /* 😀 */ light == Grean
fact B: p.yy == 1
fact C: on&&light == Red
fact D: light = Red
fact E: light <> Red
fact F: Light.Gren == light
fact G: not(on)||on
option dept = 3
fact H: light == Blue
`

// TestDidYouMean: every finding whose message says "did you mean X?" comes with a
// quick fix that writes X in place of the mistake (names, enum members, record
// fields, options; `&&`, `||`, `=`, `<>`), spaced so that it stays a token of its
// own, preferred as the one fix; a name with nothing close gets none.
func TestDidYouMean(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, typosText, 1)
	p, _ := c.diagnostics(0, docURI, 1)
	type fix struct{ message, title, line string }
	var got []fix
	for _, d := range p.Diagnostics {
		var actions []struct {
			wireAction
			IsPreferred bool `json:"isPreferred"`
		}
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": docURI}, "range": d.Range,
			"context": map[string]any{"diagnostics": []wireDiag{d}}}, &actions)
		for _, a := range actions {
			if strings.HasPrefix(a.Title, "Suppress") {
				continue
			}
			if !a.IsPreferred || a.Kind != "quickfix" {
				t.Errorf("%q: kind %q, preferred %v; want a preferred quickfix", a.Title, a.Kind, a.IsPreferred)
			}
			after := applyEdits(typosText, a.Edit.Changes[docURI])
			line := strings.Split(after, "\n")[d.Range.Start.Line]
			got = append(got, fix{d.Message, a.Title, line})
		}
	}
	want := []fix{
		{"unknown name Grean; did you mean Green?", "Replace `Grean` with `Green`", "fact A: /* 😀 */ light == Green"},
		{"{x: 0..3, y: 0..3} has no field yy; did you mean y?", "Replace `yy` with `y`", "fact B: p.y == 1"},
		{"unexpected `&&`; did you mean `and`?", "Replace `&&` with `and`", "fact C: on and light == Red"},
		{"unexpected `=`; did you mean `==`?", "Replace `=` with `==`", "fact D: light == Red"},
		{"unexpected `<>`; did you mean `!=`?", "Replace `<>` with `!=`", "fact E: light != Red"},
		{"Light has no member Gren; did you mean Green?", "Replace `Gren` with `Green`", "fact F: Light.Green == light"},
		{"unexpected `||`; did you mean `or`?", "Replace `||` with `or`", "fact G: not(on) or on"},
		{"unknown option dept (the options are depth and budget); did you mean depth?", "Replace `dept` with `depth`", "option depth = 3"},
	}
	if len(got) != len(want) {
		t.Fatalf("fixes:\n%+v\nwant:\n%+v", got, want)
	}
	for i, w := range want {
		g := got[i]
		if !strings.HasPrefix(g.message, w.message) || g.title != w.title || g.line != w.line {
			t.Errorf("fix %d: %q: %q gives %q\nwant %q…: %q gives %q", i, g.message, g.title, g.line, w.message, w.title, w.line)
		}
	}
}
