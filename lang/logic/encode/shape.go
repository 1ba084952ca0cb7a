// Package encode translates typed Specl expressions (lang/ast checked by lang/sema)
// into lang/logic values: the bridge between the spec and the solver. Quantifiers
// over finite sets expand, pred and fun calls inline, integers get exact widths.
// It imports lang/ast, lang/sema, lang/types, lang/diag and lang/logic; lang/check
// imports it.
package encode

import (
	"fmt"

	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/types"
)

// ShapeOf is the encoding's view of a finite type. Int (unbounded) and Invalid
// have none; Nothing (the element type of `{}`) is an enum without members, so `{}`
// is a set with no literals.
func ShapeOf(t types.Type) (*logic.Shape, error) {
	switch t := t.(type) {
	case *types.Basic:
		switch t {
		case types.Bool:
			return logic.BoolShape(), nil
		case types.Nothing:
			return logic.EnumShape(), nil
		}
	case *types.Range:
		return logic.IntShape(t.Lo, t.Hi), nil
	case *types.Enum:
		return logic.EnumShape(t.Members...), nil
	case *types.Set:
		e, err := ShapeOf(t.Elem)
		if err != nil {
			return nil, err
		}
		return logic.SetShape(e), nil
	case *types.Map:
		k, err := ShapeOf(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := ShapeOf(t.Value)
		if err != nil {
			return nil, err
		}
		return logic.MapShape(k, v), nil
	case *types.Record:
		fs := make([]logic.Field, len(t.Fields))
		for i, f := range t.Fields {
			s, err := ShapeOf(f.Type)
			if err != nil {
				return nil, err
			}
			fs[i] = logic.Field{Name: f.Name, Shape: s}
		}
		return logic.RecordShape(fs...), nil
	}
	return nil, fmt.Errorf("the type %v has no finite encoding", t)
}

// isNothing reports whether s is the shape of Nothing.
func isNothing(s *logic.Shape) bool { return s.Kind == logic.EnumKind && len(s.Members) == 0 }

// join is the shape holding the values of both: the hull of ranges, part by part
// for sets, maps and records (fields by name, in a's order).
func join(a, b *logic.Shape) (*logic.Shape, error) {
	switch {
	case isNothing(a):
		return b, nil
	case isNothing(b):
		return a, nil
	case a.Kind != b.Kind:
		return nil, fmt.Errorf("%s and %s do not mix", a, b)
	}
	switch a.Kind {
	case logic.IntKind:
		return logic.IntShape(min(a.Lo, b.Lo), max(a.Hi, b.Hi)), nil
	case logic.SetKind:
		e, err := join(a.Elem, b.Elem)
		if err != nil {
			return nil, err
		}
		return logic.SetShape(e), nil
	case logic.MapKind:
		if !logic.SameShape(a.Elem, b.Elem) {
			return nil, fmt.Errorf("maps over different keys (%s, %s) do not mix", a.Elem, b.Elem)
		}
		v, err := join(a.Val, b.Val)
		if err != nil {
			return nil, err
		}
		return logic.MapShape(a.Elem, v), nil
	case logic.RecordKind:
		fs := make([]logic.Field, len(a.Fields))
		for i, f := range a.Fields {
			g, ok := fieldOf(b, f.Name)
			if !ok || len(a.Fields) != len(b.Fields) {
				return nil, fmt.Errorf("%s and %s do not mix", a, b)
			}
			s, err := join(f.Shape, g.Shape)
			if err != nil {
				return nil, err
			}
			fs[i] = logic.Field{Name: f.Name, Shape: s}
		}
		return logic.RecordShape(fs...), nil
	}
	if !logic.SameShape(a, b) {
		return nil, fmt.Errorf("%s and %s do not mix", a, b)
	}
	return a, nil
}

func fieldOf(s *logic.Shape, name string) (logic.Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return logic.Field{}, false
}

// convert re-expresses v in the shape s, which holds all of v's values (a join of
// v's shape): integers keep their bits (only the label changes), set elements move
// to their place in s's universe, record fields are matched by name.
func convert(v logic.Value, s *logic.Shape) (logic.Value, error) {
	if logic.SameShape(v.Shape, s) {
		return v, nil
	}
	switch {
	case v.Shape.Kind == logic.IntKind && s.Kind == logic.IntKind:
		return logic.Value{Shape: s, N: v.N}, nil
	case v.Shape.Kind == logic.SetKind && s.Kind == logic.SetKind:
		from := v.Shape.Elem.Universe(logic.UniverseLimit)
		to := s.Elem.Universe(logic.UniverseLimit)
		out := logic.Value{Shape: s, Elems: make([]logic.Lit, len(to))}
		for i := range out.Elems {
			out.Elems[i] = logic.False
		}
		for j, e := range from {
			i := s.Elem.Index(e)
			if i < 0 {
				return v, fmt.Errorf("%s does not fit %s", v.Shape, s)
			}
			out.Elems[i] = v.Elems[j]
		}
		return out, nil
	case v.Shape.Kind == logic.MapKind && s.Kind == logic.MapKind && logic.SameShape(v.Shape.Elem, s.Elem):
		out := logic.Value{Shape: s, Parts: make([]logic.Value, len(v.Parts))}
		for i, p := range v.Parts {
			c, err := convert(p, s.Val)
			if err != nil {
				return v, err
			}
			out.Parts[i] = c
		}
		return out, nil
	case v.Shape.Kind == logic.RecordKind && s.Kind == logic.RecordKind && len(v.Shape.Fields) == len(s.Fields):
		out := logic.Value{Shape: s, Parts: make([]logic.Value, len(s.Fields))}
		for i, f := range s.Fields {
			j := -1
			for k, g := range v.Shape.Fields {
				if g.Name == f.Name {
					j = k
				}
			}
			if j < 0 {
				return v, fmt.Errorf("%s does not fit %s", v.Shape, s)
			}
			c, err := convert(v.Parts[j], f.Shape)
			if err != nil {
				return v, err
			}
			out.Parts[i] = c
		}
		return out, nil
	}
	return v, fmt.Errorf("%s does not fit %s", v.Shape, s)
}
