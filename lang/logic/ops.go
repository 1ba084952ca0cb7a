package logic

import (
	"fmt"
	"slices"

	"github.com/specls/specls/lang/diag"
)

// Operations on Values that the translation of expressions needs. Integer parts of
// a Value may span more than their shape's range (x + 1 stored into a map entry):
// equality compares values, and InDomain says whether a value is one of its shape's.

// BoolValue wraps a literal as a bool Value.
func BoolValue(l Lit) Value { return Value{Shape: BoolShape(), B: l} }

// IntValueOf wraps an integer as a Value of the range shape s.
func IntValueOf(s *Shape, n Int) Value { return Value{Shape: s, N: n} }

// InDomain holds when v is a value of its shape: integers in range, exactly one
// member of an enum.
func (b *Builder) InDomain(v Value) Lit {
	switch v.Shape.Kind {
	case BoolKind, SetKind:
		return True
	case IntKind:
		return b.InRange(v.N, v.Shape.Lo, v.Shape.Hi)
	case EnumKind:
		return b.ExactlyOne(v.Elems...)
	}
	ds := make([]Lit, len(v.Parts))
	for i, p := range v.Parts {
		ds[i] = b.InDomain(p)
	}
	return b.Ands(ds...)
}

// Is holds when v is the constant c (False when c is no value of v's shape; an
// integer part compares by value, whatever its range).
func (b *Builder) Is(v Value, c diag.Value) Lit {
	s := v.Shape
	switch s.Kind {
	case BoolKind:
		if c.Kind != diag.BoolValue {
			return False
		}
		return pick(v.B, c.Bool)
	case IntKind:
		if c.Kind != diag.IntValue {
			return False
		}
		return b.Eq(v.N, Const(c.Int))
	case EnumKind:
		i := slices.Index(s.Members, c.Name)
		if c.Kind != diag.EnumValue || i < 0 {
			return False
		}
		return v.Elems[i]
	case SetKind:
		if c.Kind != diag.SetValue {
			return False
		}
		in := make([]bool, len(v.Elems))
		for _, e := range c.Elems {
			i := s.Elem.Index(e)
			if i < 0 {
				return False
			}
			in[i] = true
		}
		eqs := make([]Lit, len(v.Elems))
		for i, l := range v.Elems {
			eqs[i] = pick(l, in[i])
		}
		return b.Ands(eqs...)
	}
	want := diag.MapValue
	if s.Kind == RecordKind {
		want = diag.RecordValue
	}
	parts := s.partShapes()
	if c.Kind != want || len(c.Entries) != len(parts) {
		return False
	}
	eqs := make([]Lit, len(parts))
	for i, e := range c.Entries {
		if e.Name != parts[i].Name {
			return False
		}
		eqs[i] = b.Is(v.Parts[i], e.Value)
	}
	return b.Ands(eqs...)
}

// pick is l when v, else not l.
func pick(l Lit, v bool) Lit {
	if v {
		return l
	}
	return l.Not()
}

// matches lists, per value of the shape s (Universe order), the literal that
// holds when v is that value. v may be of another shape compatible with s (an
// integer of a wider range).
func (b *Builder) matches(v Value, s *Shape) []Lit {
	if s.Kind == EnumKind && SameShape(v.Shape, s) {
		return v.Elems
	}
	u := s.Universe(UniverseLimit)
	if k, ok := v.N.IsConst(); ok && v.Shape.Kind == IntKind && s.Kind == IntKind {
		out := make([]Lit, len(u))
		for i := range out {
			out[i] = Bool(s.Lo+int64(i) == k)
		}
		return out
	}
	out := make([]Lit, len(u))
	for i, c := range u {
		out[i] = b.Is(v, c)
	}
	return out
}

// Member holds when e is an element of the set s.
func (b *Builder) Member(e, set Value) Lit {
	checkSet(set)
	ms := b.matches(e, set.Shape.Elem)
	ands := make([]Lit, len(ms))
	for i, m := range ms {
		ands[i] = b.And(m, set.Elems[i])
	}
	return b.Ors(ands...)
}

// SetOf is the set of the given elements, of the set shape s.
func (b *Builder) SetOf(s *Shape, elems ...Value) Value {
	out := Value{Shape: s, Elems: make([]Lit, len(s.Elem.Universe(UniverseLimit)))}
	for i := range out.Elems {
		out.Elems[i] = False
	}
	for _, e := range elems {
		for i, m := range b.matches(e, s.Elem) {
			out.Elems[i] = b.Or(out.Elems[i], m)
		}
	}
	return out
}

// Union, Intersect and Minus combine sets of one shape elementwise.
func (b *Builder) Union(x, y Value) Value {
	return b.elementwise(x, y, func(p, q Lit) Lit { return b.Or(p, q) })
}
func (b *Builder) Intersect(x, y Value) Value {
	return b.elementwise(x, y, func(p, q Lit) Lit { return b.And(p, q) })
}
func (b *Builder) Minus(x, y Value) Value {
	return b.elementwise(x, y, func(p, q Lit) Lit { return b.And(p, q.Not()) })
}

// Subset holds when every element of x is in y.
func (b *Builder) Subset(x, y Value) Lit {
	return b.Ands(b.elementwise(x, y, func(p, q Lit) Lit { return b.Implies(p, q) }).Elems...)
}

// Card is the number of elements of a set.
func (b *Builder) Card(set Value) Int {
	checkSet(set)
	return b.Count(set.Elems...)
}

func (b *Builder) elementwise(x, y Value, f func(p, q Lit) Lit) Value {
	checkSet(x)
	if !SameShape(x.Shape, y.Shape) {
		panic(fmt.Sprintf("logic: set operation on %s and %s", x.Shape, y.Shape))
	}
	out := Value{Shape: x.Shape, Elems: make([]Lit, len(x.Elems))}
	for i := range out.Elems {
		out.Elems[i] = f(x.Elems[i], y.Elems[i])
	}
	return out
}

func checkSet(v Value) {
	if v.Shape.Kind != SetKind {
		panic(fmt.Sprintf("logic: %s is not a set", v.Shape))
	}
}

// Lookup is m[k]: the entry of the map m at key k (some entry when k is no key).
func (b *Builder) Lookup(m, k Value) Value {
	if m.Shape.Kind != MapKind {
		panic(fmt.Sprintf("logic: lookup of %s in %s", k.Shape, m.Shape))
	}
	ms := b.matches(k, m.Shape.Elem)
	for i, l := range ms {
		if l == True {
			return m.Parts[i]
		}
	}
	out := m.Parts[len(m.Parts)-1]
	for i := len(m.Parts) - 2; i >= 0; i-- {
		if ms[i] != False {
			out = b.IteValue(ms[i], m.Parts[i], out)
		}
	}
	return out
}

// Update is m with [k] = v.
func (b *Builder) Update(m, k, v Value) Value {
	if m.Shape.Kind != MapKind || !SameShape(m.Shape.Val, v.Shape) {
		panic(fmt.Sprintf("logic: update of %s at %s with %s", m.Shape, k.Shape, v.Shape))
	}
	out := Value{Shape: m.Shape, Parts: make([]Value, len(m.Parts))}
	for i, l := range b.matches(k, m.Shape.Elem) {
		out.Parts[i] = b.IteValue(l, v, m.Parts[i])
	}
	return out
}

// Field is r.name.
func (r Value) Field(name string) Value {
	return r.Parts[fieldIndex(r.Shape, name)]
}

// WithField is r with .name = v.
func (r Value) WithField(name string, v Value) Value {
	i := fieldIndex(r.Shape, name)
	if !SameShape(r.Shape.Fields[i].Shape, v.Shape) {
		panic(fmt.Sprintf("logic: field %s of %s set to %s", name, r.Shape, v.Shape))
	}
	out := Value{Shape: r.Shape, Parts: slices.Clone(r.Parts)}
	out.Parts[i] = v
	return out
}

func fieldIndex(s *Shape, name string) int {
	if s.Kind == RecordKind {
		for i, f := range s.Fields {
			if f.Name == name {
				return i
			}
		}
	}
	panic(fmt.Sprintf("logic: %s has no field %s", s, name))
}
