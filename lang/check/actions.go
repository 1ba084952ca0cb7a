package check

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/pdr"
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
		r := c.ask(question{what: "whether " + a.sym.Name + " can ever take a step", at: a.decl.Name.Span, b: w.b, assume: all})
		if r.Status == logic.Unknown {
			dead[a] = true
			continue
		}
		if r.Status == logic.Unsat {
			dead[a] = true
			core := c.shrink(question{what: "why " + a.sym.Name + " can never take a step", b: w.b, assume: all})
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
			// Inside a dead action only (c) is reported: it depends on the types alone.
			for _, cl := range append(append([]*clause(nil), st.requires...), st.ensures...) {
				if c.tautologyOf(cl.node, cl.body, a.sym.Params) {
					c.typesAlone(cl.node, cl.span())
				}
			}
			continue
		}
		// The clauses in their contexts.
		facts := lits(preFacts, nil)
		for _, rq := range st.requires {
			ctx := append(append([]logic.Lit(nil), facts...), lits(st.requires, rq)...)
			vac := false
			if c.tautology(w.b, rq.lit, rq.span()) {
				c.typesAlone(rq.node, rq.span())
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
				c.typesAlone(en.node, en.span())
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
//
// It reports whether some action is enabled in a reachable state (and so, blocked
// or not, the component's actions take steps: an idle step for the others).
func (c *checker) reachableActions(t *trace, acts []*action) bool {
	steps := false
	for _, a := range acts {
		idx := indexOf(t.acts, a)
		enabled, undecided := false, false
		enabledIn := func(b *logic.Builder, assume ...logic.Lit) {
			r := c.ask(question{what: "whether " + a.sym.Name + " is ever enabled", at: a.decl.Name.Span, b: b, assume: assume})
			undecided = r.Status == logic.Unknown
			enabled = r.Status == logic.Sat
		}
		at := func(k int) {
			t.extend(k + 1)
			enabledIn(t.b, t.steps[k][idx].enabled)
		}
		// In an initial state (the usual case, one small question), else at the
		// deepest index of the bounded runs, which stands for every depth (stutter
		// steps keep a state reachable in k steps at every later index), else, once
		// the reachable states are known, in any of them (t.reach).
		// Deepening: an action is usually enabled after a few steps, and a short
		// unrolling is a small solver.
		at(0)
		for k := 0; !enabled && !undecided && t.reach == nil && k < t.depth; {
			k = min(max(2*k, 1), t.depth)
			at(k)
		}
		if !enabled && !undecided && t.reach == nil && c.exactify(t) && t.reach == nil {
			at(t.depth) // the bound changed: ask there
		}
		if r := t.reach; !enabled && !undecided && r != nil {
			if r.encodeSteps(t.acts) {
				enabledIn(r.b, r.in, r.steps[idx].enabled)
			} else {
				undecided = true
			}
		}
		exact := t.exact
		if !enabled && !undecided && t.stopped {
			// Too many states to enumerate: PDR decides whether a reachable state
			// enables it (pdr.go); without an answer, the bounded one stands.
			// Only the cone of its requires matters (pdr.go, cone).
			reads := map[*sema.Symbol]bool{}
			for _, cl := range a.decl.Clauses {
				if cl.Kind == ast.Requires && cl.Body != nil && !c.left(cl) {
					maps.Copy(reads, c.usedVars(cl))
				}
			}
			switch c.pdrReaches(t.scope, t.lemmas, reads, a, func(p *pdrSystem) logic.Lit { return p.steps[idx].enabled }).Verdict {
			case pdr.Proved:
				exact = true
			case pdr.Reachable:
				enabled = true
			}
		}
		steps = steps || enabled || undecided
		switch {
		case undecided:
		case !enabled:
			if exact {
				c.add(diag.New(diag.Unreachable, a.decl.Name.Span, "%s is enabled in no reachable state", a.sym.Name))
			} else {
				c.add(diag.New(diag.Unreachable, a.decl.Name.Span, "%s is enabled in no state reachable in runs of at most %s", a.sym.Name, plural(t.depth, "step")))
			}
		case c.verdicts: // Options.Verdicts: blocked actions decide no verdict
		case c.blockedInSomeValidState(t.scope, a):
			c.blocked(t, a)
		}
	}
	return steps
}

// plural writes "1 step", "2 steps".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// blockedInSomeValidState asks the blocked question of every valid state, reachable
// or not: when no valid state blocks the action, no reachable one does, and the
// unrolling need not be searched. It answers true when it cannot tell.
func (c *checker) blockedInSomeValidState(scope *component, a *action) bool {
	w := c.newWorldIn(scope)
	pre, post := w.newState(), w.newState()
	st := w.step(a, pre, post, nil)
	if !st.ok {
		return true
	}
	facts := lits(w.facts(pre), nil)
	okNext, exact := c.successorExists(w, st)
	if !exact {
		// Quietly: an undecided refinement here only means the search goes on.
		saved := len(c.findings)
		res := c.refine(w, st, facts)
		c.findings = c.findings[:saved]
		return res != notBlocked
	}
	r := c.solve(w.b, append(facts, st.enabled, okNext.Not())...)
	return r.Status != logic.Unsat
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
	type query struct {
		st     *step
		okNext logic.Lit
	}
	queries := map[int]query{}
	// at encodes the question at depth k; exact is false when it needs refinement.
	at := func(k int) (query, bool) {
		if q, ok := queries[k]; ok {
			return q, true
		}
		t.extend(k + 1)
		st := t.steps[k][idx]
		okNext, exact := c.successorExists(t.world, st)
		queries[k] = query{st, okNext}
		return queries[k], exact
	}
	what := "whether " + a.sym.Name + " can be blocked"
	ask := func(k int) (logic.Result, bool) {
		q, exact := at(k)
		if !exact {
			return logic.Result{}, false
		}
		return c.ask(question{what: what, b: t.b, assume: []logic.Lit{q.st.enabled, q.okNext.Not()}}), true
	}
	// Initial states first, then the deepest index of the bounded runs (it stands
	// for every depth), else every reachable state (t.reach); then a search for the
	// shortest run to a blocking state.
	found, shortest, unsatTo := -1, false, 0
	ks := []int{0}
	for k := 0; t.reach == nil && k < t.depth; { // deepening (see reachableActions)
		k = min(max(2*k, 1), t.depth)
		ks = append(ks, k)
	}
	for i := 0; i < len(ks); i++ {
		k := ks[i]
		r, exact := ask(k)
		if !exact {
			c.blockedByRefinement(t, a)
			return
		}
		if r.Status == logic.Unknown {
			c.unknown(a.decl.Name.Span, what, r)
			return
		}
		if r.Status == logic.Sat {
			found = k
			break
		}
		unsatTo = k
		if i == len(ks)-1 && t.reach == nil && c.exactify(t) && t.reach == nil {
			ks = append(ks, t.depth) // the bound changed: ask there
		}
	}
	if found < 0 && t.stopped {
		// Too many states to enumerate: PDR looks for a blocking state past the
		// bound (pdr.go); its run's length bounds the search for the shortest.
		// Only the cone of the action's clauses matters (pdr.go, cone).
		res := c.pdrReaches(t.scope, t.lemmas, c.usedVars(a.decl), a, func(p *pdrSystem) logic.Lit {
			okNext, _ := c.successorExists(p.world, p.steps[idx])
			return p.b.And(p.steps[idx].enabled, okNext.Not())
		})
		if n := len(res.Run) - 1; res.Verdict == pdr.Reachable && n <= maxDepth {
			if r, _ := ask(n); r.Status == logic.Sat {
				found = n
			}
		}
		if found < 0 && res.Verdict != pdr.Proved {
			// Not silent: the bounded answer is all there is.
			q := fmt.Sprintf("%s in a reachable state (no state of the runs of at most %s blocks it, but the search of the reachable states stopped: %s; IC3/PDR did not decide it)", what, plural(t.depth, "step"), t.stopWhy)
			why := logic.Result{Status: logic.Unknown, Reason: res.Reason}
			if res.Verdict == pdr.Reachable {
				q = fmt.Sprintf("the run to the state that blocks %s (IC3/PDR found one %s in)", a.sym.Name, plural(len(res.Run)-1, "step"))
				why.Reason = logic.Exhausted
			}
			c.unknown(a.decl.Name.Span, q, why)
		}
	}
	if r := t.reach; found < 0 && r != nil {
		if !r.encodeSteps(t.acts) {
			return
		}
		st := r.steps[idx]
		okNext, exact := c.successorExists(r.world, st)
		if !exact {
			c.blockedByRefinement(t, a)
			return
		}
		res := c.ask(question{what: what, at: a.decl.Name.Span, b: r.b, assume: []logic.Lit{r.in, st.enabled, okNext.Not()}})
		if res.Status == logic.Unknown {
			return
		}
		if res.Status != logic.Sat {
			return
		}
		found = r.shortest(r.level(), func(within logic.Lit) logic.Status {
			return c.solve(r.b, within, st.enabled, okNext.Not()).Status
		})
		shortest = true
	}
	if found < 0 {
		return
	}
	if found > 0 && !shortest {
		found = firstSat(min(unsatTo+1, found), found, func(k int) logic.Status {
			r, _ := ask(k)
			return r.Status
		})
	}
	q, _ := at(found)
	vals := t.runValues(found)
	for _, p := range a.sym.Params {
		vals = append(vals, q.st.args[p])
	}
	if r := c.solveCanonical(t.b, vals, q.st.enabled, q.okNext.Not()); r.Status != logic.Sat {
		c.unknown(a.decl.Name.Span, "the state that blocks "+a.sym.Name, r)
		return
	}
	c.reportBlocked(t, q.st, found)
}

func (c *checker) reportBlocked(t *trace, st *step, k int) {
	cx := t.run(k)
	label := stepLabel(t.b, st)
	f := diag.New(diag.BlockedAction, st.act.decl.Name.Span,
		"%s is blocked: in a reachable state %s meets its requires but no next state satisfies its ensures, the facts and the types",
		st.act.sym.Name, label)
	cx.Bindings = decodeLocals(t.b, st.args)
	cx.Attempted = label
	cx.Reads = c.reads(st.act.decl)
	f.Counterexample = cx
	why, reads := c.blockingClauses(t.scope, st.act, cx.States[len(cx.States)-1], cx.Bindings)
	f.Related = append(f.Related, why...)
	cx.Reads = append(cx.Reads, reads...) // duplicates are harmless: Reads is a set
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
	// Candidate definitions `x' == e`; e may read the next values of other variables
	// (`b' == (x' > 3000)`), resolved below in dependency order.
	defs := map[*sema.Symbol][]ast.Expr{}
	for _, cl := range st.act.decl.Clauses {
		if cl.Kind != ast.Ensures || cl.Body == nil || c.left(cl) {
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
				if !ok {
					continue
				}
				if sym := c.info.Uses[p.Ident]; sym != nil && !slices.Contains(c.info.Primes(side[1]), sym) {
					defs[sym] = append(defs[sym], side[1])
				}
			}
		}
	}
	b := w.b
	next := encode.State{}
	var inType []logic.Lit
	primed := c.primedBy(st.act)
	var pending []*sema.Symbol
	for _, v := range w.vars() {
		if primed[v] {
			pending = append(pending, v)
		} else {
			next[v] = st.pre[v]
		}
	}
	// resolvedIn reports whether every next value e reads is computed already.
	resolvedIn := func(e ast.Node) bool {
		for _, s := range c.info.Primes(e) {
			if _, ok := next[s]; !ok || !primed[s] {
				return false
			}
		}
		return true
	}
	// Each round computes the next value of every variable whose definition reads
	// only next values computed in earlier rounds; a round with no progress (a
	// cycle, or a variable no clause fixes) makes the question inexact.
	for len(pending) > 0 {
		var left []*sema.Symbol
		for _, v := range pending {
			var def ast.Expr
			for _, e := range defs[v] {
				if resolvedIn(e) {
					def = e
					break
				}
			}
			if def == nil {
				left = append(left, v)
				continue
			}
			f := &encode.Frame{Pre: st.pre, Post: next, Locals: st.args, Path: logic.Bool(true)}
			val, err := w.enc.Value(f, def)
			if err != nil {
				return logic.Lit(0), false
			}
			shape := varShape(w.enc, v)
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
		if len(left) == len(pending) {
			// No `x' == e` resolves: the value the clauses fix, if they fix one.
			left = left[:0]
			for _, v := range pending {
				if val, ok := c.fixedValue(w, st, v, next, primed); ok {
					next[v] = val // a value of the type by construction
				} else {
					left = append(left, v)
				}
			}
			if len(left) == len(pending) {
				return logic.Lit(0), false
			}
		}
		pending = left
	}
	var conds []logic.Lit
	conds = append(conds, inType...)
	for _, fct := range w.facts(next) {
		conds = append(conds, fct.lit)
	}
	ff := &encode.Frame{Pre: st.pre, Post: next, Locals: st.args, Path: logic.Bool(true)}
	for _, cl := range st.act.decl.Clauses {
		if cl.Kind != ast.Ensures || cl.Body == nil || c.left(cl) {
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

// refinement is the outcome of a refined blocked question.
type refinement int

const (
	notBlocked refinement = iota
	isBlocked             // the model holds a blocking candidate
	undecided             // reported already
)

// refine decides, when the next state is not given explicitly, whether some candidate
// (a state of st.pre and arguments, under context) enables the action with no valid
// next state: find a candidate; ask a separate world for a next state; if there is
// one, rule out every candidate that it serves, and repeat, a bounded number of times.
// On isBlocked the model of w holds the candidate.
func (c *checker) refine(w *world, st *step, context []logic.Lit) refinement {
	a := st.act
	var excluded []logic.Lit
	for round := 0; ; round++ {
		if round == maxRefinements {
			c.add(diag.New(diag.Unknown, a.decl.Name.Span, "could not decide whether %s can be blocked: its next states are too varied to enumerate (%d candidates tried)", a.sym.Name, maxRefinements))
			return undecided
		}
		query := append(append(append([]logic.Lit(nil), context...), st.enabled), excluded...)
		what := "whether " + a.sym.Name + " can be blocked"
		r := c.ask(question{what: what, at: a.decl.Name.Span, b: w.b, assume: query})
		if r.Status == logic.Unknown {
			return undecided
		}
		if r.Status == logic.Unsat {
			return notBlocked
		}
		// Fix the candidate and ask for a next state in a separate world.
		x := c.newWorldIn(w.scope)
		pre, post := x.newState(), x.newState()
		var fix, candidate []logic.Lit // the candidate, in x and in w
		for _, v := range x.vars() {
			val := w.b.Decode(st.pre[v])
			fix = append(fix, x.b.Is(pre[v], val))
			candidate = append(candidate, w.b.Is(st.pre[v], val))
		}
		args := map[*sema.Symbol]logic.Value{}
		for _, p := range a.sym.Params {
			args[p] = local(x.enc, p)
			val := w.b.Decode(st.args[p])
			fix = append(fix, x.b.Is(args[p], val))
			candidate = append(candidate, w.b.Is(st.args[p], val))
		}
		xs := x.step(a, pre, post, args)
		r2 := c.ask(question{what: what, at: a.decl.Name.Span, b: x.b, assume: append(fix, xs.taken)})
		if r2.Status == logic.Unknown {
			return undecided
		}
		if r2.Status == logic.Unsat {
			c.solve(w.b, append(query, candidate...)...) // the model, at this candidate
			return isBlocked
		}
		// The next state found serves this candidate, and every other for which it
		// is a valid next state: exclude those. (Where the clauses choose a value,
		// "valid" depends on the choice, so the candidate itself is always excluded
		// too, and the search ends.)
		// The found values of the variables the action changes, with every other
		// variable kept as the candidate has it: one next state per candidate, so a
		// single round rules out every candidate that these values serve.
		succ := encode.State{}
		primed := c.primedBy(a)
		for _, v := range x.vars() {
			if primed[v] {
				succ[v] = logic.ConstValue(varShape(w.enc, v), x.b.Decode(post[v]))
			} else {
				succ[v] = st.pre[v]
			}
		}
		alt := w.step(a, st.pre, succ, st.args)
		excluded = append(excluded, w.b.Or(alt.taken, w.b.Ands(candidate...)).Not())
	}
}

// primedBy is the set of variables the action's clauses (those that checked) prime.
func (c *checker) primedBy(a *action) map[*sema.Symbol]bool {
	primed := map[*sema.Symbol]bool{}
	for _, cl := range a.decl.Clauses {
		if cl.Body == nil || c.left(cl) {
			continue
		}
		for _, s := range c.info.Primes(cl) {
			primed[s] = true
		}
	}
	return primed
}

// blockedByRefinement asks the refined question of the initial states, then of the
// deepest index (which stands for every depth), then searches for the shortest run.
func (c *checker) blockedByRefinement(t *trace, a *action) {
	idx := indexOf(t.acts, a)
	at := func(k int) *step {
		t.extend(k + 1)
		return t.steps[k][idx]
	}
	found, shortest := -1, false
	ks := []int{0}
	if t.reach == nil {
		ks = append(ks, t.depth)
	}
	for i := 0; i < len(ks) && found < 0; i++ {
		k := ks[i]
		switch c.refine(t.world, at(k), nil) {
		case isBlocked:
			found = k
		case undecided:
			return
		}
		if found < 0 && i == len(ks)-1 && t.reach == nil && c.exactify(t) && t.reach == nil {
			ks = append(ks, t.depth) // the bound changed: ask there
		}
	}
	if r := t.reach; found < 0 && r != nil {
		// Every reachable state: the candidates are the states of t.reach.
		if !r.encodeSteps(t.acts) {
			return
		}
		st := r.steps[idx]
		switch c.refine(r.world, st, []logic.Lit{r.in}) {
		case undecided, notBlocked:
			return
		}
		saved := len(c.findings)
		found = r.shortest(r.level(), func(within logic.Lit) logic.Status {
			switch c.refine(r.world, st, []logic.Lit{within}) {
			case isBlocked:
				return logic.Sat
			case notBlocked:
				return logic.Unsat
			}
			return logic.Unknown
		})
		c.findings = c.findings[:saved] // a search step left undecided is no finding
		shortest = true
	}
	if found < 0 {
		return
	}
	if found > 0 {
		saved := len(c.findings)
		if !shortest {
			found = firstSat(1, found, func(k int) logic.Status {
				switch c.refine(t.world, at(k), nil) {
				case undecided:
					return logic.Unknown
				case isBlocked:
					return logic.Sat
				}
				return logic.Unsat
			})
		}
		c.findings = c.findings[:saved]                     // a search step left undecided is no finding
		if c.refine(t.world, at(found), nil) != isBlocked { // the model, at that depth
			return
		}
	}
	c.reportBlocked(t, at(found), found)
}

// maxFixedUniverse bounds the values fixedValue tries for one variable.
const maxFixedUniverse = 64

// fixedValue computes the next value of v that the action's ensures fix, whatever
// their form (`lock'`, `not lock'`, `e == x'`, `x' in {A}`, `x' iff c`, …): the
// top-level ensures conjuncts that prime v and no other variable are tried on each
// value of v's type, and the candidate is the first value that meets them all. It is
// exact when the solver shows that at most one value meets them in any valid state
// where the action is enabled (a function of the state and arguments); ok is false
// otherwise, or when v's type has too many values, or no conjunct constrains v alone.
func (c *checker) fixedValue(w *world, st *step, v *sema.Symbol, next encode.State, primed map[*sema.Symbol]bool) (logic.Value, bool) {
	shape, err := w.enc.Shape(v.Type)
	if err != nil || shape.Size(maxFixedUniverse) < 0 {
		return logic.Value{}, false
	}
	type part struct {
		node ast.Node
		expr ast.Expr
	}
	var parts []part
	for _, cl := range st.act.decl.Clauses {
		if cl.Kind != ast.Ensures || cl.Body == nil || c.info.Broken(cl) {
			continue
		}
		for _, conj := range conjuncts(cl.Body) {
			ps := c.info.Primes(conj)
			if !slices.Contains(ps, v) {
				continue
			}
			resolved := true
			for _, s := range ps {
				if _, ok := next[s]; s != v && (!ok || !primed[s]) {
					resolved = false
				}
			}
			if resolved {
				parts = append(parts, part{cl, conj})
			}
		}
	}
	if len(parts) == 0 {
		return logic.Value{}, false
	}
	b := w.b
	univ := shape.Universe(maxFixedUniverse)
	holds := make([]logic.Lit, len(univ))
	for i, u := range univ {
		post := encode.State{}
		for k, x := range st.post {
			post[k] = x
		}
		for k := range primed {
			if x, ok := next[k]; ok {
				post[k] = x // computed already: a function of the state and arguments
			}
		}
		post[v] = logic.ConstValue(shape, u)
		f := &encode.Frame{Pre: st.pre, Post: post, Locals: st.args, Path: logic.Bool(true)}
		var ls []logic.Lit
		for _, p := range parts {
			cl, ok := w.clause(p.node, p.expr, f)
			if !ok {
				return logic.Value{}, false
			}
			ls = append(ls, cl.lit)
		}
		holds[i] = b.Ands(ls...)
	}
	ctx := append(lits(w.facts(st.pre), nil), st.enabled, b.AtMostOne(holds...).Not())
	if r := c.solve(b, ctx...); r.Status != logic.Unsat {
		return logic.Value{}, false // several values may do, or undecided
	}
	val := logic.ConstValue(shape, univ[len(univ)-1])
	for i := len(univ) - 2; i >= 0; i-- {
		val = b.IteValue(holds[i], logic.ConstValue(shape, univ[i]), val)
	}
	return val, true
}
