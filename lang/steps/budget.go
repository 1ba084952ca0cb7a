package steps

import (
	"context"
	"time"

	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// Budget is how much a question of diff, synth or mine may take, counted as
// `specls check` counts it: Units thousands of work units per question (solver
// propagations and gates built, see sema.BudgetUnit), so the same specs get the same
// answers on any machine under any load; and an optional wall-clock Deadline for CI,
// whose cut-offs are unknown like the budget's.
type Budget struct {
	Units    int       // per question, in thousands of work units; <= 0: the default budget
	Deadline time.Time // zero: none
}

// UnitsOr is the budget per question: u's own, else def (a spec's option budget),
// else the default.
func (u Budget) UnitsOr(def int) Budget {
	if u.Units <= 0 {
		u.Units = def
	}
	if u.Units <= 0 {
		u.Units = sema.DefaultOptions.Budget
	}
	return u
}

// Work is the budget per question in work units.
func (u Budget) Work() int64 { return int64(u.UnitsOr(0).Units) * sema.BudgetUnit }

// Builder is a new builder whose questions end at the deadline and whose encodings
// stop when ctx is done.
func (u Budget) Builder(ctx context.Context) *logic.Builder {
	b := logic.New()
	b.SetContext(ctx)
	b.SetDeadline(u.Deadline)
	return b
}

// Encoder is an encoder over b whose work per Formula or Value call is bounded by the
// budget per question (as the checker's are).
func (u Budget) Encoder(b *logic.Builder, info *sema.Info) *encode.Encoder {
	enc := encode.New(b, info)
	enc.Limit = u.Work()
	return enc
}

// Solve asks one question within the budget.
func (u Budget) Solve(ctx context.Context, b *logic.Builder, assumptions []logic.Lit) logic.Result {
	return b.SolveWork(ctx, assumptions, u.Work())
}

// Prefer asks one question within the budget, for a model that honours the
// preferences in order (see logic.Builder.Prefer).
func (u Budget) Prefer(ctx context.Context, b *logic.Builder, assumptions, prefer []logic.Lit) logic.Result {
	return b.PreferWork(ctx, assumptions, prefer, u.Work())
}

// Shrink finds a small core of the assumptions within the budget (see
// logic.Builder.Shrink).
func (u Budget) Shrink(ctx context.Context, b *logic.Builder, assumptions []logic.Lit) logic.Core {
	return b.ShrinkWork(ctx, assumptions, u.Work())
}

// Why says why a question went unanswered, in the words of the checker's unknown
// findings.
func (u Budget) Why(r logic.Result) string { return r.Reason.Explain(u.UnitsOr(0).Units) }

// Left is the time left before the deadline, as a time limit for a check run on the
// way (check.Options.Timeout): zero without a deadline, and at least a nanosecond
// (a limit already passed) with one.
func (u Budget) Left() time.Duration {
	if u.Deadline.IsZero() {
		return 0
	}
	return max(time.Until(u.Deadline), time.Nanosecond)
}
