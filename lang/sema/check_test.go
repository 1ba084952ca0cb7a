package sema

import (
	"slices"
	"strings"
	"testing"
)

func TestExampleSpecsCheckClean(t *testing.T) {
	for name, src := range map[string]string{"bank": bankSpec, "access": accessSpec} {
		info := Check(mustParse(t, src))
		if len(info.Findings) > 0 {
			t.Errorf("%s: want no findings, got%s", name, dump(src, info.Findings))
		}
	}
}

// checkCases pairs small specs with the exact findings they must produce.
var checkCases = []struct {
	name string
	src  string
	want []string // "line:col code"
}{
	{"duplicate", "var x: bool\nvar x: 0..3", []string{"2:5 name"}},
	{"unknown with suggestion", "var balance: 0..9\nfact balanse == 0", []string{"2:6 name"}},
	{"empty range", "var x: 5..3", []string{"1:8 type"}},
	{"swapped letters", "enum Status { Open, Closed }\nvar s: Status\nfact F: s == Opne", []string{"3:14 name"}},
	{"empty enum", "enum E {}\nvar x: E\nfact F: x == x", []string{"1:6 type"}},
	{"plus needs integers", "var balance: 0..9\nfact balance + true == 1", []string{"2:16 type"}},
	{"no cascade", "var b: bool\nfact (b + 1) + 2 == 3 and b", []string{"2:7 type"}},
	{"no cascade through with", "enum R { A }\nvar m: R -> 0..3\naction X { ensures m' == m with [A] = m[A] + 1 }", []string{"3:26 type"}},
	{"no cascade through calls", "pred P(a: bool): a\nfact not P(1 + true)", []string{"2:16 type"}},
	{"eq mismatch", "enum S { A }\nvar x: 0..3\nfact x == A", []string{"3:6 type"}},
	{"ambiguous member", "enum S { Open, Shut }\nenum L { Open }\nvar s: S\nfact s == Open", []string{"4:11 name"}},
	{"qualified member", "enum S { Open, Shut }\nenum L { Open }\nvar s: S\nfact s == S.Open", nil},
	{"member vs var", "enum S { Open }\nvar Open: bool\nfact Open", []string{"3:6 name"}},
	{"unknown member", "enum S { Open }\nfact S.Opn == S.Open", []string{"2:8 name"}},
	{"param reuses top name", "enum S { Open }\npred P(Open: bool): Open", []string{"2:8 name"}},
	{"bound var reuses clause name", "fact F: true\nassert A: all F in 0..3: F >= 0", []string{"2:15 name"}},
	{"nested rebind", "fact all x in 0..3: some x in 0..2: x > 0", []string{"1:26 name"}},
	{"direct recursion", "pred P(n: 0..3): P(n)", []string{"1:18 name"}},
	{"mutual recursion", "pred P: Q\npred Q: P()", []string{"2:9 name"}},
	{"nullary call both ways", "pred P: true\nfact P\nfact P()", nil},
	{"arity", "pred P(a: bool): a\nfact P(true, false)", []string{"2:6 type"}},
	{"argument type", "pred P(a: bool): a\nfact P(3)", []string{"2:8 type"}},
	{"prime on const", "const N: 0..3 = 1\naction A { ensures N' == 1 }", []string{"2:20 type"}},
	{"prime in invariant", "var x: 0..3\naction A { ensures x' == x }\ninvariant I: x' == x", []string{"3:14 type"}},
	{"prime in pred", "var x: 0..3\npred P: x' == 1\naction A { ensures P }", []string{"2:9 type"}},
	{"prime in requires", "var x: 0..3\naction A { requires x' == 1 }", []string{"2:21 type"}},
	{"step assert", "var x: 0..3\naction A { ensures x' == x }\nassert S: x' >= x", nil},
	{"prime in static assert", "var x: 0..3\nassert S: x' >= x", []string{"2:11 type"}},
	{"clause body not bool", "var x: 0..3\nfact x + 1", []string{"2:6 type"}},
	{"fun body type", "fun F: 0..3 = true", []string{"1:15 type"}},
	{"const out of type", "const N: 0..10 = 11", []string{"1:18 type"}},
	{"const not constant", "var x: 0..3\nconst N: 0..10 = x", []string{"2:18 type"}},
	{"const in range bound", "type T = 0..N\nconst N: 0..10 = 3 + 4\nvar x: T", nil},
	{"const cycle", "const A: 0..9 = B\nconst B: 0..9 = A", []string{"2:17 name"}},
	{"type cycle", "type A = set of B\ntype B = set of A", []string{"2:17 name"}},
	{"unknown option", "option dept = 3", []string{"1:8 name"}},
	{"negative option", "option depth = -1", []string{"1:16 type"}},
	{"non-constant option", "var x: 0..3\noption depth = x", []string{"2:16 type"}},
	{"in needs set", "var x: 0..3\nfact x in x", []string{"2:11 type"}},
	{"element type", "enum R { A }\nenum P { Q }\nvar s: set of P\nfact A in s", []string{"4:6 type"}},
	{"set literal elements", "enum R { A }\nfact {A, 1} == {A}", []string{"2:10 type"}},
	{"empty set fits", "enum R { A }\nvar s: set of R\nfact s != {} and {} subset s", nil},
	{"map lookup key", "enum R { A }\nvar m: R -> bool\nfact m[1]", []string{"3:8 type"}},
	{"not a map", "var x: 0..3\nfact x[1] == 0", []string{"2:6 type"}},
	{"record field", "type P = {a: 0..3, b: bool}\nvar p: P\nfact p.b and p.a > 0 and p.c", []string{"3:28 name"}},
	{"record literal", "type P = {a: 0..3, b: bool}\nvar p: P\nfact p == {b: true, a: 1}", nil},
	{"record literal mismatch", "type P = {a: 0..3, b: bool}\nvar p: P\nfact p == {a: 1}", []string{"3:6 type"}},
	{"record update", "type P = {a: 0..3, b: bool}\nvar p: P\naction A { ensures p' == p with .a = 2 with .b = 3 }", []string{"3:50 type"}},
	{"map update", "enum R { A, B }\nvar m: R -> 0..3\naction X { ensures m' == m with [A] = 2 with [true] = 1 }", []string{"3:47 type"}},
	{"if branches", "var x: 0..3\nfact (if x > 0 then 1 else false) == 1", []string{"2:28 type"}},
	{"cases arms", "var x: 0..3\nfun F: 0..3 = cases { x > 1 => 1, else => true }", []string{"2:43 type"}},
	{"cases guard", "var x: 0..3\nfun F: 0..3 = cases { x => 1, else => 2 }", []string{"2:23 type"}},
	{"quantifier over non-set", "var x: 0..3\nfact all y in x: y > 0", []string{"2:15 type"}},
	{"comprehension", "enum R { A, B }\nvar s: set of R\nfact {r in R where r in s} == s", nil},
	{"count", "enum R { A, B }\nvar s: set of R\nfact count(s) <= 2 and count(3) > 0", []string{"3:30 type"}},
	{"type as value", "enum R { A }\nvar s: set of R\nfact s subset R", nil},
	{"action as value", "action A { requires true }\nfact A", []string{"2:6 type"}},
	{"not a type", "var x: bool\nvar y: x", []string{"2:8 type"}},
	{"unknown type", "enum Role { A }\nvar y: Rol", []string{"2:8 name"}},
	{"example do", "var x: 0..3\naction Inc(n: 1..2) { ensures x' == x + n }\nexample E { do Inc(1)\n do Inc(_)\n expect x > 0 }", nil},
	{"example unknown action", "var x: 0..3\naction Inc { ensures x' == x }\nexample E { do Inx }", []string{"3:16 name"}},
	{"example arity", "var x: 0..3\naction Inc(n: 1..2) { ensures x' == x + n }\nexample E { do Inc }", []string{"3:16 type"}},
	{"example arg type", "var x: 0..3\naction Inc(n: 1..2) { ensures x' == x + n }\nexample E { do Inc(true) }", []string{"3:20 type"}},
	{"given after do", "var x: 0..3\naction Inc { ensures x' == x }\nexample E { do Inc\n given x == 0 }", []string{"4:2 type"}},
	{"nonexample expect", "var x: 0..3\naction Inc { ensures x' == x }\nnonexample N { do Inc\n expect x == 0 }", []string{"4:2 type"}},
	{"do a pred", "var x: bool\npred P: x\nexample E { do P }", []string{"3:16 type"}},
	{"static example", "var x: 0..3\nexample E { given x == 1\n expect x > 0 }", nil},
	{"prime in example", "var x: 0..3\naction Inc { ensures x' == x }\nexample E { expect x' == 0 }", []string{"3:20 type"}},
	{"duplicate clause label", "var x: 0..3\naction A { requires r: x > 0\n requires r: x < 3 }", []string{"3:11 name"}},
	{"const range at the top of int64", "const S: set of 9223372036854775806..9223372036854775807 = 9223372036854775806..9223372036854775807", nil},
	{"const arithmetic overflow", "const N: 0..1 = 9223372036854775807 + 1", []string{"1:17 type"}},
	{"order free", "fact Go\npred Go: x > 0\nvar x: T\ntype T = 0..N\nconst N: 0..9 = 4", nil},
}

func TestCheck(t *testing.T) {
	for _, tc := range checkCases {
		t.Run(tc.name, func(t *testing.T) {
			info := Check(mustParse(t, tc.src))
			got := findings(tc.src, info.Findings)
			if !slices.Equal(got, tc.want) {
				t.Errorf("src:\n%s\nwant %v\ngot %v%s", tc.src, tc.want, got, dump(tc.src, info.Findings))
			}
		})
	}
}

var _ = strings.Contains

func TestSuggest(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Opne", "Open"},       // swapped neighbours
		{"balanse", "balance"}, // one letter
		{"Xyzzy", ""},          // nothing close
	} {
		if got := closest(c.name, []string{"Open", "Closed", "balance"}); got != c.want {
			t.Errorf("closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
