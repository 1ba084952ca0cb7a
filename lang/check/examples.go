package check

import (
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
)

// examples checks examples and nonexamples. A static spec is a state machine with no
// steps: its initial states are its models, and its examples have only givens and
// expects, so one check serves both (only the words differ).
func (c *checker) examples(acts []*action) {
	if c.examplesDone { // asked first, for Options.Stop
		return
	}
	c.examplesDone = true
	byName := map[*sema.Symbol]*action{}
	for _, a := range acts {
		byName[a.sym] = a
	}
	for _, d := range c.file.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Name == nil || c.left(ex) || c.exampleGap(ex) != "" {
			continue
		}
		before := len(c.findings)
		c.example(ex, byName)
		if c.judged(ex, c.findings[before:]) {
			return // Options.Stop ended the check
		}
	}
}

func (c *checker) example(ex *ast.ExampleDecl, byName map[*sema.Symbol]*action) {
	w := c.newWorld()
	s0 := w.newState()
	// start holds the clauses of the start (facts, initially, givens): until the first
	// step, a question is these clauses in one state (see Question).
	start := append(w.facts(s0), w.initially(s0)...)
	states := []encode.State{s0}
	var steps []*step
	cur := s0
	for _, st := range ex.Steps {
		if g, ok := st.(*ast.GivenStep); ok {
			cl, ok := w.clause(g, g.Cond, &encode.Frame{Pre: s0, Path: logic.Bool(true)})
			if !ok {
				return
			}
			start = append(start, cl)
		}
	}
	prefix := lits(start, nil)
	what := "whether " + ex.Name.Name + " can start"
	if !c.info.StateMachine {
		what = "whether " + ex.Name.Name + " is possible"
	}
	q := static(what, w.b, func() diag.State { return w.enc.Decode(s0) }, holding(start...)...)
	q.at = ex.Name.Span
	r := c.ask(q)
	if r.Status == logic.Unknown {
		return
	}
	if r.Status == logic.Unsat {
		if ex.Negative {
			return
		}
		if !c.info.StateMachine {
			c.add(diag.New(diag.ExampleFailed, ex.Name.Span, "example %s is impossible: no model meets its givens", ex.Name.Name))
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
			before := len(prefix)
			for i, p := range a.sym.Params {
				args[p] = local(w.enc, p)
				if i < len(stp.Args) {
					if _, wild := stp.Args[i].(*ast.Wildcard); !wild {
						val, err := w.enc.Value(&encode.Frame{Pre: cur, Path: logic.Bool(true)}, stp.Args[i])
						var eq logic.Lit
						if err == nil {
							eq, err = w.enc.Equal(args[p], val)
						}
						if err != nil {
							c.cannotEncode(stp, err) // the example stops here, unknown
							return
						}
						prefix = append(prefix, eq)
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
				if c.argsOutOfType(w, ex, stp, a, args, prefix[:before], prefix[before:]) {
					return
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
			q := question{what: "whether this expect holds", b: w.b, assume: append(append([]logic.Lit(nil), prefix...), cl.lit.Not())}
			if len(steps) == 0 {
				q = static(q.what, w.b, func() diag.State { return w.enc.Decode(s0) }, append(holding(start...), failing(cl))...)
			}
			q.at, q.canon = stp.Span, stateValues(w.enc, states...)
			r := c.ask(q)
			if r.Status == logic.Unknown {
				return
			}
			if r.Status == logic.Sat {
				cx := runOf()
				f := diag.New(diag.ExampleFailed, stp.Span, "example %s: this expect fails %s", ex.Name.Name, runText(cx))
				if !c.info.StateMachine {
					f.Message = "example " + ex.Name.Name + ": this expect fails in a model that meets the givens"
				}
				cx.Reads = c.reads(stp.Cond)
				f.Counterexample = cx
				c.add(f)
				return
			}
		}
	}
	if ex.Negative {
		// Unanswered is no pass (the fuzzer caught this one silent under load).
		q := question{what: "whether nonexample " + ex.Name.Name + " is possible", b: w.b, assume: prefix}
		if len(steps) == 0 {
			q = static(q.what, w.b, func() diag.State { return w.enc.Decode(s0) }, holding(start...)...)
		}
		q.at, q.canon = ex.Name.Span, stateValues(w.enc, states...)
		r := c.ask(q)
		if r.Status == logic.Unknown {
			return
		}
		if r.Status == logic.Sat {
			cx := runOf()
			f := diag.New(diag.NonexampleAdmitted, ex.Name.Span, "nonexample %s is possible: it happens %s", ex.Name.Name, runText(cx))
			if !c.info.StateMachine {
				f.Message = "nonexample " + ex.Name.Name + " is possible: a model of the spec meets its givens"
			}
			f.Counterexample = cx
			c.add(f)
		}
	}
}

// argsOutOfType reports a step that cannot happen because an argument is no value of
// its parameter's type (an action is enabled only with arguments of their types).
func (c *checker) argsOutOfType(w *world, ex *ast.ExampleDecl, stp *ast.DoStep, a *action, args map[*sema.Symbol]logic.Value, prefix, argLits []logic.Lit) bool {
	if len(argLits) == 0 || c.solve(w.b, append(append([]logic.Lit(nil), prefix...), argLits...)...).Status != logic.Unsat {
		return false
	}
	// Which argument: each alone against the run so far.
	n := 0
	for i, p := range a.sym.Params {
		if i >= len(stp.Args) {
			break
		}
		if _, wild := stp.Args[i].(*ast.Wildcard); wild {
			continue
		}
		l := argLits[n]
		n++
		if c.solve(w.b, append(append([]logic.Lit(nil), prefix...), l)...).Status == logic.Unsat {
			f := diag.New(diag.ExampleFailed, stp.Span, "example %s: step %s cannot happen: its argument %s for %s is not a value of %s's type %s",
				ex.Name.Name, c.quote(stp.Span), c.quote(stp.Args[i].Bounds()), p.Name, p.Name, p.Type)
			c.add(f)
			return true
		}
	}
	f := diag.New(diag.ExampleFailed, stp.Span, "example %s: step %s cannot happen: its arguments are not values of its parameters' types", ex.Name.Name, c.quote(stp.Span))
	c.add(f)
	return true
}

// runText says where a run ends, "in the initial state" or "after 2 steps"; the run
// itself is the finding's counterexample.
func runText(cx *diag.Counterexample) string {
	switch len(cx.Steps) {
	case 0:
		return "in the initial state"
	case 1:
		return "after 1 step"
	}
	return "after " + strconv.Itoa(len(cx.Steps)) + " steps"
}

// reportBlockedStep says which step of an example cannot happen, and which of its
// clauses stop it.
func (c *checker) reportBlockedStep(w *world, ex *ast.ExampleDecl, stp *ast.DoStep, a *action, prefix []logic.Lit, clauses []*clause) {
	for _, l := range prefix {
		w.b.Assert(l)
	}
	all := lits(clauses, nil)
	core := c.shrink(question{what: "which clauses stop this step", b: w.b, assume: all})
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
