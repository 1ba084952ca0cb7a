package logic

import (
	"slices"

	"context"
	"encoding/json"
	"github.com/specls/specls/lang/types"
	"testing"

	"github.com/specls/specls/lang/diag"
)

var (
	role   = EnumShape("Admin", "Dev", "Guest")
	perm   = EnumShape("Read", "Write", "Delete")
	grants = MapShape(role, SetShape(perm))
	acct   = RecordShape(Field{"open", BoolShape()}, Field{"balance", IntShape(-1, 2)}, Field{"owner", role})
)

// TestModelsMatchUniverse enumerates every model of a fresh value, blocking each
// one found: the encoding admits exactly the values of the shape, each once, and
// decodes them to the Universe's values.
func TestModelsMatchUniverse(t *testing.T) {
	shapes := []*Shape{
		BoolShape(), IntShape(-3, 2), IntShape(5, 5), role, SetShape(perm),
		MapShape(EnumShape("A", "B"), IntShape(0, 2)), acct,
		SetShape(RecordShape(Field{"a", BoolShape()}, Field{"b", IntShape(1, 2)})),
		MapShape(BoolShape(), SetShape(EnumShape("X", "Y"))),
	}
	for _, s := range shapes {
		t.Run(s.String(), func(t *testing.T) {
			b := New()
			v := b.FreshValue(s)
			seen := map[string]bool{}
			for {
				r := b.Solve(context.Background(), nil, testBudget)
				if r.Status == Unsat {
					break
				}
				if r.Status != Sat {
					t.Fatal(r)
				}
				d := b.Decode(v)
				if seen[d.String()] {
					t.Fatalf("value %s found twice", d)
				}
				seen[d.String()] = true
				if s.Index(d) < 0 {
					t.Fatalf("decoded %s is not in the universe", d)
				}
				b.Assert(b.Equal(v, ConstValue(s, d)).Not())
			}
			if n := s.Size(1 << 20); int64(len(seen)) != n || len(s.Universe(1<<20)) != int(n) {
				t.Fatalf("%d models, Size %d, Universe %d", len(seen), n, len(s.Universe(1<<20)))
			}
		})
	}
}

func TestDecodeShapes(t *testing.T) {
	b := New()
	g := b.FreshValue(grants)
	a := b.FreshValue(acct)
	want := diag.Map(
		diag.Binding{Name: "Admin", Value: diag.Set(diag.Enum("Read"), diag.Enum("Write"), diag.Enum("Delete"))},
		diag.Binding{Name: "Dev", Value: diag.Set(diag.Enum("Write"))},
		diag.Binding{Name: "Guest", Value: diag.Set()},
	)
	wantAcct := diag.Record(
		diag.Binding{Name: "open", Value: diag.Bool(true)},
		diag.Binding{Name: "balance", Value: diag.Int(-1)},
		diag.Binding{Name: "owner", Value: diag.Enum("Guest")},
	)
	mustSolve(t, b, Sat, b.Equal(g, ConstValue(grants, want)), b.Equal(a, ConstValue(acct, wantAcct)))
	got, _ := json.Marshal(b.Decode(g))
	if string(got) != `{"Admin":["Read","Write","Delete"],"Dev":["Write"],"Guest":[]}` {
		t.Errorf("grants = %s", got)
	}
	if s := b.Decode(a).String(); s != "{open: true, balance: -1, owner: Guest}" {
		t.Errorf("account = %s", s)
	}
	// Ite over values picks per the condition.
	c := b.Fresh()
	other := ConstValue(acct, diag.Record(
		diag.Binding{Name: "open", Value: diag.Bool(false)},
		diag.Binding{Name: "balance", Value: diag.Int(2)},
		diag.Binding{Name: "owner", Value: diag.Enum("Admin")},
	))
	ite := b.IteValue(c, a, other)
	mustSolve(t, b, Sat, c.Not(), b.Equal(a, ConstValue(acct, wantAcct)))
	if s := b.Decode(ite).String(); s != "{open: false, balance: 2, owner: Admin}" {
		t.Errorf("ite = %s", s)
	}
	mustSolve(t, b, Unsat, c, b.Equal(ite, other), b.Equal(a, ConstValue(acct, wantAcct)))
}

func TestConstValueRejectsForeignValues(t *testing.T) {
	for _, c := range []struct {
		s *Shape
		v diag.Value
	}{
		{IntShape(0, 3), diag.Int(4)},
		{role, diag.Enum("Root")},
		{SetShape(perm), diag.Set(diag.Enum("Exec"))},
		{acct, diag.Record(diag.Binding{Name: "open", Value: diag.Bool(true)})},
		{BoolShape(), diag.Int(1)},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("ConstValue(%s, %s) did not panic", c.s, c.v)
				}
			}()
			ConstValue(c.s, c.v)
		}()
	}
}

func TestUniverseOrder(t *testing.T) {
	u := SetShape(EnumShape("A", "B")).Universe(UniverseLimit)
	var got []string
	for _, v := range u {
		got = append(got, v.String())
	}
	if s := jsonString(got); s != `["{}","{A}","{B}","{A, B}"]` {
		t.Errorf("universe of set of {A, B} = %s", s)
	}
	if n := SetShape(IntShape(0, 99)).Size(UniverseLimit); n != -1 {
		t.Errorf("size of set of 0..99 = %d, want -1 (too many)", n)
	}
}

func jsonString(v any) string {
	js, _ := json.Marshal(v)
	return string(js)
}

// TestUniverseMatchesTypes keeps the encoding's canonical order that of
// lang/types.Values, so decoded sets list elements as the rest of specls does.
func TestUniverseMatchesTypes(t *testing.T) {
	e := &types.Enum{Name: "E", Members: []string{"A", "B"}}
	cases := []struct {
		s  *Shape
		ty types.Type
	}{
		{RecordShape(Field{"a", BoolShape()}, Field{"b", IntShape(1, 3)}),
			&types.Record{Fields: []types.Field{{Name: "a", Type: types.Bool}, {Name: "b", Type: &types.Range{Lo: 1, Hi: 3}}}}},
		{MapShape(EnumShape("A", "B"), SetShape(BoolShape())), &types.Map{Key: e, Value: &types.Set{Elem: types.Bool}}},
		{SetShape(IntShape(-1, 2)), &types.Set{Elem: &types.Range{Lo: -1, Hi: 2}}},
	}
	for _, c := range cases {
		var want []string
		for v := range types.Values(c.ty) {
			want = append(want, v.String())
		}
		var got []string
		for _, v := range c.s.Universe(UniverseLimit) {
			got = append(got, v.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: universe %v, types.Values %v", c.s, got, want)
		}
	}
}

// TestPreferGivesSmallest checks canonical models: excluding the first k values of
// a shape's universe, Prefer's model is value k.
func TestPreferGivesSmallest(t *testing.T) {
	shapes := []*Shape{
		BoolShape(), IntShape(-3, 2), role, SetShape(perm), acct,
		MapShape(EnumShape("A", "B"), IntShape(0, 2)),
	}
	for _, s := range shapes {
		b := New()
		v := b.FreshValue(s)
		u := s.Universe(UniverseLimit)
		var excluded []Lit
		for k := range min(len(u), 7) {
			r := b.PreferWork(context.Background(), excluded, Preferred(v), testWork)
			if r.Status != Sat {
				t.Fatalf("%s: %v", s, r)
			}
			if got := b.Decode(v); got.String() != u[k].String() {
				t.Errorf("%s without the first %d values: %s, want %s", s, k, got, u[k])
			}
			excluded = append(excluded, b.Is(v, u[k]).Not())
		}
	}
}
