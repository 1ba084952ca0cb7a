package logic

import (
	"context"
	"testing"
)

// BenchmarkMul16 builds a 16×16-bit multiplier and factors 65521·251 with it.
func BenchmarkMul16(b *testing.B) {
	for b.Loop() {
		bl := New()
		x, y := bl.FreshInt(2, 65535), bl.FreshInt(2, 65535)
		bl.Assert(bl.Le(x, y))
		bl.Assert(bl.Eq(bl.Mul(x, y), Const(65521*251)))
		if r := bl.Solve(context.Background(), nil, testBudget); r.Status != Sat {
			b.Fatal(r)
		}
		if bl.IntValue(x) != 251 {
			b.Fatal(bl.IntValue(x))
		}
	}
}

// BenchmarkPigeonhole refutes 8 pigeons in 7 holes.
func BenchmarkPigeonhole(b *testing.B) {
	for b.Loop() {
		bl := New()
		pigeonhole(bl, 8)
		if r := bl.Solve(context.Background(), nil, testBudget); r.Status != Unsat {
			b.Fatal(r)
		}
	}
}

// BenchmarkEnumEq weighs the two enum encodings on equality of unknown enums: it
// colours a clique of n+1 nodes with n colours (unsat), colours as enum Values
// (one-hot) or as binary indices with a range constraint.
func BenchmarkEnumEq(b *testing.B) {
	const colours, nodes = 6, 7
	b.Run("onehot", func(b *testing.B) {
		for b.Loop() {
			bl := New()
			s := EnumShape("C0", "C1", "C2", "C3", "C4", "C5")
			vs := make([]Value, nodes)
			for i := range vs {
				vs[i] = bl.FreshValue(s)
			}
			for i := range vs {
				for j := i + 1; j < nodes; j++ {
					bl.Assert(bl.Equal(vs[i], vs[j]).Not())
				}
			}
			if r := bl.Solve(context.Background(), nil, testBudget); r.Status != Unsat {
				b.Fatal(r)
			}
		}
	})
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			bl := New()
			vs := make([]Int, nodes)
			for i := range vs {
				vs[i] = bl.FreshInt(0, colours-1)
			}
			for i := range vs {
				for j := i + 1; j < nodes; j++ {
					bl.Assert(bl.Eq(vs[i], vs[j]).Not())
				}
			}
			if r := bl.Solve(context.Background(), nil, testBudget); r.Status != Unsat {
				b.Fatal(r)
			}
		}
	})
}
