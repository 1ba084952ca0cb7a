package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/source"
)

// Question is one question the checker asked the solver, as a value: what was asked,
// the clauses it assumed, and the answer. Parts lists the clauses whose bodies, each
// read in the one state of a static question (negated where Negate), are the whole
// question; a question that also assumes literals of the checker's own (steps, reach
// sites, frames) is not reported. A second opinion (the z3 differential of lang/smt)
// asks the same values.
type Question struct {
	What   string
	Parts  []Part
	Answer logic.Status
	// Model is the checker's model of a Sat answer: the state it found (the
	// variables the question's state holds), for a second opinion to confirm.
	Model diag.State
}

// Part is one clause of a question.
type Part struct {
	Node   ast.Node
	Body   ast.Expr
	Negate bool
}

// question is a question before it is asked: what it asks (for the unknown finding),
// where an unanswered one is reported (zero: the caller reports it), the builder and
// assumptions, the values a model of it is made canonical on (a counterexample), and
// the clauses it stands for (see Question).
type question struct {
	what   string
	at     source.Span
	b      *logic.Builder
	assume []logic.Lit
	canon  []logic.Value
	parts  []Part
	// budget is the question's own budget in work units (0: the budget of every
	// question; < 0: none is left, so Unknown at once), and work, when set, is
	// charged the work it takes: a search of many solves counts as one question.
	budget int64
	work   *int64
	// state decodes the question's one state in the current model (static questions).
	state func() diag.State
}

// static makes the question "do these clauses hold together in one state" (each part
// negated where it says so), asked in builder b with their literals; state decodes
// that state from a model.
func static(what string, b *logic.Builder, state func() diag.State, parts ...staticPart) question {
	q := question{what: what, b: b, state: state}
	for _, p := range parts {
		l := p.cl.lit
		if p.negate {
			l = l.Not()
		}
		q.assume = append(q.assume, l)
		q.parts = append(q.parts, Part{Node: p.cl.node, Body: p.cl.body, Negate: p.negate})
	}
	return q
}

type staticPart struct {
	cl     *clause
	negate bool
}

// holding and failing are the parts of a static question: a clause that holds, and
// one that fails.
func holding(cls ...*clause) []staticPart {
	out := make([]staticPart, len(cls))
	for i, cl := range cls {
		out[i] = staticPart{cl: cl}
	}
	return out
}

func failing(cl *clause) staticPart { return staticPart{cl: cl, negate: true} }

// ask is the one place a question meets the solver: under the budget and the
// context, canonical when its model becomes a counterexample, and, when it has no
// answer and says where, reported as the same unknown finding as every other
// (undecided). Every question is shown to Options.Questions, when set.
func (c *checker) ask(q question) logic.Result {
	c.questions++
	budget := c.budget
	if q.budget != 0 {
		budget = q.budget
	}
	if q.work != nil {
		before := q.b.Work()
		defer func() { *q.work += q.b.Work() - before }()
	}
	// Constant assumptions (a set or a step that folded) are no literals to the
	// solver: true says nothing, false answers at once.
	assume, never := make([]logic.Lit, 0, len(q.assume)), false
	for _, l := range q.assume {
		switch l {
		case logic.True:
		case logic.False:
			never = true
		default:
			assume = append(assume, l)
		}
	}
	var r logic.Result
	switch {
	case never:
		r = logic.Result{Status: logic.Unsat}
	case len(q.canon) == 0:
		r = q.b.SolveWork(c.ctx, assume, budget)
	default:
		var prefer []logic.Lit
		for _, v := range q.canon {
			prefer = append(prefer, logic.Preferred(v)...)
		}
		if len(prefer) > maxPreferred {
			prefer = prefer[:maxPreferred]
		}
		r = q.b.PreferWork(c.ctx, assume, prefer, min(budget, canonicalBudget))
	}
	c.answered(q, r)
	return r
}

// shrink asks a question expected to be unsatisfiable for a smallest set of its
// assumptions that is still unsatisfiable (a core: the clauses a finding relates),
// under the same budget and context as every other question, and reported the same
// way when unanswered (the core is then the whole question, and its Result Unknown).
func (c *checker) shrink(q question) logic.Core {
	c.questions++
	budget := c.budget
	if q.budget != 0 {
		budget = q.budget
	}
	core := q.b.ShrinkWork(c.ctx, q.assume, budget)
	c.answered(q, core.Result)
	return core
}

// answered is where every answer ends: an unanswered question that says where is
// the same unknown finding everywhere, and every question with parts is shown to
// Options.Questions.
func (c *checker) answered(q question, r logic.Result) {
	if r.Status == logic.Unknown && q.at != (source.Span{}) {
		c.unknown(q.at, q.what, r)
	}
	if c.observe != nil && q.parts != nil {
		obs := Question{What: q.what, Parts: q.parts, Answer: r.Status}
		if r.Status == logic.Sat && q.state != nil {
			obs.Model = q.state()
		}
		c.observe(obs)
	}
}

// initialParts are the parts of "does property cd fail in an initial state": the
// facts and initially clauses that hold, cd that fails. (A property's component holds
// only some of them; the others constrain other variables and are satisfiable, so
// the answer is the same.)
func (c *checker) initialParts(cd *ast.ClauseDecl) []Part {
	var out []Part
	for _, d := range c.file.Decls {
		if x, ok := d.(*ast.ClauseDecl); ok && (x.Kind == ast.Fact || x.Kind == ast.Initially) && x.Body != nil && !c.left(x) {
			out = append(out, Part{Node: x, Body: x.Body})
		}
	}
	return append(out, Part{Node: cd, Body: cd.Body, Negate: true})
}
