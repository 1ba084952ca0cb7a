package eval

import (
	"errors"
	"fmt"
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// Frame is what an expression reads: unprimed vars read Cur, primed vars Next, and
// parameters and bound variables come from Env. A nil entry of Set marks a var not
// yet chosen by a search (reading it is a bug of the search, reported as an error).
type Frame struct {
	Cur, Next State
	Env       map[*sema.Symbol]diag.Value
	// partial: a search is choosing the states part by part; reading a part not
	// chosen yet is errNotReady.
	partial bool
}

// errNotReady is a search's try of a clause that reads a part of a var not chosen yet.
var errNotReady = errors.New("not ready")

// evaluation is one evaluation of an expression, under one sequence of choices for
// the cases that match no arm.
type evaluation struct {
	m     *Machine
	frame *Frame
	err   error
	// picks are the choices of this evaluation, by the order in which unmatched cases
	// are met; sizes how many values each one could take.
	picks, sizes []int
	pos          int
}

// Mode says how the unknown value of a cases with no matching arm is read: an
// assumption holds when some choice makes it true, a claim needs every choice.
type Mode int

const (
	Assume Mode = iota // fact, initially, requires, ensures, given
	Claim              // invariant, assert, expect
)

// Mode is how a clause of this kind reads unknown values.
func (c *Clause) Mode() Mode {
	switch c.Kind {
	case ast.Invariant, ast.Assert:
		return Claim
	}
	return Assume
}

// Holds evaluates a boolean expression under mode.
func (m *Machine) Holds(e ast.Expr, f *Frame, mode Mode) (bool, error) {
	res := false
	err := m.choices(e, f, func(v diag.Value) bool {
		if v.Kind != diag.BoolValue {
			return false
		}
		res = v.Bool
		// An assumption stops at its first true choice, a claim at its first false one.
		return (mode == Assume) != v.Bool
	})
	return res, err
}

// Eval evaluates an expression; ok is false when its value depends on the choice of
// a cases with no matching arm (Possible lists every value then).
func (m *Machine) Eval(e ast.Expr, f *Frame) (diag.Value, bool, error) {
	vals, err := m.Possible(e, f)
	if err != nil {
		return diag.Value{}, false, err
	}
	return vals[0], len(vals) == 1, nil
}

// Possible lists the values an expression can take over the choices of its unmatched
// cases (one value when it has none), without repeats, in the order first met.
func (m *Machine) Possible(e ast.Expr, f *Frame) ([]diag.Value, error) {
	var out []diag.Value
	err := m.choices(e, f, func(v diag.Value) bool {
		if !slices.ContainsFunc(out, func(w diag.Value) bool { return sema.Equal(v, w) }) {
			out = append(out, v)
		}
		return true
	})
	return out, err
}

// choices evaluates e under every sequence of choices, odometer style, until yield
// returns false.
func (m *Machine) choices(e ast.Expr, f *Frame, yield func(diag.Value) bool) error {
	ev := &evaluation{m: m, frame: f}
	for runs := 0; ; runs++ {
		if runs >= m.Limits.Choices {
			return &LimitError{What: fmt.Sprintf("the choices of unknown cases values in the expression at byte %d", e.Bounds().Start), Limit: m.Limits.Choices}
		}
		ev.pos, ev.err = 0, nil
		v, ok := m.Info.Eval(e, f.Env, ev.hook)
		if ev.err != nil {
			return ev.err
		}
		if !ok {
			return &EvalError{Span: e.Bounds(), Reason: "an integer beyond 64 bits here: the evaluator does not compute it"}
		}
		if !yield(v) {
			return nil
		}
		// Advance the last choice that has values left; drop the ones after it.
		ev.picks, ev.sizes = ev.picks[:ev.pos], ev.sizes[:ev.pos]
		i := len(ev.picks) - 1
		for i >= 0 && ev.picks[i]+1 >= ev.sizes[i] {
			i--
		}
		if i < 0 {
			return nil
		}
		ev.picks[i]++
		ev.picks, ev.sizes = ev.picks[:i+1], ev.sizes[:i+1]
	}
}

func (ev *evaluation) fail(err error) (diag.Value, bool, bool) {
	if ev.err == nil {
		ev.err = err
	}
	return diag.Value{}, false, true
}

func (ev *evaluation) eval(e ast.Expr, env map[*sema.Symbol]diag.Value) (diag.Value, bool) {
	return ev.m.Info.Eval(e, env, ev.hook)
}

// hook evaluates what sema's constant evaluator leaves out.
func (ev *evaluation) hook(e ast.Expr, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	if ev.err != nil {
		return diag.Value{}, false, true
	}
	m := ev.m
	switch e := e.(type) {
	case *ast.Name:
		s := m.Info.Uses[e.Ident]
		if s == nil && e.Ident.Name == "bool" { // the keyword as the set of its values
			return ev.typeSet(e, types.Bool)
		}
		if s == nil {
			return ev.fail(&EvalError{Span: e.Span, Reason: "unresolved name " + e.Ident.Name})
		}
		switch s.Kind {
		case sema.KindVar:
			return ev.varValue(e, s, ev.frame.Cur)
		case sema.KindPred, sema.KindFun:
			return ev.call(e, s, nil, env)
		case sema.KindType, sema.KindEnum:
			return ev.typeSet(e, s.Type)
		}
	case *ast.Primed:
		return ev.varValue(e, m.Info.Uses[e.Ident], ev.frame.Next)
	case *ast.Call:
		return ev.call(e, m.Info.Uses[e.Fun], e.Args, env)
	case *ast.Select:
		if v, ok, handled := ev.part(e, env); handled {
			return v, ok, true
		}
	case *ast.Index:
		if v, ok, handled := ev.part(e, env); handled {
			return v, ok, true
		}
		mv, ok1 := ev.eval(e.X, env)
		k, ok2 := ev.eval(e.Key, env)
		if !ok1 || !ok2 || mv.Kind != diag.MapValue {
			return diag.Value{}, false, true
		}
		key := k.String()
		for _, en := range mv.Entries {
			if en.Name == key {
				return en.Value, true, true
			}
		}
		return ev.fail(&EvalError{Span: e.Key.Bounds(), Reason: "the key " + key + " is outside the map's key type"})
	case *ast.MapUpdate:
		mv, ok1 := ev.eval(e.X, env)
		k, ok2 := ev.eval(e.Key, env)
		v, ok3 := ev.eval(e.Value, env)
		if !ok1 || !ok2 || !ok3 || mv.Kind != diag.MapValue {
			return diag.Value{}, false, true
		}
		key := k.String()
		entries := slices.Clone(mv.Entries)
		for i := range entries {
			if entries[i].Name == key {
				entries[i].Value = v
			}
		}
		return diag.Map(entries...), true, true
	case *ast.Quant:
		return ev.quant(e, env)
	case *ast.Comprehension:
		return ev.comprehension(e, env)
	case *ast.If:
		c, ok := ev.eval(e.Cond, env)
		if !ok || c.Kind != diag.BoolValue {
			return diag.Value{}, false, true
		}
		branch := e.Else
		if c.Bool {
			branch = e.Then
		}
		if m.Cover != nil {
			m.Cover(branch)
		}
		v, ok := ev.eval(branch, env)
		return v, ok, true
	case *ast.Cases:
		return ev.cases(e, env)
	case *ast.RecordLit:
		// Record literals may list fields in any order: keep the type's order.
		var fields []diag.Binding
		for _, f := range e.Fields {
			v, ok := ev.eval(f.Value, env)
			if !ok {
				return diag.Value{}, false, true
			}
			fields = append(fields, diag.Binding{Name: f.Name.Name, Value: v})
		}
		return m.Canon(m.Info.Types[e], diag.Record(fields...)), true, true
	}
	return diag.Value{}, false, false
}

func (ev *evaluation) varValue(e ast.Expr, s *sema.Symbol, st State) (diag.Value, bool, bool) {
	i, ok := ev.m.varIndex[s]
	if !ok || i >= len(st) || st[i].Kind == unset {
		return ev.fail(&EvalError{Span: e.Bounds(), Reason: "internal: the value of " + s.Name + " is not known here"})
	}
	if ev.frame.partial && hasUnset(st[i]) {
		return ev.fail(errNotReady)
	}
	return st[i], true, true
}

// part reads an entry or field of a var that a search is choosing part by part
// (`grants[Admin]`, `cfg'.on`): ready when that part is chosen, whatever the rest.
// handled is false for anything else.
func (ev *evaluation) part(e ast.Expr, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	if !ev.frame.partial {
		return diag.Value{}, false, false
	}
	var steps []ast.Expr
	x := ast.Expr(e)
	for walking := true; walking; {
		switch y := ast.Unparen(x).(type) {
		case *ast.Index:
			steps, x = append(steps, y), y.X
		case *ast.Select:
			if ev.m.Info.Uses[y.Field] != nil {
				return diag.Value{}, false, false // an enum member
			}
			steps, x = append(steps, y), y.X
		default:
			walking = false
		}
	}
	var v diag.Value
	switch r := ast.Unparen(x).(type) {
	case *ast.Name:
		s := ev.m.Info.Uses[r.Ident]
		i, ok := ev.m.varIndex[s]
		if s == nil || s.Kind != sema.KindVar || !ok {
			return diag.Value{}, false, false
		}
		v = ev.frame.Cur[i]
	case *ast.Primed:
		i, ok := ev.m.varIndex[ev.m.Info.Uses[r.Ident]]
		if !ok {
			return diag.Value{}, false, false
		}
		v = ev.frame.Next[i]
	default:
		return diag.Value{}, false, false
	}
	if !hasUnset(v) {
		return diag.Value{}, false, false // chosen whole: the usual rules
	}
	for j := len(steps) - 1; j >= 0; j-- {
		var name string
		switch y := steps[j].(type) {
		case *ast.Index:
			k, ok := ev.eval(y.Key, env)
			if !ok {
				return diag.Value{}, false, true
			}
			name = k.String()
		case *ast.Select:
			name = y.Field.Name
		}
		sub, ok := getPath(v, []string{name})
		if !ok {
			return ev.fail(&EvalError{Span: steps[j].Bounds(), Reason: "the key " + name + " is outside the map's key type"})
		}
		v = sub
	}
	if hasUnset(v) {
		return ev.fail(errNotReady)
	}
	return v, true, true
}

// unset marks a var a search has not chosen yet (never a real value's kind).
const unset diag.ValueKind = -1

func (ev *evaluation) typeSet(e ast.Expr, t types.Type) (diag.Value, bool, bool) {
	if !types.IsFinite(t) || types.Size(t) > uint64(ev.m.Limits.Values) {
		return ev.fail(&LimitError{What: "the values of the type at byte " + fmt.Sprint(e.Bounds().Start), Limit: ev.m.Limits.Values})
	}
	var elems []diag.Value
	for v := range types.Values(t) {
		elems = append(elems, v)
	}
	return diag.Set(elems...), true, true
}

func (ev *evaluation) call(e ast.Expr, s *sema.Symbol, args []ast.Expr, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	body, ok := ev.m.bodies[s]
	if s == nil || !ok {
		return ev.fail(&EvalError{Span: e.Bounds(), Reason: "the called pred or fun did not check"})
	}
	inner := map[*sema.Symbol]diag.Value{}
	for i, p := range s.Params {
		if i >= len(args) {
			break
		}
		v, ok := ev.eval(args[i], env)
		if !ok {
			return diag.Value{}, false, true
		}
		inner[p] = v
	}
	v, ok := ev.eval(body, inner)
	return v, ok, true
}

// over yields the values of a quantifier's or comprehension's range: a type name's
// values directly (no set is built), else the elements of the set.
func (ev *evaluation) over(set ast.Expr, env map[*sema.Symbol]diag.Value) ([]diag.Value, bool) {
	if n, ok := ast.Unparen(set).(*ast.Name); ok {
		if s := ev.m.Info.Uses[n.Ident]; s == nil && n.Ident.Name == "bool" {
			return []diag.Value{diag.Bool(false), diag.Bool(true)}, true
		} else if s != nil && (s.Kind == sema.KindType || s.Kind == sema.KindEnum) {
			v, ok, _ := ev.typeSet(set, s.Type)
			return v.Elems, ok
		}
	}
	v, ok := ev.eval(set, env)
	if !ok || v.Kind != diag.SetValue {
		return nil, false
	}
	return v.Elems, true
}

func (ev *evaluation) quant(e *ast.Quant, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	inner := make(map[*sema.Symbol]diag.Value, len(env)+2)
	for k, v := range env {
		inner[k] = v
	}
	var vars []*sema.Symbol
	var sets []ast.Expr
	for _, b := range e.Bindings {
		for _, id := range b.Vars {
			vars = append(vars, ev.m.Info.Defs[id])
			sets = append(sets, b.Set)
		}
	}
	// found: a witness for some, a counterexample for all, a witness against no.
	want := e.Kind != ast.All
	var rec func(i int) (found, ok bool)
	rec = func(i int) (bool, bool) {
		if i == len(vars) {
			v, ok := ev.eval(e.Body, inner)
			if !ok || v.Kind != diag.BoolValue {
				return false, false
			}
			return v.Bool == want, true
		}
		// A later range may read an earlier variable, so it is evaluated per value.
		elems, ok := ev.over(sets[i], inner)
		if !ok {
			return false, false
		}
		for _, x := range elems {
			inner[vars[i]] = x
			found, ok := rec(i + 1)
			if !ok || found {
				return found, ok
			}
		}
		delete(inner, vars[i])
		return false, true
	}
	found, ok := rec(0)
	if !ok {
		return diag.Value{}, false, true
	}
	switch e.Kind {
	case ast.All:
		return diag.Bool(!found), true, true
	case ast.Some:
		return diag.Bool(found), true, true
	}
	return diag.Bool(!found), true, true
}

func (ev *evaluation) comprehension(e *ast.Comprehension, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	elems, ok := ev.over(e.Set, env)
	if !ok {
		return diag.Value{}, false, true
	}
	inner := make(map[*sema.Symbol]diag.Value, len(env)+1)
	for k, v := range env {
		inner[k] = v
	}
	x := ev.m.Info.Defs[e.Var]
	var out []diag.Value
	for _, v := range elems {
		inner[x] = v
		c, ok := ev.eval(e.Cond, inner)
		if !ok || c.Kind != diag.BoolValue {
			return diag.Value{}, false, true
		}
		if c.Bool {
			out = append(out, v)
		}
	}
	return ev.m.Canon(ev.m.Info.Types[e], diag.Set(out...)), true, true
}

func (ev *evaluation) cases(e *ast.Cases, env map[*sema.Symbol]diag.Value) (diag.Value, bool, bool) {
	m := ev.m
	for _, arm := range e.Arms {
		g, ok := ev.eval(arm.Guard, env)
		if !ok || g.Kind != diag.BoolValue {
			return diag.Value{}, false, true
		}
		if g.Bool {
			if m.Cover != nil {
				m.Cover(arm)
			}
			v, ok := ev.eval(arm.Value, env)
			return v, ok, true
		}
	}
	if e.Else != nil {
		if m.Cover != nil {
			m.Cover(e.Else)
		}
		v, ok := ev.eval(e.Else.Value, env)
		return v, ok, true
	}
	// No arm matches: some value of the type (a fun's result type, else the type the
	// arms span), a choice of this evaluation.
	t, ok := m.funCases[e]
	if !ok {
		t = m.Info.Types[e]
	}
	if t == nil || types.IsInvalid(t) || !types.IsFinite(t) {
		return ev.fail(&EvalError{Span: e.Span, Reason: "no arm of this cases matches, and its type is not finite"})
	}
	size := types.Size(t)
	if size > uint64(m.Limits.Values) {
		return ev.fail(&LimitError{What: "the values of the cases at byte " + fmt.Sprint(e.Span.Start), Limit: m.Limits.Values})
	}
	if ev.pos == len(ev.picks) {
		ev.picks = append(ev.picks, 0)
		ev.sizes = append(ev.sizes, int(size))
	}
	pick := ev.picks[ev.pos]
	ev.pos++
	i := 0
	for v := range types.Values(t) {
		if i == pick {
			return v, true, true
		}
		i++
	}
	return ev.fail(&EvalError{Span: e.Span, Reason: "internal: choice out of range"})
}
