package sema

import (
	"math"
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// maxConstSet bounds the sets a constant may build (a type name or range used as a
// set): constants are small by nature, and a bigger one is better left to the solver.
const maxConstSet = 1 << 12

// evaluator computes the values of constant expressions from a checked tree (it reads
// Uses and Types). It never reports: an expression it cannot evaluate is simply not
// constant, and the checker says why where that matters.
type evaluator struct {
	info    *Info
	constOf func(*Symbol) (diag.Value, bool)
	hook    EvalHook // nil for constants
}

// EvalHook evaluates what the constant rules leave out (vars, primes, calls,
// quantifiers, maps, cases with no matching arm). It is asked first about every
// sub-expression; handled false lets the constant evaluator go on with it.
type EvalHook func(e ast.Expr, env map[*Symbol]diag.Value) (v diag.Value, ok, handled bool)

// Eval evaluates e, an expression of the checked file, on concrete values: env gives
// parameters and bound variables, hook (lang/eval's) the rest of the language. The
// constant rules are this file's, so a constant and a concrete run agree on every
// operator. ok is false when e has no value here (the hook says why).
func (info *Info) Eval(e ast.Expr, env map[*Symbol]diag.Value, hook EvalHook) (diag.Value, bool) {
	ev := evaluator{info: info, constOf: info.ConstValue, hook: hook}
	return ev.eval(e, env)
}

// Equal is value equality as Specl defines it: records compare by field name,
// whatever the field order; sets by their elements.
func Equal(a, b diag.Value) bool { return equal(a, b) }

func (ev evaluator) eval(e ast.Expr, env map[*Symbol]diag.Value) (diag.Value, bool) {
	var no diag.Value
	if ev.hook != nil {
		if v, ok, handled := ev.hook(e, env); handled {
			return v, ok
		}
	}
	switch e := e.(type) {
	case *ast.IntLit:
		return diag.Int(e.Value), true
	case *ast.BoolLit:
		return diag.Bool(e.Value), true
	case *ast.Paren:
		return ev.eval(e.X, env)
	case *ast.Name:
		return ev.symbol(ev.info.Uses[e.Ident], env)
	case *ast.Select:
		if s := ev.info.Uses[e.Field]; s != nil && s.Kind == KindMember {
			return diag.Enum(s.Name), true
		}
		r, ok := ev.eval(e.X, env)
		if !ok || r.Kind != diag.RecordValue {
			return no, false
		}
		for _, f := range r.Entries {
			if f.Name == e.Field.Name {
				return f.Value, true
			}
		}
		return no, false
	case *ast.Unary:
		x, ok := ev.eval(e.X, env)
		if !ok {
			return no, false
		}
		switch {
		case e.Op == ast.Not && x.Kind == diag.BoolValue:
			return diag.Bool(!x.Bool), true
		case e.Op == ast.Neg && x.Kind == diag.IntValue && x.Int != math.MinInt64:
			return diag.Int(-x.Int), true
		}
		return no, false
	case *ast.Binary:
		return ev.binary(e, env)
	case *ast.SetLit:
		var elems []diag.Value
		for _, x := range e.Elems {
			v, ok := ev.eval(x, env)
			if !ok {
				return no, false
			}
			elems = append(elems, v)
		}
		return ev.set(e, elems), true
	case *ast.RecordLit:
		var fields []diag.Binding
		for _, f := range e.Fields {
			v, ok := ev.eval(f.Value, env)
			if !ok {
				return no, false
			}
			fields = append(fields, diag.Binding{Name: f.Name.Name, Value: v})
		}
		return diag.Record(fields...), true
	case *ast.RecordUpdate:
		r, ok1 := ev.eval(e.X, env)
		v, ok2 := ev.eval(e.Value, env)
		if !ok1 || !ok2 || r.Kind != diag.RecordValue {
			return no, false
		}
		fields := slices.Clone(r.Entries)
		for i := range fields {
			if fields[i].Name == e.Field.Name {
				fields[i].Value = v
				return diag.Record(fields...), true
			}
		}
		return no, false
	case *ast.RangeExpr:
		lo, ok1 := ev.eval(e.Lo, env)
		hi, ok2 := ev.eval(e.Hi, env)
		if !ok1 || !ok2 || lo.Kind != diag.IntValue || hi.Kind != diag.IntValue {
			return no, false
		}
		if hi.Int >= lo.Int && uint64(hi.Int-lo.Int) >= maxConstSet {
			return no, false
		}
		var elems []diag.Value
		if lo.Int <= hi.Int {
			// Counting from lo keeps a range that ends at the top of int64 finite.
			for n := range hi.Int - lo.Int + 1 {
				elems = append(elems, diag.Int(lo.Int+n))
			}
		}
		return diag.Set(elems...), true
	case *ast.Count:
		s, ok := ev.eval(e.X, env)
		if !ok || s.Kind != diag.SetValue {
			return no, false
		}
		return diag.Int(int64(len(s.Elems))), true
	case *ast.If:
		c, ok := ev.eval(e.Cond, env)
		if !ok || c.Kind != diag.BoolValue {
			return no, false
		}
		if c.Bool {
			return ev.eval(e.Then, env)
		}
		return ev.eval(e.Else, env)
	case *ast.Cases:
		for _, arm := range e.Arms {
			g, ok := ev.eval(arm.Guard, env)
			if !ok || g.Kind != diag.BoolValue {
				return no, false
			}
			if g.Bool {
				return ev.eval(arm.Value, env)
			}
		}
		if e.Else != nil {
			return ev.eval(e.Else.Value, env)
		}
	}
	return no, false
}

func (ev evaluator) symbol(s *Symbol, env map[*Symbol]diag.Value) (diag.Value, bool) {
	if s == nil {
		return diag.Value{}, false
	}
	switch s.Kind {
	case KindConst:
		return ev.constOf(s)
	case KindMember:
		return diag.Enum(s.Name), true
	case KindBound, KindParam: // a parameter is in env only for a concrete evaluation
		v, ok := env[s]
		return v, ok
	case KindType, KindEnum:
		if types.IsInvalid(s.Type) || types.Size(s.Type) > maxConstSet {
			return diag.Value{}, false
		}
		var elems []diag.Value
		for v := range types.Values(s.Type) {
			elems = append(elems, v)
		}
		return diag.Set(elems...), true
	}
	return diag.Value{}, false
}

// set builds a set value with its elements deduplicated and in canonical order.
func (ev evaluator) set(e ast.Expr, elems []diag.Value) diag.Value {
	var elem types.Type = types.Invalid
	if s, ok := ev.info.Types[e].(*types.Set); ok {
		elem = s.Elem
	}
	var out []diag.Value
	for _, v := range elems {
		if !slices.ContainsFunc(out, func(w diag.Value) bool { return equal(v, w) }) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b diag.Value) int { return types.Compare(elem, a, b) })
	return diag.Set(out...)
}

func (ev evaluator) binary(e *ast.Binary, env map[*Symbol]diag.Value) (diag.Value, bool) {
	var no diag.Value
	x, ok := ev.eval(e.X, env)
	if !ok {
		return no, false
	}
	// and, or and implies decide on their left operand where they can, as a reader
	// would: `false and …` is false whatever follows.
	if x.Kind == diag.BoolValue {
		switch {
		case e.Op == ast.And && !x.Bool, e.Op == ast.Or && x.Bool:
			return x, true
		case e.Op == ast.Implies && !x.Bool:
			return diag.Bool(true), true
		}
	}
	y, ok := ev.eval(e.Y, env)
	if !ok {
		return no, false
	}
	switch e.Op {
	case ast.And, ast.Or, ast.Implies, ast.Iff:
		if x.Kind != diag.BoolValue || y.Kind != diag.BoolValue {
			return no, false
		}
		switch e.Op {
		case ast.Iff:
			return diag.Bool(x.Bool == y.Bool), true
		default: // the left operand did not decide: the right one does
			return y, true
		}
	case ast.Eq:
		return diag.Bool(equal(x, y)), true
	case ast.Neq:
		return diag.Bool(!equal(x, y)), true
	case ast.Lt, ast.Le, ast.Gt, ast.Ge:
		if x.Kind != diag.IntValue || y.Kind != diag.IntValue {
			return no, false
		}
		a, b := x.Int, y.Int
		switch e.Op {
		case ast.Lt:
			return diag.Bool(a < b), true
		case ast.Le:
			return diag.Bool(a <= b), true
		case ast.Gt:
			return diag.Bool(a > b), true
		}
		return diag.Bool(a >= b), true
	case ast.Add, ast.Sub, ast.Mul:
		if x.Kind != diag.IntValue || y.Kind != diag.IntValue {
			return no, false
		}
		r, ok := arith(e.Op, x.Int, y.Int)
		return diag.Int(r), ok
	case ast.In, ast.NotIn:
		if y.Kind != diag.SetValue {
			return no, false
		}
		in := slices.ContainsFunc(y.Elems, func(w diag.Value) bool { return equal(x, w) })
		return diag.Bool(in == (e.Op == ast.In)), true
	case ast.Subset:
		if x.Kind != diag.SetValue || y.Kind != diag.SetValue {
			return no, false
		}
		for _, v := range x.Elems {
			if !slices.ContainsFunc(y.Elems, func(w diag.Value) bool { return equal(v, w) }) {
				return diag.Bool(false), true
			}
		}
		return diag.Bool(true), true
	case ast.Union, ast.Intersect, ast.Minus:
		if x.Kind != diag.SetValue || y.Kind != diag.SetValue {
			return no, false
		}
		inY := func(v diag.Value) bool {
			return slices.ContainsFunc(y.Elems, func(w diag.Value) bool { return equal(v, w) })
		}
		var out []diag.Value
		switch e.Op {
		case ast.Union:
			out = append(slices.Clone(x.Elems), y.Elems...)
		case ast.Intersect:
			for _, v := range x.Elems {
				if inY(v) {
					out = append(out, v)
				}
			}
		case ast.Minus:
			for _, v := range x.Elems {
				if !inY(v) {
					out = append(out, v)
				}
			}
		}
		return ev.set(e, out), true
	}
	return no, false
}

// arith is exact integer arithmetic; it reports false on int64 overflow.
func arith(op ast.BinaryOp, a, b int64) (int64, bool) {
	switch op {
	case ast.Add:
		r := a + b
		return r, (r > a) == (b > 0) || b == 0
	case ast.Sub:
		r := a - b
		return r, (r < a) == (b > 0) || b == 0
	case ast.Mul:
		if a == 0 || b == 0 {
			return 0, true
		}
		r := a * b
		if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
			return 0, false
		}
		return r, true
	}
	return 0, false
}

// equal is value equality; records compare by field name, whatever the field order.
func equal(a, b diag.Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case diag.BoolValue:
		return a.Bool == b.Bool
	case diag.IntValue:
		return a.Int == b.Int
	case diag.EnumValue:
		return a.Name == b.Name
	case diag.SetValue:
		if len(a.Elems) != len(b.Elems) {
			return false
		}
		for _, v := range a.Elems {
			if !slices.ContainsFunc(b.Elems, func(w diag.Value) bool { return equal(v, w) }) {
				return false
			}
		}
		return true
	default:
		if len(a.Entries) != len(b.Entries) {
			return false
		}
		for _, x := range a.Entries {
			found := false
			for _, y := range b.Entries {
				if x.Name == y.Name {
					found = equal(x.Value, y.Value)
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
}

// inOrderOf rewrites a value of type t with every record's fields in the order t
// declares them and every set's elements in t's canonical order: a record literal may
// list its fields in any order, and a const's value is then the same value however
// it was written (the encoder reads records by position).
func inOrderOf(t types.Type, v diag.Value) diag.Value {
	switch t := t.(type) {
	case *types.Record:
		if v.Kind != diag.RecordValue {
			return v
		}
		out := make([]diag.Binding, 0, len(t.Fields))
		for _, f := range t.Fields {
			for _, e := range v.Entries {
				if e.Name == f.Name {
					out = append(out, diag.Binding{Name: f.Name, Value: inOrderOf(f.Type, e.Value)})
				}
			}
		}
		return diag.Record(out...)
	case *types.Set:
		if v.Kind != diag.SetValue {
			return v
		}
		out := make([]diag.Value, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = inOrderOf(t.Elem, e)
		}
		slices.SortFunc(out, func(a, b diag.Value) int { return types.Compare(t.Elem, a, b) })
		return diag.Set(out...)
	case *types.Map:
		if v.Kind != diag.MapValue {
			return v
		}
		out := make([]diag.Binding, len(v.Entries))
		for i, e := range v.Entries {
			out[i] = diag.Binding{Name: e.Name, Value: inOrderOf(t.Value, e.Value)}
		}
		return diag.Value{Kind: diag.MapValue, Entries: out}
	}
	return v
}
