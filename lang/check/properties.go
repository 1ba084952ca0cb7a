package check

import (
	"fmt"
	"sort"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
)

// machineProperties checks invariants and asserts: first on the initial states (or
// first steps), then by induction with the other properties as lemmas (Houdini),
// then on the unrolling to t.depth, which covers every reachable state when the
// search was exact (see reach.go). A violation gets the shortest run.
func (c *checker) machineProperties(t *trace, comp *component) {
	type prop struct {
		decl    *ast.ClauseDecl
		perK    []*clause // the property at s_k (state properties) or on step k (step asserts)
		fails   []logic.Lit
		isStep  bool
		last    int
		done    bool // violated or undecided: no further question
		encoded bool
		why     logic.Reason      // why PDR left it undecided (pdr.go)
		unsatTo int               // the question is unsatisfiable at this index (so at every earlier one)
		sitesOK bool              // every reach site is reached within perK
		reached map[ast.Node]bool // the reach sites found reached
	}
	var props []*prop
	// lastOf is the last index a property is judged at: every state of the
	// unrolling; for a step assert, the steps from them when the unrolling covers
	// every reachable state, else those of runs of at most depth steps (from s_0 …
	// s_{depth-1}).
	lastOf := func(p *prop) int {
		if p.isStep && !t.exact {
			return t.depth - 1
		}
		return t.depth
	}
	for _, cd := range comp.props {
		p := &prop{decl: cd, isStep: len(c.info.Primes(cd.Body)) > 0, encoded: true}
		p.last = lastOf(p)
		props = append(props, p)
	}
	// sitesReached reports whether every premise, range, arm and branch the
	// property's encodings recorded is reached at some index: when one is not, that
	// negative answer becomes a finding only once the reachable states are searched.
	sitesReached := func(p *prop) bool {
		hits := map[ast.Node][]logic.Lit{}
		var nodes []ast.Node
		for _, cl := range p.perK {
			for n, hs := range cl.rec.Reach {
				if _, ok := hits[n]; !ok {
					nodes = append(nodes, n)
				}
				for _, h := range hs {
					hits[n] = append(hits[n], h.Lit)
				}
			}
		}
		sort.Slice(nodes, func(i, j int) bool { return nodes[i].Bounds().Start < nodes[j].Bounds().Start }) // the same questions in the same order
		for _, n := range nodes {
			if p.reached[n] {
				continue // reached within fewer steps
			}
			if c.solve(t.b, t.b.Ors(hits[n]...)).Status != logic.Sat {
				return false
			}
			if p.reached == nil {
				p.reached = map[ast.Node]bool{}
			}
			p.reached[n] = true
		}
		return true
	}
	if len(props) == 0 {
		return
	}
	// encodeTo encodes the property at each index up to last (the vacuity checks
	// use them all).
	encodeTo := func(p *prop, last int) {
		if p.isStep {
			t.extend(last + 1)
		} else {
			t.extend(last)
		}
		for k := len(p.perK); k <= last && p.encoded; k++ {
			f := &encode.Frame{Pre: t.states[k], Path: logic.Bool(true)}
			var real logic.Lit = logic.Bool(true)
			if p.isStep {
				f.Post = t.states[k+1]
				real = t.stepAt(k)
			}
			cl, ok := t.clause(p.decl, p.decl.Body, f)
			if !ok {
				p.encoded = false
				break
			}
			p.perK = append(p.perK, cl)
			p.fails = append(p.fails, t.b.And(real, cl.lit.Not()))
		}
	}
	ask := func(p *prop, k int) logic.Result {
		q := question{b: t.b, assume: []logic.Lit{p.fails[k]}}
		if k == 0 && !p.isStep {
			// In the initial states (a static spec: its models), a question of one
			// state: a value (see Question).
			q.what, q.parts = "whether "+p.decl.Name.Name+" holds in every initial state", c.initialParts(p.decl)
			q.state = func() diag.State { return t.enc.Decode(t.states[0]) }
		}
		r := c.ask(q)
		if r.Status == logic.Unknown {
			c.setProp(p.decl, diag.Undecided, unknownReason(r), 0)
			c.unknown(p.decl.Name.Span, "whether "+p.decl.Name.Name+" holds", r)
			p.done = true
		}
		return r
	}
	violatedAt := map[*prop]int{}
	// The initial states (or first steps).
	for _, p := range props {
		if p.last < 0 {
			continue // depth 0 leaves no step to check a step assert on: only a proof decides
		}
		if encodeTo(p, 0); !p.encoded {
			continue
		}
		if r := ask(p, 0); r.Status == logic.Sat {
			violatedAt[p] = 0
			p.done = true
		}
	}
	// Induction, the state properties together (each a lemma for the others), then
	// the step asserts with the proved state properties as lemmas.
	var cands []*ast.ClauseDecl
	for _, p := range props {
		if !p.done && p.encoded && !p.isStep {
			cands = append(cands, p.decl)
		}
	}
	provedSet := c.houdini(comp, cands)
	var lemmas []*ast.ClauseDecl
	for _, cd := range cands {
		if provedSet[cd] {
			lemmas = append(lemmas, cd)
		}
	}
	t.lemmas = lemmas
	for _, p := range props {
		if p.isStep && !p.done && p.encoded && c.inductiveWith(comp, p.decl, true, nil, lemmas) {
			provedSet[p.decl] = true
		}
	}
	for _, p := range props {
		cd := p.decl
		proved := provedSet[cd]
		if !p.done && p.encoded && !proved {
			// The bounded question; a negative answer becomes a verdict only once the
			// reachable states are searched (exactify), asked again at the new bound.
			for {
				if t.reach != nil {
					// Every reachable state is known: one question over them.
					r, k, ok := c.failsOverReach(t, p.decl, p.isStep)
					switch {
					case !ok:
						p.encoded = false
					case r.Status == logic.Unknown:
						c.setProp(p.decl, diag.Undecided, unknownReason(r), 0)
						c.unknown(p.decl.Name.Span, "whether "+p.decl.Name.Name+" holds", r)
						p.done = true
					case r.Status == logic.Sat:
						if encodeTo(p, k); p.encoded {
							violatedAt[p] = k
							p.done = true
						}
					default:
						proved = true
					}
					break
				}
				if p.last > 0 {
					// Deepening: a violation is usually shallow, and a short unrolling
					// is a small solver (each question assigns every variable of it).
					r := logic.Result{Status: logic.Unsat}
					for k := p.unsatTo; k < p.last && r.Status == logic.Unsat; {
						prev := k
						k = min(max(2*k, 1), p.last)
						if encodeTo(p, k); !p.encoded {
							break
						}
						if r = ask(p, k); r.Status == logic.Unsat {
							p.unsatTo = k
						} else if r.Status == logic.Sat {
							// Fails at k, not before prev+1.
							violatedAt[p] = firstSat(prev+1, k, func(j int) logic.Status { return c.solve(t.b, p.fails[j]).Status })
							p.done = true
						}
					}
					if !p.encoded || r.Status != logic.Unsat {
						break
					}
				}
				if !t.exact && c.exactify(t) {
					p.last = lastOf(p)
					continue
				}
				proved = t.exact // no state or step of any reachable run breaks it
				if !proved {
					proved, p.why = c.pdrDecide(t, comp, p.decl, p.isStep, &lemmas, func(n int) []logic.Lit {
						if encodeTo(p, n); !p.encoded || len(p.fails) <= n {
							return nil
						}
						return p.fails
					}, func(k int) { violatedAt[p], p.done = k, true })
				}
				break
			}
		}
		// The vacuity checks use every depth of the bounded runs (or, once the
		// reachable states are known, the one state of t.reach).
		sites := func() {
			if t.reach == nil && p.last > vacuityDepth {
				// A deep explicit bound: the reachable states within it may be
				// known instead of unrolled (else the unrolling the user asked for).
				c.exactify(t)
			}
			if t.reach != nil || p.last <= 0 {
				return
			}
			// The sites are usually reached within a few steps: deepening, as for
			// the property, unless a cases may match no arm (a finding whatever the
			// depth: every depth is unrolled).
			if len(p.perK) > 0 && !anyNoMatch(p.perK) {
				for k := len(p.perK) - 1; ; {
					if sitesReached(p) {
						p.sitesOK = true
						return
					}
					if k >= p.last {
						break
					}
					k = min(max(2*k, 1), p.last)
					if encodeTo(p, k); !p.encoded {
						return
					}
				}
			}
			encodeTo(p, p.last)
			if !sitesReached(p) && c.exactify(t) && t.reach == nil {
				p.last = lastOf(p)
				encodeTo(p, p.last)
			}
		}
		if !p.done && p.encoded {
			sites()
		}
		if k, ok := violatedAt[p]; ok {
			c.reportViolation(t, comp, cd, p.fails[k], k, p.isStep)
			// (a) and unreachable apply to a violated property too (only (b) waits
			// for a verdict): judged on the same states as a verdict would be.
			sites()
			if p.encoded && (t.reach != nil || p.sitesOK || len(p.perK) >= p.last+1) {
				c.propertyVacuity(t, cd, p.perK, p.isStep, diag.Violated, comp)
			}
			continue
		}
		if !p.encoded {
			c.setProp(cd, diag.Undecided, "it could not be encoded", 0)
			continue
		}
		if p.done {
			continue
		}
		if proved {
			c.setProp(cd, diag.Proved, "", 0)
		} else {
			c.setProp(cd, diag.HoldsToDepth, "", t.depth)
			if t.stopped {
				c.props[c.propIdx[cd]].Reason = unknownReason(logic.Result{Reason: p.why})
				c.budgetStopped(cd, t, p.why)
			}
		}
		status := diag.HoldsToDepth
		if proved {
			status = diag.Proved
		}
		perK := p.perK
		if t.reach == nil && !(proved && p.sitesOK) && len(perK) < p.last+1 {
			perK = nil // a proof at a depth too great to unroll: no vacuity but (c)
		}
		c.propertyVacuity(t, cd, perK, p.isStep, status, comp)
	}
}

// runOf is the run of t's current model to state k, and for a step question on to
// the step from it. That step may be another component's (its variables change,
// these stay): it is shown as that component's step.
func (c *checker) runOf(t *trace, comp *component, k int, isStep bool) *diag.Counterexample {
	if !isStep {
		return t.run(k)
	}
	if !t.b.Value(t.moves[k]) {
		cx := t.run(k)
		label, after := c.idleStep(comp)
		cx.Steps = append(cx.Steps, label)
		cx.States = append(cx.States, c.overlay(cx.States[len(cx.States)-1], after))
		return cx
	}
	return t.run(k + 1)
}

// reportViolation reports the shortest run that breaks a property: it fails at
// index k (fail is that question), not before.
func (c *checker) reportViolation(t *trace, comp *component, cd *ast.ClauseDecl, fail logic.Lit, k int, isStep bool) {
	code := diag.AssertViolated
	if cd.Kind == ast.Invariant {
		code = diag.InvariantViolated
	}
	if r := c.solveCanonical(t.b, t.runValues(k+1), fail); r.Status != logic.Sat {
		// Known to fail within k steps, but the run could not be rebuilt.
		fd := diag.New(code, cd.Name.Span, "%s %s fails within %d steps (the run could not be rebuilt: %s)", cd.Kind, cd.Name.Name, k, unknownReason(r))
		c.add(fd)
		c.setProp(cd, diag.Violated, "", 0)
		return
	}
	cx := c.runOf(t, comp, k, isStep)
	what := "in a reachable state"
	if k == 0 && !isStep {
		what = "in an initial state"
	} else if isStep {
		what = "on a step from a reachable state"
	}
	fd := diag.New(code, cd.Name.Span, "%s %s fails %s", cd.Kind, cd.Name.Name, what)
	if !c.info.StateMachine {
		// A static spec is a machine with no steps whose initial states are its models.
		fd.Message = fmt.Sprintf("%s %s does not hold in a model of the spec", cd.Kind, cd.Name.Name)
	}
	cx.Reads = c.reads(cd)
	cx.Bindings = append(cx.Bindings, c.breakingBindings(comp, cd, cx, isStep)...)
	fd.Counterexample = cx
	c.add(fd)
	c.setProp(cd, diag.Violated, "", 0)
}

// inductive tries to prove a property for every reachable state at any depth: a state
// property holds initially (checked by the caller) and every step from a valid state
// where it holds keeps it; a step property holds on every step from any valid state.
// lemmas, state properties proved already, are assumed in the state before the step.
func (c *checker) inductiveWith(comp *component, cd *ast.ClauseDecl, isStep bool, override map[ast.Expr]logic.Lit, lemmas []*ast.ClauseDecl) bool {
	iw := c.inductionWorld(comp)
	if !iw.ok {
		return false
	}
	w, pre, post := iw.world, iw.pre, iw.post
	facts := append(append([]logic.Lit(nil), iw.facts...), c.lemmaLits(w, lemmas, pre)...)
	options := append([]logic.Lit(nil), iw.options...)
	if comp.idle {
		// Actions of other parts step too, leaving these variables as they are.
		options = append(options, iw.stut)
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
	if c.verdicts { // Options.Verdicts: vacuity decides no verdict
		return
	}
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
	if t.reach != nil {
		c.vacuityOverReach(t, cd, isStep, status)
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
	// A cases that matches no arm is shown on the run up to the first state (or step)
	// of the model where none matches, not on the whole unrolling.
	where := func() *diag.Counterexample {
		for k, cl := range perK {
			for _, hs := range cl.rec.NoMatch {
				for _, h := range hs {
					if t.b.Value(h.Lit) {
						if isStep {
							return t.run(k + 1)
						}
						return t.run(k)
					}
				}
			}
		}
		return t.run(len(t.states) - 1)
	}
	if c.reachSites(t.b, merged, nil, false, where) || status == diag.Violated {
		return
	}
	// (b): replacement, over the same states as the verdict.
	// A proved property's weakened form is decided over every reachable state (the
	// exhaustive search, induction or PDR): exact, whatever bound the search had.
	note := c.boundNote(cd)
	if status == diag.Proved {
		note = ""
	}
	c.replacementVacuity(cd, note, func(override map[ast.Expr]logic.Lit) logic.Result {
		t.enc.Override = override
		defer func() { t.enc.Override = nil }()
		var fails []logic.Lit
		// A property proved without an exhaustive search: the weakened one holds in
		// every reachable state when it holds initially and is inductive with the
		// proved properties as lemmas (below); the bounded runs would add nothing
		// that induction does not decide.
		ks := len(perK)
		if status == diag.Proved && !t.exact {
			ks = 1
		}
		for k := range ks {
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
		if r.Status == logic.Unsat && status == diag.Proved && !t.exact && !c.inductiveWith(comp, cd, isStep, override, t.lemmas) &&
			!(t.stopped && c.pdrProves(comp, cd, isStep, override, t.lemmas)) {
			return logic.Result{Status: logic.Sat}
		}
		return r
	})
}

// onReach encodes property cd on the one state of t.reach (a step assert: on its
// step); the literal holds where cd does. ok is false when it could not be encoded.
func (c *checker) onReach(t *trace, cd *ast.ClauseDecl, isStep bool) (cl *clause, context []logic.Lit, ok bool) {
	r := t.reach
	f := &encode.Frame{Pre: r.s, Path: logic.Bool(true)}
	context = []logic.Lit{r.in}
	if isStep {
		if !r.encodeSteps(t.acts) {
			return nil, nil, false
		}
		f.Post = r.post
		context = append(context, r.stepLit())
	}
	cl, ok = r.clause(cd, cd.Body, f)
	return cl, context, ok
}

// failsOverReach asks whether property cd fails in some reachable state (a step
// assert: on some step from one), as one question over t.reach. Sat comes with the
// smallest level k it fails at (the index of the failing state, or of the state the
// failing step leaves): the violation's shortest run is k steps (k+1 for a step).
// ok is false when cd could not be encoded (the encoder reported it).
func (c *checker) failsOverReach(t *trace, cd *ast.ClauseDecl, isStep bool) (res logic.Result, k int, ok bool) {
	r := t.reach
	cl, context, ok := c.onReach(t, cd, isStep)
	if !ok {
		return logic.Result{Status: logic.Unknown}, 0, false
	}
	fail := cl.lit.Not()
	res = c.ask(question{what: "whether " + cd.Name.Name + " holds", b: r.b, assume: append(append([]logic.Lit(nil), context...), fail)})
	if res.Status != logic.Sat {
		return res, 0, true
	}
	k = r.shortest(r.level(), func(within logic.Lit) logic.Status {
		assume := append(append([]logic.Lit{within}, context[1:]...), fail)
		return c.ask(question{b: r.b, assume: assume}).Status
	})
	return res, k, true
}

// vacuityOverReach judges (a) and (b) of property cd over every reachable state: the
// one state (or step) of t.reach.
func (c *checker) vacuityOverReach(t *trace, cd *ast.ClauseDecl, isStep bool, status diag.PropertyStatus) {
	r := t.reach
	cl, context, ok := c.onReach(t, cd, isStep)
	if !ok {
		return
	}
	where := func() *diag.Counterexample {
		var after diag.State
		label := ""
		if isStep {
			after = c.full(r.enc.Decode(r.post))
			for _, st := range r.steps {
				if r.b.Value(st.taken) {
					label = stepLabel(r.b, st)
					break
				}
			}
		}
		cx := c.runTo(t)
		if cx == nil {
			cx = &diag.Counterexample{States: []diag.State{c.full(r.enc.Decode(r.s))}}
		}
		if label != "" {
			cx.Steps = append(cx.Steps, label)
			cx.States = append(cx.States, after)
		}
		return cx
	}
	if c.reachSites(r.b, cl, context, false, where) || status == diag.Violated {
		return
	}
	c.replacementVacuity(cd, "", func(override map[ast.Expr]logic.Lit) logic.Result {
		r.enc.Override = override
		defer func() { r.enc.Override = nil }()
		weak, _, ok := c.onReach(t, cd, isStep)
		if !ok {
			return logic.Result{Status: logic.Unknown}
		}
		return c.solve(r.b, append(append([]logic.Lit(nil), context...), weak.lit.Not())...)
	})
}

// anyNoMatch reports whether an encoding recorded a cases that may match no arm.
func anyNoMatch(perK []*clause) bool {
	for _, cl := range perK {
		if len(cl.rec.NoMatch) > 0 {
			return true
		}
	}
	return false
}

// inductionWorld is the world of a component's induction questions: two states and
// every action's step between them, the facts on the first, encoded once and shared
// by every question (Houdini's, each property's, each vacuity (b) replacement's:
// nothing is asserted in it, so they do not interfere).
type inductionWorld struct {
	*world
	pre, post encode.State
	facts     []logic.Lit // the facts on pre
	options   []logic.Lit // each action's step
	stut      logic.Lit   // pre and post equal
	ok        bool        // every action encoded
}

func (c *checker) inductionWorld(comp *component) *inductionWorld {
	if iw, ok := c.induction[comp]; ok {
		return iw
	}
	w := c.newWorldIn(comp)
	iw := &inductionWorld{world: w, pre: w.newState(), post: w.newState(), ok: true}
	iw.facts = lits(w.facts(iw.pre), nil)
	for _, a := range comp.acts {
		st := w.step(a, iw.pre, iw.post, nil)
		if !st.ok {
			iw.ok = false
		}
		iw.options = append(iw.options, st.taken)
	}
	var same []logic.Lit
	for _, v := range w.vars() {
		same = append(same, w.b.Equal(iw.pre[v], iw.post[v]))
	}
	iw.stut = w.b.Ands(same...)
	if c.induction == nil {
		c.induction = map[*component]*inductionWorld{}
	}
	c.induction[comp] = iw
	return iw
}
