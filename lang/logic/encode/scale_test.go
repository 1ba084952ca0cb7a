package encode

import (
	"testing"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/logic"
)

// TestScaleMoney encodes quantifiers and set membership over Money = 0..1000
// within a second: universes are computed once per shape and constant lookups
// go straight to their literal.
func TestScaleMoney(t *testing.T) {
	start := time.Now()
	s := load(t, `type Money = 0..1000
var paid: set of Money
var m: Money -> bool
var x: Money
fact Small: all v in paid: v < 10 and m[v]
fact SomePaid: count(paid) == 3
fact Pick: x in paid and x > 5
assert BelowTen: x < 10
`)
	_, facts := s.clauses(ast.Fact)
	for _, f := range facts {
		s.tr.B.Assert(f)
	}
	_, asserts := s.clauses(ast.Assert)
	if got := s.solve(asserts[0].Not()); got != logic.Unsat {
		t.Errorf("BelowTen: %v", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	t.Logf("%v, %d gates, %d clauses", time.Since(start), s.tr.B.Gates(), s.tr.B.Clauses())
}
