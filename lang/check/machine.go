package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
)

// machine runs the checks that need states and steps.
func (c *checker) machine() {
	acts := c.actions()
	if c.reachWhy != "" { // LANGUAGE.md, "No cascades": see depends.go
		c.machineWithGaps(acts)
		return
	}
	// Components that share no variable are checked apart: a state of one is
	// reachable in k steps whatever the others do (they may stand still), so each
	// question is answered exactly on a much smaller unrolling.
	comps := c.components(acts)
	compOf := map[*action]*component{}
	for _, comp := range comps {
		for _, a := range comp.acts {
			compOf[a] = comp
		}
	}
	noInitial := c.checkInitial()
	if noInitial == "" && c.stop != nil {
		// The examples first: their verdicts need no reachability.
		if c.examples(acts); c.stopped {
			c.propsUnknown(notAsked)
			return
		}
	}
	dead := c.checkActionClauses(acts, compOf)
	if noInitial != "" {
		c.propsUnknown(noInitial)
		// True by the types alone does not depend on reachability.
		for _, d := range c.file.Decls {
			if cd, ok := d.(*ast.ClauseDecl); ok && cd.Kind != ast.Fact && cd.Body != nil && !c.left(cd) && c.tautologyOf(cd, cd.Body, nil) {
				c.typesAlone(cd, cd.Span)
			}
		}
		return
	}
	c.traces, c.comps = map[*component]*trace{}, comps
	traces := make([]*trace, len(comps))
	stepping := map[*component]bool{} // some action of it can step from a reachable state
	for i, comp := range comps {
		traces[i] = c.newTrace(comp)
		c.traces[comp] = traces[i]
		c.settleDepth(traces[i])
		var live []*action
		for _, a := range comp.acts {
			if !dead[a] {
				live = append(live, a)
			}
		}
		// Whether an action is ever enabled decides no verdict, except that of
		// another component's properties through its idle steps (Options.Verdicts).
		if c.verdicts && len(comps) == 1 {
			continue
		}
		if c.reachableActions(traces[i], live) {
			stepping[comp] = true
		}
	}
	for i, comp := range comps {
		for _, o := range comps {
			comp.idle = comp.idle || (o != comp && stepping[o])
		}
		c.machineProperties(traces[i], comp)
	}
	c.examples(acts)
}

// checkInitial: the facts and the initially clauses must admit a state.
func (c *checker) checkInitial() string {
	w := c.newWorld()
	s := w.newState()
	facts, inits := w.facts(s), w.initially(s)
	cls := append(append([]*clause(nil), facts...), inits...)
	if len(cls) == 0 {
		return ""
	}
	all := lits(cls, nil)
	r := c.solve(w.b, all...)
	switch r.Status {
	case logic.Sat:
		// One initial state of the whole spec, canonical: where a run of one
		// component shows the others standing still.
		if r := c.solveCanonical(w.b, stateValues(w.enc, s), all...); r.Status == logic.Sat {
			c.initialState = w.enc.Decode(s)
		}
		// Each initially in its context: the facts and the other initially clauses.
		for _, in := range inits {
			ctx := append(lits(facts, nil), lits(inits, in)...)
			vac := false
			if c.tautology(w.b, in.lit, in.span()) {
				c.typesAlone(in.node, in.span())
				vac = true
			}
			c.reachSites(w.b, in, ctx, vac, w.stateOf(s))
		}
		return ""
	case logic.Unknown:
		c.unknown(cls[0].span(), "whether any state is initial", r)
		return "it could not be decided whether any state is initial: " + unknownReason(r)
	}
	c.reportCore(w.b, cls, all, "no state is initial")
	return "no state is initial, so nothing is reachable"
}

// idleStep finds a step that an action of another component than comp takes from
// an initial state: its label and the values it gives that component's variables.
// It is how a run shows a step that leaves comp's variables as they are.
func (c *checker) idleStep(comp *component) (string, diag.State) {
	for _, o := range c.comps { // in order: the same text, the same run
		t := c.traces[o]
		if o == comp || t == nil {
			continue
		}
		t.extend(1)
		for _, st := range t.steps[0] {
			if r := c.solve(t.b, st.taken); r.Status == logic.Sat {
				return stepLabel(t.b, st), t.enc.Decode(st.post)
			}
		}
	}
	return "(a step of another part of the spec)", nil
}

// overlay replaces, in a state, the values that after gives.
func (c *checker) overlay(s diag.State, after diag.State) diag.State {
	out := append(diag.State(nil), s...)
	for _, b := range after {
		for i := range out {
			if out[i].Name == b.Name {
				out[i].Value = b.Value
			}
		}
	}
	return out
}
