package check

import (
	"fmt"
	"slices"
	"sort"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// checkFactsConsistent asks whether the facts admit a state; when they do not, it
// reports a minimal conflicting set, one finding per clause. It returns "" when they
// do, else why nothing that depends on the facts can be decided.
func (c *checker) checkFactsConsistent() string {
	if len(c.facts) == 0 {
		return ""
	}
	all := lits(c.facts, nil)
	q := static("whether the facts admit any state", c.b, c.decodeState, holding(c.facts...)...)
	q.at = c.facts[0].span()
	r := c.ask(q)
	switch r.Status {
	case logic.Sat:
		c.factsModel = c.decodeState()
		return ""
	case logic.Unknown:
		return "it could not be decided whether the facts admit any state: " + unknownReason(r)
	}
	c.reportCore(c.b, c.facts, all, "the facts admit no state")
	return "the facts contradict each other, so no state is valid"
}

// reportCore shrinks the failed assumptions among cls to a minimal set and reports a
// contradiction on each of its clauses, each pointing at the others.
func (c *checker) reportCore(b *logic.Builder, cls []*clause, assumptions []logic.Lit, what string) {
	// Not minimal when cut short: the findings then say "conflicting set", not
	// "minimal conflicting set" (the question reports nothing itself).
	core := c.shrink(question{what: what, b: b, assume: assumptions})
	in := map[logic.Lit]bool{}
	for _, l := range core.Lits {
		in[l] = true
	}
	var members []*clause
	for _, cl := range cls {
		if in[cl.lit] {
			members = append(members, cl)
			delete(in, cl.lit) // one clause per literal (two identical clauses share one)
		}
	}
	if len(members) == 0 {
		members = cls
	}
	qualifier := "minimal "
	if !core.Minimal {
		qualifier = ""
	}
	for _, cl := range members {
		f := diag.New(diag.Contradiction, cl.span(), "%s: %s contradicts the rest of this %sconflicting set", what, c.clauseName(cl.node), qualifier)
		if len(members) == 1 {
			f.Message = what + ": " + c.clauseName(cl.node) + " can never hold"
		}
		for _, o := range members {
			if o != cl {
				f.Related = append(f.Related, diag.Related{Span: o.span(), Message: c.clauseName(o.node) + " is part of the conflict"})
			}
		}
		c.add(f)
	}
}

// tautology reports whether lit holds whatever the values (types only).
func (c *checker) tautology(b *logic.Builder, lit logic.Lit, at source.Span) bool {
	r := c.solve(b, lit.Not())
	if r.Status == logic.Unknown {
		c.unknown(at, "whether this clause is true by the types alone", r)
	}
	return r.Status == logic.Unsat
}

// tautologyAlone asks the tautology question of a clause in a world of its own: true
// by the types alone involves no other clause, and a small solver answers it faster
// than the one that holds the whole spec.
func (c *checker) tautologyAlone(cl *clause) bool {
	return c.tautologyOf(cl.node, cl.body, nil)
}

// tautologyOf asks whether body holds whatever the values of the variables it
// mentions (before and after a step) and of params.
func (c *checker) tautologyOf(n ast.Node, body ast.Expr, params []*sema.Symbol) bool {
	w := c.newWorld()
	used := c.usedVars(body)
	f := &encode.Frame{Pre: w.enc.NewStateOf(used), Locals: map[*sema.Symbol]logic.Value{}, Path: logic.Bool(true)}
	if len(c.info.Primes(body)) > 0 {
		f.Post = w.enc.NewStateOf(used)
	}
	for _, p := range params {
		f.Locals[p] = local(w.enc, p)
	}
	enc, ok := w.clause(n, body, f)
	if !ok {
		return false
	}
	if f.Post != nil || len(params) > 0 {
		return c.tautology(w.b, enc.lit, n.Bounds())
	}
	// A question of one state: a value (see Question).
	q := static("whether "+c.clauseName(n)+" is true by the types alone", w.b, func() diag.State { return w.enc.Decode(f.Pre) }, failing(enc))
	q.at = n.Bounds()
	return c.ask(q).Status == logic.Unsat
}

// typesAlone reports vacuity (c) on clause n (its range at): it is true by the types
// alone. It is also recorded, so that nothing inside n is reported (LANGUAGE.md: those
// findings follow from this one).
func (c *checker) typesAlone(n ast.Node, at source.Span) {
	c.tautological[n] = true
	c.add(diag.New(diag.Vacuous, at, "%s is true by the types alone: it says nothing", c.clauseName(n)))
}

// typeTautologies reports the clauses that are true by the types alone. It is the
// one vacuity question that does not depend on the facts, so it is still asked when
// the facts contradict each other or no state is initial.
func (c *checker) typeTautologies() {
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case *ast.ClauseDecl:
			if d.Body == nil || c.left(d) {
				continue
			}
			if c.tautologyOf(d, d.Body, nil) {
				c.typesAlone(d, d.Span)
			}
		case *ast.ActionDecl:
			sym := c.info.Defs[d.Name]
			if sym == nil || c.left(d) {
				continue
			}
			for _, cl := range d.Clauses {
				if cl.Body == nil || c.left(cl) {
					continue
				}
				if c.tautologyOf(cl, cl.Body, sym.Params) {
					c.typesAlone(cl, cl.Span)
				}
			}
		}
	}
}

// witness solves once with the given context and marks every recorded site of cls
// that this one model reaches: those need no question of their own.
func (c *checker) witness(b *logic.Builder, context []logic.Lit, cls []*clause) {
	if r := c.solve(b, context...); r.Status != logic.Sat {
		return
	}
	c.harvest(b, cls)
}

// harvest marks the recorded places of cls that the current model reaches. Call it
// only while the model satisfies each clause's context.
func (c *checker) harvest(b *logic.Builder, cls []*clause) {
	for _, cl := range cls {
		if cl.rec == nil {
			continue
		}
		for n, hits := range cl.rec.Reach {
			for _, h := range hits {
				if b.Value(h.Lit) {
					c.reached[n] = true
					break
				}
			}
		}
	}
}

// reachSites checks the recorded premises, quantifier ranges, arms and branches of
// one clause against its context: each that is never reached gets its finding. It
// returns whether a vacuous finding was made (one per clause).
//
// where decodes, from the current model, the state or run a non-exhaustive cases is
// shown in.
func (c *checker) reachSites(b *logic.Builder, cl *clause, context []logic.Lit, vacuousDone bool, where func() *diag.Counterexample) bool {
	if cl.rec == nil {
		return vacuousDone
	}
	if c.tautological[cl.node] {
		return true // nothing inside a clause vacuous by (c)
	}
	// unreached holds the parts found never reached: nothing inside them is reported.
	var unreached []source.Span
	inside := func(n ast.Node) bool {
		for _, sp := range unreached {
			if sp.Start <= n.Bounds().Start && n.Bounds().End <= sp.End {
				return true
			}
		}
		return false
	}
	var nodes []ast.Node
	for n := range cl.rec.Reach {
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Bounds().Start < nodes[j].Bounds().Start })
	for _, n := range nodes {
		if inside(n) {
			continue
		}
		hits := cl.rec.Reach[n]
		var reach []logic.Lit
		for _, h := range hits {
			reach = append(reach, h.Lit)
		}
		any := b.Ors(reach...)
		isPremise := isImplicationPremise(cl.body, n)
		_, isBinding := n.(*ast.Binding)
		if (isPremise || isBinding) && vacuousDone {
			continue
		}
		if isPremise && conclusionIsFalse(cl.body, n) {
			continue
		}
		if _, static := c.factWorlds[b]; (b == c.b || static) && c.reached[n] {
			continue
		}
		r := c.solve(b, append(append([]logic.Lit(nil), context...), any)...)
		if r.Status == logic.Unknown {
			c.unknown(n.Bounds(), "whether this part is ever reached", r)
			continue
		}
		if r.Status == logic.Sat {
			continue
		}
		words := c.contextWords(cl.node)
		if exact, reached := c.pdrSite(cl.node, n); reached {
			continue // reached past the bound (pdr.go)
		} else if exact && c.info.StateMachine {
			words = "in any reachable state"
		}
		unreached = append(unreached, unreachedPart(cl.body, n))
		switch {
		case isPremise:
			f := diag.New(diag.Vacuous, n.Bounds(), "this premise never holds %s, so %s says nothing", words, c.clauseName(cl.node))
			f.Related = []diag.Related{{Span: cl.span(), Message: "the clause it belongs to"}}
			c.add(f)
			vacuousDone = true
		case isBinding:
			outcome := "it holds trivially"
			if q := quantOf(cl.body, n); q != nil && q.Kind == ast.Some {
				outcome = "it never holds"
			}
			f := diag.New(diag.Vacuous, quantSpan(cl.body, n), "the range of this quantifier is always empty %s, so %s", words, outcome)
			f.Related = []diag.Related{{Span: cl.span(), Message: "the clause it belongs to"}}
			c.add(f)
			vacuousDone = true
		default:
			what := "this cases arm is never taken: an earlier arm always applies, or its guard never holds"
			if arm, ok := n.(*ast.CaseArm); ok && arm.Guard == nil {
				what = "this else arm is never taken: the arms above it cover every case"
			} else if !ok {
				what = "this if branch is never taken"
			}
			f := diag.New(diag.Unreachable, n.Bounds(), "%s %s", what, words)
			f.Related = []diag.Related{{Span: cl.span(), Message: "the clause it belongs to"}}
			c.add(f)
		}
	}
	for _, cs := range sortedCases(cl.rec.NoMatch) {
		if inside(cs) {
			continue
		}
		hits := cl.rec.NoMatch[cs]
		var reach []logic.Lit
		for _, h := range hits {
			reach = append(reach, h.Lit)
		}
		assumptions := append(append([]logic.Lit(nil), context...), b.Ors(reach...))
		var vals []logic.Value
		if b == c.b {
			vals = stateValues(c.enc, c.state)
		} else if v, ok := c.factWorlds[b]; ok {
			vals = v
		}
		r := c.solveCanonical(b, vals, assumptions...)
		if r.Status == logic.Unknown {
			c.unknown(cs.Bounds(), "whether this cases covers every possibility", r)
			continue
		}
		if r.Status != logic.Sat {
			c.pdrCases(cl.node, cs) // past the bound, when the search stopped (pdr.go)
			continue
		}
		f := diag.New(diag.NonExhaustive, source.Span{Start: cs.Start, End: cs.Start + len("cases")}, "no arm of this cases matches in some situation, and it has no else")
		for _, h := range hits {
			if b.Value(h.Lit) {
				f.Counterexample = where()
				f.Counterexample.Bindings = decodeLocals(b, h.Locals)
				break
			}
		}
		c.add(f)
	}
	return vacuousDone
}

func sortedCases(m map[*ast.Cases][]encode.Hit) []*ast.Cases {
	var out []*ast.Cases
	for cs := range m {
		out = append(out, cs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func (c *checker) contextWords(n ast.Node) string {
	switch n := n.(type) {
	case *ast.ClauseDecl:
		switch n.Kind {
		case ast.Fact:
			return "in any state the other facts allow"
		case ast.Initially:
			return "in any initial state"
		}
		if !c.info.StateMachine {
			return "in any model of the facts"
		}
		return c.reachWords(n)
	case *ast.ActionClause:
		if n.Kind == ast.Requires {
			return "when the facts and the other requires hold"
		}
		return "in any step of the action"
	case *ast.PredDecl, *ast.FunDecl:
		return "for any arguments in any valid state"
	}
	return ""
}

// isImplicationPremise reports whether n is the premise (left side) of an
// implication inside body.
func isImplicationPremise(body ast.Expr, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(m ast.Node) bool {
		if bin, ok := m.(*ast.Binary); ok && bin.Op == ast.Implies && ast.Node(bin.X) == n {
			found = true
		}
		return !found
	})
	return found
}

// conclusionIsFalse: `p implies false` is a negation, never vacuous.
func conclusionIsFalse(body ast.Expr, premise ast.Node) bool {
	res := false
	ast.Inspect(body, func(m ast.Node) bool {
		if bin, ok := m.(*ast.Binary); ok && bin.Op == ast.Implies && ast.Node(bin.X) == premise {
			if lit, ok := ast.Unparen(bin.Y).(*ast.BoolLit); ok && !lit.Value {
				res = true
			}
		}
		return true
	})
	return res
}

// quantSpan is the span of the quantifier that owns a binding.
func quantSpan(body ast.Expr, bind ast.Node) source.Span {
	if q := quantOf(body, bind); q != nil {
		return q.Span
	}
	return bind.Bounds()
}

// quantOf is the quantifier that owns a binding, or nil.
func quantOf(body ast.Expr, bind ast.Node) *ast.Quant {
	var out *ast.Quant
	ast.Inspect(body, func(m ast.Node) bool {
		if q, ok := m.(*ast.Quant); ok {
			for _, b := range q.Bindings {
				if ast.Node(b) == bind {
					out = q
				}
			}
		}
		return out == nil
	})
	return out
}

// decodeState decodes the static world's state in the current model.
func (c *checker) decodeState() diag.State { return c.enc.Decode(c.state) }

// staticStates decodes the static world's state in the current model.
func (c *checker) staticStates() *diag.Counterexample {
	return &diag.Counterexample{States: []diag.State{c.enc.Decode(c.state)}}
}

// staticCounterexample decodes the current model: the state, and the bindings.
func (c *checker) staticCounterexample(b *logic.Builder, locals map[*sema.Symbol]logic.Value) *diag.Counterexample {
	cx := &diag.Counterexample{States: []diag.State{c.enc.Decode(c.state)}}
	cx.Bindings = decodeLocals(b, locals)
	return cx
}

func decodeLocals(b *logic.Builder, locals map[*sema.Symbol]logic.Value) []diag.Binding {
	var syms []*sema.Symbol
	for s := range locals {
		syms = append(syms, s)
	}
	sort.Slice(syms, func(i, j int) bool {
		if syms[i].Ident == nil || syms[j].Ident == nil {
			return syms[i].Name < syms[j].Name
		}
		return syms[i].Ident.Start < syms[j].Ident.Start
	})
	var out []diag.Binding
	for _, s := range syms {
		out = append(out, diag.Binding{Name: s.Name, Value: b.Decode(locals[s])})
	}
	return out
}

// checkFacts: tautologies, never-reached premises and arms, non-exhaustive cases,
// redundant facts.
//
// The facts are consistent here, so whether a fact follows from the others, or a part
// of it is ever reached, depends only on the facts it shares variables with (directly
// or through other facts: its group); the other groups admit a state of their own
// variables whatever this one's. When the facts fall into several groups, each group
// gets a world of its own, so that each question grows with its group and not with
// the spec: a spec of thousands of facts over unrelated variables asks thousands of
// small questions, not thousands of questions the size of the spec.
//
// Within a group, the redundancy questions (hints) share a pool of work,
// factHintQuestions questions' budgets: when it runs out, the facts left are reported
// in one unknown finding instead of being asked.
func (c *checker) checkFacts() {
	groups := c.factGroups()
	pool := &hintPool{left: factHintQuestions * c.budget}
	if len(groups) <= 1 || len(c.facts) < factWorldsFrom {
		c.checkFactGroup(c.b, c.facts, c.decodeState, c.staticStates, pool)
	} else {
		c.factWorlds = map[*logic.Builder][]logic.Value{}
		for _, g := range groups {
			w, cls, ok := c.factWorld(g)
			if !ok {
				// The group did not encode again on its own (the encoder's limit is
				// per clause, and a fresh encoder shares fewer encodings): ask it in
				// the static world, where it encoded.
				c.checkFactGroup(c.b, g, c.decodeState, c.staticStates, pool)
				continue
			}
			c.checkFactGroup(w.b, cls, w.decode, w.counterexample, pool)
			delete(c.factWorlds, w.b) // its solver is done with
		}
	}
	if n := len(pool.skipped); n > 0 {
		first := pool.skipped[0]
		what := "whether " + c.clauseName(first.node) + " follows from the other facts"
		if n > 1 {
			what = fmt.Sprintf("whether %s and %d more facts after it follow from the other facts", c.clauseName(first.node), n-1)
		}
		c.undecided(first.span(), what, fmt.Sprintf("the redundancy questions of the facts took their share of work (%d questions' budgets: %d units)", factHintQuestions, factHintQuestions*c.budget/BudgetUnit))
	}
}

// factWorldsFrom is the number of facts from which each group of facts gets a world
// of its own: below it, a question over all the facts in the static world costs less
// than building and encoding a world per group (the answers are the same).
const factWorldsFrom = 200

// factHintQuestions is how many questions' budgets the redundancy questions of all
// the facts may spend together: a redundancy finding is a hint, and asking it of every
// fact of a large group costs a question the size of the group per fact.
const factHintQuestions = 20

// hintPool is the work left for the redundancy questions of the facts.
type hintPool struct {
	left    int64
	skipped []*clause // facts whose redundancy was not asked for want of work
}

// factGroup is the world of one group of facts: one state of the group's variables.
type factGroup struct {
	b     *logic.Builder
	enc   *encode.Encoder
	state encode.State
	all   diag.State // a model of all the facts (checker.factsModel)
}

// decode decodes the group's state in the current model, the other variables at
// their values in the model of all the facts found first (factsModel): the state
// satisfies the other groups' facts, and this group's as the model does.
func (g *factGroup) decode() diag.State {
	own := map[string]diag.Value{}
	for _, b := range g.enc.Decode(g.state) {
		own[b.Name] = b.Value
	}
	out := make(diag.State, len(g.all))
	for i, b := range g.all {
		if v, ok := own[b.Name]; ok {
			b.Value = v
		}
		out[i] = b
	}
	return out
}

func (g *factGroup) counterexample() *diag.Counterexample {
	return &diag.Counterexample{States: []diag.State{g.decode()}}
}

// factWorld encodes a group of facts in a world of its own; ok false when one of them
// does not encode there.
func (c *checker) factWorld(facts []*clause) (*factGroup, []*clause, bool) {
	vars := map[*sema.Symbol]bool{}
	for _, f := range facts {
		for v := range c.usedVars(f.node) {
			vars[v] = true
		}
	}
	b := c.newBuilder()
	g := &factGroup{b: b, enc: c.newEncoder(b), all: c.factsModel}
	g.state = g.enc.NewStateOf(vars)
	var out []*clause
	for _, f := range facts {
		g.enc.Begin()
		lit, err := g.enc.Formula(&encode.Frame{Pre: g.state, Path: logic.Bool(true)}, f.body)
		rec := g.enc.End()
		if err != nil {
			return nil, nil, false
		}
		out = append(out, &clause{node: f.node, body: f.body, lit: lit, rec: rec})
	}
	c.factWorlds[b] = stateValues(g.enc, g.state)
	return g, out, true
}

// factGroups splits the facts into groups that share no variable, through the preds
// and funs they call; a fact that reads no variable is a group of its own. Groups are
// in the order of their first fact, facts in their order.
func (c *checker) factGroups() [][]*clause {
	parent := map[*sema.Symbol]*sema.Symbol{}
	find := func(v *sema.Symbol) *sema.Symbol {
		if _, ok := parent[v]; !ok {
			parent[v] = v
		}
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	anchor := make([]*sema.Symbol, len(c.facts)) // a variable of each fact, nil if none
	for i, f := range c.facts {
		for v := range c.usedVars(f.node) {
			if anchor[i] == nil {
				anchor[i] = v
			} else if a, b := find(anchor[i]), find(v); a != b {
				parent[b] = a
			}
		}
	}
	var groups [][]*clause
	index := map[*sema.Symbol]int{}
	for i, f := range c.facts {
		if anchor[i] == nil {
			groups = append(groups, []*clause{f})
			continue
		}
		root := find(anchor[i])
		k, ok := index[root]
		if !ok {
			k = len(groups)
			index[root] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], f)
	}
	return groups
}

// checkFactGroup checks the facts of one group in world b: their other facts are the
// group's.
func (c *checker) checkFactGroup(b *logic.Builder, facts []*clause, decode func() diag.State, where func() *diag.Counterexample, pool *hintPool) {
	all := lits(facts, nil)
	byLit := map[logic.Lit][]*clause{}
	for _, f := range facts {
		byLit[f.lit] = append(byLit[f.lit], f)
	}
	c.witness(b, all, facts)
	for i, f := range facts {
		others := append(all[:i:i], all[i+1:]...)
		vac := false
		if c.tautologyAlone(f) {
			c.typesAlone(f.node, f.span())
			vac = true
		}
		if vac || len(others) == 0 {
			c.reachSites(b, f, others, vac, where)
			continue
		}
		if pool.left <= 0 {
			pool.skipped = append(pool.skipped, f)
			c.reachSites(b, f, others, vac, where)
			continue
		}
		// The redundancy question first: when f is not redundant, its model is one of
		// the other facts, and so a witness for the places in f it reaches.
		what := "whether " + c.clauseName(f.node) + " follows from the other facts"
		q := question{what: what, b: b, state: decode, assume: append(slices.Clip(others), f.lit.Not())}
		if c.observe != nil { // the parts name every fact: built only for an observer
			rest := make([]*clause, 0, len(facts)-1)
			rest = append(append(rest, facts[:i]...), facts[i+1:]...)
			q = static(what, b, decode, append(holding(rest...), failing(f))...)
		}
		q.at = f.span()
		before := b.Work()
		redundant := c.ask(q)
		// Each fact assumed is work too: a question over thousands of facts sets
		// thousands of assumptions before it propagates anything.
		pool.left -= b.Work() - before + int64(len(q.assume))
		var failed []logic.Lit
		switch redundant.Status {
		case logic.Sat:
			c.harvest(b, []*clause{f})
		case logic.Unsat:
			failed = b.Failed()
		}
		vac = c.reachSites(b, f, others, vac, where)
		if !vac && redundant.Status == logic.Unsat {
			c.reportRedundant(f, byLit, failed)
		}
	}
}

// reportRedundant reports a fact that follows from the others, relating the facts the
// solver used (its own reasons, not shrunk: a hint needs no minimal set, and shrinking
// costs a question per fact).
func (c *checker) reportRedundant(f *clause, byLit map[logic.Lit][]*clause, failed []logic.Lit) {
	fd := diag.New(diag.Redundant, f.span(), "%s follows from the other facts", c.clauseName(f.node))
	// Failed lists the assumptions in the order they were made, the facts' order; a
	// literal shared by two identical facts names the first of them but f.
	seen := map[logic.Lit]bool{}
	for _, l := range failed {
		if seen[l] {
			continue
		}
		seen[l] = true
		for _, o := range byLit[l] {
			if o != f {
				fd.Related = append(fd.Related, diag.Related{Span: o.span(), Message: c.clauseName(o.node) + " implies it"})
				break
			}
		}
	}
	c.add(fd)
}

// checkDefinitions checks pred and fun bodies in their context: all parameter values
// in any valid state.
func (c *checker) checkDefinitions() {
	facts := lits(c.facts, nil)
	for _, d := range c.file.Decls {
		var sym *sema.Symbol
		var body ast.Expr
		switch d := d.(type) {
		case *ast.PredDecl:
			body = d.Body
			sym = c.info.Defs[d.Name]
		case *ast.FunDecl:
			body = d.Body
			sym = c.info.Defs[d.Name]
		default:
			continue
		}
		if sym == nil || body == nil || c.left(d) {
			continue
		}
		f := c.frame()
		f.Locals = map[*sema.Symbol]logic.Value{}
		var err error
		for _, p := range sym.Params {
			if f.Locals[p], err = c.enc.FreshLocal(p); err != nil {
				break
			}
		}
		cl := &clause{node: d, body: body}
		var val logic.Value
		if err == nil {
			c.enc.Begin()
			if _, isPred := d.(*ast.PredDecl); isPred {
				cl.lit, err = c.enc.Formula(f, body)
			} else {
				val, err = c.enc.Value(f, body)
			}
			cl.rec = c.enc.End()
		}
		if err != nil {
			c.cannotEncode(d, err)
			continue
		}
		c.reachSites(c.b, cl, facts, false, c.staticStates)
		if fd, ok := d.(*ast.FunDecl); ok && val.Shape != nil {
			c.funRange(fd, sym, val, f.Locals, facts)
		}
	}
}

// funRange: a fun whose body can leave its result type gets a type finding.
func (c *checker) funRange(d *ast.FunDecl, sym *sema.Symbol, val logic.Value, locals map[*sema.Symbol]logic.Value, facts []logic.Lit) {
	shape, err := c.enc.Shape(sym.Type)
	if err != nil {
		c.cannotEncode(d, err)
		return
	}
	outside := c.outside(val, shape)
	if outside == logic.Bool(false) {
		return
	}
	var vals []logic.Value
	for _, p := range sym.Params {
		vals = append(vals, locals[p])
	}
	r := c.solveCanonical(c.b, append(vals, stateValues(c.enc, c.state)...), append(append([]logic.Lit(nil), facts...), outside)...)
	switch r.Status {
	case logic.Unknown:
		c.unknown(d.Body.Bounds(), "whether "+sym.Name+" stays inside its result type", r)
	case logic.Sat:
		v := c.b.Decode(val)
		f := diag.New(diag.Type, d.Body.Bounds(), "%s can return %s, outside its result type %s", sym.Name, v, sym.Type)
		f.Counterexample = c.staticCounterexample(c.b, locals)
		f.Counterexample.Bindings = append(f.Counterexample.Bindings, diag.Binding{Name: sym.Name, Value: v})
		c.add(f)
	}
}

// outside holds when a value computed by an expression is no value of the declared
// shape: an integer (or an integer inside a set, map or record) beyond its range.
// Enums and bools cannot leave their type.
func (c *checker) outside(v logic.Value, s *logic.Shape) logic.Lit {
	b := c.b
	switch s.Kind {
	case logic.IntKind:
		if v.Shape.Kind != logic.IntKind {
			return logic.Bool(false)
		}
		return b.InRange(v.N, s.Lo, s.Hi).Not()
	case logic.SetKind:
		if v.Shape.Kind != logic.SetKind || v.Shape.Elem.Kind != logic.IntKind || s.Elem.Kind != logic.IntKind {
			return logic.Bool(false)
		}
		var out []logic.Lit
		for i, k := 0, v.Shape.Elem.Lo; k <= v.Shape.Elem.Hi; i, k = i+1, k+1 {
			if k < s.Elem.Lo || k > s.Elem.Hi {
				out = append(out, v.Elems[i])
			}
		}
		return b.Ors(out...)
	case logic.MapKind:
		if v.Shape.Kind != logic.MapKind || len(v.Parts) != len(s.Elem.Universe(logic.UniverseLimit)) {
			return logic.Bool(false)
		}
		var out []logic.Lit
		for _, p := range v.Parts {
			out = append(out, c.outside(p, s.Val))
		}
		return b.Ors(out...)
	case logic.RecordKind:
		if v.Shape.Kind != logic.RecordKind || len(v.Parts) != len(s.Fields) {
			return logic.Bool(false)
		}
		var out []logic.Lit
		for _, f := range s.Fields { // by name: a record literal lists fields in any order
			for j, g := range v.Shape.Fields {
				if g.Name == f.Name {
					out = append(out, c.outside(v.Parts[j], f.Shape))
				}
			}
		}
		return b.Ors(out...)
	}
	return logic.Bool(false)
}

// replacementVacuity (Kupferman–Vardi): for a property that holds, replace each atomic
// sub-formula occurrence by false where it occurs positively (true where negatively);
// if the property still holds, that sub-formula never mattered. stillHolds answers
// the property's question with the replacement (Unsat: still holds).
// note qualifies the states it was judged on (boundNote), "" when exact.
// A replacement left undecided is said once per property (an unknown hint at that
// part), never taken for "it matters"; the later parts are still asked.
func (c *checker) replacementVacuity(cd *ast.ClauseDecl, note string, check func(map[ast.Expr]logic.Lit) logic.Result) {
	undecided := false
	for _, a := range atoms(c.info, cd.Body) {
		r := check(map[ast.Expr]logic.Lit{a.expr: logic.Bool(!a.positive)})
		if r.Status == logic.Unknown && !undecided {
			undecided = true
			c.unknown(a.expr.Bounds(), fmt.Sprintf("whether this part matters to %s %s", cd.Kind, cd.Name.Name), r)
		}
		if r.Status != logic.Unsat {
			continue
		}
		f := diag.New(diag.Vacuous, a.expr.Bounds(), "%s %s holds%s even when this part is replaced by %v: it never matters", cd.Kind, cd.Name.Name, note, !a.positive)
		f.Related = []diag.Related{{Span: cd.Span, Message: "the property it belongs to"}}
		c.add(f)
		return
	}
}

type atom struct {
	expr     ast.Expr
	positive bool
}

// atoms lists the atomic sub-formula occurrences of a property with their polarity:
// comparisons, in, not in, subset, boolean vars, map lookups, record fields and pred
// calls. Atoms under iff or in an if/cases condition are skipped.
func atoms(info *sema.Info, e ast.Expr) []atom {
	var out []atom
	var walk func(e ast.Expr, pos bool)
	walk = func(e ast.Expr, pos bool) {
		switch x := e.(type) {
		case *ast.Paren:
			walk(x.X, pos)
		case *ast.Unary:
			if x.Op == ast.Not {
				walk(x.X, !pos)
			}
		case *ast.Binary:
			switch x.Op {
			case ast.And, ast.Or:
				walk(x.X, pos)
				walk(x.Y, pos)
			case ast.Implies:
				walk(x.X, !pos)
				walk(x.Y, pos)
			case ast.Iff:
			default:
				if x.Op.IsComparison() && isBool(info, x) {
					out = append(out, atom{x, pos})
				}
			}
		case *ast.Quant:
			if x.Kind == ast.No {
				walk(x.Body, !pos)
			} else {
				walk(x.Body, pos)
			}
		case *ast.If:
			walk(x.Then, pos)
			walk(x.Else, pos)
		case *ast.Cases:
			for _, a := range x.Arms {
				walk(a.Value, pos)
			}
			if x.Else != nil {
				walk(x.Else.Value, pos)
			}
		case *ast.Name, *ast.Primed, *ast.Index, *ast.Select, *ast.Call:
			if isBool(info, x) {
				if n, ok := x.(*ast.Name); ok {
					if s := info.Uses[n.Ident]; s != nil && s.Kind != sema.KindVar && s.Kind != sema.KindPred {
						return
					}
				}
				out = append(out, atom{x, pos})
			}
		}
	}
	walk(e, true)
	return out
}

func isBool(info *sema.Info, e ast.Expr) bool {
	t, ok := info.Types[e]
	return ok && t != nil && t.String() == "bool"
}

// unreachedPart is the part of a clause that a site never reached leaves unevaluated:
// an implication's conclusion, the rest of a quantifier after an empty range, an arm's
// value, a branch.
func unreachedPart(body ast.Expr, n ast.Node) source.Span {
	switch n := n.(type) {
	case *ast.CaseArm:
		if n.Value != nil {
			return n.Value.Bounds()
		}
		return n.Bounds()
	case *ast.Binding:
		return source.Span{Start: n.Bounds().End, End: quantSpan(body, n).End}
	}
	sp := n.Bounds()
	ast.Inspect(body, func(m ast.Node) bool {
		if bin, ok := m.(*ast.Binary); ok && bin.Op == ast.Implies && ast.Node(bin.X) == n {
			sp = bin.Y.Bounds()
		}
		return true
	})
	return sp
}
