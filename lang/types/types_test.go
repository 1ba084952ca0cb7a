package types

import (
	"slices"
	"testing"

	"github.com/specls/specls/lang/diag"
)

var (
	role  = &Enum{Name: "Role", Members: []string{"Admin", "Dev", "Guest"}}
	perm  = &Enum{Name: "Perm", Members: []string{"Read", "Write"}}
	money = &Range{Lo: 0, Hi: 1000}
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		t    Type
		want string
	}{
		{money, "0..1000"},
		{&Range{Lo: -3, Hi: 3}, "-3..3"},
		{&Set{Elem: role}, "set of Role"},
		{&Map{Key: &Set{Elem: role}, Value: Bool}, "set of Role -> bool"},
		{&Map{Key: &Map{Key: role, Value: Bool}, Value: Bool}, "(Role -> bool) -> bool"},
		{&Map{Key: role, Value: &Map{Key: perm, Value: Bool}}, "Role -> Perm -> bool"},
		{&Set{Elem: &Map{Key: role, Value: Bool}}, "set of (Role -> bool)"},
		{&Record{Fields: []Field{{"a", Bool}, {"n", money}}}, "{a: bool, n: 0..1000}"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestCompatibleAndIdentical(t *testing.T) {
	r1 := &Record{Fields: []Field{{"a", Bool}, {"n", money}}}
	r2 := &Record{Fields: []Field{{"n", &Range{Lo: 1, Hi: 1}}, {"a", Bool}}}
	r3 := &Record{Fields: []Field{{"a", Bool}}}
	for _, tc := range []struct {
		a, b              Type
		compat, identical bool
	}{
		{money, Int, true, false},
		{money, &Range{Lo: 0, Hi: 1000}, true, true},
		{money, &Range{Lo: 1, Hi: 5}, true, false},
		{role, role, true, true},
		{role, perm, false, false},
		{role, &Enum{Name: "Role", Members: role.Members}, false, false}, // enums are nominal
		{&Set{Elem: money}, &Set{Elem: Int}, true, false},
		{&Set{Elem: Nothing}, &Set{Elem: role}, true, false},
		{&Set{Elem: role}, &Set{Elem: perm}, false, false},
		{&Map{Key: role, Value: Bool}, &Map{Key: role, Value: Bool}, true, true},
		{&Map{Key: role, Value: Bool}, &Map{Key: role, Value: money}, false, false},
		{r1, r2, true, false},
		{r1, &Record{Fields: []Field{{"n", money}, {"a", Bool}}}, true, true},
		{r1, r3, false, false},
		{Bool, money, false, false},
		{Invalid, role, true, false},
	} {
		if got := Compatible(tc.a, tc.b); got != tc.compat {
			t.Errorf("Compatible(%v, %v) = %v", tc.a, tc.b, got)
		}
		if got := Compatible(tc.b, tc.a); got != tc.compat {
			t.Errorf("Compatible(%v, %v) = %v (not symmetric)", tc.b, tc.a, got)
		}
		if got := Identical(tc.a, tc.b); got != tc.identical {
			t.Errorf("Identical(%v, %v) = %v", tc.a, tc.b, got)
		}
	}
}

func TestJoin(t *testing.T) {
	for _, tc := range []struct {
		a, b Type
		want string
	}{
		{&Range{Lo: 0, Hi: 0}, &Range{Lo: 3, Hi: 5}, "0..5"},
		{&Range{Lo: 0, Hi: 0}, Int, "int"},
		{&Set{Elem: Nothing}, &Set{Elem: role}, "set of Role"},
		{Nothing, Bool, "bool"},
		{role, perm, "invalid"},
		{&Record{Fields: []Field{{"n", &Range{Lo: 1, Hi: 1}}}}, &Record{Fields: []Field{{"n", &Range{Lo: 4, Hi: 9}}}}, "{n: 1..9}"},
	} {
		if got := Join(tc.a, tc.b).String(); got != tc.want {
			t.Errorf("Join(%v, %v) = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct {
		t    Type
		want uint64
	}{
		{Bool, 2},
		{money, 1001},
		{role, 3},
		{&Set{Elem: role}, 8},
		{&Map{Key: role, Value: Bool}, 8},
		{&Map{Key: Bool, Value: role}, 9},
		{&Record{Fields: []Field{{"a", Bool}, {"r", role}}}, 6},
		{&Set{Elem: money}, Unbounded},
		{&Map{Key: money, Value: money}, Unbounded},
		{&Range{Lo: -1 << 63, Hi: 1<<63 - 1}, Unbounded},
		{Int, Unbounded},
		{Nothing, 0},
		{&Set{Elem: Nothing}, 1},
	} {
		if got := Size(tc.t); got != tc.want {
			t.Errorf("Size(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

func collect(t Type) []string {
	var out []string
	for v := range Values(t) {
		out = append(out, v.String())
	}
	return out
}

func TestValues(t *testing.T) {
	for _, tc := range []struct {
		t    Type
		want []string
	}{
		{Bool, []string{"false", "true"}},
		{&Range{Lo: -1, Hi: 1}, []string{"-1", "0", "1"}},
		{perm, []string{"Read", "Write"}},
		{&Set{Elem: perm}, []string{"{}", "{Read}", "{Write}", "{Read, Write}"}},
		{&Map{Key: perm, Value: Bool}, []string{"[Read -> false, Write -> false]", "[Read -> true, Write -> false]", "[Read -> false, Write -> true]", "[Read -> true, Write -> true]"}},
		{&Record{Fields: []Field{{"a", Bool}, {"n", &Range{Lo: 0, Hi: 1}}}}, []string{"{a: false, n: 0}", "{a: true, n: 0}", "{a: false, n: 1}", "{a: true, n: 1}"}},
		{Int, nil},
		{&Set{Elem: Nothing}, []string{"{}"}},
	} {
		if got := collect(tc.t); !slices.Equal(got, tc.want) {
			t.Errorf("Values(%v) = %v, want %v", tc.t, got, tc.want)
		}
		if n := uint64(len(collect(tc.t))); tc.t != Int && n != Size(tc.t) {
			t.Errorf("Values(%v) gave %d values, Size says %d", tc.t, n, Size(tc.t))
		}
		for v := range Values(tc.t) {
			if !Contains(tc.t, v) {
				t.Errorf("Contains(%v, %v) = false", tc.t, v)
			}
		}
	}
	// Enumeration is lazy: the first values of a type with 2^1001 values come at once.
	n := 0
	for range Values(&Set{Elem: money}) {
		if n++; n == 3 {
			break
		}
	}
	// The top of a full int64 range does not wrap around.
	top := collect(&Range{Lo: 1<<63 - 2, Hi: 1<<63 - 1})
	if len(top) != 2 {
		t.Errorf("top range values %v", top)
	}
}

func TestContains(t *testing.T) {
	m := &Map{Key: perm, Value: Bool}
	for _, tc := range []struct {
		t    Type
		v    diag.Value
		want bool
	}{
		{money, diag.Int(1001), false},
		{money, diag.Int(0), true},
		{role, diag.Enum("Read"), false},
		{&Set{Elem: &Range{Lo: 1, Hi: 3}}, diag.Set(diag.Int(1), diag.Int(5)), false},
		{m, diag.Map(diag.Binding{Name: "Read", Value: diag.Bool(true)}), false},
		{m, diag.Map(diag.Binding{Name: "Read", Value: diag.Bool(true)}, diag.Binding{Name: "Read", Value: diag.Bool(true)}), false},
		{Bool, diag.Int(1), false},
		{Int, diag.Int(-5), true},
	} {
		if got := Contains(tc.t, tc.v); got != tc.want {
			t.Errorf("Contains(%v, %v) = %v", tc.t, tc.v, got)
		}
	}
}

func TestCompare(t *testing.T) {
	if Compare(role, diag.Enum("Guest"), diag.Enum("Admin")) <= 0 {
		t.Error("enum members compare in declaration order")
	}
	s := &Set{Elem: role}
	if Compare(s, diag.Set(diag.Enum("Admin")), diag.Set(diag.Enum("Admin"), diag.Enum("Dev"))) >= 0 {
		t.Error("a prefix set is smaller")
	}
	if Compare(Bool, diag.Bool(true), diag.Bool(true)) != 0 {
		t.Error("equal values compare 0")
	}
}

func TestBits(t *testing.T) {
	arrows := Type(Bool)
	for range 26 {
		arrows = &Map{Key: Bool, Value: arrows}
	}
	big := &Map{Key: &Range{Lo: 0, Hi: 65535}, Value: &Range{Lo: 0, Hi: 65535}}
	for _, tc := range []struct {
		t    Type
		want uint64
	}{
		{Bool, 1},
		{money, 10}, // 1001 values
		{role, 2},
		{&Enum{Name: "One", Members: []string{"A"}}, 0},
		{&Range{Lo: 0, Hi: 1023}, 10},
		{&Range{Lo: 0, Hi: 1024}, 11},
		{&Set{Elem: role}, 3},
		{&Map{Key: role, Value: money}, 30},
		{&Record{Fields: []Field{{"a", Bool}, {"r", role}}}, 3},
		{arrows, 1 << 26},
		{big, 65536 * 16},
		{&Set{Elem: big}, Unbounded},
		{&Range{Lo: -1 << 63, Hi: 1<<63 - 1}, 64},
		{Int, Unbounded},
		{Nothing, 0},
	} {
		if got := Bits(tc.t); got != tc.want {
			t.Errorf("Bits(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
}
