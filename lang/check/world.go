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
	b := c.newBuilder()
	return &world{c: c, b: b, enc: c.newEncoder(b), scope: scope}
}

// newEncoder makes an encoder over b whose work per clause is bounded by the
// question budget: an encoding that cannot finish within it is unknown, like a
// question that cannot.
func (c *checker) newEncoder(b *logic.Builder) *encode.Encoder {
	if c.enc != nil {
		return c.enc.Fork(b) // the spec's shapes and variables, computed once
	}
	enc := encode.New(b, c.info)
	enc.Limit = c.budget
	return enc
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
	for v := range w.c.varsOf(n) {
		if !w.scope.vars[v] {
			return false
		}
	}
	return true
}

// formula encodes a clause body in a world; ok false when it could not be encoded.
func (w *world) clause(n ast.Node, body ast.Expr, f *encode.Frame) (*clause, bool) {
	w.enc.Begin()
	lit, err := w.enc.Formula(f, body)
	rec := w.enc.End()
	if err != nil {
		w.c.cannotEncode(n, err)
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
		if !ok || cd.Kind != ast.Initially || cd.Body == nil || w.c.left(cd) || !w.inScope(cd) {
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
			st.args[p] = local(w.enc, p)
		}
	}
	f := &encode.Frame{Pre: pre, Post: post, Locals: st.args, Path: logic.Bool(true)}
	// A clause left out of every question is left out of the frame rule too.
	primed := w.c.primedBy(act)
	for _, cl := range act.decl.Clauses {
		if cl.Body == nil || w.c.left(cl) {
			continue
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
		if !ok || a.Name == nil || c.left(a) {
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

	// depth is the index that stands for every depth the questions are judged on;
	// exact: it covers every reachable state (see reach.go); stopped: the exact
	// search stopped early (too many states), so depth is a fallback bound.
	depth                    int
	exact, stopped, explored bool
	reach                    *reach            // exact: the one state standing for every reachable one (reach.go)
	stopWhy                  string            // stopped: why the search stopped
	lemmas                   []*ast.ClauseDecl // state properties proved by induction or PDR
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

// stepAt holds when the step from states[k] is a step of the spec: some action of
// this component takes it, or (when the component is idle) some other action does,
// leaving this component's variables as they were.
func (t *trace) stepAt(k int) logic.Lit {
	if t.scope != nil && t.scope.idle {
		return t.b.Or(t.moves[k], t.stut[k])
	}
	return t.moves[k]
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

// component is a set of variables that no clause relates to any other variable, with
// the actions and properties that mention them.
type component struct {
	vars  map[*sema.Symbol]bool
	acts  []*action
	props []*ast.ClauseDecl
	// idle: an action of another component can take a step from a reachable state,
	// a step that leaves this component's variables as they are (it matters to step
	// asserts, for which such a step is a step like any other).
	idle bool
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
		if !ok || cd.Body == nil || c.left(cd) {
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
