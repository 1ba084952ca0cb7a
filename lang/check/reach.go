package check

import (
	"fmt"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// Exact reachability. Every domain is finite, so the reachable states of a component
// are a finite set reached within some number of steps D, its diameter. A
// breadth-first search with the solver finds them, level by level (every successor
// of the states of the last level that is not found yet, until none is left), and
// keeps them as a decision diagram (stateset.go). Every question over the reachable
// states (a property in any reachable state or on any step from one, an action
// enabled or blocked somewhere, a premise reached) is then asked of ONE state
// constrained to be one of them ("reach"): exact, and as small as the set's
// diagram, not an unrolling to the diameter. The level each state is first found at
// gives the shortest run: the smallest level at which the question holds, then the
// unrolling to that level only, for the run itself.
//
// The search counts as one question: it stops when the budget does (a larger budget
// decides larger spaces), and at a safety cap on memory (maxSearchStates,
// maxSetNodes). A space it cannot finish has its properties proved by induction
// strengthened with the other properties (Houdini), or judged on a bounded
// unrolling that the findings name.

// maxSearchStates, maxSetNodes and maxLevelBytes bound the memory of one search (the
// states found; the nodes of their decision diagram, about 50 bytes each, garbage
// dropped at each level; the states of two levels, one byte per bit); past any, the
// space counts as too large to enumerate, whatever the budget.
const (
	maxSearchStates = 1_000_000
	maxSetNodes     = 2_000_000
	maxLevelBytes   = 256 << 20
)

// fallbackDepth is the bound of the unrolling when the exact search stopped early.
const fallbackDepth = 10

// reachSet is what a finished search found: every reachable state (within the
// bound, when there is one), by the level it is first reached at.
type reachSet struct {
	sets  *stateSets
	roots []int32 // roots[L]: the states reachable in at most L steps
	vars  []*sema.Symbol
	count int // states
}

// levelOf is the level of a reachable state (its bits), or -1.
func (rs *reachSet) levelOf(s []bool) int {
	member := func(u int32) bool {
		for u > fullSet {
			n := rs.sets.nodes[u]
			if s[n.bit] {
				u = n.hi
			} else {
				u = n.lo
			}
		}
		return u == fullSet
	}
	lo, hi := 0, len(rs.roots)
	for lo < hi {
		mid := (lo + hi) / 2
		if member(rs.roots[mid]) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == len(rs.roots) {
		return -1
	}
	return lo
}

// stateBits lists the literals whose values spell a state: the Preferred bits of its
// variables, in order.
func stateBits(vars []*sema.Symbol, s encode.State) []logic.Lit {
	var out []logic.Lit
	for _, v := range vars {
		out = append(out, logic.Preferred(s[v])...)
	}
	return out
}

func readBits(b *logic.Builder, ls []logic.Lit) []bool {
	out := make([]bool, len(ls))
	for i, l := range ls {
		out[i] = b.Value(l)
	}
	return out
}

// explore searches the reachable states of t's component breadth first, up to limit
// steps (limit < 0: no limit). It returns what it found, the number of steps after
// which no new state appears (the diameter, when complete), the number of levels it
// completed, and complete: every reachable state (within the limit) was found.
//
// The states found are excluded by assumption, never by asserted clauses: gini
// mishandles clauses added after a solve (gate definitions included) over variables
// that asserted clauses fix at level 0 (a model that violates a clause, "internal
// error in solve: sat model"). Every gate a question assumes stays in its solver, and
// each solve assigns every variable the solver holds, so the search moves to a fresh
// world when the old one has grown (the sets of earlier levels are garbage there).
// Measured and left out: encoding each frontier state's step from its values (the
// constants fold, the solver is smaller, but encoding per state cost more: 7.8 s of
// CPU against 4.7 s on specgen.MutexBare(10)), and one question per level over the
// whole frontier as a set (the solver searches instead of propagating: 2x slower).
func (c *checker) explore(t *trace, limit int) (rs *reachSet, diameter, levels int, complete bool) {
	work := int64(0) // summed over the search's solvers: the search is one question
	vars := c.newWorldIn(t.scope).vars()
	var sets *stateSets
	// A search world: one step from pre to post, the initial states on post, and
	// the set of the states found as a circuit over post.
	type searchWorld struct {
		w                 *world
		pre, post         encode.State
		preBits, postBits []logic.Lit
		move, init        logic.Lit
		hasInit           bool
		seen              *setCircuit
		gates0            int
	}
	build := func() (*searchWorld, bool) {
		w := c.newWorldIn(t.scope)
		sw := &searchWorld{w: w, pre: w.newState(), post: w.newState()}
		var options []logic.Lit
		for _, a := range t.acts {
			st := w.step(a, sw.pre, sw.post, nil)
			if !st.ok {
				t.stopWhy = "an action could not be encoded"
				return nil, false // an action left out: its steps are unknown
			}
			options = append(options, st.taken)
		}
		sw.move = w.b.Ors(options...)
		sw.preBits, sw.postBits = stateBits(vars, sw.pre), stateBits(vars, sw.post)
		sw.seen = sets.circuit(w.b, sw.postBits)
		sw.gates0 = w.b.Gates()
		return sw, true
	}
	sets = newStateSets(len(stateBits(vars, c.newWorldIn(t.scope).newState())))
	cur, ok := build()
	if !ok {
		return nil, 0, 0, false
	}
	seen, count := emptySet, 0
	levelSize := 0 // the states of the level being expanded
	// The world is replaced when its garbage (the circuits of the sets it no longer
	// asks about) outgrows this many gates, twice the live set's diagram (measured on
	// specgen.MutexBare(10): 1000+2·live took 3.9 s of CPU, 2000+6·live 5.7 s,
	// 8000+12·live 12.5 s, 100+1·live 15 s: rebuilding the step is not free either).
	slack := 1000
	// find adds every state that the condition allows on post and that is not found
	// yet, to seen and to *level; it returns false when the search must stop
	// (budget, cancellation, the safety cap).
	find := func(cond func(sw *searchWorld) []logic.Lit, level *[][]bool) bool {
		for {
			if cur.w.b.Gates() > cur.gates0+slack {
				if cur, ok = build(); !ok {
					return false
				}
			}
			as := append(cond(cur), cur.seen.lit(seen).Not())
			left := c.budget - work
			if left <= 0 {
				left = -1
			}
			r := c.ask(question{what: "the reachable states", b: cur.w.b, assume: as, budget: left, work: &work})
			switch r.Status {
			case logic.Unknown:
				t.stopWhy = "the budget ran out"
				if r.Reason == logic.Cancelled || r.Reason == logic.Timeout {
					t.stopWhy = unknownReason(r)
				}
				return false
			case logic.Unsat:
				return true
			}
			st := readBits(cur.w.b, cur.postBits)
			seen = sets.add(seen, st)
			*level = append(*level, st)
			switch count++; {
			case count > maxSearchStates:
				t.stopWhy = fmt.Sprintf("more than %d states", maxSearchStates)
				return false
			case sets.size() > maxSetNodes:
				t.stopWhy = fmt.Sprintf("the found states' diagram takes more than %d nodes", maxSetNodes)
				return false
			case (len(*level)+levelSize)*len(st) > maxLevelBytes:
				t.stopWhy = fmt.Sprintf("two levels of states take more than %d MiB", maxLevelBytes>>20)
				return false
			}
		}
	}
	var frontier [][]bool
	if !find(func(sw *searchWorld) []logic.Lit {
		if !sw.hasInit {
			sw.init = sw.w.b.Ands(sw.w.b.Ands(lits(sw.w.facts(sw.post), nil)...), sw.w.b.Ands(lits(sw.w.initially(sw.post), nil)...))
			sw.hasInit = true
		}
		return []logic.Lit{sw.init}
	}, &frontier) {
		return nil, 0, 0, false
	}
	rs = &reachSet{sets: sets, vars: vars, roots: []int32{seen}}
	for depth := 0; ; depth++ {
		rs.count = count
		if len(frontier) == 0 {
			return rs, max(depth-1, 0), depth, true
		}
		if limit >= 0 && depth == limit {
			return rs, depth, depth, true // every state within the bound is known
		}
		if sets.size() > maxSetNodes/2 {
			// Drop the garbage nodes (the circuits of the world refer to them).
			roots := sets.compact(append(append([]int32(nil), rs.roots...), seen))
			rs.roots, seen = roots[:len(rs.roots)], roots[len(rs.roots)]
			if cur, ok = build(); !ok {
				return nil, 0, depth, false
			}
		}
		levelSize = len(frontier)
		slack = 1000 + 2*sets.live(seen)
		// Each successor of each state of the last level (pinned: the solver only
		// propagates) that is not found yet.
		var next [][]bool
		for _, s := range frontier {
			pinned := func(sw *searchWorld) []logic.Lit { return append(cube(sw.preBits, s), sw.move) }
			if !find(pinned, &next) {
				return nil, 0, depth, false
			}
		}
		frontier = next
		if len(frontier) > 0 {
			rs.roots = append(rs.roots, seen)
		}
	}
}

// cube is "the bits ls spell s".
func cube(ls []logic.Lit, s []bool) []logic.Lit {
	out := make([]logic.Lit, len(ls))
	for i, l := range ls {
		if s[i] {
			out[i] = l
		} else {
			out[i] = l.Not()
		}
	}
	return out
}

// reach is the one state s of a world constrained to the reachable states of a
// component (and, on demand, each action's step from it): where every question over
// the reachable states is asked once the search finished.
type reach struct {
	*world
	set         *reachSet
	s, post     encode.State
	bits        []logic.Lit
	sc          *setCircuit
	in          logic.Lit // s is reachable
	steps       []*step   // each action's step from s to post (see stepFrom)
	moves, stut logic.Lit
}

func (c *checker) newReach(t *trace, rs *reachSet) *reach {
	w := c.newWorldIn(t.scope)
	r := &reach{world: w, set: rs, s: w.newState()}
	r.bits = stateBits(rs.vars, r.s)
	r.sc = rs.sets.circuit(w.b, r.bits)
	r.in = r.sc.lit(rs.roots[len(rs.roots)-1])
	return r
}

// newInitialReach is the reach of a trace without steps: its one state is any
// initial state (valid, every initially holding), each at level 0. Nothing is
// enumerated: the initial states may be too many to list (a static spec's models).
func (c *checker) newInitialReach(t *trace) *reach {
	w := c.newWorldIn(t.scope)
	r := &reach{world: w, s: w.newState()}
	r.bits = stateBits(w.vars(), r.s)
	r.in = w.b.And(w.b.Ands(lits(w.facts(r.s), nil)...), w.b.Ands(lits(w.initially(r.s), nil)...))
	return r
}

// within is "s is reachable in at most L steps".
func (r *reach) within(L int) logic.Lit {
	if r.set == nil {
		return r.in // no steps: every reachable state is initial
	}
	return r.sc.lit(r.set.roots[min(L, len(r.set.roots)-1)])
}

// level is the level of s in the current model.
func (r *reach) level() int {
	if r.set == nil {
		return 0
	}
	return r.set.levelOf(readBits(r.b, r.bits))
}

// encodeSteps encodes each action's step from s to post (once); ok is false when an
// action could not be encoded.
func (r *reach) encodeSteps(acts []*action) bool {
	if r.steps != nil {
		return true
	}
	r.post = r.newState()
	var options []logic.Lit
	for _, a := range acts {
		st := r.step(a, r.s, r.post, nil)
		if !st.ok {
			return false
		}
		r.steps = append(r.steps, st)
		options = append(options, st.taken)
	}
	var same []logic.Lit
	for _, v := range r.vars() {
		same = append(same, r.b.Equal(r.s[v], r.post[v]))
	}
	r.moves, r.stut = r.b.Ors(options...), r.b.Ands(same...)
	return true
}

// stepLit holds when s → post is a step of the spec (see trace.stepAt).
func (r *reach) stepLit() logic.Lit {
	if r.scope != nil && r.scope.idle {
		return r.b.Or(r.moves, r.stut)
	}
	return r.moves
}

// shortest is the smallest level L ≤ hi at which holds(within L) is Sat (the caller
// found it Sat at hi); an undecided step keeps hi (a real run, if not the shortest).
func (r *reach) shortest(hi int, holds func(within logic.Lit) logic.Status) int {
	return firstSat(0, hi, func(L int) logic.Status { return holds(r.within(L)) })
}

// firstSat is the smallest k in [lo, hi] at which ask(k) is Sat, for a question that
// stays Sat once Sat (reached within k steps, reached within every later k: stutter
// steps) and that the caller found Sat at hi. An undecided answer ends the search at
// the best k so far: a real run, if not the shortest.
func firstSat(lo, hi int, ask func(k int) logic.Status) int {
	for lo < hi {
		mid := (lo + hi) / 2
		switch ask(mid) {
		case logic.Unknown:
			return hi
		case logic.Sat:
			hi = mid
		default:
			lo = mid + 1
		}
	}
	return hi
}

// runTo rebuilds the shortest run to the state s of r's current model: the
// unrolling of t to s's level, with its last state pinned to s (canonical, so the
// same text shows the same run); nil when it cannot be rebuilt.
func (c *checker) runTo(t *trace) *diag.Counterexample {
	r := t.reach
	st := readBits(r.b, r.bits)
	k := r.level()
	if k < 0 {
		return nil
	}
	t.extend(k)
	pin := cube(stateBits(r.vars(), t.states[k]), st)
	if res := c.solveCanonical(t.b, t.runValues(k), pin...); res.Status != logic.Sat {
		return nil
	}
	return t.run(k)
}

// settleDepth sets the bound t's questions are first asked at: the explicit depth,
// else fallbackDepth. Most answers are positive there (a state or step found), and a
// positive answer holds whatever the bound; only before a negative answer becomes a
// verdict or a finding does exactify search the reachable states.
func (c *checker) settleDepth(t *trace) {
	t.depth = fallbackDepth
	if c.depth >= 0 {
		t.depth = c.depth
	}
}

// exactify searches t's reachable states once (see explore): when the search ends
// within the bound, t becomes exact, its questions asked of t.reach; when it stops
// early without an explicit depth, t is bounded at the levels it completed (at least
// fallbackDepth) and marked stopped. It reports whether t changed: the caller then
// asks its negative question again at t.depth.
func (c *checker) exactify(t *trace) bool {
	if t.explored {
		return false
	}
	t.explored = true
	if len(t.acts) == 0 {
		// No steps (a static spec, or a component no action changes): the reachable
		// states are the initial ones, whatever the bound; nothing to enumerate.
		t.exact = true
		t.reach = c.newInitialReach(t)
		return true
	}
	rs, d, levels, complete := c.explore(t, c.depth)
	switch {
	case complete && (c.depth < 0 || d < c.depth):
		// Every reachable state is reached within d steps (within the bound, when
		// there is one): the questions are asked of one state among them (reach).
		t.depth, t.exact = max(d, t.depth), true
		t.reach = c.newReach(t, rs)
		return true
	case c.depth >= 0:
		return false
	default:
		// Too many states to enumerate: a bounded unrolling, said so.
		old := t.depth
		t.depth, t.stopped = max(min(levels, vacuityDepth), fallbackDepth), true
		return t.depth != old
	}
}

// within words the set of states a reachability question was judged on.
func (t *trace) within() string {
	if t == nil || t.exact {
		return "in any reachable state"
	}
	return "in runs of at most " + plural(t.depth, "step")
}

// houdini proves, by induction, the largest subset of the candidate state properties
// whose conjunction is inductive: each holds initially (the caller checked) and every
// step from a valid state where all of them hold keeps each. Such a set holds in every
// reachable state. The answer may be a subset of the true invariants (some need
// lemmas that are not among the candidates); it is never wrong.
func (c *checker) houdini(comp *component, cands []*ast.ClauseDecl) map[*ast.ClauseDecl]bool {
	proved := map[*ast.ClauseDecl]bool{}
	if len(cands) == 0 {
		return proved
	}
	iw := c.inductionWorld(comp)
	if !iw.ok {
		return proved
	}
	w, pre, post, facts, options := iw.world, iw.pre, iw.post, iw.facts, iw.options
	if len(options) == 0 {
		for _, cd := range cands {
			proved[cd] = true // no steps: the reachable states are the initial ones
		}
		return proved
	}
	type enc struct{ before, after logic.Lit }
	lit := map[*ast.ClauseDecl]enc{}
	var set []*ast.ClauseDecl
	for _, cd := range cands {
		b1, ok1 := w.clause(cd, cd.Body, &encode.Frame{Pre: pre, Path: logic.Bool(true)})
		b2, ok2 := w.clause(cd, cd.Body, &encode.Frame{Pre: post, Path: logic.Bool(true)})
		if ok1 && ok2 {
			lit[cd] = enc{b1.lit, b2.lit}
			set = append(set, cd)
		}
	}
	step := w.b.Ors(options...)
	for changed := true; changed && len(set) > 0; {
		changed = false
		var assume []logic.Lit
		assume = append(assume, facts...)
		assume = append(assume, step)
		for _, cd := range set {
			assume = append(assume, lit[cd].before)
		}
		var keep []*ast.ClauseDecl
		for _, cd := range set {
			r := c.solve(w.b, append(append([]logic.Lit(nil), assume...), lit[cd].after.Not())...)
			if r.Status == logic.Unsat {
				keep = append(keep, cd)
			} else {
				changed = true
			}
		}
		set = keep
	}
	for _, cd := range set {
		proved[cd] = true
	}
	return proved
}

// lemmaLits encodes the proved state properties on state s of w: assumptions every
// reachable state meets.
func (c *checker) lemmaLits(w *world, lemmas []*ast.ClauseDecl, s encode.State) []logic.Lit {
	var out []logic.Lit
	for _, cd := range lemmas {
		if cl, ok := w.clause(cd, cd.Body, &encode.Frame{Pre: s, Path: logic.Bool(true)}); ok {
			out = append(out, cl.lit)
		}
	}
	return out
}

// budgetStopped reports a property that the exact search left undecided.
// why is the reason IC3/PDR (pdr.go) gave no answer.
func (c *checker) budgetStopped(cd *ast.ClauseDecl, t *trace, why logic.Reason) {
	stop := "IC3/PDR did not decide it within the budget"
	switch why {
	case logic.Cancelled:
		stop = "the check was cancelled before IC3/PDR decided it"
	case logic.Timeout:
		stop = "the time limit (--timeout) passed before IC3/PDR decided it"
	}
	c.add(diag.New(diag.Unknown, cd.Name.Span, "%s %s holds in runs of at most %s, but is neither proved nor refuted beyond: the search of the reachable states stopped (%s), it is not inductive with the other properties as lemmas, and %s", cd.Kind, cd.Name.Name, plural(t.depth, "step"), t.stopWhy, stop))
}

// reachWords words the states a property's reach sites were judged on.
func (c *checker) reachWords(cd *ast.ClauseDecl) string {
	for _, comp := range c.comps {
		for _, p := range comp.props {
			if p == cd {
				return c.traces[comp].within()
			}
		}
	}
	return "in any reachable state"
}

// boundNote qualifies a finding judged on a property's reachable states when they
// were bounded: " in runs of at most N steps", else "".
func (c *checker) boundNote(cd *ast.ClauseDecl) string {
	if !c.info.StateMachine {
		return ""
	}
	if w := c.reachWords(cd); w != "in any reachable state" {
		return " " + w
	}
	return ""
}
