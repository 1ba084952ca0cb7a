package lsp

import (
	"encoding/json"
	"strings"
	"testing"
)

// bankText has non-ASCII text in comments and doc comments on and before the lines
// the features are asked about.
const bankText = `spec Bank
/// Money is whole euros — never more than 1000 (中文 😀).
type Money = 0..1000
enum Status { Open, Frozen, Closed }

/// The balance, in € 😀.
var balance: Money
var status: Status

/* é 中 😀 */ fact ClosedIsEmpty: status == Closed implies balance == 0

action Deposit(amount: 1..500) {
  requires /* 😀 */ status == Open
  ensures balance' == balance + amount
}
`

// lineCol finds the UTF-16 position of the n-th (0-based) occurrence of needle.
func lineCol(t *testing.T, text, needle string, n int) (int, int) {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(text[off+1:], needle)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", needle, n+1)
		}
		off += 1 + j
	}
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndex(text[:off], "\n") + 1
	col := 0
	for _, r := range text[start:off] {
		col++
		if r > 0xFFFF {
			col++
		}
	}
	return line, col
}

func openBank(t *testing.T) *rawClient {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, bankText, 1)
	if p, _ := c.diagnostics(0, docURI, 1); len(p.Diagnostics) != 0 {
		t.Fatalf("bank has findings: %+v", p.Diagnostics)
	}
	return c
}

func TestHover(t *testing.T) {
	c := openBank(t)
	l, col := lineCol(t, bankText, "balance", 2) // in `balance == 0`, after é 中 😀
	var h struct {
		Contents struct{ Kind, Value string } `json:"contents"`
		Range    wireRange                    `json:"range"`
	}
	c.call("textDocument/hover", pos(docURI, l, col+3), &h)
	want := "```specl\nvar balance: Money // 0..1000\n```\n\nThe balance, in € 😀.\n\n---\n\nIf the status is Closed, then the balance is 0."
	if h.Contents.Kind != "markdown" || h.Contents.Value != want {
		t.Fatalf("hover = %q, want %q", h.Contents.Value, want)
	}
	if h.Range != (wireRange{wirePos{l, col}, wirePos{l, col + 7}}) {
		t.Fatalf("hover range = %+v, want line %d cols %d-%d", h.Range, l, col, col+7)
	}
	// Off any name, inside a clause: the reading alone, over the clause.
	l, col = lineCol(t, bankText, "implies", 0)
	c.call("textDocument/hover", pos(docURI, l, col+1), &h)
	fl, fc := lineCol(t, bankText, "fact ClosedIsEmpty", 0)
	if h.Contents.Value != "If the status is Closed, then the balance is 0." || h.Range != (wireRange{wirePos{fl, fc}, wirePos{fl, fc + len("fact ClosedIsEmpty: status == Closed implies balance == 0")}}) {
		t.Fatalf("hover on implies = %q at %+v", h.Contents.Value, h.Range)
	}
	// Nothing to say on a keyword.
	var none json.RawMessage
	c.call("textDocument/hover", pos(docURI, 0, 1), &none)
	if string(none) != "null" {
		t.Fatalf("hover on `spec` = %s", none)
	}
}

func TestDefinitionAndReferences(t *testing.T) {
	c := openBank(t)
	l, col := lineCol(t, bankText, "Open", 1) // `status == Open` after the 😀 comment
	var loc struct {
		URI   string    `json:"uri"`
		Range wireRange `json:"range"`
	}
	c.call("textDocument/definition", pos(docURI, l, col), &loc)
	dl, dc := lineCol(t, bankText, "Open", 0)
	if loc.URI != docURI || loc.Range != (wireRange{wirePos{dl, dc}, wirePos{dl, dc + 4}}) {
		t.Fatalf("definition = %+v, want line %d col %d", loc, dl, dc)
	}
	var refs []struct {
		Range wireRange `json:"range"`
	}
	bl, bc := lineCol(t, bankText, "balance", 1)
	c.call("textDocument/references", map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": bl, "character": bc},
		"context": map[string]any{"includeDeclaration": true}}, &refs)
	var got []wirePos
	for _, r := range refs {
		got = append(got, r.Range.Start)
	}
	var want []wirePos
	for i := 1; i <= 4; i++ { // the declaration (occurrence 1; 0 is in the doc comment) and three uses
		l, c := lineCol(t, bankText, "balance", i)
		want = append(want, wirePos{l, c})
	}
	if len(got) != len(want) {
		t.Fatalf("references = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("references = %+v, want %+v", got, want)
		}
	}
}

func TestRename(t *testing.T) {
	c := openBank(t)
	l, col := lineCol(t, bankText, "amount", 1) // the use in the ensures
	var prep wireRange
	c.call("textDocument/prepareRename", pos(docURI, l, col), &prep)
	if prep != (wireRange{wirePos{l, col}, wirePos{l, col + 6}}) {
		t.Fatalf("prepareRename = %+v", prep)
	}
	var edit struct {
		Changes map[string][]struct {
			Range   wireRange `json:"range"`
			NewText string    `json:"newText"`
		} `json:"changes"`
	}
	params := pos(docURI, l, col)
	params["newName"] = "sum"
	c.call("textDocument/rename", params, &edit)
	edits := edit.Changes[docURI]
	if len(edits) != 2 {
		t.Fatalf("rename edits = %+v, want 2", edits)
	}
	for i, e := range edits {
		el, ec := lineCol(t, bankText, "amount", i)
		if e.NewText != "sum" || e.Range != (wireRange{wirePos{el, ec}, wirePos{el, ec + 6}}) {
			t.Fatalf("edit %d = %+v", i, e)
		}
	}
	for _, bad := range []string{"fact", "9x", "balance"} {
		params["newName"] = bad
		_, ch := c.start("textDocument/rename", params)
		if m := c.await("rename", ch); m.Error == nil {
			t.Errorf("rename to %q accepted", bad)
		}
	}
}

func TestDocumentSymbols(t *testing.T) {
	c := openBank(t)
	var syms []struct {
		Name     string `json:"name"`
		Kind     int    `json:"kind"`
		Children []struct {
			Name string `json:"name"`
		} `json:"children"`
	}
	c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &syms)
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	if strings.Join(names, " ") != "Bank Money Status balance status ClosedIsEmpty Deposit" {
		t.Fatalf("outline = %v", names)
	}
	if len(syms[2].Children) != 3 || syms[2].Children[1].Name != "Frozen" || syms[2].Kind != 10 {
		t.Fatalf("enum symbol = %+v", syms[2])
	}
	var ws []struct {
		Name string `json:"name"`
	}
	c.call("workspace/symbol", map[string]any{"query": "BAL"}, &ws)
	if len(ws) != 1 || ws[0].Name != "balance" {
		t.Fatalf("workspace symbols = %+v", ws)
	}
}

func TestSuppressCodeAction(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	text := "spec S\nvar x: bool\n  fact /* é中😀 */ x and )\n"
	c.open(docURI, text, 1)
	p, _ := c.diagnostics(0, docURI, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	var actions []struct {
		Title string `json:"title"`
		Kind  string `json:"kind"`
		Edit  struct {
			Changes map[string][]struct {
				Range   wireRange `json:"range"`
				NewText string    `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	d := p.Diagnostics[0]
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "range": d.Range,
		"context": map[string]any{"diagnostics": []wireDiag{d}}}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" {
		t.Fatalf("actions = %+v", actions)
	}
	edits := actions[0].Edit.Changes[docURI]
	if len(edits) != 1 || edits[0].NewText != "  // specls:ignore syntax\n" || edits[0].Range != (wireRange{wirePos{2, 0}, wirePos{2, 0}}) {
		t.Fatalf("edit = %+v", edits)
	}
	// Applying it silences the finding.
	c.change(docURI, 2, map[string]any{"range": edits[0].Range, "text": edits[0].NewText})
	if p, _ := c.diagnostics(0, docURI, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("after the action: %+v", p.Diagnostics)
	}
}

func TestFoldingRanges(t *testing.T) {
	c := openBank(t)
	var folds []struct {
		StartLine int    `json:"startLine"`
		EndLine   int    `json:"endLine"`
		Kind      string `json:"kind"`
	}
	c.call("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &folds)
	al, _ := lineCol(t, bankText, "action Deposit", 0)
	found := false
	for _, f := range folds {
		if f.StartLine == al && f.EndLine == al+3 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no fold for the action at line %d: %+v", al, folds)
	}
}
