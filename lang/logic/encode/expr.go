package encode

import (
	"fmt"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// Env says what the names of an expression stand for.
type Env struct {
	Vars  map[*sema.Symbol]logic.Value // each var in the current state
	Next  map[*sema.Symbol]logic.Value // each var after the step (x'); nil outside ensures
	Local map[*sema.Symbol]logic.Value // parameters and bound variables
}

// with returns a copy of env with one more local.
func (env *Env) with(s *sema.Symbol, v logic.Value) *Env {
	locals := make(map[*sema.Symbol]logic.Value, len(env.Local)+1)
	for k, x := range env.Local {
		locals[k] = x
	}
	locals[s] = v
	return &Env{Vars: env.Vars, Next: env.Next, Local: locals}
}

// Translator turns expressions of one checked file into circuits of one Builder.
type Translator struct {
	B    *logic.Builder
	Info *sema.Info
}

// New returns a Translator.
func New(b *logic.Builder, info *sema.Info) *Translator { return &Translator{B: b, Info: info} }

// State returns a fresh value for every var of the spec, in declaration order, with
// its domain asserted (a var always holds a value of its type).
func (t *Translator) State() (map[*sema.Symbol]logic.Value, error) {
	out := map[*sema.Symbol]logic.Value{}
	for _, s := range t.Info.Symbols {
		if s.Kind != sema.KindVar {
			continue
		}
		sh, err := ShapeOf(s.Type)
		if err != nil {
			return nil, fmt.Errorf("var %s: %w", s.Name, err)
		}
		out[s] = t.B.FreshValue(sh)
	}
	return out, nil
}

// Decode reads a state in the last model, in declaration order.
func (t *Translator) Decode(state map[*sema.Symbol]logic.Value) diag.State {
	var out diag.State
	for _, s := range t.Info.Symbols {
		if v, ok := state[s]; ok {
			out = append(out, diag.Binding{Name: s.Name, Value: t.B.Decode(v)})
		}
	}
	return out
}

// Bool translates a boolean expression.
func (t *Translator) Bool(e ast.Expr, env *Env) (logic.Lit, error) {
	v, err := t.Value(e, env)
	if err != nil {
		return logic.False, err
	}
	if v.Shape.Kind != logic.BoolKind {
		return logic.False, t.errorf(e, "expected a bool, found %s", v.Shape)
	}
	return v.B, nil
}

// Int translates an integer expression.
func (t *Translator) Int(e ast.Expr, env *Env) (logic.Int, error) {
	v, err := t.Value(e, env)
	if err != nil {
		return logic.Int{}, err
	}
	if v.Shape.Kind != logic.IntKind {
		return logic.Int{}, t.errorf(e, "expected an integer, found %s", v.Shape)
	}
	return v.N, nil
}

func (t *Translator) errorf(e ast.Node, format string, args ...any) error {
	return &Error{Span: e.Bounds(), Msg: fmt.Sprintf(format, args...)}
}

// Error is an expression the translation cannot encode: one that did not check, or
// a construct outside the finite fragment.
type Error struct {
	Span ast.Span
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func intValue(n logic.Int) logic.Value {
	return logic.Value{Shape: logic.IntShape(n.Lo, n.Hi), N: n}
}

func boolValue(l logic.Lit) logic.Value { return logic.BoolValue(l) }

// Value translates any expression.
func (t *Translator) Value(e ast.Expr, env *Env) (logic.Value, error) {
	var no logic.Value
	b := t.B
	switch e := e.(type) {
	case nil:
		return no, fmt.Errorf("missing expression")
	case *ast.Paren:
		return t.Value(e.X, env)
	case *ast.BoolLit:
		return boolValue(logic.Bool(e.Value)), nil
	case *ast.IntLit:
		return intValue(logic.Const(e.Value)), nil
	case *ast.Name:
		return t.name(e, env)
	case *ast.Primed:
		s := t.Info.Uses[e.Ident]
		v, ok := env.Next[s]
		if s == nil || !ok {
			return no, t.errorf(e, "%s' has no value here", e.Ident.Name)
		}
		return v, nil
	case *ast.Unary:
		if e.Op == ast.Not {
			x, err := t.Bool(e.X, env)
			return boolValue(x.Not()), err
		}
		x, err := t.Int(e.X, env)
		if err != nil {
			return no, err
		}
		return intValue(b.Neg(x)), nil
	case *ast.Binary:
		return t.binary(e, env)
	case *ast.Index:
		m, err := t.Value(e.X, env)
		if err != nil {
			return no, err
		}
		k, err := t.Value(e.Key, env)
		if err != nil {
			return no, err
		}
		if m.Shape.Kind != logic.MapKind {
			return no, t.errorf(e, "%s is not a map", m.Shape)
		}
		return b.Lookup(m, k), nil
	case *ast.Select:
		if s := t.Info.Uses[e.Field]; s != nil && s.Kind == sema.KindMember {
			return t.member(e, s)
		}
		r, err := t.Value(e.X, env)
		if err != nil {
			return no, err
		}
		if _, ok := fieldOf(r.Shape, e.Field.Name); r.Shape.Kind != logic.RecordKind || !ok {
			return no, t.errorf(e, "%s has no field %s", r.Shape, e.Field.Name)
		}
		return r.Field(e.Field.Name), nil
	case *ast.Call:
		args := make([]logic.Value, len(e.Args))
		for i, a := range e.Args {
			v, err := t.Value(a, env)
			if err != nil {
				return no, err
			}
			args[i] = v
		}
		return t.call(e, t.Info.Uses[e.Fun], args, env)
	case *ast.MapUpdate:
		m, err := t.Value(e.X, env)
		if err != nil {
			return no, err
		}
		k, err := t.Value(e.Key, env)
		if err != nil {
			return no, err
		}
		v, err := t.Value(e.Value, env)
		if err != nil {
			return no, err
		}
		if m.Shape.Kind != logic.MapKind {
			return no, t.errorf(e, "%s is not a map", m.Shape)
		}
		if m, v, err = t.fit(e, m, v, ""); err != nil {
			return no, err
		}
		return b.Update(m, k, v), nil
	case *ast.RecordUpdate:
		r, err := t.Value(e.X, env)
		if err != nil {
			return no, err
		}
		v, err := t.Value(e.Value, env)
		if err != nil {
			return no, err
		}
		f, ok := fieldOf(r.Shape, e.Field.Name)
		if r.Shape.Kind != logic.RecordKind || !ok {
			return no, t.errorf(e, "%s has no field %s", r.Shape, e.Field.Name)
		}
		if r, v, err = t.fit(e, r, v, f.Name); err != nil {
			return no, err
		}
		return r.WithField(e.Field.Name, v), nil
	case *ast.SetLit:
		elems := make([]logic.Value, len(e.Elems))
		shape := logic.EnumShape()
		for i, x := range e.Elems {
			v, err := t.Value(x, env)
			if err != nil {
				return no, err
			}
			elems[i] = v
			if shape, err = join(shape, v.Shape); err != nil {
				return no, t.errorf(x, "%v", err)
			}
		}
		return b.SetOf(logic.SetShape(shape), elems...), nil
	case *ast.Comprehension:
		set, err := t.set(e.Set, env)
		if err != nil {
			return no, err
		}
		s := t.Info.Defs[e.Var]
		out := logic.Value{Shape: set.Shape, Elems: make([]logic.Lit, len(set.Elems))}
		for i, u := range set.Shape.Elem.Universe(logic.UniverseLimit) {
			out.Elems[i] = logic.False
			if set.Elems[i] == logic.False {
				continue
			}
			c, err := t.Bool(e.Cond, env.with(s, logic.ConstValue(set.Shape.Elem, u)))
			if err != nil {
				return no, err
			}
			out.Elems[i] = b.And(set.Elems[i], c)
		}
		return out, nil
	case *ast.RecordLit:
		fs := make([]logic.Field, len(e.Fields))
		parts := make([]logic.Value, len(e.Fields))
		for i, f := range e.Fields {
			v, err := t.Value(f.Value, env)
			if err != nil {
				return no, err
			}
			fs[i] = logic.Field{Name: f.Name.Name, Shape: v.Shape}
			parts[i] = v
		}
		return logic.Value{Shape: logic.RecordShape(fs...), Parts: parts}, nil
	case *ast.RangeExpr:
		lo, err := t.Int(e.Lo, env)
		if err != nil {
			return no, err
		}
		hi, err := t.Int(e.Hi, env)
		if err != nil {
			return no, err
		}
		if lo.Lo > hi.Hi {
			return logic.Value{Shape: logic.SetShape(logic.EnumShape())}, nil
		}
		elem := logic.IntShape(lo.Lo, hi.Hi)
		out := logic.Value{Shape: logic.SetShape(elem), Elems: make([]logic.Lit, hi.Hi-lo.Lo+1)}
		for i := range out.Elems {
			k := logic.Const(lo.Lo + int64(i))
			out.Elems[i] = b.And(b.Le(lo, k), b.Le(k, hi))
		}
		return out, nil
	case *ast.Count:
		set, err := t.set(e.X, env)
		if err != nil {
			return no, err
		}
		return intValue(b.Card(set)), nil
	case *ast.If:
		c, err := t.Bool(e.Cond, env)
		if err != nil {
			return no, err
		}
		x, err := t.Value(e.Then, env)
		if err != nil {
			return no, err
		}
		y, err := t.Value(e.Else, env)
		if err != nil {
			return no, err
		}
		return t.ite(e, c, x, y)
	case *ast.Cases:
		return t.cases(e, env)
	case *ast.Quant:
		return t.quant(e, e.Bindings, 0, env)
	case *ast.Wildcard:
		return no, t.errorf(e, "_ stands only as an argument of a do step")
	}
	return no, t.errorf(e, "cannot encode %T", e)
}

// fit brings a container and a part (a map's values, or the named field) to
// shapes that agree, widening the container when the part does not fit it
// (`m with [k] = 5` where m's values are 0..3).
func (t *Translator) fit(e ast.Node, whole, part logic.Value, field string) (logic.Value, logic.Value, error) {
	want := whole.Shape.Val
	if field != "" {
		f, _ := fieldOf(whole.Shape, field)
		want = f.Shape
	}
	j, err := join(want, part.Shape)
	if err != nil {
		return whole, part, t.errorf(e, "%v", err)
	}
	if !logic.SameShape(j, want) {
		var wider *logic.Shape
		if field == "" {
			wider = logic.MapShape(whole.Shape.Elem, j)
		} else {
			fs := append([]logic.Field(nil), whole.Shape.Fields...)
			for i := range fs {
				if fs[i].Name == field {
					fs[i].Shape = j
				}
			}
			wider = logic.RecordShape(fs...)
		}
		if whole, err = convert(whole, wider); err != nil {
			return whole, part, t.errorf(e, "%v", err)
		}
	}
	if part, err = convert(part, j); err != nil {
		return whole, part, t.errorf(e, "%v", err)
	}
	return whole, part, nil
}

func (t *Translator) name(e *ast.Name, env *Env) (logic.Value, error) {
	var no logic.Value
	s := t.Info.Uses[e.Ident]
	if s == nil {
		return no, t.errorf(e, "%s is not resolved", e.Ident.Name)
	}
	switch s.Kind {
	case sema.KindVar:
		if v, ok := env.Vars[s]; ok {
			return v, nil
		}
	case sema.KindParam, sema.KindBound:
		if v, ok := env.Local[s]; ok {
			return v, nil
		}
	case sema.KindMember:
		return t.member(e, s)
	case sema.KindConst:
		c, ok := t.Info.ConstValue(s)
		if !ok {
			return no, t.errorf(e, "the constant %s did not check", s.Name)
		}
		return t.constant(e, c, s.Type)
	case sema.KindType, sema.KindEnum:
		sh, err := ShapeOf(s.Type)
		if err != nil {
			return no, t.errorf(e, "%v", err)
		}
		all := logic.Value{Shape: logic.SetShape(sh), Elems: make([]logic.Lit, len(sh.Universe(logic.UniverseLimit)))}
		for i := range all.Elems {
			all.Elems[i] = logic.True
		}
		return all, nil
	case sema.KindPred, sema.KindFun:
		return t.call(e, s, nil, env)
	}
	return no, t.errorf(e, "%s (%s) has no value here", s.Name, s.Kind)
}

func (t *Translator) member(e ast.Node, s *sema.Symbol) (logic.Value, error) {
	sh, err := ShapeOf(s.Type)
	if err != nil {
		return logic.Value{}, t.errorf(e, "%v", err)
	}
	return logic.ConstValue(sh, diag.Enum(s.Name)), nil
}

// constant encodes a checked constant; integers keep their own value as range.
func (t *Translator) constant(e ast.Node, c diag.Value, ty types.Type) (logic.Value, error) {
	if c.Kind == diag.IntValue {
		return intValue(logic.Const(c.Int)), nil
	}
	sh, err := ShapeOf(ty)
	if err != nil {
		return logic.Value{}, t.errorf(e, "%v", err)
	}
	if sh.Index(c) < 0 && sh.Kind != logic.RecordKind && sh.Kind != logic.MapKind {
		return logic.Value{}, t.errorf(e, "%s is not a value of %s", c, sh)
	}
	return logic.ConstValue(sh, c), nil
}

// call inlines a pred or fun: its body over the current state, its parameters bound
// to the arguments (converted to the parameters' types: the value itself is kept).
func (t *Translator) call(e ast.Node, s *sema.Symbol, args []logic.Value, env *Env) (logic.Value, error) {
	var no logic.Value
	if s == nil {
		return no, t.errorf(e, "call of an unresolved name")
	}
	var body ast.Expr
	switch d := s.Decl.(type) {
	case *ast.PredDecl:
		body = d.Body
	case *ast.FunDecl:
		body = d.Body
	default:
		return no, t.errorf(e, "%s is not a pred or fun", s.Name)
	}
	if len(args) != len(s.Params) {
		return no, t.errorf(e, "%s takes %d arguments, found %d", s.Name, len(s.Params), len(args))
	}
	inner := &Env{Vars: env.Vars, Local: map[*sema.Symbol]logic.Value{}}
	for i, p := range s.Params {
		ps, err := ShapeOf(p.Type)
		if err != nil {
			return no, t.errorf(e, "%v", err)
		}
		j, err := join(ps, args[i].Shape)
		if err == nil {
			args[i], err = convert(args[i], j)
		}
		if err != nil {
			return no, t.errorf(e, "argument %d of %s: %v", i+1, s.Name, err)
		}
		inner.Local[p] = args[i]
	}
	return t.Value(body, inner)
}

// set translates an expression that must be a set.
func (t *Translator) set(e ast.Expr, env *Env) (logic.Value, error) {
	v, err := t.Value(e, env)
	if err == nil && v.Shape.Kind != logic.SetKind {
		err = t.errorf(e, "expected a set, found %s", v.Shape)
	}
	return v, err
}

func (t *Translator) ite(e ast.Node, c logic.Lit, x, y logic.Value) (logic.Value, error) {
	j, err := join(x.Shape, y.Shape)
	if err == nil {
		if x, err = convert(x, j); err == nil {
			y, err = convert(y, j)
		}
	}
	if err != nil {
		return logic.Value{}, t.errorf(e, "%v", err)
	}
	return t.B.IteValue(c, x, y), nil
}

// cases takes the first arm whose guard holds. Without else, where no guard holds
// the value is some value of the type, unknown: a fresh value, its domain asserted.
func (t *Translator) cases(e *ast.Cases, env *Env) (logic.Value, error) {
	var no logic.Value
	guards := make([]logic.Lit, len(e.Arms))
	vals := make([]logic.Value, len(e.Arms))
	shape := logic.EnumShape()
	for i, arm := range e.Arms {
		g, err := t.Bool(arm.Guard, env)
		if err != nil {
			return no, err
		}
		v, err := t.Value(arm.Value, env)
		if err != nil {
			return no, err
		}
		guards[i], vals[i] = g, v
		if shape, err = join(shape, v.Shape); err != nil {
			return no, t.errorf(arm, "%v", err)
		}
	}
	var rest logic.Value
	if e.Else != nil {
		v, err := t.Value(e.Else.Value, env)
		if err != nil {
			return no, err
		}
		rest = v
	} else {
		fresh := shape
		if ty, ok := t.Info.Types[e].(*types.Range); ok {
			fresh = logic.IntShape(ty.Lo, ty.Hi)
		} else if sh, err := ShapeOf(t.Info.Types[e]); err == nil {
			fresh = sh
		}
		rest = t.B.FreshValue(fresh)
	}
	for i := len(e.Arms) - 1; i >= 0; i-- {
		v, err := t.ite(e.Arms[i], guards[i], vals[i], rest)
		if err != nil {
			return no, err
		}
		rest = v
	}
	return rest, nil
}

// quant expands `all/some/no x, y in S, z in T: body` over the values of each set's
// element type: all is the conjunction of (v in S implies body[x:=v]), some the
// disjunction of (v in S and body[x:=v]), no the negation of some.
func (t *Translator) quant(e *ast.Quant, bs []*ast.Binding, vi int, env *Env) (logic.Value, error) {
	var no logic.Value
	if len(bs) == 0 {
		return t.Value(e.Body, env)
	}
	bnd := bs[0]
	if vi == len(bnd.Vars) {
		return t.quant(e, bs[1:], 0, env)
	}
	set, err := t.set(bnd.Set, env)
	if err != nil {
		return no, err
	}
	s := t.Info.Defs[bnd.Vars[vi]]
	var parts []logic.Lit
	for i, u := range set.Shape.Elem.Universe(logic.UniverseLimit) {
		if set.Elems[i] == logic.False {
			continue
		}
		body, err := t.quant(e, bs, vi+1, env.with(s, logic.ConstValue(set.Shape.Elem, u)))
		if err != nil {
			return no, err
		}
		if e.Kind == ast.All {
			parts = append(parts, t.B.Implies(set.Elems[i], body.B))
		} else {
			parts = append(parts, t.B.And(set.Elems[i], body.B))
		}
	}
	switch e.Kind {
	case ast.All:
		return boolValue(t.B.Ands(parts...)), nil
	case ast.Some:
		return boolValue(t.B.Ors(parts...)), nil
	}
	// `no` negates only at the outermost variable; inner levels are existential.
	if vi == 0 && len(bs) == len(e.Bindings) {
		return boolValue(t.B.Ors(parts...).Not()), nil
	}
	return boolValue(t.B.Ors(parts...)), nil
}

func (t *Translator) binary(e *ast.Binary, env *Env) (logic.Value, error) {
	var no logic.Value
	b := t.B
	switch e.Op {
	case ast.And, ast.Or, ast.Implies, ast.Iff:
		x, err := t.Bool(e.X, env)
		if err != nil {
			return no, err
		}
		y, err := t.Bool(e.Y, env)
		if err != nil {
			return no, err
		}
		switch e.Op {
		case ast.And:
			return boolValue(b.And(x, y)), nil
		case ast.Or:
			return boolValue(b.Or(x, y)), nil
		case ast.Implies:
			return boolValue(b.Implies(x, y)), nil
		}
		return boolValue(b.Iff(x, y)), nil
	case ast.Lt, ast.Le, ast.Gt, ast.Ge, ast.Add, ast.Sub, ast.Mul:
		x, err := t.Int(e.X, env)
		if err != nil {
			return no, err
		}
		y, err := t.Int(e.Y, env)
		if err != nil {
			return no, err
		}
		switch e.Op {
		case ast.Lt:
			return boolValue(b.Lt(x, y)), nil
		case ast.Le:
			return boolValue(b.Le(x, y)), nil
		case ast.Gt:
			return boolValue(b.Lt(y, x)), nil
		case ast.Ge:
			return boolValue(b.Le(y, x)), nil
		case ast.Add:
			return intValue(b.Add(x, y)), nil
		case ast.Sub:
			return intValue(b.Sub(x, y)), nil
		}
		return intValue(b.Mul(x, y)), nil
	}
	x, err := t.Value(e.X, env)
	if err != nil {
		return no, err
	}
	y, err := t.Value(e.Y, env)
	if err != nil {
		return no, err
	}
	switch e.Op {
	case ast.In, ast.NotIn:
		if y.Shape.Kind != logic.SetKind {
			return no, t.errorf(e.Y, "expected a set, found %s", y.Shape)
		}
		m := b.Member(x, y)
		if e.Op == ast.NotIn {
			m = m.Not()
		}
		return boolValue(m), nil
	}
	j, err := join(x.Shape, y.Shape)
	if err == nil {
		if x, err = convert(x, j); err == nil {
			y, err = convert(y, j)
		}
	}
	if err != nil {
		return no, t.errorf(e, "%v", err)
	}
	switch e.Op {
	case ast.Eq:
		return boolValue(b.Equal(x, y)), nil
	case ast.Neq:
		return boolValue(b.Equal(x, y).Not()), nil
	}
	if j.Kind != logic.SetKind {
		return no, t.errorf(e, "%s takes sets, found %s", e.Op, j)
	}
	switch e.Op {
	case ast.Subset:
		return boolValue(b.Subset(x, y)), nil
	case ast.Union:
		return b.Union(x, y), nil
	case ast.Intersect:
		return b.Intersect(x, y), nil
	case ast.Minus:
		return b.Minus(x, y), nil
	}
	return no, t.errorf(e, "cannot encode %s", e.Op)
}
