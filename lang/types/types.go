// Package types holds the semantic types of Specl (bool, integer ranges, enums, sets,
// total maps and records, plus the unbounded Int of arithmetic results) with the rules
// that relate them: compatibility, joins, sizes, and the enumeration of a finite type's
// values. lang/sema builds these types; every later stage reads them. It imports only
// lang/diag.
package types

import (
	"strconv"
	"strings"
)

// Type is a Specl type. The concrete types are *Basic (Bool, Int, Nothing, Invalid),
// *Range, *Enum, *Set, *Map and *Record. Every type is finite except Int.
//
// A `type Name = T` declaration is an alias: it denotes T itself (no new type), and
// its name lives on the declaring symbol (sema.Symbol), not here.
type Type interface {
	String() string
	isType()
}

// BasicKind tells the basic types apart.
type BasicKind int

const (
	InvalidKind BasicKind = iota
	BoolKind
	IntKind
	NothingKind
)

// Basic is one of the four predeclared types below; compare them by pointer.
type Basic struct {
	Kind BasicKind
	name string
}

var (
	// Invalid is the type of an expression that did not type-check. It is compatible
	// with everything, so one error is reported once and not again on its parents.
	Invalid = &Basic{InvalidKind, "invalid"}
	// Bool is `bool`.
	Bool = &Basic{BoolKind, "bool"}
	// Int is an integer-valued expression whose bounds are not known here (an operand
	// already Int, or bounds that overflow int64). The encoder bounds it by interval
	// analysis.
	Int = &Basic{IntKind, "int"}
	// Nothing is the element type of the empty set literal `{}`: it has no values and
	// is compatible with every type, so `{}` fits any set.
	Nothing = &Basic{NothingKind, "nothing"}
)

func (b *Basic) String() string { return b.name }

// Range is the integers Lo..Hi, inclusive, Lo <= Hi.
type Range struct {
	Lo, Hi int64
}

func (r *Range) String() string {
	return strconv.FormatInt(r.Lo, 10) + ".." + strconv.FormatInt(r.Hi, 10)
}

// Enum is an enumeration. Each enum declaration makes exactly one *Enum, and enums are
// identical only when they are the same pointer.
type Enum struct {
	Name    string
	Members []string
}

func (e *Enum) String() string { return e.Name }

// Index returns the position of member name, or -1.
func (e *Enum) Index(name string) int {
	for i, m := range e.Members {
		if m == name {
			return i
		}
	}
	return -1
}

// Set is `set of Elem`.
type Set struct {
	Elem Type
}

func (s *Set) String() string {
	return "set of " + paren(s.Elem)
}

// Map is the total map `Key -> Value`.
type Map struct {
	Key, Value Type
}

func (m *Map) String() string {
	return paren(m.Key) + " -> " + m.Value.String()
}

// Field is one field of a record.
type Field struct {
	Name string
	Type Type
}

// Record is `{ f: T, g: U }`; fields keep their written order, and records relate by
// field names, not by order.
type Record struct {
	Fields []Field
}

func (r *Record) String() string {
	parts := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		parts[i] = f.Name + ": " + f.Type.String()
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Field returns the named field and true, or false when there is none.
func (r *Record) Field(name string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func (*Basic) isType()  {}
func (*Range) isType()  {}
func (*Enum) isType()   {}
func (*Set) isType()    {}
func (*Map) isType()    {}
func (*Record) isType() {}

// paren parenthesises a map inside a set or on a map's key side, so that String reads
// back as the same type (`->` binds loosest and associates to the right).
func paren(t Type) string {
	if _, ok := t.(*Map); ok {
		return "(" + t.String() + ")"
	}
	return t.String()
}

// IsInteger reports whether t is a Range or Int.
func IsInteger(t Type) bool {
	switch t := t.(type) {
	case *Range:
		return true
	case *Basic:
		return t == Int
	}
	return false
}

// IsInvalid reports whether t is Invalid (or nil, which no checked expression has).
func IsInvalid(t Type) bool { return t == nil || t == Invalid }

// Identical reports whether a and b are the same type: same ranges, the same enum,
// sets, maps and records of identical parts (records: the same field names in any
// order).
func Identical(a, b Type) bool {
	switch a := a.(type) {
	case *Basic:
		return a == b
	case *Range:
		b, ok := b.(*Range)
		return ok && a.Lo == b.Lo && a.Hi == b.Hi
	case *Enum:
		return a == b
	case *Set:
		b, ok := b.(*Set)
		return ok && Identical(a.Elem, b.Elem)
	case *Map:
		b, ok := b.(*Map)
		return ok && Identical(a.Key, b.Key) && Identical(a.Value, b.Value)
	case *Record:
		b, ok := b.(*Record)
		if !ok || len(a.Fields) != len(b.Fields) {
			return false
		}
		for _, f := range a.Fields {
			g, ok := b.Field(f.Name)
			if !ok || !Identical(f.Type, g.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// Compatible reports whether values of a and b may be compared with == and stand for
// one another (assignment to a param, a var in an ensures, a branch of an if): all
// integer types are compatible with each other (whether a value fits a range is a
// question for the checker, not for types); sets when their elements are; maps when
// keys and values are; records when they have the same field names with compatible
// types. Invalid and Nothing are compatible with everything.
func Compatible(a, b Type) bool {
	if isWild(a) || isWild(b) {
		return true
	}
	if IsInteger(a) && IsInteger(b) {
		return true
	}
	switch a := a.(type) {
	case *Basic:
		return a == b
	case *Enum:
		return a == b
	case *Set:
		b, ok := b.(*Set)
		return ok && Compatible(a.Elem, b.Elem)
	case *Map:
		b, ok := b.(*Map)
		return ok && Compatible(a.Key, b.Key) && Compatible(a.Value, b.Value)
	case *Record:
		b, ok := b.(*Record)
		if !ok || len(a.Fields) != len(b.Fields) {
			return false
		}
		for _, f := range a.Fields {
			g, ok := b.Field(f.Name)
			if !ok || !Compatible(f.Type, g.Type) {
				return false
			}
		}
		return true
	}
	return false
}

func isWild(t Type) bool { return t == nil || t == Invalid || t == Nothing }

// Join is the smallest type holding the values of both compatible types: the hull of
// two ranges, Int when either side is Int, and part by part for sets, maps and records
// (field order of a). It returns Invalid when a and b are not compatible.
func Join(a, b Type) Type {
	if a == Invalid || b == Invalid || a == nil || b == nil {
		return Invalid
	}
	if a == Nothing {
		return b
	}
	if b == Nothing {
		return a
	}
	if !Compatible(a, b) {
		return Invalid
	}
	if IsInteger(a) {
		ra, ok1 := a.(*Range)
		rb, ok2 := b.(*Range)
		if !ok1 || !ok2 {
			return Int
		}
		return &Range{Lo: min(ra.Lo, rb.Lo), Hi: max(ra.Hi, rb.Hi)}
	}
	switch a := a.(type) {
	case *Set:
		return &Set{Elem: Join(a.Elem, b.(*Set).Elem)}
	case *Map:
		bm := b.(*Map)
		return &Map{Key: Join(a.Key, bm.Key), Value: Join(a.Value, bm.Value)}
	case *Record:
		br := b.(*Record)
		fields := make([]Field, len(a.Fields))
		for i, f := range a.Fields {
			g, _ := br.Field(f.Name)
			fields[i] = Field{Name: f.Name, Type: Join(f.Type, g.Type)}
		}
		return &Record{Fields: fields}
	}
	return a
}

// IsFinite reports whether t has finitely many values: every type but Int, Invalid and
// the types built from them.
func IsFinite(t Type) bool {
	switch t := t.(type) {
	case *Basic:
		return t == Bool || t == Nothing
	case *Range, *Enum:
		return true
	case *Set:
		return IsFinite(t.Elem)
	case *Map:
		return IsFinite(t.Key) && IsFinite(t.Value)
	case *Record:
		for _, f := range t.Fields {
			if !IsFinite(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// Unbounded is what Size returns for a type with too many values to count in a
// uint64, or infinitely many.
const Unbounded = ^uint64(0)

// Size is the number of values of t, saturating at Unbounded (also for Int and
// Invalid).
func Size(t Type) uint64 {
	switch t := t.(type) {
	case *Basic:
		switch t {
		case Bool:
			return 2
		case Nothing:
			return 0
		}
		return Unbounded
	case *Range:
		n := uint64(t.Hi-t.Lo) + 1 // Hi-Lo wraps to the right unsigned difference
		if n == 0 {
			return Unbounded
		}
		return n
	case *Enum:
		return uint64(len(t.Members))
	case *Set:
		n := Size(t.Elem)
		if n >= 64 {
			return Unbounded
		}
		return 1 << n
	case *Map:
		k, v := Size(t.Key), Size(t.Value)
		return pow(v, k)
	case *Record:
		n := uint64(1)
		for _, f := range t.Fields {
			n = mul(n, Size(f.Type))
		}
		return n
	}
	return Unbounded
}

func mul(a, b uint64) uint64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a == Unbounded || b == Unbounded || a > Unbounded/b {
		return Unbounded
	}
	return a * b
}

func pow(base, exp uint64) uint64 {
	switch {
	case exp == 0:
		return 1
	case base <= 1:
		return base
	case exp == Unbounded || base == Unbounded:
		return Unbounded
	}
	r := uint64(1)
	for range exp {
		r = mul(r, base)
		if r == Unbounded {
			return r
		}
	}
	return r
}

// MaxBits bounds the encoded size of one declared type (a var, const, param or type
// declaration): beyond it the checker would spend more memory and time building and
// solving the value than a spec can be given (a `bool -> bool -> …` of 26 arrows is
// 2^26 bits). A larger type is a `type` finding at its declaration, and nothing is
// built for it.
const MaxBits = 1 << 12

// MaxStateBits bounds the encoded size of one state, the sum over the spec's
// variables: every step of a run copies a whole state. (16 sets of 0..4095 and a
// step took 3 s and 290 MB on 2 cores; the checker's budget bounds the questions.)
const MaxStateBits = 1 << 16

// Bits is the number of bits (solver literals) that encode one value of t, saturating
// at Unbounded: one for bool, ⌈log2 n⌉ for a range or an enum of n values, one per
// possible element for a set, one value per possible key for a map, the sum of the
// fields for a record. It is computed from the type alone, in time linear in the
// type's text, so a type can be judged before anything is built for it.
func Bits(t Type) uint64 {
	switch t := t.(type) {
	case *Basic:
		switch t {
		case Bool:
			return 1
		case Nothing:
			return 0
		}
		return Unbounded
	case *Range, *Enum:
		return log2Ceil(Size(t))
	case *Set:
		return Size(t.Elem)
	case *Map:
		return mul(Size(t.Key), Bits(t.Value))
	case *Record:
		n := uint64(0)
		for _, f := range t.Fields {
			n = add(n, Bits(f.Type))
		}
		return n
	}
	return Unbounded
}

// log2Ceil is the number of bits that tell n values apart (0 for one value).
func log2Ceil(n uint64) uint64 {
	if n == Unbounded {
		return 64
	}
	b := uint64(0)
	for n > 1<<b && b < 64 {
		b++
	}
	return b
}

func add(a, b uint64) uint64 {
	if a > Unbounded-b {
		return Unbounded
	}
	return a + b
}
