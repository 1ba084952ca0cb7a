package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
)

// machineProperties checks invariants and asserts on the states (and, for primed
// asserts, the steps) of runs of at most depth steps, then tries to prove the ones
// that held by induction.
func (c *checker) machineProperties(t *trace, comp *component) {
	type prop struct {
		decl    *ast.ClauseDecl
		perK    []*clause // the property at s_k (state properties) or on step k (step asserts)
		isStep  bool
		violate bool
	}
	var props []*prop
	for _, cd := range comp.props {
		props = append(props, &prop{decl: cd, isStep: len(c.info.Primes(cd.Body)) > 0})
	}
	if len(props) == 0 {
		return
	}
	for _, p := range props {
		cd := p.decl
		code := diag.AssertViolated
		if cd.Kind == ast.Invariant {
			code = diag.InvariantViolated
		}
		last := c.depth
		if p.isStep {
			last = c.depth - 1
		}
		// The property at each depth, encoded as needed (the vacuity checks use them
		// all): first the initial states (or first steps), then, unless induction
		// proves it, every depth.
		var fails []logic.Lit // fails[k]: the property fails at s_k (on step k)
		encodedOK := true
		encodeTo := func(last int) {
			if p.isStep {
				t.extend(last + 1)
			} else {
				t.extend(last)
			}
			for k := len(p.perK); k <= last && encodedOK; k++ {
				f := &encode.Frame{Pre: t.states[k], Path: logic.Bool(true)}
				var real logic.Lit = logic.Bool(true)
				if p.isStep {
					f.Post = t.states[k+1]
					real = t.stepAt(k)
				}
				cl, ok := t.clause(cd, cd.Body, f)
				if !ok {
					encodedOK = false
					break
				}
				p.perK = append(p.perK, cl)
				fails = append(fails, t.b.And(real, cl.lit.Not()))
			}
		}
		// First the initial states (or first steps), then induction, which proves
		// most properties with no further question; else the deepest index answers
		// for every depth at once (stutter steps keep a state reachable in k steps
		// at every later index), and a search finds the shortest run.
		undecided, proved := false, false
		violatedAt := -1
		ask := func(k int) logic.Result {
			r := c.solve(t.b, fails[k])
			if r.Status == logic.Unknown {
				c.setProp(cd, diag.Undecided, unknownReason(r), 0)
				c.unknown(cd.Name.Span, "whether "+cd.Name.Name+" holds", r)
				undecided = true
			}
			return r
		}
		if last < 0 {
			// Depth 0 leaves no step to check a step assert on: only a proof decides.
			proved = c.inductive(comp, cd, p.isStep)
		} else if encodeTo(0); encodedOK {
			if r := ask(0); r.Status == logic.Sat {
				violatedAt = 0
			} else if !undecided {
				proved = c.inductive(comp, cd, p.isStep)
				if !proved || last <= vacuityDepth {
					encodeTo(last) // the vacuity checks of a proved property use every depth too
				}
				if !proved && last > 0 && encodedOK {
					if r := ask(last); r.Status == logic.Sat {
						lo, hi := 1, last // fails at hi, not before lo
						for lo < hi {
							mid := (lo + hi) / 2
							r := c.solve(t.b, fails[mid])
							if r.Status == logic.Unknown {
								break // the run at hi is real, if not the shortest
							}
							if r.Status == logic.Sat {
								hi = mid
							} else {
								lo = mid + 1
							}
						}
						violatedAt = hi
					}
				}
			}
		}
		if violatedAt >= 0 && !undecided {
			k := violatedAt
			if r := c.solveCanonical(t.b, t.runValues(k+1), fails[k]); r.Status != logic.Sat {
				// Known to fail within k steps, but the run could not be rebuilt.
				fd := diag.New(code, cd.Name.Span, "%s %s fails within %d steps (the run could not be rebuilt: %s)", cd.Kind, cd.Name.Name, k, unknownReason(r))
				c.add(fd)
				c.setProp(cd, diag.Violated, "", 0)
				continue
			}
			n := k
			if p.isStep {
				n = k + 1
			}
			var cx *diag.Counterexample
			if p.isStep && !t.b.Value(t.moves[k]) {
				// The failing step is another part's: its variables change, these stay.
				cx = t.run(k)
				label, after := c.idleStep(comp)
				cx.Steps = append(cx.Steps, label)
				cx.States = append(cx.States, c.overlay(cx.States[len(cx.States)-1], after))
			} else {
				cx = t.run(n)
			}
			what := "in a reachable state"
			if k == 0 && !p.isStep {
				what = "in an initial state"
			} else if p.isStep {
				what = "on a step from a reachable state"
			}
			fd := diag.New(code, cd.Name.Span, "%s %s fails %s", cd.Kind, cd.Name.Name, what)
			cx.Reads = c.reads(cd)
			cx.Bindings = append(cx.Bindings, c.breakingBindings(comp, cd, cx, p.isStep)...)
			fd.Counterexample = cx
			c.add(fd)
			c.setProp(cd, diag.Violated, "", 0)
			p.violate = true
		}
		if !encodedOK {
			c.setProp(cd, diag.Undecided, "it could not be encoded", 0)
			continue
		}
		if undecided || p.violate {
			continue
		}
		status := diag.HoldsToDepth
		if proved {
			status = diag.Proved
		}
		c.setProp(cd, status, "", c.depth)
		perK := p.perK
		if len(perK) < last+1 {
			perK = nil // a proof at a depth too great to unroll: no vacuity but (c)
		}
		c.propertyVacuity(t, cd, perK, p.isStep, status, comp)
	}
}

// inductive tries to prove a property for every reachable state at any depth: a state
// property holds initially (checked by the caller) and every step from a valid state
// where it holds keeps it; a step property holds on every step from any valid state.
func (c *checker) inductive(comp *component, cd *ast.ClauseDecl, isStep bool) bool {
	return c.inductiveWith(comp, cd, isStep, nil)
}

func (c *checker) inductiveWith(comp *component, cd *ast.ClauseDecl, isStep bool, override map[ast.Expr]logic.Lit) bool {
	acts := comp.acts
	w := c.newWorldIn(comp)
	pre, post := w.newState(), w.newState()
	facts := lits(w.facts(pre), nil)
	var options []logic.Lit
	for _, a := range acts {
		st := w.step(a, pre, post, nil)
		if !st.ok {
			return false
		}
		options = append(options, st.taken)
	}
	if comp.idle {
		// Actions of other parts step too, leaving these variables as they are.
		var same []logic.Lit
		for _, v := range w.vars() {
			same = append(same, w.b.Equal(pre[v], post[v]))
		}
		options = append(options, w.b.Ands(same...))
	}
	w.enc.Override = override
	defer func() { w.enc.Override = nil }()
	if isStep {
		cl, ok := w.clause(cd, cd.Body, &encode.Frame{Pre: pre, Post: post, Path: logic.Bool(true)})
		if !ok {
			return false
		}
		r := c.solve(w.b, append(facts, w.b.Ors(options...), cl.lit.Not())...)
		return r.Status == logic.Unsat
	}
	before, ok1 := w.clause(cd, cd.Body, &encode.Frame{Pre: pre, Path: logic.Bool(true)})
	after, ok2 := w.clause(cd, cd.Body, &encode.Frame{Pre: post, Path: logic.Bool(true)})
	if !ok1 || !ok2 {
		return false
	}
	if len(options) == 0 {
		return true // no steps: the reachable states are the initial ones
	}
	r := c.solve(w.b, append(facts, before.lit, w.b.Ors(options...), after.lit.Not())...)
	return r.Status == logic.Unsat
}

// propertyVacuity: (c) true by the types alone, (a) a premise or range that never
// holds in a reachable state, (b) a sub-formula that never matters; at most one.
// vacuityDepth bounds the unrolling that only the vacuity checks of a proved
// property would need: past it, those checks (all but "true by the types alone") are
// left out rather than decided on fewer states than the verdict.
const vacuityDepth = 100

func (c *checker) propertyVacuity(t *trace, cd *ast.ClauseDecl, perK []*clause, isStep bool, status diag.PropertyStatus, comp *component) {
	w := c.newWorldIn(comp)
	s := w.newState()
	f := &encode.Frame{Pre: s, Path: logic.Bool(true)}
	if isStep {
		f.Post = w.newState()
	}
	if cl, ok := w.clause(cd, cd.Body, f); ok && c.tautology(w.b, cl.lit, cd.Span) {
		c.typesAlone(cd, cd.Span)
		return
	}
	if len(perK) == 0 {
		return // no state or step was checked (depth 0, a step assert): nothing to judge
	}
	// (a): merge the reach records of every depth into one clause-shaped record.
	merged := &clause{node: cd, body: cd.Body, rec: &encode.Record{Reach: map[ast.Node][]encode.Hit{}, NoMatch: map[*ast.Cases][]encode.Hit{}}}
	for _, cl := range perK {
		for n, hs := range cl.rec.Reach {
			merged.rec.Reach[n] = append(merged.rec.Reach[n], hs...)
		}
		for n, hs := range cl.rec.NoMatch {
			merged.rec.NoMatch[n] = append(merged.rec.NoMatch[n], hs...)
		}
	}
	if c.reachSites(t.b, merged, nil, false, func() *diag.Counterexample { return t.run(len(t.states) - 1) }) {
		return
	}
	// (b): replacement, over the same states as the verdict.
	c.replacementVacuity(cd, func(override map[ast.Expr]logic.Lit) logic.Result {
		t.enc.Override = override
		defer func() { t.enc.Override = nil }()
		var fails []logic.Lit
		for k := range perK {
			fr := &encode.Frame{Pre: t.states[k], Path: logic.Bool(true)}
			real := logic.Bool(true)
			if isStep {
				fr.Post = t.states[k+1]
				real = t.stepAt(k)
			}
			cl, ok := t.clause(cd, cd.Body, fr)
			if !ok {
				return logic.Result{Status: logic.Unknown}
			}
			fails = append(fails, t.b.And(real, cl.lit.Not()))
		}
		r := c.solve(t.b, t.b.Ors(fails...))
		if r.Status == logic.Unsat && status == diag.Proved && !c.inductiveWith(comp, cd, isStep, override) {
			return logic.Result{Status: logic.Sat}
		}
		return r
	})
}
