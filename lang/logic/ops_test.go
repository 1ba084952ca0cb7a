package logic

import (
	"slices"
	"testing"

	"github.com/specls/specls/lang/diag"
)

func names(v diag.Value) []string {
	var out []string
	for _, e := range v.Elems {
		out = append(out, e.String())
	}
	return out
}

// TestSetOps checks the set operations on every pair of sets over {A, B, C} and
// membership of an unknown element, against the decoded sets.
func TestSetOps(t *testing.T) {
	elem := EnumShape("A", "B", "C")
	s := SetShape(elem)
	b := New()
	x, y, e := b.FreshValue(s), b.FreshValue(s), b.FreshValue(elem)
	union, inter, minus := b.Union(x, y), b.Intersect(x, y), b.Minus(x, y)
	sub, card, mem := b.Subset(x, y), b.Card(x), b.Member(e, x)
	lit := b.SetOf(s, e, ConstValue(elem, diag.Enum("C")))
	u := s.Universe(UniverseLimit)
	for _, cx := range u {
		for _, cy := range u {
			for _, ce := range elem.Universe(UniverseLimit) {
				mustSolve(t, b, Sat, b.Is(x, cx), b.Is(y, cy), b.Is(e, ce))
				xs, ys := names(cx), names(cy)
				var wantU, wantI, wantM []string
				for _, n := range []string{"A", "B", "C"} {
					inx, iny := slices.Contains(xs, n), slices.Contains(ys, n)
					if inx || iny {
						wantU = append(wantU, n)
					}
					if inx && iny {
						wantI = append(wantI, n)
					}
					if inx && !iny {
						wantM = append(wantM, n)
					}
				}
				check := func(name string, got diag.Value, want []string) {
					if g := names(got); !slices.Equal(g, want) {
						t.Fatalf("%s %s %s = %v, want %v", cx, name, cy, g, want)
					}
				}
				check("union", b.Decode(union), wantU)
				check("intersect", b.Decode(inter), wantI)
				check("minus", b.Decode(minus), wantM)
				if g := b.Value(sub); g != (len(wantM) == 0) {
					t.Fatalf("%s subset %s = %v", cx, cy, g)
				}
				if g := b.IntValue(card); g != int64(len(xs)) {
					t.Fatalf("count(%s) = %d", cx, g)
				}
				if g := b.Value(mem); g != slices.Contains(xs, ce.Name) {
					t.Fatalf("%s in %s = %v", ce, cx, g)
				}
				wantLit := []string{ce.Name}
				if ce.Name != "C" {
					wantLit = append(wantLit, "C")
				}
				check("{e, C}", b.Decode(lit), wantLit)
			}
		}
	}
}

// TestMapAndRecordOps checks lookup and update at an unknown key, and record fields.
func TestMapAndRecordOps(t *testing.T) {
	key := IntShape(1, 3)
	m := MapShape(key, IntShape(0, 9))
	b := New()
	mv, k := b.FreshValue(m), b.FreshValue(key)
	nine := IntValueOf(IntShape(0, 9), Const(9))
	look, upd := b.Lookup(mv, k), b.Update(mv, k, nine)
	start := diag.Map(
		diag.Binding{Name: "1", Value: diag.Int(4)},
		diag.Binding{Name: "2", Value: diag.Int(5)},
		diag.Binding{Name: "3", Value: diag.Int(6)},
	)
	for kv := int64(1); kv <= 3; kv++ {
		mustSolve(t, b, Sat, b.Is(mv, start), b.Is(k, diag.Int(kv)))
		if g := b.Decode(look); g.Int != kv+3 {
			t.Errorf("m[%d] = %s, want %d", kv, g, kv+3)
		}
		got := b.Decode(upd)
		for i, e := range got.Entries {
			want := int64(i + 4)
			if int64(i+1) == kv {
				want = 9
			}
			if e.Value.Int != want {
				t.Errorf("(m with [%d] = 9)[%s] = %s, want %d", kv, e.Name, e.Value, want)
			}
		}
	}
	// A map's entries stay in their range only when asserted: an update that
	// stores an out-of-range value leaves the domain.
	ten := IntValueOf(IntShape(0, 9), b.Add(nine.N, Const(1)))
	mustSolve(t, b, Unsat, b.InDomain(b.Update(mv, k, ten)))

	r := b.FreshValue(acct)
	r2 := r.WithField("balance", IntValueOf(IntShape(-1, 2), Const(2)))
	mustSolve(t, b, Sat, b.Is(r.Field("owner"), diag.Enum("Dev")), b.Is(r.Field("balance"), diag.Int(-1)))
	if g := b.Decode(r2).String(); g != "{open: "+b.Decode(r.Field("open")).String()+", balance: 2, owner: Dev}" {
		t.Errorf("r with .balance = 2 is %s", g)
	}
	if b.Is(r.Field("owner"), diag.Enum("Nobody")) != False || b.Is(r.Field("balance"), diag.Bool(true)) != False {
		t.Error("Is with a foreign constant should be False")
	}
}
