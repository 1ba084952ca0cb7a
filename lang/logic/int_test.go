package logic

import (
	"context"
	"fmt"
	"testing"
	"time"
)

const testBudget = 10 * time.Second

// testWork is a work budget no test question comes near.
const testWork = int64(1) << 40

func mustSolve(t *testing.T, b *Builder, want Status, assumptions ...Lit) {
	t.Helper()
	r := b.Solve(context.Background(), assumptions, testBudget)
	if r.Status != want {
		t.Fatalf("Solve = %v, want %v", r, want)
	}
}

// TestArithmeticExhaustive checks every operation on every pair of values of small
// ranges (offsets negative, zero and positive, widths 1 to 5) against Go arithmetic:
// the model decodes to the right value, and the solver refutes any other.
func TestArithmeticExhaustive(t *testing.T) {
	ranges := [][2]int64{{-8, 8}, {0, 1}, {3, 10}, {-5, -2}, {7, 7}, {-3, 0}}
	for _, ra := range ranges {
		for _, rb := range ranges {
			t.Run(fmt.Sprintf("%d..%d,%d..%d", ra[0], ra[1], rb[0], rb[1]), func(t *testing.T) {
				checkPairs(t, ra, rb)
			})
		}
	}
}

func checkPairs(t *testing.T, ra, rb [2]int64) {
	b := New()
	x := b.FreshInt(ra[0], ra[1])
	y := b.FreshInt(rb[0], rb[1])
	type op struct {
		name string
		got  Int
		want func(a, c int64) int64
	}
	ops := []op{
		{"+", b.Add(x, y), func(a, c int64) int64 { return a + c }},
		{"-", b.Sub(x, y), func(a, c int64) int64 { return a - c }},
		{"*", b.Mul(x, y), func(a, c int64) int64 { return a * c }},
		{"neg", b.Neg(x), func(a, c int64) int64 { return -a }},
		{"*-3", b.MulConst(y, -3), func(a, c int64) int64 { return -3 * c }},
		{"*5", b.MulConst(x, 5), func(a, c int64) int64 { return 5 * a }},
		{"ite", b.IteInt(b.Lt(x, y), x, y), func(a, c int64) int64 { return min(a, c) }},
	}
	type cmp struct {
		name string
		got  Lit
		want func(a, c int64) bool
	}
	cmps := []cmp{
		{"==", b.Eq(x, y), func(a, c int64) bool { return a == c }},
		{"<", b.Lt(x, y), func(a, c int64) bool { return a < c }},
		{"<=", b.Le(x, y), func(a, c int64) bool { return a <= c }},
		{"x==2", b.Eq(x, Const(2)), func(a, c int64) bool { return a == 2 }},
		{"-1<y", b.Lt(Const(-1), y), func(a, c int64) bool { return -1 < c }},
	}
	for a := ra[0]; a <= ra[1]; a++ {
		for c := rb[0]; c <= rb[1]; c++ {
			at := []Lit{b.Eq(x, Const(a)), b.Eq(y, Const(c))}
			mustSolve(t, b, Sat, at...)
			if gx, gy := b.IntValue(x), b.IntValue(y); gx != a || gy != c {
				t.Fatalf("model x=%d y=%d, want %d %d", gx, gy, a, c)
			}
			for _, o := range ops {
				w := o.want(a, c)
				if g := b.IntValue(o.got); g != w {
					t.Errorf("%d %s %d = %d, want %d", a, o.name, c, g, w)
				}
				if w < o.got.Lo || w > o.got.Hi {
					t.Errorf("%d %s %d = %d outside the interval %d..%d", a, o.name, c, w, o.got.Lo, o.got.Hi)
				}
			}
			for _, o := range cmps {
				if g, w := b.Value(o.got), o.want(a, c); g != w {
					t.Errorf("%d %s %d = %v, want %v", a, o.name, c, g, w)
				}
			}
			for _, o := range ops {
				mustSolve(t, b, Unsat, append(at, b.Eq(o.got, Const(o.want(a, c))).Not())...)
			}
			for _, o := range cmps {
				w := o.want(a, c)
				l := o.got
				if w {
					l = l.Not()
				}
				mustSolve(t, b, Unsat, append(at, l)...)
			}
		}
	}
}

// TestIntervals checks the widths the intervals give: a range takes
// ⌈log2(hi-lo+1)⌉ bits wherever it lies, and results are exact intervals.
func TestIntervals(t *testing.T) {
	b := New()
	x := b.FreshInt(1000, 1003)
	if len(x.Bits) != 2 || x.Off != 1000 {
		t.Errorf("1000..1003: %d bits, offset %d; want 2 bits, offset 1000", len(x.Bits), x.Off)
	}
	y := b.FreshInt(-8, 8)
	p := b.Mul(x, y)
	if p.Lo != -8024 || p.Hi != 8024 || len(p.Bits) != 14 {
		t.Errorf("(1000..1003)*(-8..8) = %d..%d in %d bits; want -8024..8024 in 14", p.Lo, p.Hi, len(p.Bits))
	}
	if k, ok := b.Add(Const(3), Const(-5)).IsConst(); !ok || k != -2 {
		t.Errorf("3 + -5 = %d (const %v), want the constant -2", k, ok)
	}
	if d := b.Sub(x, x); d.Lo != -3 || d.Hi != 3 {
		t.Errorf("x - x = %d..%d, want -3..3 (intervals do not see sharing)", d.Lo, d.Hi)
	}
	z := b.FreshInt(0, 5)
	mustSolve(t, b, Unsat, b.Eq(z, Const(6)))
	mustSolve(t, b, Unsat, b.Lt(Const(5), z))
	mustSolve(t, b, Sat, b.Eq(z, Const(5)))
}

// TestCount checks the adder tree against every assignment of 6 inputs, and
// comparisons of a count with constants and with an integer.
func TestCount(t *testing.T) {
	b := New()
	xs := make([]Lit, 6)
	for i := range xs {
		xs[i] = b.Fresh()
	}
	n := b.Count(xs...)
	if n.Lo != 0 || n.Hi != 6 || len(n.Bits) != 3 {
		t.Fatalf("count of 6: %d..%d in %d bits, want 0..6 in 3", n.Lo, n.Hi, len(n.Bits))
	}
	k := b.FreshInt(2, 3)
	for mask := 0; mask < 1<<len(xs); mask++ {
		at := make([]Lit, len(xs))
		want := int64(0)
		for i, x := range xs {
			if mask>>i&1 == 1 {
				at[i] = x
				want++
			} else {
				at[i] = x.Not()
			}
		}
		mustSolve(t, b, Sat, at...)
		if g := b.IntValue(n); g != want {
			t.Fatalf("mask %06b: count %d, want %d", mask, g, want)
		}
		if g := b.Value(b.Le(n, Const(2))); g != (want <= 2) {
			t.Fatalf("mask %06b: count <= 2 is %v", mask, g)
		}
		eqK := b.Eq(n, k)
		r := b.Solve(context.Background(), append(at, eqK), testBudget)
		if (r.Status == Sat) != (want == 2 || want == 3) {
			t.Fatalf("mask %06b: count == k in 2..3 is %v", mask, r)
		}
	}
	if c := b.Count(True, False, True); c.Lo != 2 || c.Hi != 2 {
		t.Errorf("count of constants = %d..%d, want 2", c.Lo, c.Hi)
	}
}

// TestFactor finds the factors of a product: the solver inverts the multiplier.
func TestFactor(t *testing.T) {
	b := New()
	x := b.FreshInt(2, 255)
	y := b.FreshInt(2, 255)
	b.Assert(b.Le(x, y))
	b.Assert(b.Eq(b.Mul(x, y), Const(251*241)))
	mustSolve(t, b, Sat)
	if gx, gy := b.IntValue(x), b.IntValue(y); gx != 241 || gy != 251 {
		t.Fatalf("factors %d·%d, want 241·251", gx, gy)
	}
	b.Assert(b.Eq(x, Const(241)).Not())
	mustSolve(t, b, Unsat)
}
