package lsp

import (
	"fmt"
	"strings"
	"testing"
)

func TestSemanticTokens(t *testing.T) {
	c := startServer(t, Options{}, nil)
	res := c.initialize(map[string]any{}, nil)
	legend := res["capabilities"].(map[string]any)["semanticTokensProvider"].(map[string]any)["legend"].(map[string]any)
	var types, mods []string
	for _, x := range legend["tokenTypes"].([]any) {
		types = append(types, x.(string))
	}
	for _, x := range legend["tokenModifiers"].([]any) {
		mods = append(mods, x.(string))
	}
	text := "/* é 中\n😀 */ enum E { A, B }\n/// d😀\nvar v: E -> 0..2\nconst K: 0..2 = 1\naction Go(p: E) { ensures v' == v with [p] = K }\n"
	c.open(docURI, text, 1)
	var toks struct {
		Data []int `json:"data"`
	}
	c.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &toks)
	if len(toks.Data)%5 != 0 {
		t.Fatalf("data = %v", toks.Data)
	}
	// Decode into "line:col:len type mods" in the client's way.
	var got []string
	line, col := 0, 0
	for i := 0; i < len(toks.Data); i += 5 {
		d := toks.Data[i : i+5]
		if d[0] > 0 {
			line, col = line+d[0], d[1]
		} else {
			col += d[1]
		}
		var ms []string
		for b, m := range mods {
			if d[4]&(1<<b) != 0 {
				ms = append(ms, m)
			}
		}
		got = append(got, fmt.Sprintf("%d:%d:%d %s %s", line, col, d[2], types[d[3]], strings.Join(ms, ",")))
	}
	want := []string{
		"0:0:6 comment ", "1:0:5 comment ", // a block comment, line by line (😀 is two units)
		"1:6:4 keyword ", "1:11:1 enum declaration", "1:15:1 enumMember declaration,readonly", "1:18:1 enumMember declaration,readonly",
		"2:0:7 comment documentation",
		"3:0:3 keyword ", "3:4:1 variable declaration", "3:7:1 enum ", "3:9:2 operator ", "3:12:1 number ", "3:13:2 operator ", "3:15:1 number ",
		"4:0:5 keyword ", "4:6:1 variable declaration,readonly", "4:9:1 number ", "4:10:2 operator ", "4:12:1 number ", "4:14:1 operator ", "4:16:1 number ",
		"5:0:6 keyword ", "5:7:2 method declaration", "5:10:1 parameter declaration", "5:13:1 enum ", "5:18:7 keyword ",
		"5:26:1 variable ", "5:27:1 operator ", "5:29:2 operator ", "5:32:1 variable ", "5:34:4 keyword ", "5:40:1 parameter ",
		"5:43:1 operator ", "5:45:1 variable readonly",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("tokens:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
