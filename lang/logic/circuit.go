// Package logic is the boolean layer under the checker: circuits with structural
// hashing (gini's AIG), integers as bit vectors with exact semantics, finite values
// (bool, int, enum, set, map, record) as vectors of literals, and queries to an
// embedded incremental SAT solver (budget, cancellation, models, minimal cores,
// DIMACS export). It knows nothing of the syntax tree or the type checker; it
// imports only lang/diag, and lang/check (and its encoder) import it.
package logic

import (
	"context"
	"fmt"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/logic"
	"github.com/go-air/gini/z"
)

// Lit is a literal of a Builder's circuit: a gate, an input or its negation. The zero
// Lit is not a literal. Literals of one Builder mean nothing to another.
type Lit z.Lit

// The constant literals, shared by every Builder (gini reserves variable 1 of every
// circuit for them).
const (
	True  Lit = Lit(z.Lit(2))
	False Lit = Lit(z.Lit(3))
)

// Not is the negation of l.
func (l Lit) Not() Lit { return Lit(z.Lit(l).Not()) }

// String renders l in DIMACS numbering (variable 1 is the constant true).
func (l Lit) String() string {
	switch l {
	case True:
		return "true"
	case False:
		return "false"
	}
	return fmt.Sprint(z.Lit(l).Dimacs())
}

// Builder owns a circuit and the solver it is translated into. Circuit variable i is
// solver variable i: only the cone of what is asserted or assumed is translated, once,
// so constraints can be added between queries. A Builder is not safe for concurrent use.
type Builder struct {
	c *logic.C
	g *gini.Gini

	solves int     // questions asked
	mark   []int8  // mark[v] == 1: the gate of variable v is in the solver
	cnf    []z.Lit // every clause given to the solver, each ended by 0
	ncls   int

	model  []int8 // after Sat: 0 unknown, 1 true, -1 false, per variable
	hasMod bool
	failed []Lit // after Unsat: the failed assumptions, in the order assumed

	// Work and limits (solve.go).
	work      int64 // work units spent by earlier questions
	gatesSeen int   // circuit size at the last question
	deadline  time.Time
	ctx       context.Context // checked while building (SetContext)
	cancelled bool            // ctx was done while building: every new gate is False
	built     int             // gates built since ctx was last checked
}

// SetContext makes the builder watch ctx while it builds: once ctx is done, every
// new gate is the constant false (the encoding ends quickly, its circuit stops
// growing) and every question answers Unknown/Cancelled; Err says why.
func (b *Builder) SetContext(ctx context.Context) { b.ctx = ctx }

// Err is the context's error once building was cancelled, else nil.
func (b *Builder) Err() error {
	if b.cancelled {
		return b.ctx.Err()
	}
	return nil
}

// Cancelled reports whether the context the builder watches is done (looking at it
// now): long loops that build few gates (an encoder expanding constants) ask it.
func (b *Builder) Cancelled() bool {
	if !b.cancelled && b.ctx != nil && b.ctx.Err() != nil {
		b.cancelled = true
	}
	return b.cancelled
}

// ctxCheckEvery is how many gates are built between two looks at the context.
const ctxCheckEvery = 1 << 12

// New returns an empty Builder.
func New() *Builder {
	b := &Builder{c: logic.NewCCap(1024), g: gini.New()}
	b.mark, _ = b.c.CnfSince(recorder{b}, nil, z.Lit(True))
	return b
}

// recorder forwards clauses to the solver and keeps a copy for the DIMACS export:
// gini's own Write dumps its simplified database, not our problem.
type recorder struct{ b *Builder }

func (r recorder) Add(m z.Lit) {
	r.b.cnf = append(r.b.cnf, m)
	if m == z.LitNull {
		r.b.ncls++
	}
	r.b.g.Add(m)
}

// Fresh returns a new unconstrained input.
func (b *Builder) Fresh() Lit { return Lit(b.c.Lit()) }

// Gates is the number of variables of the circuit (inputs and and-gates), a size
// measure for tests and benchmarks.
func (b *Builder) Gates() int { return b.c.Len() }

// Clauses is the number of clauses given to the solver so far.
func (b *Builder) Clauses() int { return b.ncls }

// Bool is True or False.
func Bool(v bool) Lit {
	if v {
		return True
	}
	return False
}

// And, Or, Implies, Iff, Xor and Ite build gates; constants fold and equal gates are
// shared (structural hashing).
func (b *Builder) And(x, y Lit) Lit {
	if b.ctx != nil {
		if b.cancelled {
			return False
		}
		if b.built++; b.built >= ctxCheckEvery {
			b.built = 0
			if b.ctx.Err() != nil {
				b.cancelled = true
				return False
			}
		}
	}
	return Lit(b.c.And(z.Lit(x), z.Lit(y)))
}
func (b *Builder) Or(x, y Lit) Lit      { return b.And(x.Not(), y.Not()).Not() }
func (b *Builder) Implies(x, y Lit) Lit { return b.Or(x.Not(), y) }
func (b *Builder) Xor(x, y Lit) Lit {
	switch {
	case x == y:
		return False
	case x == y.Not():
		return True
	}
	return b.Or(b.And(x, y.Not()), b.And(x.Not(), y))
}
func (b *Builder) Iff(x, y Lit) Lit { return b.Xor(x, y).Not() }

// Ite is "if c then t else e".
func (b *Builder) Ite(c, t, e Lit) Lit {
	switch {
	case c == True || t == e:
		return t
	case c == False:
		return e
	case t == True:
		return b.Or(c, e)
	case t == False:
		return b.And(c.Not(), e)
	case e == True:
		return b.Or(c.Not(), t)
	case e == False:
		return b.And(c, t)
	}
	return b.Or(b.And(c, t), b.And(c.Not(), e))
}

// Ands is the conjunction of xs (True when empty), as a balanced tree so the
// circuit's depth grows with the logarithm of the count.
func (b *Builder) Ands(xs ...Lit) Lit {
	switch len(xs) {
	case 0:
		return True
	case 1:
		return xs[0]
	}
	m := len(xs) / 2
	return b.And(b.Ands(xs[:m]...), b.Ands(xs[m:]...))
}

// Ors is the disjunction of xs (False when empty).
func (b *Builder) Ors(xs ...Lit) Lit {
	ns := make([]Lit, len(xs))
	for i, x := range xs {
		ns[i] = x.Not()
	}
	return b.Ands(ns...).Not()
}

// AtMostOne holds when at most one of xs holds: pairwise for a few literals (the
// solver propagates best), through prefix disjunctions for more (linear size).
func (b *Builder) AtMostOne(xs ...Lit) Lit {
	var cs []Lit
	if len(xs) <= 8 {
		for i := range xs {
			for j := i + 1; j < len(xs); j++ {
				cs = append(cs, b.And(xs[i], xs[j]).Not())
			}
		}
		return b.Ands(cs...)
	}
	seen := False // some literal before i holds
	for _, x := range xs {
		cs = append(cs, b.And(seen, x).Not())
		seen = b.Or(seen, x)
	}
	return b.Ands(cs...)
}

// ExactlyOne holds when exactly one of xs holds.
func (b *Builder) ExactlyOne(xs ...Lit) Lit { return b.And(b.Ors(xs...), b.AtMostOne(xs...)) }

// translate gives the solver the gates under roots that it does not have yet.
func (b *Builder) translate(roots ...Lit) {
	zs := make([]z.Lit, len(roots))
	for i, r := range roots {
		if r == 0 {
			panic("logic: the zero Lit is not a literal")
		}
		zs[i] = z.Lit(r)
	}
	b.mark, _ = b.c.CnfSince(recorder{b}, b.mark, zs...)
}

// Assert adds l as a permanent constraint: every later query assumes it.
func (b *Builder) Assert(l Lit) {
	b.translate(l)
	r := recorder{b}
	r.Add(z.Lit(l))
	r.Add(z.LitNull)
	b.hasMod = false
}

// AddClause adds the disjunction of ls as a permanent constraint, as one clause: no
// gate, no new variable for the solver to decide (Assert(b.Ors(ls...)) adds one per
// literal). For blocking the states found by an enumeration.
func (b *Builder) AddClause(ls ...Lit) {
	b.translate(ls...)
	r := recorder{b}
	for _, l := range ls {
		r.Add(z.Lit(l))
	}
	r.Add(z.LitNull)
	b.hasMod = false
}
