package logic

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/go-air/gini/z"
)

// Status is a query's answer.
type Status int

const (
	Unknown Status = iota // the budget ran out or the query was cancelled
	Sat
	Unsat
)

func (s Status) String() string {
	switch s {
	case Sat:
		return "sat"
	case Unsat:
		return "unsat"
	}
	return "unknown"
}

// Reason says why a query is Unknown.
type Reason int

const (
	NoReason  Reason = iota // the query was decided
	Timeout                 // the wall-clock limit passed
	Cancelled               // the context was cancelled
	Exhausted               // the work budget ran out
)

func (r Reason) String() string {
	switch r {
	case Timeout:
		return "timeout"
	case Cancelled:
		return "cancelled"
	case Exhausted:
		return "budget"
	}
	return ""
}

// Explain says why a question is unknown in the words every command uses (specls
// check, diff, synth, mine, mutate): budget is the work budget per question as the
// user gives it (--budget, in thousands of work units).
func (r Reason) Explain(budget int) string {
	switch r {
	case Cancelled:
		return "the check was cancelled"
	case Timeout:
		return "the time limit (--timeout) passed"
	}
	return fmt.Sprintf("the budget ran out (%d thousand work units per question)", budget)
}

// Result is the outcome of a query: Status, and for Unknown the Reason.
type Result struct {
	Status Status
	Reason Reason
}

func (r Result) String() string {
	if r.Status == Unknown && r.Reason != NoReason {
		return "unknown (" + r.Reason.String() + ")"
	}
	return r.Status.String()
}

// Solve decides whether the asserted constraints and the assumptions hold together,
// within a wall-clock budget (a budget <= 0 answers Unknown/Timeout at once) and
// until ctx is done. After Sat, Value reads the model; after Unsat, Failed names
// assumptions that suffice for the conflict. The checker uses SolveWork, whose
// answers do not depend on the machine; Solve is for callers that want a time limit.
func (b *Builder) Solve(ctx context.Context, assumptions []Lit, budget time.Duration) Result {
	if budget <= 0 {
		b.solves++
		return Result{Unknown, Timeout}
	}
	return b.solve(ctx, assumptions, 0, time.Now().Add(budget))
}

// SolveWork is Solve within a budget of work units: the gates built since the
// previous question (encoding work) plus the solver's propagations (checked every
// 20,000), so the same question gets the same answer on any machine under any load.
// A budget <= 0 answers Unknown/Exhausted at once. ctx cancels it (Unknown/Cancelled);
// a deadline set with SetDeadline ends it too (Unknown/Timeout).
func (b *Builder) SolveWork(ctx context.Context, assumptions []Lit, budget int64) Result {
	if budget <= 0 {
		b.solves++
		return Result{Unknown, Exhausted}
	}
	return b.solve(ctx, assumptions, budget, time.Time{})
}

// Work is the work units the builder has spent: gates built and propagations made.
func (b *Builder) Work() int64 { return b.work + int64(b.c.Len()-b.gatesSeen) }

func (b *Builder) solve(ctx context.Context, assumptions []Lit, budget int64, deadline time.Time) Result {
	b.solves++
	b.hasMod = false
	b.failed = nil
	if b.cancelled || ctx.Err() != nil {
		return Result{Unknown, Cancelled}
	}
	encoding := int64(b.c.Len() - b.gatesSeen)
	b.gatesSeen = b.c.Len()
	b.work += encoding
	if budget > 0 && encoding >= budget {
		return Result{Unknown, Exhausted}
	}
	if !b.deadline.IsZero() && (deadline.IsZero() || b.deadline.Before(deadline)) {
		deadline = b.deadline
	}
	if !deadline.IsZero() && !time.Now().Before(deadline) {
		return Result{Unknown, Timeout}
	}
	b.translate(assumptions...)
	for _, a := range assumptions {
		if a < 2 {
			panic("logic: an assumption that is not a literal")
		}
		b.g.Assume(z.Lit(a))
	}
	// The solve runs in this goroutine: no polling. Cancellation and the deadline
	// raise a flag the solver reads every 20,000 propagations.
	var stop atomic.Bool
	var why atomic.Int32
	if ctx.Done() != nil {
		defer context.AfterFunc(ctx, func() { why.CompareAndSwap(0, int32(Cancelled)); stop.Store(true) })()
	}
	if !deadline.IsZero() {
		t := time.AfterFunc(time.Until(deadline), func() { why.CompareAndSwap(0, int32(Timeout)); stop.Store(true) })
		defer t.Stop()
	}
	limit := int64(0)
	if budget > 0 {
		limit = budget - encoding
	}
	b.g.SetLimit(limit, &stop)
	res := b.g.Solve()
	b.g.SetLimit(0, nil)
	b.work += b.g.Used()
	reason := NoReason
	if res == 0 {
		reason = Reason(why.Load())
		if reason == NoReason {
			reason = Exhausted
		}
	}
	return b.finish(res, reason, assumptions)
}

// SetDeadline sets a wall-clock limit on every later question of b (zero: none):
// for a CI timeout, beside the deterministic work budget.
func (b *Builder) SetDeadline(t time.Time) { b.deadline = t }

func (b *Builder) finish(res int, reason Reason, assumptions []Lit) Result {
	switch res {
	case 1:
		b.hasMod = true
		b.model = b.model[:0]
		return Result{Status: Sat}
	case -1:
		// A set, not a search per assumption: a question may assume thousands of
		// clauses (one per fact), and this runs after every Unsat answer.
		why := map[z.Lit]bool{}
		for _, l := range b.g.Why(nil) {
			why[l] = true
		}
		for _, a := range assumptions {
			if why[z.Lit(a)] {
				b.failed = append(b.failed, a)
				why[z.Lit(a)] = false // once, even when assumed twice
			}
		}
		return Result{Status: Unsat}
	}
	return Result{Unknown, reason}
}

// Failed returns, after an Unsat answer, assumptions that together with the asserted
// constraints are unsatisfiable, in the order they were assumed (a core, not
// necessarily minimal; empty when the constraints alone are unsatisfiable).
func (b *Builder) Failed() []Lit { return slices.Clone(b.failed) }

// Value is the value of l in the model of the last Sat answer. Gates outside what
// was given to the solver are evaluated from their inputs; inputs the solver never
// saw are false. Value panics when the last answer was not Sat.
func (b *Builder) Value(l Lit) bool {
	if !b.hasMod {
		panic("logic: Value without a model (the last query was not Sat)")
	}
	if n := b.c.Len(); len(b.model) < n {
		b.model = append(b.model, make([]int8, n-len(b.model))...)
	}
	v := b.eval(z.Lit(l).Var())
	if !z.Lit(l).IsPos() {
		return !v
	}
	return v
}

func (b *Builder) eval(v z.Var) bool {
	if m := b.model[v]; m != 0 {
		return m > 0
	}
	var val bool
	switch x, y := b.c.Ins(v.Pos()); {
	case v == 1:
		val = true
	case int(v) < len(b.mark) && b.mark[v] == 1 && v <= b.g.MaxVar():
		val = b.g.Value(v.Pos())
	case x == z.LitNull:
		val = false // an input the solver never saw: any value will do
	default:
		val = b.evalLit(x) && b.evalLit(y)
	}
	if val {
		b.model[v] = 1
	} else {
		b.model[v] = -1
	}
	return val
}

func (b *Builder) evalLit(m z.Lit) bool {
	v := b.eval(m.Var())
	if !m.IsPos() {
		return !v
	}
	return v
}

// Core is the outcome of Shrink.
type Core struct {
	Result  Result // Unsat when a core was found; otherwise the first answer that was not
	Lits    []Lit  // the core, in the order of the assumptions
	Minimal bool   // every re-solve finished: removing any one of Lits makes the rest Sat
}

// Shrink finds a minimal subset of assumptions that is unsatisfiable with the
// asserted constraints. It starts from the solver's failed assumptions and drops
// them one at a time in assumption order, keeping a literal only when the rest is
// satisfiable without it, so the answer is deterministic. budget bounds the whole
// call; when a re-solve does not finish, the core found so far is returned with
// Minimal false.
func (b *Builder) Shrink(ctx context.Context, assumptions []Lit, budget time.Duration) Core {
	deadline := time.Now().Add(budget)
	return b.shrink(ctx, assumptions, func(as []Lit) Result { return b.Solve(ctx, as, time.Until(deadline)) })
}

// ShrinkWork is Shrink within a budget of work units for the whole call.
func (b *Builder) ShrinkWork(ctx context.Context, assumptions []Lit, budget int64) Core {
	end := b.Work() + budget
	return b.shrink(ctx, assumptions, func(as []Lit) Result { return b.SolveWork(ctx, as, end-b.Work()) })
}

func (b *Builder) shrink(ctx context.Context, assumptions []Lit, solve func([]Lit) Result) Core {
	r := solve(assumptions)
	if r.Status != Unsat {
		return Core{Result: r}
	}
	core := b.Failed()
	for i := 0; i < len(core); {
		trial := slices.Concat(core[:i], core[i+1:])
		r := solve(trial)
		switch r.Status {
		case Unknown:
			return Core{Result: Result{Status: Unsat}, Lits: core}
		case Sat:
			i++ // core[i] is needed
		case Unsat:
			// The solver may show that more than core[i] can go; keep the order.
			failed := b.Failed()
			next := core[:i:i]
			for _, l := range core[i+1:] {
				if slices.Contains(failed, l) {
					next = append(next, l)
				}
			}
			core = next
		}
	}
	return Core{Result: Result{Status: Unsat}, Lits: core, Minimal: true}
}

// restoreWork is the least budget for restoring a model Prefer had (the question was
// answered Sat before, with the same choices, so it is quick).
const restoreWork = 1 << 20

// Solves is how many questions the builder has been asked (for benchmarks).
func (b *Builder) Solves() int { return b.solves }

// Prefer finds a model that satisfies the assumptions and, greedily in order, as
// many of prefer as it can: each preferred literal is kept when the ones kept
// before it allow it. With Preferred literals this gives the canonical model
// ("smallest values first") that makes counterexamples deterministic. It costs at
// most one query per literal that the current model does not already satisfy; the
// budget bounds the whole call. A Sat result leaves that model for Value; when the
// budget runs out part way, the result is still Sat with a model that honours the
// preferences decided so far.
func (b *Builder) Prefer(ctx context.Context, assumptions, prefer []Lit, budget time.Duration) Result {
	deadline := time.Now().Add(budget)
	return b.prefer(assumptions, prefer, func(as []Lit, restore bool) Result {
		left := time.Until(deadline)
		if restore {
			left = max(left, time.Second)
		}
		return b.Solve(ctx, as, left)
	})
}

// PreferWork is Prefer within a budget of work units for the whole call.
func (b *Builder) PreferWork(ctx context.Context, assumptions, prefer []Lit, budget int64) Result {
	end := b.Work() + budget
	return b.prefer(assumptions, prefer, func(as []Lit, restore bool) Result {
		left := end - b.Work()
		if restore {
			left = max(left, restoreWork)
		}
		return b.SolveWork(ctx, as, left)
	})
}

// prefer is Prefer with solve answering each question within what is left of the
// budget (restore: a question that restores a model found before, given at least a
// little).
func (b *Builder) prefer(assumptions, prefer []Lit, solve func(as []Lit, restore bool) Result) Result {
	// First find, cheaply, a model that honours most preferences: assume them all and
	// drop the lowest-ranked one in each conflict the solver reports; a conflict that
	// involves no preference answers the question itself (Unsat). The greedy pass
	// below then decides exactly as it would from any model, but most preferences
	// already hold, and a preference that holds costs no question.
	kept := slices.Clone(prefer)
	for {
		r := solve(append(slices.Clone(assumptions), kept...), false)
		if r.Status == Sat {
			break
		}
		if r.Status == Unknown {
			if len(kept) == 0 {
				return r
			}
			// Out of time with preferences: settle for any model.
			if back := solve(assumptions, false); back.Status != Sat {
				return back
			}
			return Result{Status: Sat}
		}
		failed := b.Failed()
		drop := -1
		for i := len(kept) - 1; i >= 0 && drop < 0; i-- {
			if slices.Contains(failed, kept[i]) {
				drop = i
			}
		}
		if drop < 0 {
			return r // unsat whatever the preferences
		}
		kept = slices.Delete(kept, drop, drop+1)
	}
	fixed := slices.Clone(assumptions)
	for _, p := range prefer {
		if b.Value(p) {
			fixed = append(fixed, p)
			continue
		}
		r := solve(append(fixed, p), false)
		switch r.Status {
		case Sat:
			fixed = append(fixed, p)
			continue
		case Unsat:
			fixed = append(fixed, p.Not())
		}
		// The model is gone: restore one for the choices made so far.
		if back := solve(fixed, true); back.Status != Sat {
			return back
		}
		if r.Status == Unknown {
			return Result{Status: Sat}
		}
	}
	return Result{Status: Sat}
}
