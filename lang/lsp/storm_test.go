package lsp

import (
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// utf16Pos converts a byte offset of text to a UTF-16 line and column, on the
// client's side (independently of the server's line index).
func utf16Pos(text string, off int) (int, int) {
	line := strings.Count(text[:off], "\n")
	col := 0
	for _, r := range text[strings.LastIndex(text[:off], "\n")+1 : off] {
		col++
		if r > 0xFFFF {
			col++
		}
	}
	return line, col
}

// runeStart moves off back to the start of the character it is in.
func runeStart(text string, off int) int {
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	return off
}

var stormFragments = []string{
	"action A(x: 1..", "requires ", "ensures balance' == ", "}", "{", "fact F: ", "cases {",
	"all r in Status: ", " implies ", "enum E { A, B", "pred P(r: Status): ", "@#$%", "é中😀",
	"\n", "/* unterminated", "*/", "///doc 😀\n", "do Deposit(", "example X {", ")", "(", "'",
	"var v: set of Status\n", "type T = {f: bool, g: 0..3}\n", "x.f", "m with [k] = ", "count(",
}

// stormCodes are the codes whose diagnostics have fixes: code actions are asked for
// them at random places, whatever the text says there now.
var stormCodes = []string{"redundant", "non-exhaustive", "invariant-violated", "assert-violated", "blocked-action", "syntax"}

func TestStorm(t *testing.T) {
	// The real checker, so that lenses, hints and fixes have verdicts and runs to
	// show; most of its runs are cancelled by the next edit.
	opts := Options{DeepCheckDelay: time.Millisecond, DeepCheck: realDeepCheck}
	c := startServer(t, opts, nil)
	c.initialize(map[string]any{}, nil)
	rnd := rand.New(rand.NewSource(1))
	text := bankText
	c.open(docURI, text, 1)
	methods := []string{"textDocument/hover", "textDocument/definition", "textDocument/references",
		"textDocument/documentSymbol", "textDocument/prepareRename", "textDocument/rename",
		"textDocument/completion", "textDocument/signatureHelp", "textDocument/semanticTokens/full",
		"textDocument/formatting", "textDocument/inlayHint", "textDocument/codeLens", "textDocument/codeAction",
		"textDocument/foldingRange"}
	type pending struct {
		method string
		ch     chan wireMsg
	}
	var waits []pending
	start := time.Now()
	for v := 2; v <= 1001; v++ {
		a := runeStart(text, rnd.Intn(len(text)+1))
		b := a
		if rnd.Intn(3) == 0 {
			b = runeStart(text, min(len(text), a+rnd.Intn(12)))
		}
		insert := ""
		if rnd.Intn(4) != 0 {
			insert = stormFragments[rnd.Intn(len(stormFragments))]
		}
		l1, c1 := utf16Pos(text, a)
		l2, c2 := utf16Pos(text, b)
		c.change(docURI, v, map[string]any{"range": rng(l1, c1, l2, c2), "text": insert})
		text = text[:a] + insert + text[b:]
		if v%3 == 0 {
			method := methods[rnd.Intn(len(methods))]
			off := runeStart(text, rnd.Intn(len(text)+1))
			l, col := utf16Pos(text, off)
			params := pos(docURI, l, col)
			params["newName"] = "renamed"
			params["context"] = map[string]any{"includeDeclaration": true, "diagnostics": []any{
				map[string]any{"range": rng(l, 0, l, col), "message": "m", "source": "specls", "code": stormCodes[rnd.Intn(len(stormCodes))]}}}
			params["range"] = rng(0, 0, l, col)
			params["options"] = map[string]any{"tabSize": 2, "insertSpaces": true}
			_, ch := c.start(method, params)
			waits = append(waits, pending{method, ch})
		}
		if len(text) > 6000 && v < 1000 {
			text = bankText
			c.change(docURI, v+1, map[string]any{"text": text})
			v++
		}
	}
	for _, w := range waits {
		m := c.await(w.method, w.ch)
		if m.Error != nil && m.Error.Code != -32602 { // InvalidParams: a refused rename
			t.Errorf("%s answered %d %s", w.method, m.Error.Code, m.Error.Message)
		}
	}
	if time.Since(start) > 60*time.Second {
		t.Errorf("storm took %v", time.Since(start))
	}
	// The edits were applied exactly: a fresh document with the client's text gets
	// the same diagnostics as the edited one.
	final, _ := c.diagnostics(0, docURI, 1001)
	const fresh = "file:///tmp/fresh.specl"
	c.open(fresh, text, 1)
	want, _ := c.diagnostics(0, fresh, 1)
	if len(final.Diagnostics) != len(want.Diagnostics) {
		t.Fatalf("edited document has %d diagnostics, fresh copy %d", len(final.Diagnostics), len(want.Diagnostics))
	}
	for i := range want.Diagnostics {
		if final.Diagnostics[i] != want.Diagnostics[i] {
			t.Fatalf("diagnostic %d: edited %+v, fresh %+v", i, final.Diagnostics[i], want.Diagnostics[i])
		}
	}
	t.Logf("1000 edits, %d requests in %v; final text %d bytes, %d diagnostics", len(waits), time.Since(start), len(text), len(want.Diagnostics))
}
