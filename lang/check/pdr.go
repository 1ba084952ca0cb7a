package check

import (
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/pdr"
)

// The complete method for state spaces too large to enumerate (see reach.go): a
// question about the reachable states of a component whose enumeration stopped is
// put to IC3/PDR (lang/pdr) on the component's transition system. A proof makes the
// answer exact; a reachable bad state is rebuilt as the shortest run by the bounded
// unrolling (PDR's run is not the shortest); a search the budget stops leaves the
// bounded answer as it was, said so.

// pdrSystem is a component's transition system as lang/pdr takes it, in a world of
// its own: the state bits of pre and post, Init, and Trans (a step of the component,
// from and to valid states where the proved lemmas hold).
type pdrSystem struct {
	*world
	pre, post encode.State
	sys       pdr.System
	valid     logic.Lit // pre is valid and meets the lemmas
	move      logic.Lit // a step from pre to post (another part's, when comp is idle)
	steps     []*step   // each action's step from pre to post
}

// newPDRSystem builds comp's transition system; ok false when an action could not be
// encoded (its steps are unknown, so no answer would be exact).
func (c *checker) newPDRSystem(comp *component, lemmas []*ast.ClauseDecl) (*pdrSystem, bool) {
	w := c.newWorldIn(comp)
	p := &pdrSystem{world: w, pre: w.newState(), post: w.newState()}
	b := w.b
	var options []logic.Lit
	for _, a := range comp.acts {
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
	p.valid = b.Ands(b.Ands(lits(w.facts(p.pre), nil)...), b.Ands(c.lemmaLits(w, lemmas, p.pre)...))
	init := b.Ands(b.Ands(lits(w.facts(p.pre), nil)...), b.Ands(lits(w.initially(p.pre), nil)...))
	trans := b.Ands(p.valid, p.move, b.Ands(c.lemmaLits(w, lemmas, p.post)...))
	p.sys = pdr.System{B: b, Cur: p.bits(p.pre), Next: p.bits(p.post), Init: init, Trans: trans}
	return p, true
}

// bits are the state bits of s: the bits of its variables' values, in order.
func (p *pdrSystem) bits(s encode.State) []logic.Lit {
	var out []logic.Lit
	for _, v := range p.vars() {
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

// pdrProperty decides a property that the bounded search neither refuted nor
// proved: Bad is a reachable state where the state property fails, or from which a
// step breaks the step assert. override replaces sub-formulas (vacuity (b)).
func (c *checker) pdrProperty(comp *component, cd *ast.ClauseDecl, isStep bool, lemmas []*ast.ClauseDecl, override ...map[ast.Expr]logic.Lit) pdr.Result {
	p, ok := c.newPDRSystem(comp, lemmas)
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
		lo, hi := 1, n
		for lo < hi {
			mid := (lo + hi) / 2
			r := c.solve(t.b, fs[mid])
			if r.Status == logic.Unknown {
				break // the run at hi is real, if not the shortest
			}
			if r.Status == logic.Sat {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		violated(hi)
		return false, logic.NoReason
	}
	return false, res.Reason
}

// pdrReaches asks whether a reachable state of comp meets bad (built on the
// system's pre state; it may read post and the steps' arguments: a step from it).
func (c *checker) pdrReaches(comp *component, lemmas []*ast.ClauseDecl, bad func(p *pdrSystem) logic.Lit) pdr.Result {
	p, ok := c.newPDRSystem(comp, lemmas)
	if !ok {
		return pdr.Result{Verdict: pdr.Unknown, Reason: logic.Exhausted}
	}
	return c.reach(p, bad(p))
}

// pdrSite decides, for a property whose component's enumeration stopped (and no
// explicit depth bounds the runs), whether the part n of it (a premise, a range, an
// arm or a branch the bounded search never reached) is reached in some reachable
// state or step. exact: PDR answered; reached: it is.
func (c *checker) pdrSite(node ast.Node, n ast.Node) (exact, reached bool) {
	cd, ok := node.(*ast.ClauseDecl)
	if !ok || c.depth >= 0 || (cd.Kind != ast.Invariant && cd.Kind != ast.Assert) {
		return false, false
	}
	var comp *component
	for _, k := range c.comps {
		if slices.Contains(k.props, cd) {
			comp = k
		}
	}
	t := c.traces[comp]
	if comp == nil || t == nil || !t.stopped {
		return false, false
	}
	isStep := len(c.info.Primes(cd.Body)) > 0
	res := c.pdrReaches(comp, t.lemmas, func(p *pdrSystem) logic.Lit {
		f := &encode.Frame{Pre: p.pre, Path: logic.Bool(true)}
		if isStep {
			f.Post = p.post
		}
		cl, ok := p.clause(cd, cd.Body, f)
		if !ok {
			return logic.False
		}
		var hits []logic.Lit
		for _, h := range cl.rec.Reach[n] {
			hits = append(hits, h.Lit)
		}
		if isStep {
			return p.b.And(p.move, p.b.Ors(hits...))
		}
		return p.b.Ors(hits...)
	})
	switch res.Verdict {
	case pdr.Proved:
		return true, false
	case pdr.Reachable:
		return true, true
	}
	return false, false
}

// pdrProves reports whether PDR proves the property with the sub-formulas of
// override replaced (vacuity (b) of a proved property that induction leaves open).
func (c *checker) pdrProves(comp *component, cd *ast.ClauseDecl, isStep bool, override map[ast.Expr]logic.Lit, lemmas []*ast.ClauseDecl) bool {
	return c.pdrProperty(comp, cd, isStep, lemmas, override).Verdict == pdr.Proved
}
