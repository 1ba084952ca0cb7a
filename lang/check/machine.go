package check

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// action is one action that encoded, with its declaration.
type action struct {
	decl *ast.ActionDecl
	sym  *sema.Symbol
}

// step is one possible step by one action from state pre to state post: its argument
// values and one literal per clause, plus the frame and the validity of post.
type step struct {
	act       *action
	pre, post encode.State
	args      map[*sema.Symbol]logic.Value
	requires  []*clause
	ensures   []*clause
	postFacts []*clause
	frame     logic.Lit
	enabled   logic.Lit // every requires holds
	taken     logic.Lit // the step happens: enabled, ensures, post valid, frame
	ok        bool
}

// world is one solver with states and the steps between them. A world scoped to a
// component holds only that component's variables, facts and actions.
type world struct {
	c     *checker
	b     *logic.Builder
	enc   *encode.Encoder
	scope *component // nil: the whole spec
}

func (c *checker) newWorld() *world { return c.newWorldIn(nil) }

func (c *checker) newWorldIn(scope *component) *world {
	b := logic.New()
	return &world{c: c, b: b, enc: encode.New(b, c.info), scope: scope}
}

// newState makes a fresh state of the world's variables.
func (w *world) newState() encode.State {
	if w.scope == nil {
		return w.enc.NewState()
	}
	return w.enc.NewStateOf(w.scope.vars)
}

// vars lists the world's variables in declaration order.
func (w *world) vars() []*sema.Symbol {
	all := w.enc.Vars()
	if w.scope == nil {
		return all
	}
	var out []*sema.Symbol
	for _, v := range all {
		if w.scope.vars[v] {
			out = append(out, v)
		}
	}
	return out
}

// stateOf returns a decoder of a state in the world's current model, with the
// variables outside the world's component filled in (see checker.full).
func (w *world) stateOf(s encode.State) func() *diag.Counterexample {
	return func() *diag.Counterexample {
		return &diag.Counterexample{States: []diag.State{w.c.full(w.enc.Decode(s))}}
	}
}

// stepOf returns a decoder of a step in the world's current model: its two states and
// its label.
func (w *world) stepOf(st *step) func() *diag.Counterexample {
	return func() *diag.Counterexample {
		return &diag.Counterexample{
			States: []diag.State{w.c.full(w.enc.Decode(st.pre)), w.c.full(w.enc.Decode(st.post))},
			Steps:  []string{stepLabel(w.b, st)},
		}
	}
}

// inScope reports whether a clause concerns only the world's variables.
func (w *world) inScope(n ast.Node) bool {
	if w.scope == nil {
		return true
	}
	for v := range w.c.usedVars(n) {
		if !w.scope.vars[v] {
			return false
		}
	}
	return true
}

// formula encodes a clause body in a world; ok false when it could not be encoded.
func (w *world) clause(n ast.Node, body ast.Expr, f *encode.Frame) (*clause, bool) {
	var lit logic.Lit
	var err error
	func() {
		defer encode.Catch(&err)
		w.enc.Begin()
		lit = w.enc.Formula(f, body)
	}()
	rec := w.enc.End()
	if err != nil {
		return nil, false
	}
	return &clause{node: n, body: body, lit: lit, rec: rec}, true
}

// facts encodes every fact on state s.
func (w *world) facts(s encode.State) []*clause {
	var out []*clause
	for _, f := range w.c.facts {
		if !w.inScope(f.node) {
			continue
		}
		cl, ok := w.clause(f.node, f.body, &encode.Frame{Pre: s, Path: logic.Bool(true)})
		if ok {
			out = append(out, cl)
		}
	}
	return out
}

// initially encodes the initially clauses on s.
func (w *world) initially(s encode.State) []*clause {
	var out []*clause
	for _, d := range w.c.file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Kind != ast.Initially || cd.Body == nil || w.c.info.Broken(cd) || !w.inScope(cd) {
			continue
		}
		if cl, ok := w.clause(cd, cd.Body, &encode.Frame{Pre: s, Path: logic.Bool(true)}); ok {
			out = append(out, cl)
		}
	}
	return out
}

// step encodes a step of act from pre to post, with fresh arguments unless given.
func (w *world) step(act *action, pre, post encode.State, args map[*sema.Symbol]logic.Value) *step {
	b := w.b
	st := &step{act: act, pre: pre, post: post, args: args, ok: true}
	if st.args == nil {
		st.args = map[*sema.Symbol]logic.Value{}
		for _, p := range act.sym.Params {
			st.args[p] = w.enc.FreshLocal(p)
		}
	}
	f := &encode.Frame{Pre: pre, Post: post, Locals: st.args, Path: logic.Bool(true)}
	primed := map[*sema.Symbol]bool{}
	for _, cl := range act.decl.Clauses {
		if cl.Body == nil || w.c.info.Broken(cl) {
			continue // left out of every question, its primes too
		}
		for _, s := range w.c.info.Primes(cl) {
			primed[s] = true
		}
		fr := f
		if cl.Kind == ast.Requires {
			fr = &encode.Frame{Pre: pre, Locals: st.args, Path: logic.Bool(true)}
		}
		enc, ok := w.clause(cl, cl.Body, fr)
		if !ok {
			st.ok = false
			continue
		}
		if cl.Kind == ast.Requires {
			st.requires = append(st.requires, enc)
		} else {
			st.ensures = append(st.ensures, enc)
		}
	}
	var same []logic.Lit
	for _, v := range w.vars() {
		if !primed[v] {
			same = append(same, b.Equal(pre[v], post[v]))
		}
	}
	st.frame = b.Ands(same...)
	st.postFacts = w.facts(post)
	st.enabled = b.Ands(lits(st.requires, nil)...)
	st.taken = b.Ands(st.enabled, b.Ands(lits(st.ensures, nil)...), b.Ands(lits(st.postFacts, nil)...), st.frame)
	return st
}

// actions lists the actions that checked.
func (c *checker) actions() []*action {
	var out []*action
	for _, d := range c.file.Decls {
		a, ok := d.(*ast.ActionDecl)
		if !ok || a.Name == nil || c.info.Broken(a) {
			continue
		}
		if sym := c.info.Defs[a.Name]; sym != nil {
			out = append(out, &action{decl: a, sym: sym})
		}
	}
	return out
}

// trace is an unrolling s0 … sD: s0 initial, each step an action's or a stutter (so a
// state reachable in at most k steps appears at every index from k on; the first k
// where a question is satisfiable gives the shortest run).
type trace struct {
	*world
	acts   []*action
	states []encode.State
	steps  [][]*step   // steps[k]: each action's step from states[k] to states[k+1]
	stut   []logic.Lit // the step from states[k] is a stutter
	moves  []logic.Lit // the step from states[k] is some action's (possibly leaving the state as it was)
	init   logic.Lit
}

func (c *checker) newTrace(comp *component) *trace {
	t := &trace{world: c.newWorldIn(comp), acts: comp.acts}
	s0 := t.newState()
	t.states = []encode.State{s0}
	t.init = t.b.Ands(t.b.Ands(lits(t.facts(s0), nil)...), t.b.Ands(lits(t.initially(s0), nil)...))
	t.b.Assert(t.init)
	return t
}

// extend makes sure states s0 … s_k exist, with their transitions asserted.
func (t *trace) extend(k int) {
	for len(t.states) <= k {
		i := len(t.states) - 1
		pre, post := t.states[i], t.newState()
		var options []logic.Lit
		var sts []*step
		for _, a := range t.acts {
			st := t.step(a, pre, post, nil)
			sts = append(sts, st)
			options = append(options, st.taken)
		}
		var same []logic.Lit
		for _, v := range t.vars() {
			same = append(same, t.b.Equal(pre[v], post[v]))
		}
		stutter := t.b.Ands(same...)
		t.b.Assert(t.b.Ors(append(options, stutter)...))
		t.states = append(t.states, post)
		t.steps = append(t.steps, sts)
		t.stut = append(t.stut, stutter)
		t.moves = append(t.moves, t.b.Ors(options...))
	}
}

// runValues lists the values a run up to s_k consists of, for canonical models: the
// states in order, each step's arguments after its state.
func (t *trace) runValues(k int) []logic.Value {
	var out []logic.Value
	for i := 0; i <= k && i < len(t.states); i++ {
		out = append(out, stateValues(t.enc, t.states[i])...)
	}
	return out
}

// run decodes the run s0 … s_k of the last model, dropping stutter steps.
func (t *trace) run(k int) *diag.Counterexample {
	cx := &diag.Counterexample{States: []diag.State{t.c.full(t.enc.Decode(t.states[0]))}}
	for i := 0; i < k; i++ {
		var label string
		for _, st := range t.steps[i] {
			if t.b.Value(st.taken) {
				label = stepLabel(t.b, st)
				break
			}
		}
		if label == "" {
			continue // stutter
		}
		cx.Steps = append(cx.Steps, label)
		cx.States = append(cx.States, t.c.full(t.enc.Decode(t.states[i+1])))
	}
	return cx
}

func stepLabel(b *logic.Builder, st *step) string {
	if len(st.act.sym.Params) == 0 {
		return st.act.sym.Name
	}
	var parts []string
	for _, p := range st.act.sym.Params {
		parts = append(parts, p.Name+": "+b.Decode(st.args[p]).String())
	}
	return st.act.sym.Name + "(" + strings.Join(parts, ", ") + ")"
}

// machine runs the checks that need states and steps.
func (c *checker) machine() {
	acts := c.actions()
	// Components that share no variable are checked apart: a state of one is
	// reachable in k steps whatever the others do (they may stand still), so each
	// question is answered exactly on a much smaller unrolling.
	comps := c.components(acts)
	compOf := map[*action]*component{}
	for _, comp := range comps {
		for _, a := range comp.acts {
			compOf[a] = comp
		}
	}
	noInitial := c.checkInitial()
	dead := c.checkActionClauses(acts, compOf)
	if noInitial != "" {
		c.propsUnknown(noInitial)
		// True by the types alone does not depend on reachability.
		for _, d := range c.file.Decls {
			if cd, ok := d.(*ast.ClauseDecl); ok && cd.Kind != ast.Fact && cd.Body != nil && !c.info.Broken(cd) && c.tautologyOf(cd, cd.Body, nil) {
				c.add(diag.New(diag.Vacuous, cd.Span, "%s is true by the types alone: it says nothing", c.clauseName(cd)))
			}
		}
		return
	}
	for _, comp := range comps {
		t := c.newTrace(comp)
		var live []*action
		for _, a := range comp.acts {
			if !dead[a] {
				live = append(live, a)
			}
		}
		c.machineProperties(t, comp)
		c.reachableActions(t, live)
	}
	c.examples(acts)
}

// component is a set of variables that no clause relates to any other variable, with
// the actions and properties that mention them.
type component struct {
	vars  map[*sema.Symbol]bool
	acts  []*action
	props []*ast.ClauseDecl
}

// components splits the spec: two variables are together when a fact, an initially,
// an action or a property mentions both (through preds and funs too). Actions and
// properties that mention no variable form a component of their own.
func (c *checker) components(acts []*action) []*component {
	vars := c.enc.Vars()
	parent := map[*sema.Symbol]*sema.Symbol{}
	for _, v := range vars {
		parent[v] = v
	}
	find := func(v *sema.Symbol) *sema.Symbol {
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	// join unites the variables n mentions and returns one of them (nil if none).
	join := func(n ast.Node) *sema.Symbol {
		var first *sema.Symbol
		used := c.usedVars(n)
		for _, v := range vars {
			if !used[v] {
				continue
			}
			if first == nil {
				first = v
			} else if a, b := find(first), find(v); a != b {
				parent[b] = a
			}
		}
		return first
	}
	var props []*ast.ClauseDecl
	for _, d := range c.file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Body == nil || c.info.Broken(cd) {
			continue
		}
		join(cd)
		if (cd.Kind == ast.Invariant || cd.Kind == ast.Assert) && cd.Name != nil {
			props = append(props, cd)
		}
	}
	anchor := map[*action]*sema.Symbol{}
	for _, a := range acts {
		anchor[a] = join(a.decl)
	}
	byRoot := map[*sema.Symbol]*component{}
	var out []*component
	get := func(v *sema.Symbol) *component {
		if v == nil {
			return nil
		}
		r := find(v)
		if comp, ok := byRoot[r]; ok {
			return comp
		}
		comp := &component{vars: map[*sema.Symbol]bool{}}
		byRoot[r] = comp
		out = append(out, comp)
		return comp
	}
	for _, v := range vars {
		get(v).vars[v] = true
	}
	varless := &component{vars: map[*sema.Symbol]bool{}}
	for _, a := range acts {
		if comp := get(anchor[a]); comp != nil {
			comp.acts = append(comp.acts, a)
		} else {
			varless.acts = append(varless.acts, a)
		}
	}
	for _, p := range props {
		var first *sema.Symbol
		used := c.usedVars(p)
		for _, v := range vars {
			if used[v] {
				first = v
				break
			}
		}
		if comp := get(first); comp != nil {
			comp.props = append(comp.props, p)
		} else {
			varless.props = append(varless.props, p)
		}
	}
	if len(varless.acts)+len(varless.props) > 0 {
		out = append(out, varless)
	}
	return out
}

// checkInitial: the facts and the initially clauses must admit a state.
func (c *checker) checkInitial() string {
	w := c.newWorld()
	s := w.newState()
	facts, inits := w.facts(s), w.initially(s)
	cls := append(append([]*clause(nil), facts...), inits...)
	if len(cls) == 0 {
		return ""
	}
	all := lits(cls, nil)
	r := c.solve(w.b, all...)
	switch r.Status {
	case logic.Sat:
		// One initial state of the whole spec, canonical: where a run of one
		// component shows the others standing still.
		if r := c.solveCanonical(w.b, stateValues(w.enc, s), all...); r.Status == logic.Sat {
			c.initialState = w.enc.Decode(s)
		}
		// Each initially in its context: the facts and the other initially clauses.
		for _, in := range inits {
			ctx := append(lits(facts, nil), lits(inits, in)...)
			vac := false
			if c.tautology(w.b, in.lit, in.span()) {
				c.add(diag.New(diag.Vacuous, in.span(), "%s is true by the types alone: it says nothing", c.clauseName(in.node)))
				vac = true
			}
			c.reachSites(w.b, in, ctx, vac, w.stateOf(s))
		}
		return ""
	case logic.Unknown:
		c.unknown(cls[0].span(), "whether any state is initial", r)
		return "it could not be decided whether any state is initial: " + unknownReason(r)
	}
	c.reportCore(w.b, cls, all, "no state is initial")
	return "no state is initial, so nothing is reachable"
}

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
	t.extend(c.depth)
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
		undecided := false
		encodedOK := true
		for k := 0; k <= last; k++ {
			f := &encode.Frame{Pre: t.states[k], Path: logic.Bool(true)}
			var real logic.Lit = logic.Bool(true)
			if p.isStep {
				f.Post = t.states[k+1]
				real = t.moves[k]
			}
			cl, ok := t.clause(cd, cd.Body, f)
			if !ok {
				encodedOK = false
				break
			}
			p.perK = append(p.perK, cl)
			r := c.solveCanonical(t.b, t.runValues(k+1), real, cl.lit.Not())
			if r.Status == logic.Unknown {
				c.setProp(cd, diag.Undecided, unknownReason(r), 0)
				c.unknown(cd.Name.Span, "whether "+cd.Name.Name+" holds", r)
				undecided = true
				break
			}
			if r.Status == logic.Sat {
				n := k
				if p.isStep {
					n = k + 1
				}
				cx := t.run(n)
				what := "in a reachable state"
				if k == 0 && !p.isStep {
					what = "in an initial state"
				} else if p.isStep {
					what = "on a step from a reachable state"
				}
				fd := diag.New(code, cd.Name.Span, "%s %s fails %s: %s", cd.Kind, cd.Name.Name, what, cx.Short())
				fd.Counterexample = cx
				c.add(fd)
				c.setProp(cd, diag.Violated, "", 0)
				p.violate = true
				break
			}
		}
		if !encodedOK {
			c.setProp(cd, diag.Undecided, "it could not be encoded", 0)
			continue
		}
		if undecided || p.violate {
			continue
		}
		status := diag.HoldsToDepth
		if c.inductive(comp, cd, p.isStep) {
			status = diag.Proved
		}
		c.setProp(cd, status, "", c.depth)
		c.propertyVacuity(t, cd, p.perK, p.isStep, status, comp)
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
func (c *checker) propertyVacuity(t *trace, cd *ast.ClauseDecl, perK []*clause, isStep bool, status diag.PropertyStatus, comp *component) {
	w := c.newWorldIn(comp)
	s := w.newState()
	f := &encode.Frame{Pre: s, Path: logic.Bool(true)}
	if isStep {
		f.Post = w.newState()
	}
	if cl, ok := w.clause(cd, cd.Body, f); ok && c.tautology(w.b, cl.lit, cd.Span) {
		c.add(diag.New(diag.Vacuous, cd.Span, "%s %s is true by the types alone: it says nothing", cd.Kind, cd.Name.Name))
		return
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
				real = t.moves[k]
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

// examples checks examples and nonexamples of a state machine.
func (c *checker) examples(acts []*action) {
	byName := map[*sema.Symbol]*action{}
	for _, a := range acts {
		byName[a.sym] = a
	}
	for _, d := range c.file.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Name == nil || c.info.Broken(ex) {
			continue
		}
		c.example(ex, byName)
	}
}

func (c *checker) example(ex *ast.ExampleDecl, byName map[*sema.Symbol]*action) {
	w := c.newWorld()
	s0 := w.newState()
	prefix := append(lits(w.facts(s0), nil), lits(w.initially(s0), nil)...)
	states := []encode.State{s0}
	var steps []*step
	cur := s0
	var givens []logic.Lit
	for _, st := range ex.Steps {
		if g, ok := st.(*ast.GivenStep); ok {
			cl, ok := w.clause(g, g.Cond, &encode.Frame{Pre: s0, Path: logic.Bool(true)})
			if !ok {
				return
			}
			givens = append(givens, cl.lit)
		}
	}
	prefix = append(prefix, givens...)
	r := c.solve(w.b, prefix...)
	if r.Status == logic.Unknown {
		c.unknown(ex.Name.Span, "whether "+ex.Name.Name+" can start", r)
		return
	}
	if r.Status == logic.Unsat {
		if ex.Negative {
			return
		}
		c.add(diag.New(diag.ExampleFailed, ex.Name.Span, "example %s cannot start: no initial state meets its givens", ex.Name.Name))
		return
	}
	runOf := func() *diag.Counterexample {
		cx := &diag.Counterexample{States: []diag.State{w.enc.Decode(s0)}}
		for i, st := range steps {
			cx.Steps = append(cx.Steps, stepLabel(w.b, st))
			cx.States = append(cx.States, w.enc.Decode(states[i+1]))
		}
		return cx
	}
	for _, stp := range ex.Steps {
		switch stp := stp.(type) {
		case *ast.DoStep:
			a := byName[c.info.Uses[stp.Action]]
			if a == nil {
				c.add(diag.New(diag.Unknown, stp.Span, "the action of this step was left out of the checks"))
				return
			}
			args := map[*sema.Symbol]logic.Value{}
			for i, p := range a.sym.Params {
				args[p] = w.enc.FreshLocal(p)
				if i < len(stp.Args) {
					if _, wild := stp.Args[i].(*ast.Wildcard); !wild {
						var val logic.Value
						var err error
						func() {
							defer encode.Catch(&err)
							val = w.enc.Value(&encode.Frame{Pre: cur, Path: logic.Bool(true)}, stp.Args[i])
						}()
						if err != nil {
							return
						}
						if val.Shape.Kind == logic.IntKind {
							prefix = append(prefix, w.b.Eq(args[p].N, val.N))
						} else {
							prefix = append(prefix, w.b.Equal(args[p], val))
						}
					}
				}
			}
			next := w.newState()
			st := w.step(a, cur, next, args)
			w.b.Assert(st.frame)
			clauses := append(append(append([]*clause(nil), st.requires...), st.ensures...), st.postFacts...)
			all := append(append([]logic.Lit(nil), prefix...), lits(clauses, nil)...)
			r := c.solve(w.b, all...)
			if r.Status == logic.Unknown {
				c.unknown(stp.Span, "whether this step can be taken", r)
				return
			}
			if r.Status == logic.Unsat {
				if ex.Negative {
					return // the run is impossible, as a nonexample should be
				}
				c.reportBlockedStep(w, ex, stp, a, prefix, clauses)
				return
			}
			prefix = append(prefix, lits(clauses, nil)...)
			steps = append(steps, st)
			states = append(states, next)
			cur = next
		case *ast.ExpectStep:
			cl, ok := w.clause(stp, stp.Cond, &encode.Frame{Pre: cur, Path: logic.Bool(true)})
			if !ok {
				return
			}
			r := c.solveCanonical(w.b, stateValues(w.enc, states...), append(append([]logic.Lit(nil), prefix...), cl.lit.Not())...)
			if r.Status == logic.Unknown {
				c.unknown(stp.Span, "whether this expect holds", r)
				return
			}
			if r.Status == logic.Sat {
				cx := runOf()
				f := diag.New(diag.ExampleFailed, stp.Span, "example %s: this expect fails after %s", ex.Name.Name, runText(cx))
				f.Counterexample = cx
				c.add(f)
				return
			}
		}
	}
	if ex.Negative {
		r := c.solveCanonical(w.b, stateValues(w.enc, states...), prefix...)
		if r.Status == logic.Sat {
			cx := runOf()
			f := diag.New(diag.NonexampleAdmitted, ex.Name.Span, "nonexample %s is possible: %s", ex.Name.Name, runText(cx))
			f.Counterexample = cx
			c.add(f)
		}
	}
}

func runText(cx *diag.Counterexample) string {
	if len(cx.Steps) == 0 {
		return "from the initial state " + cx.Short()
	}
	return cx.Short()
}

// reportBlockedStep says which step of an example cannot happen, and which of its
// clauses stop it.
func (c *checker) reportBlockedStep(w *world, ex *ast.ExampleDecl, stp *ast.DoStep, a *action, prefix []logic.Lit, clauses []*clause) {
	for _, l := range prefix {
		w.b.Assert(l)
	}
	all := lits(clauses, nil)
	core := w.b.Shrink(c.ctx, all, c.budget)
	in := map[logic.Lit]bool{}
	for _, l := range core.Lits {
		in[l] = true
	}
	var names []string
	var related []diag.Related
	for _, cl := range clauses {
		if in[cl.lit] {
			names = append(names, c.clauseName(cl.node))
			related = append(related, diag.Related{Span: cl.span(), Message: c.clauseName(cl.node) + " stops this step"})
			delete(in, cl.lit)
		}
	}
	why := "its clauses cannot all hold"
	if len(names) > 0 {
		why = strings.Join(names, " and ") + " cannot hold here"
	}
	if len(core.Lits) == 0 {
		why = "the steps before it leave no state from which it can start"
	}
	f := diag.New(diag.ExampleFailed, stp.Span, "example %s: step %s cannot happen: %s", ex.Name.Name, c.quote(stp.Span), why)
	f.Related = related
	c.add(f)
}
