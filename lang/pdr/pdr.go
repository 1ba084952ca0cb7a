// Package pdr decides whether a bad state is reachable in a finite transition system
// given as lang/logic circuits, by IC3/PDR (Bradley 2011; Een, Mishchenko and
// Brayton 2011): a proof comes with an inductive invariant as clauses over the state
// bits, a refutation with a run of states. It imports only lang/logic; lang/check
// uses it for state spaces too large to enumerate.
package pdr

import (
	"context"
	"slices"

	"github.com/specls/specls/lang/logic"
)

// System is a transition system over the state bits Cur (the state before a step)
// and Next (the state after it): Next[i] is the bit of Cur[i] one step later. Init
// holds of Cur in the initial states, Trans of Cur and Next on a step, Bad of Cur in
// the states to avoid. Each may read other literals of B too (arguments of a step,
// a third state): those are existential. Validity of the states (types, facts)
// belongs in them: Trans should hold only from and to valid states, Bad only of
// valid ones. Facts known of every reachable state (proved invariants) may be
// conjoined to Trans and Bad: they do not change the answer.
//
// Nothing is asserted in B by the search (frames are clauses guarded by activation
// literals, and every question is put as assumptions), so B may be shared with
// other questions that assume nothing of the search's literals.
type System struct {
	B         *logic.Builder
	Cur, Next []logic.Lit
	Init      logic.Lit
	Trans     logic.Lit
	Bad       logic.Lit
}

// Verdict is what the search concluded.
type Verdict int

const (
	Unknown   Verdict = iota // the budget ran out or the search was cancelled: Reason says which
	Proved                   // no bad state is reachable: Invariant shows why
	Reachable                // a bad state is reachable: Run shows how
)

func (v Verdict) String() string {
	switch v {
	case Proved:
		return "proved"
	case Reachable:
		return "reachable"
	}
	return "unknown"
}

// Result is the outcome of Check.
type Result struct {
	Verdict Verdict
	Reason  logic.Reason // for Unknown
	// Invariant, for Proved: clauses over the state bits whose conjunction holds
	// initially, is kept by every step and excludes every bad state.
	Invariant []Clause
	// Run, for Reachable: the values of Cur in each state, from an initial state to
	// a bad one, each a step after the one before. It need not be the shortest.
	Run [][]bool
	// Frames is how many frames the search built; Work the work units it spent.
	Frames int
	Work   int64
}

// Bit is a literal over the state bits: bit Index of the state has value Value.
type Bit struct {
	Index int
	Value bool
}

// Clause is a disjunction of Bits.
type Clause []Bit

// Lit is the clause over the state bits bits (Cur, Next or another state's).
func (cl Clause) Lit(b *logic.Builder, bits []logic.Lit) logic.Lit {
	ls := make([]logic.Lit, len(cl))
	for i, x := range cl {
		ls[i] = bits[x.Index]
		if !x.Value {
			ls[i] = ls[i].Not()
		}
	}
	return b.Ors(ls...)
}

// lit is one literal of a cube: bit idx of the state has value val.
type lit struct {
	idx int
	val bool
}

// cube is a conjunction of state-bit literals, sorted by idx.
type cube []lit

// obligation is a cube to block at a level; next is the obligation whose
// predecessor it is (nil for a bad cube).
type obligation struct {
	level int
	c     cube
	next  *obligation
	state []bool // the full state the cube was found as (for the run)
	seq   int
}

type lemma struct {
	c     cube // the clause is ¬c
	level int  // in frames 1 … level
}

type search struct {
	ctx    context.Context
	sys    System
	b      *logic.Builder
	budget int64
	start  int64
	acts   []logic.Lit // acts[i] activates the lemmas of level i (acts[0] unused)
	lemmas []*lemma
	seq    int
	reason logic.Reason
	// reverse: the cube's literals are assumed, and put back to exclude the
	// initial states, last bit first (see Check).
	reverse bool
}

// Check searches sys within budget work units (the builder's work, summed over
// every question of the search) until ctx is done.
//
// Which lemmas a search finds depends on the order of the state bits its questions
// assume (the solver's cores keep the first literals that conflict): measured, the
// search that assumes the first bits first proves a pair of counters kept equal in
// 46 frames and a counter with a parity flag not within 50 million units, while the
// one that assumes the last bits first proves the latter in 0.1 s. So the search runs
// once each way, the first with half of the budget; both are deterministic.
func Check(ctx context.Context, sys System, budget int64) Result {
	start := sys.B.Work()
	var res Result
	frames := 0
	for i, reverse := range []bool{false, true} {
		share := budget/2 - (sys.B.Work() - start)
		if i == 1 {
			share = budget - (sys.B.Work() - start)
		}
		s := &search{ctx: ctx, sys: sys, b: sys.B, budget: share, start: sys.B.Work(), reverse: reverse}
		res = s.run()
		frames = max(frames, len(s.acts)-1)
		if res.Verdict != Unknown || res.Reason != logic.Exhausted {
			break
		}
	}
	res.Frames = frames
	res.Work = sys.B.Work() - start
	return res
}

// solve asks one question within what is left of the budget; ok false when it was
// not answered (s.reason says why).
func (s *search) solve(assume ...logic.Lit) (sat, ok bool) {
	left := s.budget - (s.b.Work() - s.start)
	r := s.b.SolveWork(s.ctx, assume, left)
	if r.Status == logic.Unknown {
		s.reason = r.Reason
		return false, false
	}
	return r.Status == logic.Sat, true
}

func (s *search) unknown() Result { return Result{Verdict: Unknown, Reason: s.reason} }

// curLits and nextLits are the cube as assumptions on Cur and on Next.
func (s *search) curLits(c cube) []logic.Lit  { return s.lits(s.sys.Cur, c) }
func (s *search) nextLits(c cube) []logic.Lit { return s.lits(s.sys.Next, c) }

func (s *search) lits(bits []logic.Lit, c cube) []logic.Lit {
	out := make([]logic.Lit, len(c))
	for i, l := range c {
		out[i] = bits[l.idx]
		if !l.val {
			out[i] = out[i].Not()
		}
	}
	return out
}

// notCube is the clause ¬c over Cur, as a gate.
func (s *search) notCube(c cube) logic.Lit { return s.b.Ands(s.curLits(c)...).Not() }

// frame is the assumptions that make the solver's Cur lie in frame k: Init for
// k == 0, else the activation literals of levels k and above.
func (s *search) frame(k int) []logic.Lit {
	if k == 0 {
		return []logic.Lit{s.sys.Init}
	}
	return slices.Clone(s.acts[k:])
}

// state reads Cur from the model.
func (s *search) state() []bool {
	out := make([]bool, len(s.sys.Cur))
	for i, l := range s.sys.Cur {
		out[i] = s.b.Value(l)
	}
	return out
}

func full(st []bool) cube {
	c := make(cube, len(st))
	for i, v := range st {
		c[i] = lit{i, v}
	}
	return c
}

// addFrame opens frame len(acts): a new activation literal.
func (s *search) addFrame() { s.acts = append(s.acts, s.b.Fresh()) }

// top is the index of the last frame.
func (s *search) top() int { return len(s.acts) - 1 }

func (s *search) run() Result {
	s.acts = []logic.Lit{logic.True} // frame 0 is Init, not activation
	// A bad initial state: a run of no steps.
	sat, ok := s.solve(s.sys.Init, s.sys.Bad)
	if !ok {
		return s.unknown()
	}
	if sat {
		return Result{Verdict: Reachable, Run: [][]bool{s.state()}}
	}
	s.addFrame()
	for {
		k := s.top()
		// Block every bad state of frame k.
		for {
			sat, ok := s.solve(append(s.frame(k), s.sys.Bad)...)
			if !ok {
				return s.unknown()
			}
			if !sat {
				break
			}
			st := s.state()
			run, ok := s.block(&obligation{level: k, c: full(st), state: st})
			if !ok {
				return s.unknown()
			}
			if run != nil {
				return Result{Verdict: Reachable, Run: run}
			}
		}
		// Propagate: a lemma that every step from frame i keeps moves to i+1. A
		// frame left with no lemma of its own equals the next: an invariant.
		s.addFrame()
		for i := 1; i <= k; i++ {
			empty := true
			for _, l := range s.lemmas {
				if l.level != i {
					continue
				}
				sat, ok := s.solve(append(s.frame(i), s.sys.Trans, s.b.Ands(s.nextLits(l.c)...))...)
				if !ok {
					return s.unknown()
				}
				if sat {
					empty = false
					continue
				}
				s.setLevel(l, i+1)
			}
			if empty {
				return Result{Verdict: Proved, Invariant: s.invariant(i + 1)}
			}
		}
	}
}

// setLevel moves l to level k (k above its level): its clause is added again,
// guarded by level k's activation literal (the old one stays, implied by the new).
func (s *search) setLevel(l *lemma, k int) {
	l.level = k
	s.b.AddClause(append([]logic.Lit{s.acts[k].Not()}, s.lits(s.sys.Cur, negate(l.c))...)...)
}

func negate(c cube) cube {
	out := make(cube, len(c))
	for i, l := range c {
		out[i] = lit{l.idx, !l.val}
	}
	return out
}

// invariant lists the clauses of frame k (lemmas of level k and above).
func (s *search) invariant(k int) []Clause {
	var out []Clause
	for _, l := range s.lemmas {
		if l.level >= k {
			cl := make(Clause, len(l.c))
			for i, x := range l.c {
				cl[i] = Bit{x.idx, !x.val}
			}
			out = append(out, cl)
		}
	}
	return out
}

// addLemma adds the clause ¬c to frames 1 … k, dropping the lemmas of those frames
// it subsumes from the bookkeeping (their clauses stay in the solver, implied).
func (s *search) addLemma(c cube, k int) {
	keep := s.lemmas[:0]
	for _, l := range s.lemmas {
		if l.level <= k && subsumes(c, l.c) {
			continue
		}
		keep = append(keep, l)
	}
	s.lemmas = keep
	l := &lemma{c: c}
	s.lemmas = append(s.lemmas, l)
	s.setLevel(l, k)
}

// subsumes reports whether every literal of a is in b (¬a implies ¬b).
func subsumes(a, b cube) bool {
	j := 0
	for _, l := range a {
		for j < len(b) && b[j].idx < l.idx {
			j++
		}
		if j == len(b) || b[j] != l {
			return false
		}
	}
	return true
}

// queue orders obligations by level, then by age.
type queue []*obligation

func (q *queue) push(o *obligation) { *q = append(*q, o) }

func (q *queue) pop() *obligation {
	best := 0
	for i, o := range *q {
		if o.level < (*q)[best].level || o.level == (*q)[best].level && o.seq < (*q)[best].seq {
			best = i
		}
	}
	o := (*q)[best]
	*q = slices.Delete(*q, best, best+1)
	return o
}

// block blocks the bad cube of obligation o and every predecessor it needs. It
// returns a run when o's state is reachable after all, ok false when a question was
// not answered.
func (s *search) block(o *obligation) (run [][]bool, ok bool) {
	q := queue{}
	o.seq = s.seq
	s.seq++
	q.push(o)
	for len(q) > 0 {
		o := q.pop()
		if o.level > s.top() {
			continue
		}
		// Already blocked at this level by a lemma found since?
		sat, ok := s.solve(append(s.frame(o.level), s.curLits(o.c)...)...)
		if !ok {
			return nil, false
		}
		if !sat {
			if o.level < s.top() {
				s.requeue(&q, o, o.level+1)
			}
			continue
		}
		pred, ok := s.predecessor(o.c, o.level-1)
		if !ok {
			return nil, false
		}
		if pred != nil {
			// pred reaches o's cube in one step; an initial pred ends the search.
			po := &obligation{level: o.level - 1, c: full(pred), next: o, state: pred}
			init, ok := s.solve(append([]logic.Lit{s.sys.Init}, s.curLits(po.c)...)...)
			if !ok {
				return nil, false
			}
			if init || po.level == 0 {
				return s.runOf(po), true
			}
			s.requeue(&q, o, o.level)
			s.requeue(&q, po, po.level)
			continue
		}
		g, ok := s.generalize(o.c, o.level-1)
		if !ok {
			return nil, false
		}
		// Push the lemma as far as it stays inductive relative to the frame below.
		k := o.level
		for k < s.top() {
			sat, ok := s.solve(append(s.frame(k), s.sys.Trans, s.notCube(g), s.b.Ands(s.nextLits(g)...))...)
			if !ok {
				return nil, false
			}
			if sat {
				break
			}
			k++
		}
		s.addLemma(g, k)
		if k < s.top() {
			s.requeue(&q, o, k+1) // the same state, further out (finds deeper runs sooner)
		}
	}
	return nil, true
}

func (s *search) requeue(q *queue, o *obligation, level int) {
	o.level = level
	o.seq = s.seq
	s.seq++
	q.push(o)
}

// runOf is the run from the initial state of o along its successors.
func (s *search) runOf(o *obligation) [][]bool {
	var run [][]bool
	for ; o != nil; o = o.next {
		run = append(run, o.state)
	}
	return run
}

// predecessor finds a state of frame k, outside c, with a step into c: nil when
// there is none (c is inductive relative to frame k). For k == 0 the frame is Init
// and c may hold there.
func (s *search) predecessor(c cube, k int) ([]bool, bool) {
	assume := append(s.frame(k), s.sys.Trans)
	if k > 0 {
		assume = append(assume, s.notCube(c))
	}
	sat, ok := s.solve(append(assume, s.nextLits(c)...)...)
	if !ok || !sat {
		return nil, ok
	}
	return s.state(), true
}

// relInd reports whether ¬c is inductive relative to frame k (no step from a state
// of frame k outside c enters c); when it is, core is the literals of c the answer
// needed (a sub-cube, also relatively inductive).
func (s *search) relInd(c cube, k int) (yes bool, core cube, ok bool) {
	assume := append(s.frame(k), s.sys.Trans)
	if k > 0 {
		assume = append(assume, s.notCube(c))
	}
	next := s.nextLits(c)
	rev := slices.Clone(next)
	if s.reverse {
		slices.Reverse(rev)
	}
	sat, ok := s.solve(append(assume, rev...)...)
	if !ok || sat {
		return false, nil, ok
	}
	failed := s.b.Failed()
	for i, l := range next {
		if slices.Contains(failed, l) {
			core = append(core, c[i])
		}
	}
	return true, core, true
}

// initFree makes sub, a sub-cube of c (which has no initial state), free of initial
// states by putting back literals of c in order.
func (s *search) initFree(sub, c cube) (cube, bool) {
	for {
		sat, ok := s.solve(append([]logic.Lit{s.sys.Init}, s.curLits(sub)...)...)
		if !ok {
			return nil, false
		}
		if !sat {
			return sub, true
		}
		added := false
		order := slices.Clone(c)
		if s.reverse {
			slices.Reverse(order)
		}
		for _, l := range order {
			if !slices.Contains(sub, l) {
				sub = insert(sub, l)
				added = true
				break
			}
		}
		if !added {
			return sub, true // sub == c, which has no initial state (not reached)
		}
	}
}

func insert(c cube, l lit) cube {
	i, _ := slices.BinarySearchFunc(c, l.idx, func(x lit, idx int) int { return x.idx - idx })
	return slices.Insert(slices.Clone(c), i, l)
}

// generalize shrinks c, known inductive relative to frame k and free of initial
// states, to a smaller cube with both properties: first the core of the question,
// then by dropping literals one at a time.
func (s *search) generalize(c cube, k int) (cube, bool) {
	yes, core, ok := s.relInd(c, k)
	if !ok {
		return nil, false
	}
	if !yes {
		return c, true // cannot happen: the caller found no predecessor
	}
	g, ok := s.initFree(core, c)
	if !ok {
		return nil, false
	}
	for _, drop := range slices.Clone(g) {
		if len(g) <= 1 || !slices.Contains(g, drop) {
			continue
		}
		trial := slices.DeleteFunc(slices.Clone(g), func(l lit) bool { return l == drop })
		init, ok := s.solve(append([]logic.Lit{s.sys.Init}, s.curLits(trial)...)...)
		if !ok {
			return nil, false
		}
		if init {
			continue
		}
		yes, core, ok := s.relInd(trial, k)
		if !ok {
			return nil, false
		}
		if !yes {
			continue
		}
		if g, ok = s.initFree(core, trial); !ok {
			return nil, false
		}
	}
	return g, true
}
