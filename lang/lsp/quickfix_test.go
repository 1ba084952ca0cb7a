package lsp

import (
	"encoding/json"
	"strings"
	"testing"
)

type wireAction struct {
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Edit  struct {
		Changes map[string][]wireEdit `json:"changes"`
	} `json:"edit"`
}

type wireEdit struct {
	Range   wireRange `json:"range"`
	NewText string    `json:"newText"`
}

// utf16Offset converts a UTF-16 position to a byte offset, on the client's side.
func utf16Offset(text string, p wirePos) int {
	off := 0
	for line := 0; line < p.Line; line++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	col := 0
	for i, r := range text[off:] {
		if col >= p.Character || r == '\n' {
			return off + i
		}
		col++
		if r > 0xFFFF {
			col++
		}
	}
	return len(text)
}

// applyEdits applies non-overlapping edits as a client does.
func applyEdits(text string, edits []wireEdit) string {
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		start, end := utf16Offset(text, e.Range.Start), utf16Offset(text, e.Range.End)
		text = text[:start] + e.NewText + text[end:]
	}
	return text
}

// actionsFor asks for the code actions of the published diagnostics with code and
// returns them with the diagnostics' messages.
func actionsFor(t *testing.T, c *rawClient, p wirePublish, code string) []wireAction {
	t.Helper()
	var out []wireAction
	for _, d := range p.Diagnostics {
		if d.Code != code {
			continue
		}
		var actions []wireAction
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": docURI}, "range": d.Range,
			"context": map[string]any{"diagnostics": []wireDiag{d}}}, &actions)
		out = append(out, actions...)
	}
	return out
}

const redundantText = `spec Redundant
/// é 中 😀
var x: 0..3
var y: 0..3

fact XBig: x >= 2
/// Never zero — 😀.
fact XNotZero: x != 0
fact YBelowX: y < x

initially x == 2
initially y == 0

action Grow {
  requires /* 😀 */ x < 3
  requires y < 3
  ensures x' == x + 1
}

action Catch {
  requires y + 1 < x
  ensures y' == y + 1
}
`

func TestRemoveRedundantClause(t *testing.T) {
	c, p := openChecked(t, redundantText)
	var titles []string
	var removals [][]wireEdit
	for _, a := range actionsFor(t, c, p, "redundant") {
		titles = append(titles, a.Title)
		if strings.HasPrefix(a.Title, "Remove") {
			removals = append(removals, a.Edit.Changes[docURI])
		}
	}
	want := "Remove the redundant fact XNotZero;Suppress redundant here (// specls:ignore redundant);" +
		"Remove the redundant requires;Suppress redundant here (// specls:ignore redundant)"
	if strings.Join(titles, ";") != want {
		t.Fatalf("actions = %q", titles)
	}
	// Both fixes edit the original text: the later one goes first.
	after := redundantText
	for i := len(removals) - 1; i >= 0; i-- {
		after = applyEdits(after, removals[i])
	}
	wantText := strings.Replace(strings.Replace(redundantText, "/// Never zero — 😀.\nfact XNotZero: x != 0\n", "", 1), "  requires y < 3\n", "", 1)
	if after != wantText {
		t.Errorf("after the fixes:\n%s\nwant:\n%s", after, wantText)
	}
}

const casesText = `spec NonExhaustive
/// Lights — é 中 😀.
enum Light { Red, Amber, Green }

var light: Light

/* 😀 */ fun Wait(l: Light): 0..2 = cases {
  l == Red => 2 // é
  l == Amber => 1
}

fun Short(l: Light): 0..2 = cases { l == Red => 2 }
`

func TestCompleteCases(t *testing.T) {
	c, p := openChecked(t, casesText)
	actions := actionsFor(t, c, p, "non-exhaustive")
	type fix struct{ title, text string }
	var got []fix
	for _, a := range actions {
		if !strings.HasPrefix(a.Title, "Suppress") {
			got = append(got, fix{a.Title, applyEdits(casesText, a.Edit.Changes[docURI])})
		}
	}
	want := []fix{
		{"Add an else arm (else => 0)", strings.Replace(casesText, "  l == Amber => 1\n", "  l == Amber => 1\n  else => 0\n", 1)},
		{"Add an arm for l == Green", strings.Replace(casesText, "  l == Amber => 1\n", "  l == Amber => 1\n  l == Green => 0\n", 1)},
		{"Add an else arm (else => 0)", strings.Replace(casesText, "l == Red => 2 }", "l == Red => 2 else => 0 }", 1)},
		{"Add an arm for l == Green", strings.Replace(casesText, "l == Red => 2 }", "l == Red => 2 l == Green => 0 }", 1)},
	}
	if len(got) != len(want) {
		t.Fatalf("fixes = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fix %d = %q\n%s\nwant %q\n%s", i, got[i].title, got[i].text, want[i].title, want[i].text)
		}
	}
}

func TestPinCounterexample(t *testing.T) {
	c, p := openChecked(t, checkedText)
	var pins []wireAction
	for _, code := range []string{"invariant-violated", "blocked-action"} {
		for _, a := range actionsFor(t, c, p, code) {
			if strings.HasPrefix(a.Title, "Pin") {
				pins = append(pins, a)
			}
		}
	}
	var blocks []string
	for _, a := range pins {
		edits := a.Edit.Changes[docURI]
		if len(edits) != 1 || edits[0].Range.Start != (wirePos{21, 0}) {
			t.Fatalf("%s: edits = %+v", a.Title, edits)
		}
		blocks = append(blocks, a.Title+"\n"+edits[0].NewText)
	}
	js, _ := json.MarshalIndent(blocks, "", "  ")
	want := []string{
		"Pin this counterexample as a nonexample\n\nnonexample BelowTwoViolation {\n  given n == 0\n  given mode == On\n  do Inc(1)\n  do Inc(1)\n}\n",
		"Pin this run as an example\n\nexample BelowTwoRun {\n  given n == 0\n  given mode == On\n  do Inc(1)\n  do Inc(1)\n  expect n == 2\n  expect mode == On\n}\n",
		"Pin this counterexample as a nonexample\n\nnonexample IncBlocked {\n  given n == 0\n  given mode == On\n  do Inc(1)\n  do Inc(1)\n  do Inc(1)\n  do Inc(1)\n}\n",
		"Pin this run as an example\n\nexample IncBlockedState {\n  given n == 0\n  given mode == On\n  do Inc(1)\n  do Inc(1)\n  do Inc(1)\n  expect n == 3\n  expect mode == On\n}\n",
	}
	if len(blocks) != len(want) {
		t.Fatalf("pins = %s", js)
	}
	for i := range want {
		if blocks[i] != want[i] {
			t.Errorf("pin %d = %q, want %q", i, blocks[i], want[i])
		}
	}
	// The checker agrees: the pinned violation is admitted (it fails until the spec
	// is fixed), the examples and the blocked step's nonexample pass.
	text := checkedText
	for _, a := range pins {
		text = applyEdits(text, a.Edit.Changes[docURI])
	}
	before := c.noteCount()
	c.change(docURI, 2, map[string]any{"text": text})
	_, next := c.diagnostics(before, docURI, 2)
	p, _ = c.diagnostics(next, docURI, 2)
	var got []string
	for _, d := range p.Diagnostics {
		if d.Code == "nonexample-admitted" || d.Code == "example-failed" {
			got = append(got, d.Code+" "+d.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "nonexample-admitted nonexample BelowTwoViolation is possible") {
		t.Fatalf("checking the pinned runs: %q", got)
	}
}
