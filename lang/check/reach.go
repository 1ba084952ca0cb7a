package check

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// Exact reachability. Every domain is finite, so the reachable states of a component
// are a finite set reached within some number of steps D, its diameter. Once D is
// known, index D of the trace (stutter steps keep a state reachable in k steps at
// every later index) stands for every reachable state, and every question the checker
// asks of the unrolling at that index is exact. D is found by a breadth-first search
// of the reachable states with the solver (each successor of each frontier state,
// found states blocked), which is cheap for the small spaces most specs have; a space
// too large for it is bounded by maxExplicitStates, and its properties are then
// proved by induction strengthened with the other properties (Houdini), or judged on
// a bounded unrolling that the findings name.

// maxExplicitStates bounds the breadth-first search: past it the space counts as too
// large to enumerate (measured: about 0.1 ms of solving per state on the corpus).
const maxExplicitStates = 2500

// fallbackDepth is the bound of the unrolling when the exact search stopped early.
const fallbackDepth = 10

// explore searches the reachable states of t's component breadth first, up to limit
// steps (limit < 0: no limit). It returns the number of steps after which no new
// state appears (the diameter, when complete), the number of levels it completed,
// and complete: every reachable state (within the limit) was found.
//
// The states seen so far are excluded by assumption, never by asserted clauses: gini
// mishandles clauses added after a solve (gate definitions included) over variables
// that asserted clauses fix at level 0 (a model that violates a clause, "internal
// error in solve: sat model").
func (c *checker) explore(t *trace, limit int) (diameter, levels int, complete bool) {
	// A state is the values of the Preferred bits of its variables, in order.
	type state []bool
	var vars []*sema.Symbol
	work := int64(0) // summed over the levels' solvers: the search is one question
	seen := map[string]bool{}
	key := func(s state) string {
		var sb strings.Builder
		for _, x := range s {
			if x {
				sb.WriteByte('1')
			} else {
				sb.WriteByte('0')
			}
		}
		return sb.String()
	}
	bits := func(s encode.State) []logic.Lit {
		var out []logic.Lit
		for _, v := range vars {
			out = append(out, logic.Preferred(s[v])...)
		}
		return out
	}
	is := func(ls []logic.Lit, s state) []logic.Lit {
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
	read := func(b *logic.Builder, ls []logic.Lit) state {
		out := make(state, len(ls))
		for i, l := range ls {
			out[i] = b.Value(l)
		}
		return out
	}
	// enumerate finds every state s of the world that cond allows and that is not
	// seen yet, adding each to seen and found, and to *fresh (the literal "s is not
	// one of the states found in this world"). It returns false when the search
	// must stop (budget, cancellation, cap).
	enumerate := func(w *world, s encode.State, cond []logic.Lit, found *[]state, fresh *logic.Lit) bool {
		b := w.b
		ls := bits(s)
		for {
			before := b.Work()
			r := b.SolveWork(c.ctx, append(append([]logic.Lit(nil), cond...), *fresh), c.budget-work)
			c.questions++
			work += b.Work() - before
			if r.Status == logic.Unknown {
				return false
			}
			if r.Status == logic.Unsat {
				return true
			}
			st := read(b, ls)
			k := key(st)
			if seen[k] {
				return false // cannot happen: seen states are excluded
			}
			seen[k] = true
			*found = append(*found, st)
			if len(seen) > maxExplicitStates {
				return false
			}
			*fresh = b.And(*fresh, b.Ands(is(ls, st)...).Not())
		}
	}
	// The initial states.
	w := c.newWorldIn(t.scope)
	vars = w.vars()
	if len(vars) == 0 {
		// One state, the empty one (initial: checkInitial found the spec's initial
		// states consistent).
		return 0, 1, true
	}
	s0 := w.newState()
	initLit := w.b.Ands(w.b.Ands(lits(w.facts(s0), nil)...), w.b.Ands(lits(w.initially(s0), nil)...))
	var frontier []state
	fresh := logic.True
	if !enumerate(w, s0, []logic.Lit{initLit}, &frontier, &fresh) {
		return 0, 0, false
	}
	// One world for every level: pre, post and the step encoded once; the states
	// seen so far are excluded from post by one chain of "not this state" gates,
	// extended as states are found (gates, never asserted clauses: see above).
	pre, post := w.newState(), w.newState()
	var options []logic.Lit
	for _, a := range t.acts {
		st := w.step(a, pre, post, nil)
		if !st.ok {
			return 0, 0, false // an action left out: its steps are unknown
		}
		options = append(options, st.taken)
	}
	move := w.b.Ors(options...)
	postBits, preBits := bits(post), bits(pre)
	notSeen := logic.True
	for _, s := range frontier {
		notSeen = w.b.And(notSeen, w.b.Ands(is(postBits, s)...).Not())
	}
	for depth := 0; ; depth++ {
		if len(frontier) == 0 {
			return max(depth-1, 0), depth, true
		}
		if limit >= 0 && depth == limit {
			return depth, depth, true // every state within the bound is known
		}
		var next []state
		for _, s := range frontier {
			if !enumerate(w, post, append(is(preBits, s), move), &next, &notSeen) {
				return 0, depth, false
			}
		}
		frontier = next
	}
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
// within the bound, t becomes exact, unrolled at least to the diameter; when it stops
// early without an explicit depth, t is bounded at the levels it completed (at least
// fallbackDepth) and marked stopped. It reports whether t changed: the caller then
// asks its negative question again at t.depth.
func (c *checker) exactify(t *trace) bool {
	if t.explored {
		return false
	}
	t.explored = true
	d, levels, complete := c.explore(t, c.depth)
	switch {
	case complete && (c.depth < 0 || d < c.depth):
		// Every reachable state is reached within d steps (within the bound, when
		// there is one): index max(d, depth) stands for all of them.
		t.depth, t.exact = max(d, t.depth), true
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
	w := c.newWorldIn(comp)
	pre, post := w.newState(), w.newState()
	facts := lits(w.facts(pre), nil)
	var options []logic.Lit
	for _, a := range comp.acts {
		st := w.step(a, pre, post, nil)
		if !st.ok {
			return proved
		}
		options = append(options, st.taken)
	}
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
	c.add(diag.New(diag.Unknown, cd.Name.Span, "%s %s holds in runs of at most %s, but is neither proved nor refuted beyond: the reachable states are too many to enumerate (more than %d), it is not inductive with the other properties as lemmas, and %s", cd.Kind, cd.Name.Name, plural(t.depth, "step"), maxExplicitStates, stop))
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
