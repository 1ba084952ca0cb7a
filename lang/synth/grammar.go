package synth

import (
	"slices"
	"strconv"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// site is where a candidate is evaluated: a state, and for a requires the step's
// arguments.
type site struct {
	state encode.State
	args  map[*sema.Symbol]logic.Value
}

// term is a value a candidate can mention: a variable, a parameter, a map entry at a
// constant key, a record field.
type term struct {
	text  string
	shape *logic.Shape
	get   func(b *logic.Builder, s site) logic.Value
}

// atom is a clause of the grammar's first size: a comparison, a membership, an enum
// test, a boolean term or its negation.
type atom struct {
	text string
	eval func(b *logic.Builder, s site) logic.Lit
}

// candidate is an atom, or two atoms joined by `implies` or `and`.
type candidate struct {
	text string
	size int
	eval func(b *logic.Builder, s site) logic.Lit
}

// maxKeys bounds the keys of a map whose entries become terms of their own.
const maxKeys = 8

// maxSmallRange: an integer term of at most this many values is compared with each.
const maxSmallRange = 12

// terms lists the terms over vars (and params, for a requires), in declaration order.
func (s *synth) terms(params []*sema.Symbol) []term {
	var out []term
	add := func(name string, t types.Type, get func(b *logic.Builder, s site) logic.Value) {
		sh, err := shapeOf(s.enc, t)
		if err != nil {
			return
		}
		out = append(out, s.expand(name, sh, get)...)
	}
	for _, v := range s.vars {
		v := v
		add(v.Name, v.Type, func(b *logic.Builder, st site) logic.Value { return st.state[v] })
	}
	for _, p := range params {
		p := p
		add(p.Name, p.Type, func(b *logic.Builder, st site) logic.Value { return st.args[p] })
	}
	return out
}

// predTerms lists the terms of a pred's body: its parameters first (a body is
// mostly about them), then the variables.
func (s *synth) predTerms(params []*sema.Symbol) []term {
	all := s.terms(params)
	vars := len(s.terms(nil))
	return append(all[vars:len(all):len(all)], all[:vars]...)
}

// expand turns a value into the terms an atom can test: itself when it is a bool,
// an integer, an enum or a set; a map's entries at each key; a record's fields.
func (s *synth) expand(text string, sh *logic.Shape, get func(b *logic.Builder, s site) logic.Value) []term {
	switch sh.Kind {
	case logic.BoolKind, logic.IntKind, logic.EnumKind, logic.SetKind:
		return []term{{text: text, shape: sh, get: get}}
	case logic.MapKind:
		keys := sh.Elem.Universe(maxKeys)
		if keys == nil || len(keys) > maxKeys {
			return nil
		}
		var out []term
		for _, k := range keys {
			k := k
			kv := logic.ConstValue(sh.Elem, k)
			out = append(out, s.expand(text+"["+s.valueText(k)+"]", sh.Val, func(b *logic.Builder, st site) logic.Value {
				return b.Lookup(get(b, st), kv)
			})...)
		}
		return out
	case logic.RecordKind:
		var out []term
		for _, f := range sh.Fields {
			name := f.Name
			out = append(out, s.expand(text+"."+name, f.Shape, func(b *logic.Builder, st site) logic.Value {
				return get(b, st).Field(name)
			})...)
		}
		return out
	}
	return nil
}

// atoms lists the atoms over terms in the order candidates are preferred: tests of
// booleans, enums and sets, relations between two terms, comparisons with constants,
// sums against constants.
func (s *synth) atoms(terms []term, seen map[int][]int64) []atom {
	var out, consts []atom
	for ti, t := range terms {
		t := t
		switch t.shape.Kind {
		case logic.BoolKind:
			out = append(out,
				atom{t.text, func(b *logic.Builder, st site) logic.Lit { return t.get(b, st).B }},
				atom{"not " + t.text, func(b *logic.Builder, st site) logic.Lit { return t.get(b, st).B.Not() }})
		case logic.EnumKind:
			for _, m := range t.shape.Members {
				m := m
				out = append(out, atom{t.text + " == " + s.memberText(m), func(b *logic.Builder, st site) logic.Lit { return b.Is(t.get(b, st), diag.Enum(m)) }})
			}
			if len(t.shape.Members) > 2 {
				for _, m := range t.shape.Members {
					m := m
					out = append(out, atom{t.text + " != " + s.memberText(m), func(b *logic.Builder, st site) logic.Lit { return b.Is(t.get(b, st), diag.Enum(m)).Not() }})
				}
			}
		case logic.SetKind:
			elems := t.shape.Elem.Universe(maxKeys)
			if len(elems) > maxKeys {
				break
			}
			for _, e := range elems {
				ev := logic.ConstValue(t.shape.Elem, e)
				out = append(out,
					atom{s.valueText(e) + " in " + t.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(ev, t.get(b, st)) }},
					atom{s.valueText(e) + " not in " + t.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(ev, t.get(b, st)).Not() }})
			}
			empty := logic.ConstValue(t.shape, diag.Set())
			out = append(out, atom{t.text + " == {}", func(b *logic.Builder, st site) logic.Lit { return b.Equal(t.get(b, st), empty) }},
				atom{t.text + " != {}", func(b *logic.Builder, st site) logic.Lit { return b.Equal(t.get(b, st), empty).Not() }})
		case logic.IntKind:
			for _, c := range s.constants(t.shape, seen[ti]) {
				k := logic.Const(c)
				ct := strconv.FormatInt(c, 10)
				consts = append(consts,
					atom{t.text + " == " + ct, func(b *logic.Builder, st site) logic.Lit { return b.Eq(t.get(b, st).N, k) }},
					atom{t.text + " != " + ct, func(b *logic.Builder, st site) logic.Lit { return b.Eq(t.get(b, st).N, k).Not() }},
					atom{t.text + " <= " + ct, func(b *logic.Builder, st site) logic.Lit { return b.Le(t.get(b, st).N, k) }},
					atom{t.text + " >= " + ct, func(b *logic.Builder, st site) logic.Lit { return b.Le(k, t.get(b, st).N) }})
			}
		}
	}
	// Two terms of one type: orderings and (in)equalities.
	for i, x := range terms {
		for _, y := range terms[i+1:] {
			x, y := x, y
			switch {
			case x.shape.Kind == logic.IntKind && y.shape.Kind == logic.IntKind && x.shape.Lo <= y.shape.Hi && y.shape.Lo <= x.shape.Hi:
				out = append(out,
					atom{x.text + " == " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Eq(x.get(b, st).N, y.get(b, st).N) }},
					atom{x.text + " != " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Eq(x.get(b, st).N, y.get(b, st).N).Not() }},
					atom{x.text + " < " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Lt(x.get(b, st).N, y.get(b, st).N) }},
					atom{x.text + " <= " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Le(x.get(b, st).N, y.get(b, st).N) }},
					atom{x.text + " > " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Lt(y.get(b, st).N, x.get(b, st).N) }},
					atom{x.text + " >= " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Le(y.get(b, st).N, x.get(b, st).N) }})
			case (x.shape.Kind == logic.EnumKind || x.shape.Kind == logic.BoolKind) && logic.SameShape(x.shape, y.shape):
				out = append(out,
					atom{x.text + " == " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Equal(x.get(b, st), y.get(b, st)) }},
					atom{x.text + " != " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Equal(x.get(b, st), y.get(b, st)).Not() }})
			case x.shape.Kind != logic.SetKind && y.shape.Kind == logic.SetKind && logic.SameShape(x.shape, y.shape.Elem):
				out = append(out,
					atom{x.text + " in " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(x.get(b, st), y.get(b, st)) }},
					atom{x.text + " not in " + y.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(x.get(b, st), y.get(b, st)).Not() }})
			case y.shape.Kind != logic.SetKind && x.shape.Kind == logic.SetKind && logic.SameShape(y.shape, x.shape.Elem):
				out = append(out,
					atom{y.text + " in " + x.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(y.get(b, st), x.get(b, st)) }},
					atom{y.text + " not in " + x.text, func(b *logic.Builder, st site) logic.Lit { return b.Member(y.get(b, st), x.get(b, st)).Not() }})
			}
		}
	}
	// Relations between terms come before comparisons with constants: they say more
	// with less (a constant is often one the examples happen to show).
	out = append(out, consts...)
	// Sums of two integer terms against a constant (`balance + amount <= 10`).
	for i, x := range terms {
		for _, y := range terms[i+1:] {
			if x.shape.Kind != logic.IntKind || y.shape.Kind != logic.IntKind {
				continue
			}
			x, y := x, y
			sum := logic.IntShape(x.shape.Lo+y.shape.Lo, x.shape.Hi+y.shape.Hi)
			for _, c := range s.constants(sum, nil) {
				k := logic.Const(c)
				ct := strconv.FormatInt(c, 10)
				out = append(out,
					atom{x.text + " + " + y.text + " <= " + ct, func(b *logic.Builder, st site) logic.Lit {
						return b.Le(b.Add(x.get(b, st).N, y.get(b, st).N), k)
					}},
					atom{x.text + " + " + y.text + " >= " + ct, func(b *logic.Builder, st site) logic.Lit {
						return b.Le(k, b.Add(x.get(b, st).N, y.get(b, st).N))
					}})
			}
		}
	}
	return out
}

// constants are the integers an integer term of shape sh is compared with: every
// value of a small range; else its bounds, the spec's own integer literals and the
// values the examples show (with their neighbours), inside the range.
func (s *synth) constants(sh *logic.Shape, seen []int64) []int64 {
	var out []int64
	if sh.Hi-sh.Lo < maxSmallRange {
		for c := sh.Lo; c <= sh.Hi; c++ {
			out = append(out, c)
		}
		return out
	}
	add := func(c int64) {
		if c >= sh.Lo && c <= sh.Hi && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	add(sh.Lo)
	add(sh.Hi)
	for _, c := range s.literals {
		add(c)
	}
	for _, c := range seen {
		add(c - 1)
		add(c)
		add(c + 1)
	}
	slices.Sort(out)
	return out
}

// memberText names an enum member, qualified when the name alone is ambiguous.
func (s *synth) memberText(m string) string {
	syms := s.info.Lookup(m)
	if len(syms) > 1 {
		for _, sym := range syms {
			if sym.Kind == sema.KindMember && sym.Owner != nil {
				return sym.Owner.Name + "." + m
			}
		}
	}
	return m
}

// valueText writes a value as Specl.
func (s *synth) valueText(v diag.Value) string {
	switch v.Kind {
	case diag.EnumValue:
		return s.memberText(v.Name)
	case diag.SetValue:
		out := "{"
		for i, e := range v.Elems {
			if i > 0 {
				out += ", "
			}
			out += s.valueText(e)
		}
		return out + "}"
	case diag.RecordValue:
		out := "{"
		for i, e := range v.Entries {
			if i > 0 {
				out += ", "
			}
			out += e.Name + ": " + s.valueText(e.Value)
		}
		return out + "}"
	}
	return v.String()
}

// literals collects the spec's integer literals, for constants.
func literals(f *ast.File) []int64 {
	var out []int64
	ast.Inspect(f, func(n ast.Node) bool {
		if l, ok := n.(*ast.IntLit); ok && !slices.Contains(out, l.Value) {
			out = append(out, l.Value)
		}
		return true
	})
	return out
}

func shapeOf(enc *encode.Encoder, t types.Type) (*logic.Shape, error) {
	return enc.Shape(t)
}
