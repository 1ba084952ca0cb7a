package logic

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/specls/specls/lang/diag"
)

// Kind says what a Shape describes.
type Kind int

const (
	BoolKind Kind = iota
	IntKind
	EnumKind
	SetKind
	MapKind
	RecordKind
)

// Shape is a finite type as the encoding sees it: what the translation layer maps
// each Specl type to. Shapes are compared structurally (SameShape), so two spellings
// of one type share an encoding.
type Shape struct {
	Kind    Kind
	Lo, Hi  int64    // IntKind: the range
	Members []string // EnumKind: the member names, in declaration order
	Elem    *Shape   // SetKind: the element type; MapKind: the key type
	Val     *Shape   // MapKind: the value type
	Fields  []Field  // RecordKind: the fields, in declaration order

	universe atomic.Pointer[universe] // computed once; shapes are shared by queries
}

type universe struct {
	vals  []diag.Value
	index map[string]int // by the value's text, unique within one shape
}

// Field is a record field.
type Field struct {
	Name  string
	Shape *Shape
}

// Shape constructors.
func BoolShape() *Shape                  { return &Shape{Kind: BoolKind} }
func IntShape(lo, hi int64) *Shape       { return &Shape{Kind: IntKind, Lo: lo, Hi: hi} }
func EnumShape(members ...string) *Shape { return &Shape{Kind: EnumKind, Members: members} }
func SetShape(elem *Shape) *Shape        { return &Shape{Kind: SetKind, Elem: elem} }
func MapShape(key, val *Shape) *Shape    { return &Shape{Kind: MapKind, Elem: key, Val: val} }
func RecordShape(fields ...Field) *Shape { return &Shape{Kind: RecordKind, Fields: fields} }

// SameShape reports whether s and t describe the same values.
func SameShape(s, t *Shape) bool {
	if s.Kind != t.Kind {
		return false
	}
	switch s.Kind {
	case IntKind:
		return s.Lo == t.Lo && s.Hi == t.Hi
	case EnumKind:
		return slices.Equal(s.Members, t.Members)
	case SetKind:
		return SameShape(s.Elem, t.Elem)
	case MapKind:
		return SameShape(s.Elem, t.Elem) && SameShape(s.Val, t.Val)
	case RecordKind:
		if len(s.Fields) != len(t.Fields) {
			return false
		}
		for i := range s.Fields {
			if s.Fields[i].Name != t.Fields[i].Name || !SameShape(s.Fields[i].Shape, t.Fields[i].Shape) {
				return false
			}
		}
	}
	return true
}

// Size is the number of values of s, or -1 when it exceeds limit.
func (s *Shape) Size(limit int64) int64 {
	mul := func(a, c int64) int64 {
		if a < 0 || c < 0 || (c != 0 && a > limit/c) {
			return -1
		}
		return a * c
	}
	switch s.Kind {
	case BoolKind:
		return 2
	case IntKind:
		if s.Hi-s.Lo >= limit {
			return -1
		}
		return s.Hi - s.Lo + 1
	case EnumKind:
		return int64(len(s.Members))
	case SetKind:
		n := s.Elem.Size(limit)
		if n < 0 || n >= 63 || int64(1)<<uint(n) > limit {
			return -1
		}
		return int64(1) << uint(n)
	case MapKind:
		k, v := s.Elem.Size(limit), s.Val.Size(limit)
		r := int64(1)
		for i := int64(0); i < k && r >= 0; i++ {
			r = mul(r, v)
		}
		if k < 0 {
			return -1
		}
		return r
	case RecordKind:
		r := int64(1)
		for _, f := range s.Fields {
			r = mul(r, f.Shape.Size(limit))
		}
		return r
	}
	return -1
}

// Universe lists every value of s in canonical order: false before true, integers
// ascending, enum members in declaration order, sets by their membership vector read
// as a binary number (first element least significant), maps and records likewise
// with the first key or field varying fastest: the order of lang/types.Values. It panics when s
// has more than limit values.
//
// The slice is shared: callers must not modify it.
func (s *Shape) Universe(limit int64) []diag.Value {
	if s.Size(limit) < 0 {
		panic(fmt.Sprintf("logic: type %s has more than %d values", s, limit))
	}
	return s.cached().vals
}

func (s *Shape) cached() *universe {
	if u := s.universe.Load(); u != nil {
		return u
	}
	vals := s.enumerate()
	u := &universe{vals: vals, index: make(map[string]int, len(vals))}
	for i, v := range vals {
		u.index[v.String()] = i
	}
	s.universe.Store(u)
	return u
}

func (s *Shape) enumerate() []diag.Value {
	limit := int64(UniverseLimit)
	switch s.Kind {
	case BoolKind:
		return []diag.Value{diag.Bool(false), diag.Bool(true)}
	case IntKind:
		var out []diag.Value
		for i := s.Lo; i <= s.Hi; i++ {
			out = append(out, diag.Int(i))
		}
		return out
	case EnumKind:
		out := make([]diag.Value, len(s.Members))
		for i, m := range s.Members {
			out[i] = diag.Enum(m)
		}
		return out
	case SetKind:
		elems := s.Elem.Universe(limit)
		out := make([]diag.Value, 1<<uint(len(elems)))
		for mask := range out {
			set := diag.Set()
			set.Elems = []diag.Value{}
			for i, e := range elems {
				if mask>>uint(i)&1 == 1 {
					set.Elems = append(set.Elems, e)
				}
			}
			out[mask] = set
		}
		return out
	case MapKind:
		keys := s.Elem.Universe(limit)
		vals := s.Val.Universe(limit)
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		return product(len(keys), func(int) []diag.Value { return vals }, func(parts []diag.Value) diag.Value {
			m := diag.Map()
			for i, p := range parts {
				m.Entries = append(m.Entries, diag.Binding{Name: names[i], Value: p})
			}
			return m
		})
	case RecordKind:
		us := make([][]diag.Value, len(s.Fields))
		for i, f := range s.Fields {
			us[i] = f.Shape.Universe(limit)
		}
		return product(len(s.Fields), func(i int) []diag.Value { return us[i] }, func(parts []diag.Value) diag.Value {
			r := diag.Record()
			for i, p := range parts {
				r.Entries = append(r.Entries, diag.Binding{Name: s.Fields[i].Name, Value: p})
			}
			return r
		})
	}
	return nil
}

func product(n int, choices func(int) []diag.Value, build func([]diag.Value) diag.Value) []diag.Value {
	var out []diag.Value
	parts := make([]diag.Value, n)
	var rec func(i int)
	rec = func(i int) { // the last part varies slowest
		if i < 0 {
			out = append(out, build(slices.Clone(parts)))
			return
		}
		for _, v := range choices(i) {
			parts[i] = v
			rec(i - 1)
		}
	}
	rec(n - 1)
	return out
}

// String renders s in Specl syntax.
func (s *Shape) String() string {
	switch s.Kind {
	case BoolKind:
		return "bool"
	case IntKind:
		return fmt.Sprintf("%d..%d", s.Lo, s.Hi)
	case EnumKind:
		return "enum { " + strings.Join(s.Members, ", ") + " }"
	case SetKind:
		return "set of " + s.Elem.String()
	case MapKind:
		k := s.Elem.String()
		if s.Elem.Kind == MapKind {
			k = "(" + k + ")"
		}
		return k + " -> " + s.Val.String()
	case RecordKind:
		parts := make([]string, len(s.Fields))
		for i, f := range s.Fields {
			parts[i] = f.Name + ": " + f.Shape.String()
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return "?"
}

// UniverseLimit bounds the element types of sets and the key types of maps: each
// element or key costs at least one literal.
const UniverseLimit = 1 << 16

// Value is a value of a Shape as literals:
//   - bool: B;
//   - int: N (offset binary, see Int);
//   - enum: Elems, one-hot: one literal per member, exactly one of them true;
//   - set: Elems, one literal per value of the element type (Universe order);
//   - map: Parts, one value per key (Universe order of the key type);
//   - record: Parts, one value per field (declaration order).
//
// Enums are one-hot rather than a binary index with a range constraint: comparing
// with a member (by far the commonest use) is one literal, which the solver
// propagates directly and a core or a vacuity check can name, and on equalities of
// unknown enums the solver is faster too (BenchmarkEnumEq: 7-clique with 6 colours,
// about 2.5ms one-hot against 12ms binary on this machine).
type Value struct {
	Shape *Shape
	B     Lit
	N     Int
	Elems []Lit
	Parts []Value
}

// FreshValue returns a new unknown value of shape s and asserts that it is one of
// the values of s.
func (b *Builder) FreshValue(s *Shape) Value {
	v, dom := b.FreshValueDomain(s)
	b.Assert(dom)
	return v
}

// FreshValueDomain returns a new unknown value of shape s and the literal that holds
// when it is a value of s (integers and enums in range), for callers that guard it.
func (b *Builder) FreshValueDomain(s *Shape) (Value, Lit) {
	switch s.Kind {
	case BoolKind:
		return Value{Shape: s, B: b.Fresh()}, True
	case IntKind:
		n, dom := b.FreshIntDomain(s.Lo, s.Hi)
		return Value{Shape: s, N: n}, dom
	case EnumKind:
		if len(s.Members) == 0 {
			panic("logic: an enum without members has no values")
		}
		v := Value{Shape: s, Elems: make([]Lit, len(s.Members))}
		for i := range v.Elems {
			v.Elems[i] = b.Fresh()
		}
		return v, b.ExactlyOne(v.Elems...)
	case SetKind:
		n := len(s.Elem.Universe(UniverseLimit))
		v := Value{Shape: s, Elems: make([]Lit, n)}
		for i := range v.Elems {
			v.Elems[i] = b.Fresh()
		}
		return v, True
	case MapKind:
		n := len(s.Elem.Universe(UniverseLimit))
		v := Value{Shape: s, Parts: make([]Value, n)}
		doms := make([]Lit, n)
		for i := range v.Parts {
			v.Parts[i], doms[i] = b.FreshValueDomain(s.Val)
		}
		return v, b.Ands(doms...)
	case RecordKind:
		v := Value{Shape: s, Parts: make([]Value, len(s.Fields))}
		doms := make([]Lit, len(s.Fields))
		for i, f := range s.Fields {
			v.Parts[i], doms[i] = b.FreshValueDomain(f.Shape)
		}
		return v, b.Ands(doms...)
	}
	panic("logic: unknown shape kind")
}

// ConstValue is the constant c of shape s. It panics when c is not a value of s.
func ConstValue(s *Shape, c diag.Value) Value {
	bad := func() { panic(fmt.Sprintf("logic: %s is not a value of %s", c, s)) }
	switch s.Kind {
	case BoolKind:
		if c.Kind != diag.BoolValue {
			bad()
		}
		return Value{Shape: s, B: Bool(c.Bool)}
	case IntKind:
		if c.Kind != diag.IntValue || c.Int < s.Lo || c.Int > s.Hi {
			bad()
		}
		return Value{Shape: s, N: Const(c.Int)}
	case EnumKind:
		i := slices.Index(s.Members, c.Name)
		if c.Kind != diag.EnumValue || i < 0 {
			bad()
		}
		v := Value{Shape: s, Elems: make([]Lit, len(s.Members))}
		for j := range v.Elems {
			v.Elems[j] = Bool(j == i)
		}
		return v
	case SetKind:
		if c.Kind != diag.SetValue {
			bad()
		}
		v := Value{Shape: s, Elems: make([]Lit, len(s.Elem.Universe(UniverseLimit)))}
		for i := range v.Elems {
			v.Elems[i] = False
		}
		for _, e := range c.Elems {
			i := s.Elem.Index(e)
			if i < 0 {
				bad()
			}
			v.Elems[i] = True
		}
		return v
	case MapKind, RecordKind:
		want := c.Kind == diag.MapValue
		if s.Kind == RecordKind {
			want = c.Kind == diag.RecordValue
		}
		parts := s.partShapes()
		if !want || len(c.Entries) != len(parts) {
			bad()
		}
		v := Value{Shape: s, Parts: make([]Value, len(parts))}
		for i, e := range c.Entries {
			if e.Name != parts[i].Name {
				bad()
			}
			v.Parts[i] = ConstValue(parts[i].Shape, e.Value)
		}
		return v
	}
	panic("logic: unknown shape kind")
}

// partShapes names the parts of a map (by key text) or record (by field).
func (s *Shape) partShapes() []Field {
	if s.Kind == RecordKind {
		return s.Fields
	}
	keys := s.Elem.Universe(UniverseLimit)
	out := make([]Field, len(keys))
	for i, k := range keys {
		out[i] = Field{Name: k.String(), Shape: s.Val}
	}
	return out
}

// Index is the position of c in s.Universe, or -1.
func (s *Shape) Index(c diag.Value) int {
	if s.Size(UniverseLimit) < 0 {
		panic(fmt.Sprintf("logic: type %s has more than %d values", s, UniverseLimit))
	}
	u := s.cached()
	if i, ok := u.index[c.String()]; ok && sameValue(u.vals[i], c) {
		return i
	}
	return -1
}

func sameValue(a, c diag.Value) bool {
	if a.Kind != c.Kind || a.Bool != c.Bool || a.Int != c.Int || a.Name != c.Name ||
		len(a.Elems) != len(c.Elems) || len(a.Entries) != len(c.Entries) {
		return false
	}
	for i := range a.Elems {
		if !sameValue(a.Elems[i], c.Elems[i]) {
			return false
		}
	}
	for i := range a.Entries {
		if a.Entries[i].Name != c.Entries[i].Name || !sameValue(a.Entries[i].Value, c.Entries[i].Value) {
			return false
		}
	}
	return true
}

// Equal holds when x and y, of the same shape, are the same value.
func (b *Builder) Equal(x, y Value) Lit {
	if !SameShape(x.Shape, y.Shape) {
		panic(fmt.Sprintf("logic: Equal of %s and %s", x.Shape, y.Shape))
	}
	switch x.Shape.Kind {
	case BoolKind:
		return b.Iff(x.B, y.B)
	case IntKind:
		return b.Eq(x.N, y.N)
	case EnumKind:
		// Exactly one literal of each holds, so they agree iff they share it.
		both := make([]Lit, len(x.Elems))
		for i := range both {
			both[i] = b.And(x.Elems[i], y.Elems[i])
		}
		return b.Ors(both...)
	case SetKind:
		eqs := make([]Lit, len(x.Elems))
		for i := range eqs {
			eqs[i] = b.Iff(x.Elems[i], y.Elems[i])
		}
		return b.Ands(eqs...)
	default:
		eqs := make([]Lit, len(x.Parts))
		for i := range eqs {
			eqs[i] = b.Equal(x.Parts[i], y.Parts[i])
		}
		return b.Ands(eqs...)
	}
}

// IteValue is "if c then x else y" for x and y of the same shape.
func (b *Builder) IteValue(c Lit, x, y Value) Value {
	if !SameShape(x.Shape, y.Shape) {
		panic(fmt.Sprintf("logic: IteValue of %s and %s", x.Shape, y.Shape))
	}
	v := Value{Shape: x.Shape}
	switch x.Shape.Kind {
	case BoolKind:
		v.B = b.Ite(c, x.B, y.B)
	case IntKind:
		v.N = b.IteInt(c, x.N, y.N)
	case SetKind, EnumKind:
		v.Elems = make([]Lit, len(x.Elems))
		for i := range v.Elems {
			v.Elems[i] = b.Ite(c, x.Elems[i], y.Elems[i])
		}
	default:
		v.Parts = make([]Value, len(x.Parts))
		for i := range v.Parts {
			v.Parts[i] = b.IteValue(c, x.Parts[i], y.Parts[i])
		}
	}
	return v
}

// Decode reads v in the model of the last Sat answer: enum members by name, sets as
// their elements in Universe order, maps keyed by the key's text, records by field.
func (b *Builder) Decode(v Value) diag.Value {
	s := v.Shape
	switch s.Kind {
	case BoolKind:
		return diag.Bool(b.Value(v.B))
	case IntKind:
		return diag.Int(b.IntValue(v.N))
	case EnumKind:
		for i, l := range v.Elems {
			if b.Value(l) {
				return diag.Enum(s.Members[i])
			}
		}
		panic(fmt.Sprintf("logic: no member of %s holds (domain not asserted)", s))
	case SetKind:
		u := s.Elem.Universe(UniverseLimit)
		set := diag.Set()
		set.Elems = []diag.Value{}
		for i, l := range v.Elems {
			if b.Value(l) {
				set.Elems = append(set.Elems, u[i])
			}
		}
		return set
	}
	parts := s.partShapes()
	out := diag.Record()
	if s.Kind == MapKind {
		out = diag.Map()
	}
	for i, p := range v.Parts {
		out.Entries = append(out.Entries, diag.Binding{Name: parts[i].Name, Value: b.Decode(p)})
	}
	return out
}

// Preferred lists the literals that make v its smallest value, most significant
// first: false before true, the least integer, the first enum member, the set with
// the fewest early elements, then maps and records part by part. Give them to
// Prefer for a canonical model.
func Preferred(v Value) []Lit {
	switch v.Shape.Kind {
	case BoolKind:
		return []Lit{v.B.Not()}
	case IntKind:
		out := make([]Lit, len(v.N.Bits))
		for i, l := range v.N.Bits {
			out[len(out)-1-i] = l.Not()
		}
		return out
	case EnumKind:
		return slices.Clone(v.Elems)
	case SetKind:
		// Universe order counts the first element as the lowest bit: the last
		// element weighs most.
		out := make([]Lit, len(v.Elems))
		for i, l := range v.Elems {
			out[len(out)-1-i] = l.Not()
		}
		return out
	}
	var out []Lit
	for i := len(v.Parts) - 1; i >= 0; i-- { // the first part varies fastest
		out = append(out, Preferred(v.Parts[i])...)
	}
	return out
}
