package encode

import (
	"fmt"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/logic"
)

// TestClosedExpressions decides closed expressions (constants and quantifiers over
// types), each both ways: a true one has no counterexample, a false one has no
// model.
func TestClosedExpressions(t *testing.T) {
	holds := []string{
		"1 + 2 * 3 == 7",
		"-(2 - 5) == 3",
		"count({x in 1..5 where x > 2}) == 3",
		"{1, 2} union {3} == 1..3",
		"{1, 2, 3} minus {2} == {1, 3}",
		"{A, B} intersect {B, C} == {B}",
		"{A} subset {A, C}",
		"not ({A, B} subset {A, C})",
		"B in E and D not in {A, B, C}",
		"all x in E: x in {A, B, C, D}",
		"some x in 0..3: x * x == 9",
		"no x in 0..3: x * x == 5",
		"all x, y in 0..3: x + y <= 6",
		"some x in 0..3, y in 2..4: x == y",
		"no x, y in 0..2: x + y == 5",
		"(if 2 > 1 then 10 else 20) == 10",
		"cases { 1 > 2 => A, 2 > 1 => B, else => C } == B",
		"{a: 1, b: A}.b == A",
		"({a: 1, b: A} with .a = 5).a == 5",
		"{a: 1, b: A} == {b: A, a: 1}",
		"Sq(3) == 9",
		"Big(5) and not Big(1)",
		"E.A != E.B",
		"K == 4 and K * K == 16",
		"count(E) == 4",
		"{} subset {A}",
		"count({x in E where x != A}) == 3",
		"2..1 == {}",
	}
	fails := []string{
		"1 + 1 == 3",
		"all x in 0..3: x * x < 9",
		"some x in E: x not in E",
		"{A} == {A, B}",
		"Sq(-2) == -4",
	}
	var b strings.Builder
	b.WriteString("enum E { A, B, C, D }\nconst K: 0..10 = 4\npred Big(x: 0..9): x > 3\nfun Sq(x: -5..5): 0..25 = x * x\n")
	for i, e := range holds {
		fmt.Fprintf(&b, "assert H%d: %s\n", i, e)
	}
	for i, e := range fails {
		fmt.Fprintf(&b, "assert F%d: %s\n", i, e)
	}
	s := load(t, b.String())
	names, lits := s.clauses(ast.Assert)
	if len(names) != len(holds)+len(fails) {
		t.Fatalf("%d asserts encoded, want %d", len(names), len(holds)+len(fails))
	}
	for i, n := range names {
		var text string
		var want logic.Status
		if n[0] == 'H' {
			text, want = holds[atoi(n[1:])], logic.Unsat // no counterexample
		} else {
			text, want = fails[atoi(n[1:])], logic.Sat
		}
		if got := s.solve(lits[i].Not()); got != want {
			t.Errorf("%s: counterexample search %v, want %v", text, got, want)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestMapUpdateWidens stores a value outside a map's value range: the update keeps
// the exact value, so equality with a var of the map's type is false.
func TestMapUpdateWidens(t *testing.T) {
	s := load(t, `enum K { P, Q }
var m: K -> 0..3
assert Keeps: (m with [P] = 5)[P] == 5
assert Other: (m with [P] = 5)[Q] == m[Q]
assert NeverEqual: m != (m with [P] = 5)
`)
	_, lits := s.clauses(ast.Assert)
	for i, l := range lits {
		if got := s.solve(l.Not()); got != logic.Unsat {
			t.Errorf("assert %d: %v", i, got)
		}
	}
}
