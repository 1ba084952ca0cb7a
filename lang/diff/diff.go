// Package diff compares two Specl specs of one thing over their shared vocabulary:
// their models (static specs), or their initial states, each action's steps and their
// runs (state machines), in one solver over one set of shared values, through
// lang/encode. Each difference is a model, step or run one spec admits and the other
// rejects, with the clauses of the rejecting spec that rule it out. It imports the
// front end (lang/parser, lang/sema), lang/encode, lang/logic and lang/diag; the CLI
// imports it.
package diff

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/steps"
)

// Options say how to compare.
type Options struct {
	Rename  map[string]string // A's var and action names to B's
	Implies bool              // only: is every behaviour of A one of B?
	Depth   int               // bound on the runs searched; 0: the larger of the specs' `option depth` (default 10)
	// Budget bounds each question, as `specls check` does (Units 0: the larger of
	// the specs' `option budget`, else the default). A question it cuts off is in
	// Result.Unknown, with the reason.
	Budget steps.Budget
}

// Clause is a clause held responsible for rejecting a behaviour.
type Clause struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`   // 1-based
	Column int    `json:"column"` // 1-based, in code points
	What   string `json:"what"`   // "fact Positive", "ensures of Deposit (step 2)", …
}

// At is the clause's place as path:line:col.
func (c Clause) At() string { return fmt.Sprintf("%s:%d:%d", c.Path, c.Line, c.Column) }

// Difference is one behaviour that one spec admits and the other rejects.
type Difference struct {
	// Kind: "model" (static specs), "initial", "step" (a step from a valid state that
	// no run of at most Depth steps was found to reach), "run", "action" (declared in
	// one spec only).
	Kind       string               `json:"kind"`
	Action     string               `json:"action,omitempty"`
	AdmittedBy string               `json:"admittedBy"`
	RejectedBy string               `json:"rejectedBy"`
	Message    string               `json:"message"`
	Example    *diag.Counterexample `json:"example,omitempty"`
	Clauses    []Clause             `json:"clauses,omitempty"`
}

// Result is the outcome of a comparison.
type Result struct {
	// Verdict: "equivalent" (proved: same initial states and the same steps from every
	// valid state, or the same models), "equivalent-to-depth" (no difference in runs of
	// at most Depth steps; not proved beyond), "refines" / "refines-to-depth" (the same
	// for --implies), "different", or "unknown" (no difference found, but a question
	// went unanswered: Unknown says which and why). "different" may come with Unknown
	// too: the differences shown are real, others may be missing.
	Verdict     string       `json:"verdict"`
	Depth       int          `json:"depth,omitempty"`
	Differences []Difference `json:"differences"`
	Unknown     []string     `json:"unknown,omitempty"`
	Shared      []string     `json:"shared"`
	OnlyA       []string     `json:"onlyA,omitempty"` // vars of A alone (existential)
	OnlyB       []string     `json:"onlyB,omitempty"`
}

// Compare compares a with b. The error is a vocabulary mismatch (a shared name of
// different types) or a type without a finite encoding.
func Compare(ctx context.Context, a, b *Spec, opts Options) (*Result, error) {
	v, err := match(a, b, opts.Rename)
	if err != nil {
		return nil, err
	}
	opts.Budget = opts.Budget.UnitsOr(max(a.Info.Options.Budget, b.Info.Options.Budget))
	if opts.Depth <= 0 {
		opts.Depth = max(a.Info.Options.BoundedDepth(), b.Info.Options.BoundedDepth())
	}
	d := &differ{ctx: ctx, spec: [2]*Spec{a, b}, v: v, opts: opts}
	for _, p := range v.shared {
		d.names = append(d.names, p.sym[0].Name)
	}
	for _, a := range v.acts {
		d.actNames = append(d.actNames, a.name)
	}
	return d.run()
}

type differ struct {
	ctx      context.Context
	spec     [2]*Spec
	v        *vocab
	opts     Options
	names    []string // shared vars, A's names
	actNames []string
	res      Result
}

func (d *differ) machine() bool {
	return d.spec[0].Info.StateMachine || d.spec[1].Info.StateMachine
}

func (d *differ) run() (*Result, error) {
	r := &d.res
	r.Differences = []Difference{}
	r.Shared = d.names
	for _, s := range d.v.private[0] {
		r.OnlyA = append(r.OnlyA, s.Name)
	}
	for _, s := range d.v.private[1] {
		r.OnlyB = append(r.OnlyB, s.Name)
	}
	dirs := []int{0, 1}
	if d.opts.Implies {
		dirs = []int{0}
	}
	for _, i := range dirs {
		for _, name := range d.v.only[i] {
			r.Differences = append(r.Differences, Difference{Kind: "action", Action: name,
				AdmittedBy: d.spec[i].Path, RejectedBy: d.spec[1-i].Path,
				Message: fmt.Sprintf("action %s is declared in %s only: its steps are not compared", name, d.spec[i].Path)})
		}
	}
	bounded := len(d.v.private[0])+len(d.v.private[1]) > 0 && d.machine() && len(d.v.acts) > 0
	for _, i := range dirs {
		before := len(r.Differences)
		kind := "initial"
		if !d.machine() {
			kind = "model"
		}
		w, err := d.find(i, 0, true, -1)
		if err != nil {
			return nil, err
		}
		if w != nil {
			d.report(kind, i, -1, w, "")
		}
		if !d.machine() {
			continue
		}
		for ai := range d.v.acts {
			w, err := d.find(i, 1, false, ai)
			if err != nil {
				return nil, err
			}
			if w == nil {
				continue
			}
			var run *witness
			for k := 1; k <= d.opts.Depth && run == nil; k++ {
				if run, err = d.find(i, k, true, ai); err != nil {
					return nil, err
				}
			}
			if run != nil {
				d.report("run", i, ai, run, "")
			} else {
				d.report("step", i, ai, w, fmt.Sprintf(" (from a valid state that no run of at most %d steps was found to reach)", d.opts.Depth))
				bounded = true
			}
		}
		// With variables of one spec alone, equal steps over the shared variables do
		// not make equal runs: search the runs themselves.
		if bounded && len(r.Differences) == before {
			for k := 1; k <= d.opts.Depth; k++ {
				w, err := d.find(i, k, true, -1)
				if err != nil {
					return nil, err
				}
				if w != nil {
					d.report("run", i, -1, w, "")
					break
				}
			}
		}
	}
	switch {
	case len(r.Differences) > 0:
		r.Verdict = "different"
	case len(r.Unknown) > 0:
		r.Verdict = "unknown"
	default:
		r.Verdict = "equivalent"
		if d.opts.Implies {
			r.Verdict = "refines"
		}
		if bounded {
			r.Verdict += "-to-depth"
			r.Depth = d.opts.Depth
		}
	}
	return r, nil
}

// report records a difference found in direction i (spec i admits, spec 1-i rejects).
func (d *differ) report(kind string, i, act int, w *witness, tail string) {
	adm, rej := d.spec[i], d.spec[1-i]
	df := Difference{Kind: kind, AdmittedBy: adm.Path, RejectedBy: rej.Path, Example: w.cx}
	if act >= 0 {
		df.Action = d.actNames[act]
	}
	var what string
	switch kind {
	case "model":
		what = "a model"
	case "initial":
		what = "an initial state"
	case "step":
		what = "a step of " + df.Action + tail
	case "run":
		what = "a run"
		if n := len(w.cx.Steps); n > 0 {
			what = fmt.Sprintf("a run of %d step%s", n, plural(n))
		}
	}
	df.Message = fmt.Sprintf("%s admits %s that %s rejects", adm.Path, what, rej.Path)
	for _, c := range w.core {
		p := rej.lines.Position(c.Span.Start, source.CodePoints)
		df.Clauses = append(df.Clauses, Clause{Path: rej.Path, Line: p.Line + 1, Column: p.Column + 1, What: c.What})
	}
	d.res.Differences = append(d.res.Differences, df)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// joint is the shared part of a behaviour of k steps: each state's shared variables,
// each step's action (an enum over the matched actions) and arguments (per action).
type joint struct {
	states [][]logic.Value
	sel    []logic.Value
	args   [][][]logic.Value
}

func (d *differ) selShape() *logic.Shape { return logic.EnumShape(d.actNames...) }

func (d *differ) freshJoint(b *logic.Builder, k int) (joint, error) {
	var j joint
	for i := 0; i <= k; i++ {
		var st []logic.Value
		for _, p := range d.v.shared {
			st = append(st, b.FreshValue(p.shape))
		}
		j.states = append(j.states, st)
	}
	for i := 0; i < k; i++ {
		j.sel = append(j.sel, b.FreshValue(d.selShape()))
		var per [][]logic.Value
		for _, a := range d.v.acts {
			var ps []logic.Value
			for _, p := range a.sym[0].Params {
				s, err := shapeOf(d.spec[0].Info, p.Type)
				if err != nil {
					return j, err
				}
				ps = append(ps, b.FreshValue(s))
			}
			per = append(per, ps)
		}
		j.args = append(j.args, per)
	}
	return j, nil
}

// values lists a joint's values in the order that makes models canonical: states
// first, then each step's action and the arguments.
func (j joint) values() []logic.Value {
	var out []logic.Value
	for _, s := range j.states {
		out = append(out, s...)
	}
	for i := range j.sel {
		out = append(out, j.sel[i])
		for _, a := range j.args[i] {
			out = append(out, a...)
		}
	}
	return out
}

// freshPriv makes values for side's own variables in n states.
func (d *differ) freshPriv(b *logic.Builder, side, n int) ([][]logic.Value, error) {
	out := make([][]logic.Value, n)
	for i := range out {
		for _, s := range d.v.private[side] {
			sh, err := shapeOf(d.spec[side].Info, s.Type)
			if err != nil {
				return nil, err
			}
			out[i] = append(out[i], b.FreshValue(sh))
		}
	}
	return out, nil
}

// clauses encodes what side says about the first n steps of j: its facts in
// each state, its initially clauses in the first (when init), and each step by the
// action j selects (requires, ensures, frame rule). priv holds the side's own
// variables per state.
func (d *differ) clauses(b *logic.Builder, enc *encode.Encoder, side int, j joint, priv [][]logic.Value, n int, init bool) ([]steps.Clause, error) {
	sp := d.spec[side]
	states := make([]encode.State, n+1)
	for i := range states {
		s := encode.State{}
		for x, p := range d.v.shared {
			s[p.sym[side]] = j.states[i][x]
		}
		for x, v := range d.v.private[side] {
			s[v] = priv[i][x]
		}
		states[i] = s
	}
	var out []steps.Clause
	add := func(cs []steps.Clause, gate logic.Lit, tail string) {
		for _, c := range cs {
			out = append(out, steps.Clause{Lit: b.Implies(gate, c.Lit), Span: c.Span, What: c.What + tail})
		}
	}
	for i, s := range states {
		tail := ""
		if n > 0 && d.machine() {
			tail = fmt.Sprintf(" (state %d)", i)
		}
		cs, err := steps.Facts(enc, sp.File, s)
		if err != nil {
			return nil, err
		}
		add(cs, logic.True, tail)
		if init && i == 0 {
			cs, err := steps.Initially(enc, sp.File, s)
			if err != nil {
				return nil, err
			}
			add(cs, logic.True, tail)
		}
	}
	for i := 0; i < n; i++ {
		for ai, a := range d.v.acts {
			sym := a.sym[side]
			args := map[*sema.Symbol]logic.Value{}
			for p, ps := range sym.Params {
				args[ps] = j.args[i][ai][p]
			}
			cs, err := steps.Step(enc, sym, states[i], states[i+1], args)
			if err != nil {
				return nil, err
			}
			add(cs, b.Is(j.sel[i], diag.Enum(a.name)), fmt.Sprintf(" (step %d)", i+1))
		}
	}
	return out, nil
}

// witness is a behaviour one side admits and the other rejects: as a counterexample
// (shared variables under A's names, then the admitting spec's own), and the clauses
// of the rejecting side that rule it out (a minimal set when the solver finished).
type witness struct {
	cx   *diag.Counterexample
	core []steps.Clause
}

// maxRounds bounds the refinement loop that handles variables of the rejecting spec
// alone (each round rules out one assignment of them).
const maxRounds = 500

// find looks for a behaviour of k steps that spec i admits and spec 1-i rejects: from
// an initial state (init) or any valid state, its last step by action last (or any,
// -1). The rejecting spec accepts the behaviour's first k-1 steps, so the difference
// lies in the last. Over the rejecting spec's own variables the question is "for
// every value": it is answered by refinement (CEGAR), each round ruling out one
// assignment the rejecting spec could use. Nil: no such behaviour; a question that
// did not finish is recorded in the result's Unknown.
func (d *differ) find(i, k int, init bool, last int) (*witness, error) {
	w, err := d.find1(i, k, init, last)
	var ee *encode.Error
	if errors.As(err, &ee) {
		// A clause that does not encode within the budget (or a limit of the
		// encoder) leaves this question unanswered, not the comparison impossible.
		why := ee.Msg
		if ee.Cancelled {
			why = logic.Cancelled.Explain(0)
		}
		d.unknown(d.describe(i, k, init, last), why)
		return nil, nil
	}
	return w, err
}

// unknown records a question that went unanswered, and why.
func (d *differ) unknown(question, why string) {
	d.res.Unknown = append(d.res.Unknown, question+": "+why)
}

func (d *differ) find1(i, k int, init bool, last int) (*witness, error) {
	rej := 1 - i
	b := d.opts.Budget.Builder(d.ctx)
	enc := [2]*encode.Encoder{d.opts.Budget.Encoder(b, d.spec[0].Info), d.opts.Budget.Encoder(b, d.spec[1].Info)}
	j, err := d.freshJoint(b, k)
	if err != nil {
		return nil, err
	}
	if last >= 0 {
		b.Assert(b.Is(j.sel[k-1], diag.Enum(d.actNames[last])))
	}
	pa, err := d.freshPriv(b, i, k+1)
	if err != nil {
		return nil, err
	}
	ca, err := d.clauses(b, enc[i], i, j, pa, k, init)
	if err != nil {
		return nil, err
	}
	b.Assert(b.Ands(steps.Lits(ca)...))
	// The rejecting spec accepts every step before the last (and, for a step, its
	// first state): the difference is in the last step.
	if k > 0 {
		pp, err := d.freshPriv(b, rej, k+1)
		if err != nil {
			return nil, err
		}
		cp, err := d.clauses(b, enc[rej], rej, j, pp, k-1, init)
		if err != nil {
			return nil, err
		}
		b.Assert(b.Ands(steps.Lits(cp)...))
	}
	var pending [][][]logic.Value
	if len(d.v.private[rej]) == 0 {
		pending = append(pending, make([][]logic.Value, k+1))
	}
	question := d.describe(i, k, init, last)
	for round := 0; ; round++ {
		if round == maxRounds {
			d.unknown(question, "more than "+fmt.Sprint(maxRounds)+" refinement rounds over "+d.spec[rej].Path+"'s own variables")
			return nil, nil
		}
		for _, p := range pending {
			cr, err := d.clauses(b, enc[rej], rej, j, p, k, init)
			if err != nil {
				return nil, err
			}
			b.Assert(b.Ands(steps.Lits(cr)...).Not())
		}
		pending = nil
		vals := j.values()
		var prefer []logic.Lit
		for _, v := range vals {
			prefer = append(prefer, logic.Preferred(v)...)
		}
		if len(prefer) > maxPreferred {
			prefer = prefer[:maxPreferred]
		}
		// Ask without preferences first: gini v1.0.4, once its clauses are unsat on
		// their own, can answer a later query under assumptions with a model that
		// breaks a clause (and exits the process); an unsat answer here ends the
		// question before any such query.
		r := d.opts.Budget.Solve(d.ctx, b, nil)
		if r.Status == logic.Sat {
			r = d.opts.Budget.Prefer(d.ctx, b, nil, prefer)
		}
		switch r.Status {
		case logic.Unsat:
			return nil, nil
		case logic.Unknown:
			d.unknown(question, d.opts.Budget.Why(r))
			return nil, nil
		}
		model := make([]diag.Value, len(vals))
		for x, v := range vals {
			model[x] = b.Decode(v)
		}
		cx := d.counterexample(b, i, j, pa)
		// Ask the rejecting spec about exactly these shared values, its own free.
		t, err := d.freshJoint(b, k)
		if err != nil {
			return nil, err
		}
		var fix []logic.Lit
		for x, v := range t.values() {
			fix = append(fix, b.Is(v, model[x]))
		}
		fixed := b.Ands(fix...)
		pr, err := d.freshPriv(b, rej, k+1)
		if err != nil {
			return nil, err
		}
		cr, err := d.clauses(b, enc[rej], rej, t, pr, k, init)
		if err != nil {
			return nil, err
		}
		core := d.opts.Budget.Shrink(d.ctx, b, append([]logic.Lit{fixed}, steps.Lits(cr)...))
		switch core.Result.Status {
		case logic.Unsat:
			w := &witness{cx: cx}
			for _, c := range cr {
				if slices.Contains(core.Lits, c.Lit) {
					w.core = append(w.core, c)
				}
			}
			return w, nil
		case logic.Unknown:
			d.unknown(question, d.opts.Budget.Why(core.Result))
			return nil, nil
		}
		// The rejecting spec admits it. Rule out the rejecting spec's own values that
		// admit it, which rules out at once every behaviour they admit; and this
		// behaviour itself (its states, and each step's action with that action's
		// arguments), which makes the loop end. The former is an over-approximation
		// when the rejecting spec has choices of its own inside clauses (a cases
		// without a matching arm is some value, chosen afresh in each encoding): every
		// behaviour left is still checked exactly above.
		if len(d.v.private[rej]) > 0 {
			p := make([][]logic.Value, k+1)
			for x := range pr {
				for y, v := range pr[x] {
					sh, _ := shapeOf(d.spec[rej].Info, d.v.private[rej][y].Type)
					p[x] = append(p[x], logic.ConstValue(sh, b.Decode(v)))
				}
			}
			pending = append(pending, p)
		}
		var same []logic.Lit
		for x, st := range j.states {
			for y, v := range st {
				same = append(same, b.Is(v, b.Decode(t.states[x][y])))
			}
		}
		for x := range j.sel {
			sel := b.Decode(t.sel[x])
			same = append(same, b.Is(j.sel[x], sel))
			ai := slices.Index(d.actNames, sel.Name)
			for y, v := range j.args[x][ai] {
				same = append(same, b.Is(v, b.Decode(t.args[x][ai][y])))
			}
		}
		b.Assert(b.Ands(same...).Not())
	}
}

// maxPreferred bounds the literals made canonical per example (each may cost a
// question); the rest of the model is still deterministic.
const maxPreferred = 64

func (d *differ) describe(i, k int, init bool, last int) string {
	var what string
	switch {
	case k == 0 && !d.machine():
		what = "models"
	case k == 0:
		what = "initial states"
	case !init:
		what = "steps of " + d.actNames[last]
	default:
		what = fmt.Sprintf("runs of %d steps", k)
		if last >= 0 {
			what += " ending in " + d.actNames[last]
		}
	}
	return fmt.Sprintf("%s of %s not in %s", what, d.spec[i].Path, d.spec[1-i].Path)
}

// counterexample decodes the behaviour in the last model: shared variables under A's
// names, then the admitting spec's own variables; stutter-free steps with arguments.
func (d *differ) counterexample(b *logic.Builder, side int, j joint, priv [][]logic.Value) *diag.Counterexample {
	cx := &diag.Counterexample{}
	for x, st := range j.states {
		var s diag.State
		for y, v := range st {
			s = append(s, diag.Binding{Name: d.names[y], Value: b.Decode(v)})
		}
		for y, v := range priv[x] {
			s = append(s, diag.Binding{Name: d.v.private[side][y].Name, Value: b.Decode(v)})
		}
		cx.States = append(cx.States, s)
	}
	for x, sel := range j.sel {
		name := b.Decode(sel).Name
		ai := slices.Index(d.actNames, name)
		params := d.v.acts[ai].sym[0].Params
		if len(params) == 0 {
			cx.Steps = append(cx.Steps, name)
			continue
		}
		var parts []string
		for p, ps := range params {
			parts = append(parts, ps.Name+": "+b.Decode(j.args[x][ai][p]).String())
		}
		cx.Steps = append(cx.Steps, name+"("+strings.Join(parts, ", ")+")")
	}
	return cx
}
