package check

import (
	"fmt"
	"maps"
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/pdr"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// The complete method for state spaces too large to enumerate (see reach.go): a
// question about the reachable states of a component whose enumeration stopped is
// put to IC3/PDR (lang/pdr) on the component's transition system. A proof makes the
// answer exact; a reachable bad state is rebuilt as the shortest run by the bounded
// unrolling (PDR's run is not the shortest); a search the budget stops leaves the
// bounded answer as it was, said so.

// pdrSystem is a component's transition system as lang/pdr takes it, in a world of
// its own: the state bits of pre and post, Init, and Trans (a step of the component,
// from and to valid states where the proved lemmas hold). Only the variables of the
// question's cone of influence are state bits (see cone).
type pdrSystem struct {
	*world
	pre, post encode.State
	sys       pdr.System
	cone      map[*sema.Symbol]bool // the state variables
	valid     logic.Lit             // pre is valid and meets the lemmas
	move      logic.Lit             // a step from pre to post (another part's, when comp is idle)
	steps     []*step               // each action's step from pre to post (nil: outside the cone)
}

// cone is the cone of influence of a question that reads the variables seeds (nil:
// every variable of comp): the least set holding the seeds, every variable an action
// mentions when it primes one of the set (its requires, ensures, frame and the preds
// and funs they call decide the set's next values and whether the step happens at
// all), and every variable of a fact that mentions one of the set (a fact ties its
// variables' values together).
//
// Why the other variables need not be state (so PDR is given only the cone's bits,
// the rest left free in each state, existential): every run of the spec, read on the
// cone, is a run of the smaller system (the real values are one choice of the free
// ones). Conversely, a run of the smaller system is the cone's part of a real run:
// take an initial state it starts from (Init keeps every initially and fact, the
// other variables existential), and keep the other variables at those values
// throughout. An action that primes a cone variable reads only cone variables (it
// mentions only those), so it can take the same step there, leaving the others as
// they are (its frame: it primes none of them); the facts that mention a cone
// variable read only cone variables, and the others held initially. An action that
// primes no cone variable leaves the cone as it is (its frame): a stutter step for
// the cone, which reaches no new state, so it is left out (a question about a step,
// which reads every action, keeps them all).
// Proved lemmas hold in every reachable state, so those over the cone only are kept.
func (c *checker) cone(comp *component, seeds map[*sema.Symbol]bool) map[*sema.Symbol]bool {
	if seeds == nil {
		return comp.vars
	}
	in := map[*sema.Symbol]bool{}
	for v := range seeds {
		if comp.vars[v] {
			in[v] = true
		}
	}
	var facts []map[*sema.Symbol]bool
	for _, f := range c.facts {
		facts = append(facts, c.usedVars(f.node))
	}
	acts := map[*action][2]map[*sema.Symbol]bool{}
	for _, a := range comp.acts {
		acts[a] = [2]map[*sema.Symbol]bool{c.primedBy(a), c.usedVars(a.decl)}
	}
	touches := func(vs map[*sema.Symbol]bool) bool {
		for v := range vs {
			if in[v] {
				return true
			}
		}
		return false
	}
	for grew := true; grew; {
		grew = false
		add := func(vs map[*sema.Symbol]bool) {
			for v := range vs {
				if comp.vars[v] && !in[v] {
					in[v], grew = true, true
				}
			}
		}
		for _, a := range comp.acts {
			if touches(acts[a][0]) {
				add(acts[a][1])
			}
		}
		for _, f := range facts {
			if touches(f) {
				add(f)
			}
		}
	}
	return in
}

// newPDRSystem builds comp's transition system over the cone of influence of a
// question reading seeds (nil: every variable and every action, as a question
// about a step needs) and the step of keep (nil: none); ok false when an action could
// not be encoded (its steps are unknown, so no answer would be exact).
func (c *checker) newPDRSystem(comp *component, lemmas []*ast.ClauseDecl, seeds map[*sema.Symbol]bool, keep *action) (*pdrSystem, bool) {
	if seeds != nil && keep != nil {
		// keep's step is encoded whole: what it mentions is state too.
		seeds = maps.Clone(seeds)
		maps.Copy(seeds, c.usedVars(keep.decl))
	}
	cone := c.cone(comp, seeds)
	// The world holds the cone's variables only: its facts are those over the cone,
	// its actions those that prime a cone variable.
	scope := &component{vars: cone, idle: comp.idle}
	for _, a := range comp.acts {
		if seeds == nil || a == keep {
			// The question may read any step, or reads this action's (which, when it
			// primes no cone variable, is a stutter step for the cone).
			scope.acts = append(scope.acts, a)
			continue
		}
		for v := range c.primedBy(a) {
			if cone[v] {
				scope.acts = append(scope.acts, a)
				break
			}
		}
	}
	w := c.newWorldIn(scope)
	p := &pdrSystem{world: w, pre: w.newState(), post: w.newState(), cone: cone}
	b := w.b
	var options []logic.Lit
	for _, a := range comp.acts {
		if !slices.Contains(scope.acts, a) {
			p.steps = append(p.steps, nil)
			continue
		}
		st := w.step(a, p.pre, p.post, nil)
		if !st.ok {
			return nil, false
		}
		p.steps = append(p.steps, st)
		options = append(options, st.taken)
	}
	if comp.idle {
		// Actions of other parts step too, leaving these variables as they are.
		var same []logic.Lit
		for _, v := range w.vars() {
			same = append(same, b.Equal(p.pre[v], p.post[v]))
		}
		options = append(options, b.Ands(same...))
	}
	p.move = b.Ors(options...)
	var kept []*ast.ClauseDecl
	for _, l := range lemmas {
		if w.inScope(l) {
			kept = append(kept, l)
		}
	}
	p.valid = b.Ands(b.Ands(lits(w.facts(p.pre), nil)...), b.Ands(c.lemmaLits(w, kept, p.pre)...))
	// The initial states, read on the cone: every fact and initially of comp on a
	// state whose other variables are free.
	first := p.pre
	if len(cone) < len(comp.vars) {
		first = w.enc.NewStateOf(comp.vars)
		for v := range cone {
			first[v] = p.pre[v]
		}
	}
	w.scope = comp
	init := b.Ands(b.Ands(lits(w.facts(first), nil)...), b.Ands(lits(w.initially(first), nil)...))
	w.scope = scope
	trans := b.Ands(p.valid, p.move, b.Ands(c.lemmaLits(w, kept, p.post)...))
	p.sys = pdr.System{B: b, Cur: p.bits(p.pre), Next: p.bits(p.post), Init: init, Trans: trans}
	return p, true
}

// bits are the state bits of s: the bits of its variables' values, in order.
func (p *pdrSystem) bits(s encode.State) []logic.Lit {
	var out []logic.Lit
	for _, v := range p.vars() {
		if !p.cone[v] {
			continue
		}
		out = append(out, logic.Preferred(s[v])...)
	}
	return out
}

// reach asks whether a state of the component where bad holds (bad may read pre,
// post and the steps' arguments: a step from it) is reachable, within the question
// budget.
func (c *checker) reach(p *pdrSystem, bad logic.Lit) pdr.Result {
	c.questions++
	sys := p.sys
	sys.Bad = p.b.And(p.valid, bad)
	return pdr.Check(c.ctx, sys, c.budget)
}

// questionVars are the variables a question about property cd reads: its own; nil
// (all of comp's) for a step assert, whose step may be any action's.
func (c *checker) questionVars(comp *component, cd *ast.ClauseDecl, isStep bool) map[*sema.Symbol]bool {
	if isStep {
		return nil // a step of any action: every action and variable is kept
	}
	return c.usedVars(cd)
}

// pdrProperty decides a property that the bounded search neither refuted nor
// proved: Bad is a reachable state where the state property fails, or from which a
// step breaks the step assert. override replaces sub-formulas (vacuity (b)).
func (c *checker) pdrProperty(comp *component, cd *ast.ClauseDecl, isStep bool, lemmas []*ast.ClauseDecl, override ...map[ast.Expr]logic.Lit) pdr.Result {
	p, ok := c.newPDRSystem(comp, lemmas, c.questionVars(comp, cd, isStep), nil)
	if !ok {
		return pdr.Result{Verdict: pdr.Unknown, Reason: logic.Exhausted}
	}
	if len(override) > 0 {
		p.enc.Override = override[0]
	}
	f := &encode.Frame{Pre: p.pre, Path: logic.Bool(true)}
	var bad logic.Lit
	if isStep {
		f.Post = p.post
		cl, ok := p.clause(cd, cd.Body, f)
		if !ok {
			return pdr.Result{Verdict: pdr.Unknown, Reason: logic.Exhausted}
		}
		bad = p.b.And(p.move, cl.lit.Not())
	} else {
		cl, ok := p.clause(cd, cd.Body, f)
		if !ok {
			return pdr.Result{Verdict: pdr.Unknown, Reason: logic.Exhausted}
		}
		bad = cl.lit.Not()
	}
	return c.reach(p, bad)
}

// pdrDecide puts a property the bounded search left open (t is not exact) to PDR,
// strengthened by the proved state properties (*lemmas; a property proved here joins
// them). It reports whether the property was proved. A reachable violation is
// rebuilt as the shortest run: fails(n) encodes the property's failure at every
// index up to n (nil when it cannot), and violated records the first index where it
// fails. With an explicit depth a run longer than it is not a violation (the bound
// is the user's). No answer leaves the bounded verdict as it was; why is the reason.
func (c *checker) pdrDecide(t *trace, comp *component, cd *ast.ClauseDecl, isStep bool, lemmas *[]*ast.ClauseDecl, fails func(n int) []logic.Lit, violated func(k int)) (proved bool, why logic.Reason) {
	res := c.pdrProperty(comp, cd, isStep, *lemmas)
	switch res.Verdict {
	case pdr.Proved:
		if !isStep {
			*lemmas = append(*lemmas, cd)
			t.lemmas = *lemmas
		}
		return true, logic.NoReason
	case pdr.Reachable:
		n := len(res.Run) - 1 // the state (or the step from it) that fails
		if c.depth >= 0 {
			return false, logic.NoReason
		}
		if n > maxDepth {
			return false, logic.Exhausted
		}
		fs := fails(n)
		if fs == nil {
			return false, logic.Exhausted
		}
		// Failing at k, it fails at every later index (stutter steps).
		violated(firstSat(1, n, func(k int) logic.Status { return c.solve(t.b, fs[k]).Status }))
		return false, logic.NoReason
	}
	return false, res.Reason
}

// pdrReaches asks whether a reachable state of comp meets bad (built on the
// system's pre state; it may read post and the steps' arguments: a step from it).
func (c *checker) pdrReaches(comp *component, lemmas []*ast.ClauseDecl, seeds map[*sema.Symbol]bool, keep *action, bad func(p *pdrSystem) logic.Lit) pdr.Result {
	p, ok := c.newPDRSystem(comp, lemmas, seeds, keep)
	if !ok {
		return pdr.Result{Verdict: pdr.Unknown, Reason: logic.Exhausted}
	}
	return c.reach(p, bad(p))
}

// pdrAsk asks PDR, for a property node whose component's enumeration stopped (and
// no explicit depth bounds the runs), whether the places of it that sel picks from
// its record (a premise, a range, an arm, a branch reached, a cases matching no arm)
// are reached in some reachable state, or step for a step assert. asked false: the
// question is not PDR's (the bounded answer is exact, or bounded by the user).
func (c *checker) pdrAsk(node ast.Node, sel func(rec *encode.Record) []encode.Hit) (res pdr.Result, t *trace, comp *component, cd *ast.ClauseDecl, asked bool) {
	cd, ok := node.(*ast.ClauseDecl)
	if !ok || c.depth >= 0 || (cd.Kind != ast.Invariant && cd.Kind != ast.Assert) {
		return res, nil, nil, nil, false
	}
	for _, k := range c.comps {
		if slices.Contains(k.props, cd) {
			comp = k
		}
	}
	if comp == nil {
		return res, nil, nil, nil, false
	}
	t = c.traces[comp]
	if t == nil || !t.stopped {
		return res, nil, nil, nil, false
	}
	isStep := len(c.info.Primes(cd.Body)) > 0
	res = c.pdrReaches(comp, t.lemmas, c.questionVars(comp, cd, isStep), nil, func(p *pdrSystem) logic.Lit {
		f := &encode.Frame{Pre: p.pre, Path: logic.Bool(true)}
		if isStep {
			f.Post = p.post
		}
		cl, ok := p.clause(cd, cd.Body, f)
		if !ok {
			return logic.False
		}
		var hits []logic.Lit
		for _, h := range sel(cl.rec) {
			hits = append(hits, h.Lit)
		}
		if isStep {
			return p.b.And(p.move, p.b.Ors(hits...))
		}
		return p.b.Ors(hits...)
	})
	return res, t, comp, cd, true
}

// pdrSite decides whether the part n of a property (a premise, a range, an arm or a
// branch the bounded search never reached) is reached past the bound (see pdrAsk).
// exact: PDR answered; reached: it is.
func (c *checker) pdrSite(node ast.Node, n ast.Node) (exact, reached bool) {
	res, _, _, _, asked := c.pdrAsk(node, func(rec *encode.Record) []encode.Hit { return rec.Reach[n] })
	if !asked {
		return false, false
	}
	switch res.Verdict {
	case pdr.Proved:
		return true, false
	case pdr.Reachable:
		return true, true
	}
	return false, false
}

// pdrCases decides, for a cases of a property that no arm fails to match in the
// bounded runs, whether one fails past the bound (see pdrAsk): a reachable state
// (or step) where no arm matches gets its non-exhaustive finding, with the shortest
// run (rebuilt by the unrolling); proved, nothing; undecided, an unknown finding
// naming the bound the cases was judged on and why PDR gave no answer.
func (c *checker) pdrCases(node ast.Node, cs *ast.Cases) {
	res, t, comp, cd, asked := c.pdrAsk(node, func(rec *encode.Record) []encode.Hit { return rec.NoMatch[cs] })
	if !asked {
		return
	}
	at := source.Span{Start: cs.Start, End: cs.Start + len("cases")}
	switch res.Verdict {
	case pdr.Proved:
		return
	case pdr.Unknown:
		c.unknown(at, fmt.Sprintf("whether this cases matches an arm in every reachable state (no arm fails to match in runs of at most %s, but the search of the reachable states stopped: %s; IC3/PDR did not decide it)", plural(t.depth, "step"), t.stopWhy), logic.Result{Status: logic.Unknown, Reason: res.Reason})
		return
	}
	f := diag.New(diag.NonExhaustive, at, "no arm of this cases matches in some situation, and it has no else")
	f.Counterexample, f.Message = c.casesRun(comp, cd, cs, len(res.Run)-1, f.Message)
	c.add(f)
}

// casesRun rebuilds the shortest run to a state (or step) of comp where cs, in
// property cd, matches no arm, known to exist within n steps; nil and msg extended
// with why when it cannot.
func (c *checker) casesRun(comp *component, cd *ast.ClauseDecl, cs *ast.Cases, n int, msg string) (*diag.Counterexample, string) {
	if n > maxDepth {
		return nil, fmt.Sprintf("%s (reached in %s; the run is too long to rebuild)", msg, plural(n, "step"))
	}
	isStep := len(c.info.Primes(cd.Body)) > 0
	t := c.newTrace(comp)
	t.extend(n + 1)
	var hits [][]encode.Hit
	var at []logic.Lit
	for k := 0; k <= n; k++ {
		f := &encode.Frame{Pre: t.states[k], Path: logic.Bool(true)}
		if isStep {
			f.Post = t.states[k+1]
		}
		cl, ok := t.clause(cd, cd.Body, f)
		if !ok {
			return nil, msg + " (the run could not be rebuilt: the property could not be encoded)"
		}
		hits = append(hits, cl.rec.NoMatch[cs])
		var ls []logic.Lit
		for _, h := range cl.rec.NoMatch[cs] {
			ls = append(ls, h.Lit)
		}
		l := t.b.Ors(ls...)
		if isStep {
			l = t.b.And(t.stepAt(k), l)
		}
		at = append(at, l)
	}
	// Reached within k steps, it is reached within every later k (stutter steps).
	hi := firstSat(0, n, func(k int) logic.Status { return c.solve(t.b, at[k]).Status })
	last := hi
	if isStep {
		last = hi + 1
	}
	if r := c.solveCanonical(t.b, t.runValues(last), at[hi]); r.Status != logic.Sat {
		return nil, fmt.Sprintf("%s (the run could not be rebuilt: %s)", msg, unknownReason(r))
	}
	cx := c.runOf(t, comp, hi, isStep)
	for _, h := range hits[hi] {
		if t.b.Value(h.Lit) {
			cx.Bindings = decodeLocals(t.b, h.Locals)
			break
		}
	}
	return cx, msg
}

// pdrProves reports whether PDR proves the property with the sub-formulas of
// override replaced (vacuity (b) of a proved property that induction leaves open).
func (c *checker) pdrProves(comp *component, cd *ast.ClauseDecl, isStep bool, override map[ast.Expr]logic.Lit, lemmas []*ast.ClauseDecl) bool {
	return c.pdrProperty(comp, cd, isStep, lemmas, override).Verdict == pdr.Proved
}
