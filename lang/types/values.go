package types

import (
	"cmp"
	"iter"

	"github.com/specls/specls/lang/diag"
)

// Values enumerates the values of a finite type in its canonical order, lazily (a
// caller may stop early: `set of 0..99` has 2^100 values). The order is "smallest
// first": false before true; integers ascending; enum members as declared; a set's
// subsets by binary counting over the element order (the first element is the lowest
// bit: {}, {a}, {b}, {a, b}, …); records and maps likewise with the first field (or
// key) varying fastest. Set elements, map entries and record fields come in the type's
// order, map entries keyed by the key value's text. Int and Invalid yield nothing.
func Values(t Type) iter.Seq[diag.Value] {
	return func(yield func(diag.Value) bool) {
		each(t, yield)
	}
}

// each yields t's values and reports whether the consumer wants more.
func each(t Type, yield func(diag.Value) bool) bool {
	switch t := t.(type) {
	case *Basic:
		if t == Bool {
			return yield(diag.Bool(false)) && yield(diag.Bool(true))
		}
		return true
	case *Range:
		for i := t.Lo; ; i++ {
			if !yield(diag.Int(i)) {
				return false
			}
			if i == t.Hi {
				return true
			}
		}
	case *Enum:
		for _, m := range t.Members {
			if !yield(diag.Enum(m)) {
				return false
			}
		}
		return true
	case *Set:
		if !IsFinite(t.Elem) {
			return true
		}
		var elems []diag.Value
		each(t.Elem, func(v diag.Value) bool { elems = append(elems, v); return true })
		digits := make([]Type, len(elems))
		for i := range digits {
			digits[i] = Bool
		}
		return product(digits, func(bits []diag.Value) bool {
			var in []diag.Value
			for i, b := range bits {
				if b.Bool {
					in = append(in, elems[i])
				}
			}
			return yield(diag.Set(in...))
		})
	case *Map:
		if !IsFinite(t.Key) || !IsFinite(t.Value) {
			return true
		}
		var keys []diag.Value
		each(t.Key, func(v diag.Value) bool { keys = append(keys, v); return true })
		digits := make([]Type, len(keys))
		for i := range digits {
			digits[i] = t.Value
		}
		return product(digits, func(vals []diag.Value) bool {
			entries := make([]diag.Binding, len(keys))
			for i, k := range keys {
				entries[i] = diag.Binding{Name: k.String(), Value: vals[i]}
			}
			return yield(diag.Map(entries...))
		})
	case *Record:
		digits := make([]Type, len(t.Fields))
		for i, f := range t.Fields {
			if !IsFinite(f.Type) {
				return true
			}
			digits[i] = f.Type
		}
		return product(digits, func(vals []diag.Value) bool {
			fields := make([]diag.Binding, len(t.Fields))
			for i, f := range t.Fields {
				fields[i] = diag.Binding{Name: f.Name, Value: vals[i]}
			}
			return yield(diag.Record(fields...))
		})
	}
	return true
}

// product yields every tuple of values of digits, the first digit varying fastest.
// The slice passed to yield is reused between calls.
func product(digits []Type, yield func([]diag.Value) bool) bool {
	tuple := make([]diag.Value, len(digits))
	var rec func(i int) bool
	rec = func(i int) bool {
		if i < 0 {
			return yield(tuple)
		}
		return each(digits[i], func(v diag.Value) bool {
			tuple[i] = v
			return rec(i - 1)
		})
	}
	return rec(len(digits) - 1)
}

// Contains reports whether v is a value of t: an integer inside the range, a member of
// the enum, a set of elements of t's element type, a map with exactly t's keys, a
// record with exactly t's fields. Int holds every integer.
func Contains(t Type, v diag.Value) bool {
	switch t := t.(type) {
	case *Basic:
		switch t {
		case Bool:
			return v.Kind == diag.BoolValue
		case Int:
			return v.Kind == diag.IntValue
		}
		return false
	case *Range:
		return v.Kind == diag.IntValue && t.Lo <= v.Int && v.Int <= t.Hi
	case *Enum:
		return v.Kind == diag.EnumValue && t.Index(v.Name) >= 0
	case *Set:
		if v.Kind != diag.SetValue {
			return false
		}
		for _, e := range v.Elems {
			if !Contains(t.Elem, e) {
				return false
			}
		}
		return true
	case *Map:
		if v.Kind != diag.MapValue || uint64(len(v.Entries)) != Size(t.Key) {
			return false
		}
		seen := map[string]bool{}
		for _, e := range v.Entries {
			seen[e.Name] = true
			if !Contains(t.Value, e.Value) {
				return false
			}
		}
		ok := true
		each(t.Key, func(k diag.Value) bool { ok = seen[k.String()]; return ok })
		return ok
	case *Record:
		if v.Kind != diag.RecordValue || len(v.Entries) != len(t.Fields) {
			return false
		}
		for _, e := range v.Entries {
			f, ok := t.Field(e.Name)
			if !ok || !Contains(f.Type, e.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// Compare orders two values of type t in the canonical order of Values for scalars
// (false < true, integers ascending, enum members as declared); sets, maps and records
// compare element by element in their stored order, then by length. It is the order
// to sort set elements by, and 0 means equal.
func Compare(t Type, a, b diag.Value) int {
	if a.Kind != b.Kind {
		return cmp.Compare(a.Kind, b.Kind)
	}
	switch a.Kind {
	case diag.BoolValue:
		return cmp.Compare(b2i(a.Bool), b2i(b.Bool))
	case diag.IntValue:
		return cmp.Compare(a.Int, b.Int)
	case diag.EnumValue:
		if e, ok := t.(*Enum); ok {
			return cmp.Compare(e.Index(a.Name), e.Index(b.Name))
		}
		return cmp.Compare(a.Name, b.Name)
	case diag.SetValue:
		var elem Type = Invalid
		if s, ok := t.(*Set); ok {
			elem = s.Elem
		}
		for i := 0; i < len(a.Elems) && i < len(b.Elems); i++ {
			if c := Compare(elem, a.Elems[i], b.Elems[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a.Elems), len(b.Elems))
	default: // maps and records
		for i := 0; i < len(a.Entries) && i < len(b.Entries); i++ {
			x, y := a.Entries[i], b.Entries[i]
			if c := cmp.Compare(x.Name, y.Name); c != 0 {
				return c
			}
			var part Type = Invalid
			switch t := t.(type) {
			case *Map:
				part = t.Value
			case *Record:
				if f, ok := t.Field(x.Name); ok {
					part = f.Type
				}
			}
			if c := Compare(part, x.Value, y.Value); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a.Entries), len(b.Entries))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
