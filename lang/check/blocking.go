package check

import (
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
)

// blockingClauses says why a blocked step cannot be taken: from the blocking state
// pre, with the arguments args (both decoded from the counterexample), a smallest set
// of the action's ensures, the facts on the next state and the frame rule that no next
// state satisfies together (the types always hold). They are related locations, so
// the finding points at the clause to fix rather than at the step before. It returns
// nil when the question does not finish (the finding stands without them).
//
// It also returns the names of the variables those clauses read, which the run shows.
func (c *checker) blockingClauses(scope *component, a *action, pre diag.State, args []diag.Binding) ([]diag.Related, []string) {
	w := c.newWorldIn(scope)
	s0, s1 := w.newState(), w.newState()
	st := w.step(a, s0, s1, nil)
	if !st.ok {
		return nil, nil
	}
	byName := map[string]diag.Value{}
	for _, b := range pre {
		byName[b.Name] = b.Value
	}
	for _, v := range w.vars() {
		x, ok := byName[v.Name]
		if !ok {
			return nil, nil
		}
		w.b.Assert(w.b.Equal(s0[v], logic.ConstValue(s0[v].Shape, x)))
	}
	argByName := map[string]diag.Value{}
	for _, b := range args {
		argByName[b.Name] = b.Value
	}
	for _, p := range a.sym.Params {
		x, ok := argByName[p.Name]
		if !ok {
			return nil, nil
		}
		w.b.Assert(w.b.Equal(st.args[p], logic.ConstValue(st.args[p].Shape, x)))
	}
	cls := append(append([]*clause(nil), st.ensures...), st.postFacts...)
	all := append(lits(cls, nil), st.frame)
	core := c.shrink(question{what: "why " + a.sym.Name + " is blocked", b: w.b, assume: all})
	if core.Result.Status != logic.Unsat {
		return nil, nil
	}
	in := map[logic.Lit]bool{}
	for _, l := range core.Lits {
		in[l] = true
	}
	var out []diag.Related
	var reads []string
	for i, cl := range cls {
		if !in[cl.lit] {
			continue
		}
		reads = append(reads, c.reads(cl.node)...)
		msg := "no next state satisfies " + c.clauseName(cl.node)
		if i >= len(st.ensures) {
			msg += " (on the state after the step)"
		}
		if len(core.Lits) > 1 {
			msg = c.clauseName(cl.node) + " is part of what no next state satisfies"
			if i >= len(st.ensures) {
				msg += " (on the state after the step)"
			}
		}
		out = append(out, diag.Related{Span: cl.span(), Message: msg})
		delete(in, cl.lit)
	}
	if in[st.frame] {
		out = append(out, diag.Related{Span: a.decl.Name.Span, Message: "with the variables " + a.sym.Name + " does not prime kept as they are (the frame rule)"})
	}
	return out, reads
}
