package check

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// checkActionClauses checks each action on its own, in the static world: dead actions
// (no step from any valid state), and the clauses' vacuity, unreachable arms and
// redundant requires in their contexts. It returns the dead actions.
func (c *checker) checkActionClauses(acts []*action, compOf map[*action]*component) map[*action]bool {
	dead := map[*action]bool{}
	for _, a := range acts {
		w := c.newWorldIn(compOf[a])
		pre, post := w.newState(), w.newState()
		preFacts := w.facts(pre)
		st := w.step(a, pre, post, nil)
		if !st.ok {
			c.add(diag.New(diag.Unknown, a.decl.Name.Span, "some clauses of %s could not be encoded; it is left out of the checks", a.sym.Name))
			dead[a] = true
			continue
		}
		w.b.Assert(st.frame)
		var cls []*clause
		cls = append(cls, preFacts...)
		cls = append(cls, st.requires...)
		cls = append(cls, st.ensures...)
		cls = append(cls, st.postFacts...)
		all := lits(cls, nil)
		r := c.solve(w.b, all...)
		if r.Status == logic.Unknown {
			c.unknown(a.decl.Name.Span, "whether "+a.sym.Name+" can ever take a step", r)
			dead[a] = true
			continue
		}
		if r.Status == logic.Unsat {
			dead[a] = true
			core := w.b.Shrink(c.ctx, all, c.budget)
			f := diag.New(diag.DeadAction, a.decl.Name.Span, "%s can never take a step: its clauses conflict with each other or with the facts", a.sym.Name)
			in := map[logic.Lit]bool{}
			for _, l := range core.Lits {
				in[l] = true
			}
			for i, cl := range cls {
				if in[cl.lit] {
					msg := c.clauseName(cl.node) + " is part of the conflict"
					if i >= len(cls)-len(st.postFacts) {
						msg = c.clauseName(cl.node) + " (in the state after the step) is part of the conflict"
					}
					f.Related = append(f.Related, diag.Related{Span: cl.span(), Message: msg})
					delete(in, cl.lit)
				}
			}
			c.add(f)
			continue
		}
		// The clauses in their contexts.
		facts := lits(preFacts, nil)
		for _, rq := range st.requires {
			ctx := append(append([]logic.Lit(nil), facts...), lits(st.requires, rq)...)
			vac := false
			if c.tautology(w.b, rq.lit, rq.span()) {
				c.add(diag.New(diag.Vacuous, rq.span(), "%s is true by the types alone: it says nothing", c.clauseName(rq.node)))
				vac = true
			}
			vac = c.reachSites(w.b, rq, ctx, vac, w.stateOf(pre))
			if vac {
				continue
			}
			if r := c.solve(w.b, append(ctx, rq.lit.Not())...); r.Status == logic.Unsat {
				c.add(diag.New(diag.Redundant, rq.span(), "%s follows from the facts and the other requires of %s", c.clauseName(rq.node), a.sym.Name))
			}
		}
		stepCtx := append(append(append([]logic.Lit(nil), facts...), lits(st.requires, nil)...), lits(st.postFacts, nil)...)
		for _, en := range st.ensures {
			ctx := append(append([]logic.Lit(nil), stepCtx...), lits(st.ensures, en)...)
			vac := false
			if c.tautology(w.b, en.lit, en.span()) {
				c.add(diag.New(diag.Vacuous, en.span(), "%s is true by the types alone: it says nothing", c.clauseName(en.node)))
				vac = true
			}
			c.reachSites(w.b, en, ctx, vac, w.stepOf(st))
		}
	}
	return dead
}

// reachableActions: an action enabled in some valid state but in no reachable one is
// unreachable; one whose requires hold in a reachable state where no next state
// satisfies its ensures is blocked.
func (c *checker) reachableActions(t *trace, acts []*action) {
	if len(acts) == 0 {
		return
	}
	t.extend(c.depth + 1)
	for ai, a := range acts {
		var enabled []logic.Lit
		for k := 0; k <= c.depth; k++ {
			enabled = append(enabled, t.steps[k][indexOf(t.acts, a)].enabled)
		}
		_ = ai
		r := c.solve(t.b, t.b.Ors(enabled...))
		if r.Status == logic.Unknown {
			c.unknown(a.decl.Name.Span, "whether "+a.sym.Name+" is ever enabled", r)
			continue
		}
		if r.Status == logic.Unsat {
			c.add(diag.New(diag.Unreachable, a.decl.Name.Span, "%s is enabled in no state reachable in at most %d steps", a.sym.Name, c.depth))
			continue
		}
		c.blocked(t, a)
	}
}

func indexOf(acts []*action, a *action) int {
	for i, x := range acts {
		if x == a {
			return i
		}
	}
	return -1
}

// blocked looks for a reachable state and arguments where the action's requires hold
// but no next state satisfies its ensures, the facts and the types. When the ensures
// give every changed variable a value (`x' == e`), the only candidate next state is
// computed and checked in one question per depth; otherwise candidates are refined
// against next states found so far, a bounded number of times.
func (c *checker) blocked(t *trace, a *action) {
	idx := indexOf(t.acts, a)
	for k := 0; k <= c.depth; k++ {
		st := t.steps[k][idx]
		okNext, exact := c.successorExists(t.world, st)
		if !exact {
			c.blockedByRefinement(t, a, k)
			return
		}
		vals := t.runValues(k)
		for _, p := range a.sym.Params {
			vals = append(vals, st.args[p])
		}
		r := c.solveCanonical(t.b, vals, st.enabled, okNext.Not())
		if r.Status == logic.Unknown {
			c.unknown(a.decl.Name.Span, "whether "+a.sym.Name+" can be blocked", r)
			return
		}
		if r.Status == logic.Sat {
			c.reportBlocked(t, st, k)
			return
		}
	}
}

func (c *checker) reportBlocked(t *trace, st *step, k int) {
	cx := t.run(k)
	label := stepLabel(t.b, st)
	last := cx.States[len(cx.States)-1]
	var parts []string
	for _, b := range last {
		parts = append(parts, b.Name+" = "+b.Value.String())
	}
	f := diag.New(diag.BlockedAction, st.act.decl.Name.Span,
		"%s is blocked: from the reachable state %s, %s meets its requires but no next state satisfies its ensures, the facts and the types",
		st.act.sym.Name, strings.Join(parts, ", "), label)
	cx.Bindings = decodeLocals(t.b, st.args)
	f.Counterexample = cx
	c.add(f)
}

// successorExists builds, when every primed variable of the action is defined by a
// top-level ensures conjunct `x' == e`, the literal "the computed next state is a
// valid next state". exact is false when some primed variable is not so defined, or
// when the ensures or the facts choose a value (a cases without else): then a next
// state exists when some choice works, which one computed state cannot tell.
func (c *checker) successorExists(w *world, st *step) (logic.Lit, bool) {
	for _, f := range c.facts {
		if c.choosesValue(f.node) {
			return logic.Lit(0), false
		}
	}
	defs := map[*sema.Symbol]ast.Expr{}
	for _, cl := range st.act.decl.Clauses {
		if cl.Kind != ast.Ensures || cl.Body == nil || c.info.Broken(cl) {
			continue
		}
		if c.choosesValue(cl) {
			return logic.Lit(0), false
		}
		for _, conj := range conjuncts(cl.Body) {
			bin, ok := ast.Unparen(conj).(*ast.Binary)
			if !ok || bin.Op != ast.Eq {
				continue
			}
			for _, side := range [][2]ast.Expr{{bin.X, bin.Y}, {bin.Y, bin.X}} {
				p, ok := ast.Unparen(side[0]).(*ast.Primed)
				if !ok || len(c.info.Primes(side[1])) > 0 {
					continue
				}
				if sym := c.info.Uses[p.Ident]; sym != nil {
					if _, seen := defs[sym]; !seen {
						defs[sym] = side[1]
					}
				}
			}
		}
	}
	primed := map[*sema.Symbol]bool{}
	for _, cl := range st.act.decl.Clauses {
		if cl.Body == nil || c.info.Broken(cl) {
			continue
		}
		for _, s := range c.info.Primes(cl) {
			primed[s] = true
		}
	}
	for s := range primed {
		if defs[s] == nil {
			return logic.Lit(0), false
		}
	}
	b := w.b
	next := encode.State{}
	var inType []logic.Lit
	f := &encode.Frame{Pre: st.pre, Locals: st.args, Path: logic.Bool(true)}
	for _, v := range w.vars() {
		e, ok := defs[v]
		if !ok {
			next[v] = st.pre[v]
			continue
		}
		var val logic.Value
		var err error
		func() {
			defer encode.Catch(&err)
			val = w.enc.Value(f, e)
		}()
		if err != nil {
			return logic.Lit(0), false
		}
		shape := w.enc.Shape(v.Type)
		if shape.Kind == logic.IntKind && val.Shape.Kind == logic.IntKind {
			inType = append(inType, b.InRange(val.N, shape.Lo, shape.Hi))
			val = logic.Value{Shape: shape, N: val.N}
		} else if !logic.SameShape(shape, val.Shape) {
			return logic.Lit(0), false
		} else {
			inType = append(inType, b.InDomain(val))
		}
		next[v] = val
	}
	var conds []logic.Lit
	conds = append(conds, inType...)
	for _, fct := range w.facts(next) {
		conds = append(conds, fct.lit)
	}
	ff := &encode.Frame{Pre: st.pre, Post: next, Locals: st.args, Path: logic.Bool(true)}
	for _, cl := range st.act.decl.Clauses {
		if cl.Kind != ast.Ensures || cl.Body == nil || c.info.Broken(cl) {
			continue
		}
		enc, ok := w.clause(cl, cl.Body, ff)
		if !ok {
			return logic.Lit(0), false
		}
		conds = append(conds, enc.lit)
	}
	return b.Ands(conds...), true
}

// choosesValue reports whether n holds a cases without else, directly or in a pred or
// fun it calls: where no arm matches, its value is chosen afresh.
func (c *checker) choosesValue(n ast.Node) bool {
	found := false
	seen := map[ast.Node]bool{}
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		if n == nil || seen[n] || found {
			return
		}
		seen[n] = true
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.Cases:
				if m.Else == nil {
					found = true
				}
			case *ast.Ident:
				if sym := c.info.Uses[m]; sym != nil && (sym.Kind == sema.KindPred || sym.Kind == sema.KindFun) {
					visit(sym.Decl)
				}
			}
			return !found
		})
	}
	visit(n)
	return found
}

func conjuncts(e ast.Expr) []ast.Expr {
	if bin, ok := ast.Unparen(e).(*ast.Binary); ok && bin.Op == ast.And {
		return append(conjuncts(bin.X), conjuncts(bin.Y)...)
	}
	return []ast.Expr{e}
}

// maxRefinements bounds the candidate/next-state rounds of the general blocked check.
const maxRefinements = 64

// blockedByRefinement decides blocked-ness when the next state is not given
// explicitly: find an enabled reachable (state, args); ask for a next state; if there
// is one, rule out every candidate that this next state serves, and repeat.
func (c *checker) blockedByRefinement(t *trace, a *action, fromK int) {
	idx := indexOf(t.acts, a)
	for k := fromK; k <= c.depth; k++ {
		st := t.steps[k][idx]
		var excluded []logic.Lit
		for round := 0; ; round++ {
			if round == maxRefinements {
				c.add(diag.New(diag.Unknown, a.decl.Name.Span, "could not decide whether %s can be blocked: its next states are too varied to enumerate (%d candidates tried)", a.sym.Name, maxRefinements))
				return
			}
			r := c.solve(t.b, append([]logic.Lit{st.enabled}, excluded...)...)
			if r.Status == logic.Unknown {
				c.unknown(a.decl.Name.Span, "whether "+a.sym.Name+" can be blocked", r)
				return
			}
			if r.Status == logic.Unsat {
				break
			}
			// Fix the candidate and ask for a next state in a separate world.
			w := c.newWorldIn(t.scope)
			pre, post := w.newState(), w.newState()
			var fix, candidate []logic.Lit // the candidate, in the new world and in the trace
			for _, v := range w.vars() {
				val := t.b.Decode(st.pre[v])
				fix = append(fix, w.b.Is(pre[v], val))
				candidate = append(candidate, t.b.Is(st.pre[v], val))
			}
			args := map[*sema.Symbol]logic.Value{}
			for _, p := range a.sym.Params {
				args[p] = w.enc.FreshLocal(p)
				val := t.b.Decode(st.args[p])
				fix = append(fix, w.b.Is(args[p], val))
				candidate = append(candidate, t.b.Is(st.args[p], val))
			}
			ws := w.step(a, pre, post, args)
			r2 := c.solve(w.b, append(fix, ws.taken)...)
			if r2.Status == logic.Unknown {
				c.unknown(a.decl.Name.Span, "whether "+a.sym.Name+" can be blocked", r2)
				return
			}
			if r2.Status == logic.Unsat {
				// Restore a model of the run to this very candidate.
				c.solve(t.b, append(append([]logic.Lit{st.enabled}, excluded...), candidate...)...)
				c.reportBlocked(t, st, k)
				return
			}
			// The next state found serves this candidate, and every other for which
			// it is a valid next state: exclude those. (Where the clauses choose a
			// value, "valid" depends on the choice, so the candidate itself is always
			// excluded too, and the search ends.)
			succ := encode.State{}
			for _, v := range w.vars() {
				succ[v] = logic.ConstValue(t.enc.Shape(v.Type), w.b.Decode(post[v]))
			}
			alt := t.step(a, st.pre, succ, st.args)
			excluded = append(excluded, t.b.Or(alt.taken, t.b.Ands(candidate...)).Not())
		}
	}
}
