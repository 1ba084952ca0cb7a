package lsp

import (
	"sort"
	"strings"
	"testing"
)

// accessText has non-ASCII text in comments and doc comments on and before the lines
// where completion is asked; "@" marks the cursor in each case's variant.
const accessText = `spec Access
/// Roles — é 中 😀.
enum Role { Admin, Dev }
enum Perm { Read, Write }
type Cfg = {level: 0..3, on: bool}

/// Grants 😀.
var grants: Role -> set of Perm
var cfg: Cfg
var cfgs: Role -> Cfg

/// Whether r may write 😀.
pred CanWrite(r: Role): Write in grants[r]

action Grant(who: Role, p: Perm) {
  requires /* é */ not CanWrite(who)
  ensures grants' == grants with [who] = grants[who] union {p}
}

example E {
  do Grant(Admin, Read)
}
`

// variant inserts insert (holding one "@") after the n-th occurrence of anchor, and
// returns the text and the UTF-16 position of the "@", which is removed.
func variant(t *testing.T, anchor string, n int, insert string) (string, int, int) {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(accessText[off+1:], anchor)
		if j < 0 {
			t.Fatalf("no %q", anchor)
		}
		off += 1 + j
	}
	off += len(anchor)
	text := accessText[:off] + insert + accessText[off:]
	at := strings.Index(text, "@")
	text = text[:at] + text[at+1:]
	l, c := utf16Pos(text, at)
	return text, l, c
}

func labels(items []struct {
	Label string `json:"label"`
	Kind  int    `json:"kind"`
}) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestCompletion(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, accessText, 1)
	version := 1
	complete := func(anchor string, n int, insert string) string {
		t.Helper()
		text, l, col := variant(t, anchor, n, insert)
		version++
		c.change(docURI, version, map[string]any{"text": text})
		var list struct {
			Items []struct {
				Label string `json:"label"`
				Kind  int    `json:"kind"`
			} `json:"items"`
		}
		c.call("textDocument/completion", pos(docURI, l, col), &list)
		return labels(list.Items)
	}
	exprWords := "all and cases count else false if iff implies in intersect minus no not or some subset then true union where with"
	topNames := "Admin CanWrite Cfg Dev Perm Read Role Write cfg cfgs grants"
	join := func(parts ...string) string {
		var all []string
		for _, p := range parts {
			all = append(all, strings.Fields(p)...)
		}
		sort.Strings(all)
		return strings.Join(all, " ")
	}
	for _, tc := range []struct {
		name, anchor string
		n            int
		insert, want string
	}{
		{"declaration keywords at the top", "}\n", 1, "\n/* 😀 */ @", "action assert const enum example fact fun initially invariant nonexample option pred spec type var"},
		{"a half-typed declaration keyword", "Grants 😀.\n", 0, "inv@\n", "action assert const enum example fact fun initially invariant nonexample option pred spec type var"},
		{"clause keywords in an action", "CanWrite(who)\n", 0, "  @\n", "ensures requires"},
		{"step keywords in an example", "Read)\n", 0, "  @\n", "do expect given"},
		{"actions after do", "Read)\n", 0, "  do @\n", "Grant"},
		{"members after Enum.", "Grants 😀.\n", 0, "fact F: grants[Role.@]\n", "Admin Dev"},
		{"record fields after r.", "Grants 😀.\n", 0, "fact F: cfg.@\n", "level on"},
		{"record fields after m[k].", "Grants 😀.\n", 0, "fact F: cfgs[Admin].@\n", "level on"},
		{"fields while typing one", "Grants 😀.\n", 0, "fact F: cfg.lev@ == 1\n", "level on"},
		{"names in an action", "CanWrite(who)\n", 0, "  requires /* 中 */ p == @\n", join(exprWords, topNames, "who p")},
		// The pred does not parse while its body is half-typed: its parameters come
		// from the text, and its own name is not offered (no recursion).
		{"names in a half-typed pred", "grants[r]", 0, " and @", join(exprWords, strings.Replace(topNames, "CanWrite ", "", 1), "r")},
		{"names in a pred", "grants[r]", 0, " and gr@ == {}", join(exprWords, topNames, "r")},
		{"bound variables", "Grants 😀.\n", 0, "fact F: all x, y in Role: some z in Perm: @\n", join(exprWords, topNames, "x y z")},
		{"types after a colon", "Grants 😀.\n", 0, "var v: @\n", "Cfg Perm Role bool set of"},
		{"types after set of", "Grants 😀.\n", 0, "var v: set of @\n", "Cfg Perm Role bool set of"},
		{"nothing in a comment", "Grants 😀.\n", 0, "// é @\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := complete(tc.anchor, tc.n, tc.insert); got != tc.want {
				t.Errorf("completion = %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSignatureHelp(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, accessText, 1)
	version := 1
	help := func(anchor string, n int, insert string) (string, []string, int) {
		t.Helper()
		text, l, col := variant(t, anchor, n, insert)
		version++
		c.change(docURI, version, map[string]any{"text": text})
		var h *struct {
			Signatures []struct {
				Label      string `json:"label"`
				Parameters []struct {
					Label string `json:"label"`
				} `json:"parameters"`
			} `json:"signatures"`
			ActiveParameter int `json:"activeParameter"`
		}
		c.call("textDocument/signatureHelp", pos(docURI, l, col), &h)
		if h == nil {
			return "", nil, -1
		}
		var ps []string
		for _, p := range h.Signatures[0].Parameters {
			ps = append(ps, p.Label)
		}
		return h.Signatures[0].Label, ps, h.ActiveParameter
	}
	label, params, active := help("Grants 😀.\n", 0, "fact F: /* 😀 */ CanWrite(@\n")
	if label != "pred CanWrite(r: Role)" || strings.Join(params, ";") != "r: Role" || active != 0 {
		t.Errorf("pred help = %q %v %d", label, params, active)
	}
	label, params, active = help("Read)\n", 0, "  do Grant(if {Admin, Dev} == {} then Dev else Admin, @\n")
	if label != "action Grant(who: Role, p: Perm)" || strings.Join(params, ";") != "who: Role;p: Perm" || active != 1 {
		t.Errorf("action help = %q %v %d", label, params, active)
	}
	label, _, active = help("Read)\n", 0, "  do Grant(Dev, @\n")
	if label != "action Grant(who: Role, p: Perm)" || active != 1 {
		t.Errorf("action help = %q %d", label, active)
	}
	if label, _, _ := help("Grants 😀.\n", 0, "fact F: (grants[Admin] == {@\n"); label != "" {
		t.Errorf("help outside a call = %q", label)
	}
}
