package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// maxBindingTries bounds the values tried when looking for the bound variables that
// break a quantified property: past it the bindings are left out (the run still
// shows the property failing).
const maxBindingTries = 4096

// breakingBindings finds, for a property `all x in S: body` (or `no x in S: body`)
// broken by a counterexample, the first values of its bound variables, in the order
// of their types, for which the body fails (holds, for `no`) in the breaking state:
// the `l = Red` of `all l in Light: …`, which a reader needs to see what went wrong.
// The state (for a step property the last two states) is pinned to the
// counterexample's values, so each try is propagation. Nil when the property is no
// such quantifier or nothing is found within maxBindingTries.
func (c *checker) breakingBindings(scope *component, cd *ast.ClauseDecl, cx *diag.Counterexample, isStep bool) []diag.Binding {
	q, ok := ast.Unparen(cd.Body).(*ast.Quant)
	if !ok || q.Kind == ast.Some || cx == nil || len(cx.States) == 0 || (isStep && len(cx.States) < 2) {
		return nil
	}
	w := c.newWorldIn(scope)
	pin := func(vals diag.State) (encode.State, bool) {
		s := w.newState()
		byName := map[string]diag.Value{}
		for _, b := range vals {
			byName[b.Name] = b.Value
		}
		for _, v := range w.vars() {
			x, ok := byName[v.Name]
			if !ok {
				return nil, false
			}
			w.b.Assert(w.b.Equal(s[v], logic.ConstValue(s[v].Shape, x)))
		}
		return s, true
	}
	frame := &encode.Frame{Locals: map[*sema.Symbol]logic.Value{}, Path: logic.Bool(true)}
	if isStep {
		pre, ok1 := pin(cx.States[len(cx.States)-2])
		post, ok2 := pin(cx.States[len(cx.States)-1])
		if !ok1 || !ok2 {
			return nil
		}
		frame.Pre, frame.Post = pre, post
	} else {
		s, ok := pin(cx.States[len(cx.States)-1])
		if !ok {
			return nil
		}
		frame.Pre = s
	}
	var vars []*ast.Ident
	var sets []ast.Expr
	for _, bd := range q.Bindings {
		for _, v := range bd.Vars {
			vars = append(vars, v)
			sets = append(sets, bd.Set)
		}
	}
	tries := 0
	var found []diag.Binding
	// search binds vars[i:] under f, each to the values of its set in type order.
	var search func(f *encode.Frame, i int, in logic.Lit) bool
	search = func(f *encode.Frame, i int, in logic.Lit) bool {
		if i == len(vars) {
			tries++
			body, err := w.enc.Formula(f, q.Body)
			if err != nil {
				return false // the property's own encoding succeeded: no bindings shown
			}
			if q.Kind == ast.All {
				body = body.Not()
			}
			if c.solve(w.b, in, body).Status != logic.Sat {
				return false
			}
			for _, v := range vars {
				sym := c.info.Defs[v]
				found = append(found, diag.Binding{Name: v.Name, Value: w.b.Decode(f.Locals[sym])})
			}
			return true
		}
		set, err := w.enc.Value(f, sets[i])
		sym := c.info.Defs[vars[i]]
		if err != nil || sym == nil {
			return false
		}
		for k, val := range set.Shape.Elem.Universe(logic.UniverseLimit) {
			if set.Elems[k] == logic.Bool(false) {
				continue
			}
			if tries >= maxBindingTries {
				return false
			}
			g := *f
			g.Locals = make(map[*sema.Symbol]logic.Value, len(f.Locals)+1)
			for s, x := range f.Locals {
				g.Locals[s] = x
			}
			g.Locals[sym] = logic.ConstValue(set.Shape.Elem, val)
			if search(&g, i+1, w.b.And(in, set.Elems[k])) {
				return true
			}
		}
		return false
	}
	search(frame, 0, logic.Bool(true))
	return found
}
