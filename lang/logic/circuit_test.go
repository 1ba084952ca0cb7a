package logic

import (
	"context"
	"math/bits"
	"testing"
)

// TestGatesTruthTables checks every gate on every input, both through the solver
// (the gates are assumed, so they are translated) and by evaluation of gates the
// solver never saw.
func TestGatesTruthTables(t *testing.T) {
	for _, translated := range []bool{true, false} {
		b := New()
		x, y, c := b.Fresh(), b.Fresh(), b.Fresh()
		gates := []struct {
			name string
			l    Lit
			want func(x, y, c bool) bool
		}{
			{"and", b.And(x, y), func(x, y, c bool) bool { return x && y }},
			{"or", b.Or(x, y), func(x, y, c bool) bool { return x || y }},
			{"implies", b.Implies(x, y), func(x, y, c bool) bool { return !x || y }},
			{"iff", b.Iff(x, y), func(x, y, c bool) bool { return x == y }},
			{"xor", b.Xor(x, y), func(x, y, c bool) bool { return x != y }},
			{"ite", b.Ite(c, x, y), func(x, y, c bool) bool {
				if c {
					return x
				}
				return y
			}},
			{"ite-t", b.Ite(c, True, y), func(x, y, c bool) bool { return c || y }},
			{"ite-f", b.Ite(c, x, False), func(x, y, c bool) bool { return c && x }},
			{"ands", b.Ands(x, y, c), func(x, y, c bool) bool { return x && y && c }},
			{"ors", b.Ors(x, y, c), func(x, y, c bool) bool { return x || y || c }},
			{"ands()", b.Ands(), func(x, y, c bool) bool { return true }},
			{"ors()", b.Ors(), func(x, y, c bool) bool { return false }},
			{"not-and", b.And(x, x.Not()), func(x, y, c bool) bool { return false }},
		}
		for m := 0; m < 8; m++ {
			vx, vy, vc := m&1 == 1, m&2 == 2, m&4 == 4
			as := []Lit{pick(x, vx), pick(y, vy), pick(c, vc)}
			if translated {
				for _, g := range gates {
					as = append(as, pick(g.l, g.want(vx, vy, vc)))
				}
			}
			mustSolve(t, b, Sat, as...)
			for _, g := range gates {
				if got := b.Value(g.l); got != g.want(vx, vy, vc) {
					t.Errorf("translated=%v: %s(%v, %v, %v) = %v", translated, g.name, vx, vy, vc, got)
				}
			}
		}
	}
}

// TestCardinality checks AtMostOne and ExactlyOne on every assignment, for the
// pairwise (n <= 8) and the linear (n > 8) encodings.
func TestCardinality(t *testing.T) {
	for _, n := range []int{3, 10} {
		b := New()
		xs := make([]Lit, n)
		for i := range xs {
			xs[i] = b.Fresh()
		}
		amo, eo := b.AtMostOne(xs...), b.ExactlyOne(xs...)
		for m := 0; m < 1<<n; m++ {
			as := make([]Lit, n)
			for i := range xs {
				as[i] = pick(xs[i], m>>i&1 == 1)
			}
			k := bits.OnesCount(uint(m))
			r := b.Solve(context.Background(), append(as, amo), testBudget)
			if (r.Status == Sat) != (k <= 1) {
				t.Fatalf("n=%d mask %b: AtMostOne %v", n, m, r)
			}
			r = b.Solve(context.Background(), append(as, eo), testBudget)
			if (r.Status == Sat) != (k == 1) {
				t.Fatalf("n=%d mask %b: ExactlyOne %v", n, m, r)
			}
		}
	}
}

func TestLitString(t *testing.T) {
	b := New()
	x := b.Fresh()
	if True.String() != "true" || False.String() != "false" || x.String() != "2" || x.Not().String() != "-2" {
		t.Errorf("strings: %v %v %v %v", True, False, x, x.Not())
	}
	if Bool(true) != True || Bool(false) != False || True.Not() != False {
		t.Error("constants")
	}
}
