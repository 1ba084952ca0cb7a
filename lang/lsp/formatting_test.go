package lsp

import "testing"

func TestFormatting(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	// The last line ends after an emoji: the edit's end counts it as two UTF-16 units.
	text := "spec S\n/// é 中 😀\nvar   x :bool\nfact   F : x and   x // 😀"
	c.open(docURI, text, 1)
	var edits []struct {
		Range   wireRange `json:"range"`
		NewText string    `json:"newText"`
	}
	formatting := func() {
		c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": docURI},
			"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits)
	}
	formatting()
	want := "spec S\n/// é 中 😀\nvar x: bool\nfact F: x and x // 😀\n"
	if len(edits) != 1 || edits[0].NewText != want || edits[0].Range != (wireRange{wirePos{0, 0}, wirePos{3, 26}}) {
		t.Fatalf("edits = %+v", edits)
	}
	// Formatted text needs no edit; text with a syntax error gets none.
	c.change(docURI, 2, map[string]any{"text": want})
	formatting()
	if len(edits) != 0 {
		t.Fatalf("edits of formatted text = %+v", edits)
	}
	c.change(docURI, 3, map[string]any{"text": "spec S\nvar   x :bool\nfact F: x and )\n"})
	formatting()
	if len(edits) != 0 {
		t.Fatalf("edits of broken text = %+v", edits)
	}
}
