package synth

import (
	"fmt"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/steps"
)

// runSite is a do step of an example: its action, the state it starts from and its
// arguments.
type runSite struct {
	act *sema.Symbol
	pre int
	site
}

// expectAt is an expect: the literal, and how much of the run stands before it.
type expectAt struct {
	prefix, sites, states int
	lit                   logic.Lit
}

// run is an example's or nonexample's run encoded in the synthesiser's solver: prefix
// holds every clause of the spec along it (facts, initially, givens, the steps), as
// assumptions; sites and states are where a candidate is added.
type run struct {
	ex      *ast.ExampleDecl
	prefix  []logic.Lit
	states  []encode.State
	sites   []runSite
	expects []expectAt
	holes   []hole    // the calls of Options.Pred (see pred.go)
	model   *runModel // one run the spec admits, as constants (nil when none)
	unique  bool      // an example whose run model is the only one
}

// runModel is a run's states and sites with constant values, read from a model.
type runModel struct {
	states []encode.State
	sites  []runSite
}

func (s *synth) encodeRun(ex *ast.ExampleDecl) (r *run, err error) {
	defer catch(&err)
	b, enc := s.b, s.enc
	r = &run{ex: ex}
	s0 := enc.NewState()
	r.states = []encode.State{s0}
	add := func(cs []steps.Clause, err error) {
		if err != nil {
			panic(failure{err})
		}
		r.prefix = append(r.prefix, steps.Lits(cs)...)
	}
	add(steps.Facts(enc, s.file, s0))
	if s.info.StateMachine {
		add(steps.Initially(enc, s.file, s0))
	}
	for _, st := range ex.Steps {
		if g, ok := st.(*ast.GivenStep); ok && g.Cond != nil {
			r.prefix = append(r.prefix, must(enc.Formula(&encode.Frame{Pre: s0, Path: logic.True}, g.Cond)))
		}
	}
	cur := s0
	for _, st := range ex.Steps {
		switch st := st.(type) {
		case *ast.DoStep:
			act := s.info.Uses[st.Action]
			if act == nil || act.Kind != sema.KindAction {
				return nil, fmt.Errorf("a step's action did not resolve")
			}
			args := map[*sema.Symbol]logic.Value{}
			for i, p := range act.Params {
				args[p] = must(enc.FreshLocal(p))
				if i < len(st.Args) {
					if _, wild := st.Args[i].(*ast.Wildcard); !wild {
						v := must(enc.Value(&encode.Frame{Pre: cur, Path: logic.True}, st.Args[i]))
						r.prefix = append(r.prefix, must(enc.Equal(args[p], v)))
					}
				}
			}
			next := enc.NewState()
			r.sites = append(r.sites, runSite{act: act, pre: len(r.states) - 1, site: site{state: cur, args: args}})
			add(steps.Step(enc, act, cur, next, args))
			add(steps.Facts(enc, s.file, next))
			r.states = append(r.states, next)
			cur = next
		case *ast.ExpectStep:
			if st.Cond == nil {
				continue
			}
			lit := must(enc.Formula(&encode.Frame{Pre: cur, Path: logic.True}, st.Cond))
			r.expects = append(r.expects, expectAt{prefix: len(r.prefix), sites: len(r.sites), states: len(r.states), lit: lit})
		}
	}
	_ = b
	return r, nil
}

// sitesIn reads the run of the last model as constants.
func (s *synth) sitesIn(r *run) *runModel {
	m := &runModel{}
	for _, st := range r.states {
		m.states = append(m.states, s.constState(st))
	}
	for _, st := range r.sites {
		args := map[*sema.Symbol]logic.Value{}
		for p, v := range st.args {
			args[p] = logic.ConstValue(v.Shape, s.b.Decode(v))
		}
		m.sites = append(m.sites, runSite{act: st.act, pre: st.pre, site: site{state: m.states[st.pre], args: args}})
	}
	return m
}

func (s *synth) constState(st encode.State) encode.State {
	out := encode.State{}
	for v, x := range st {
		out[v] = logic.ConstValue(x.Shape, s.b.Decode(x))
	}
	return out
}

// sitesOf lists where a candidate of target t is evaluated in a run model.
func (s *synth) sitesOf(r *run, t *target, m *runModel) []site {
	if m == nil {
		return nil
	}
	var out []site
	if t.act == nil {
		for _, st := range m.states {
			out = append(out, site{state: st})
		}
		return out
	}
	for _, st := range m.sites {
		if st.act == t.act {
			out = append(out, st.site)
		}
	}
	return out
}

// distinguish asks for a behaviour that one of two candidates admits and the other
// rejects, within the spec: a model of the facts (static), or the shortest run, from an
// initial state, whose last step (a requires) or last state (a fact) is where they
// disagree, both holding before it. It returns the behaviour as an example block, and
// whether the best admits it; ok false when they agree on every behaviour searched.
func (s *synth) distinguish(best, alt *fit) (string, bool, bool) {
	depth := s.info.Options.BoundedDepth()
	if !s.info.StateMachine {
		depth = 0
	}
	for k := 0; k <= depth; k++ {
		if ex, bestAdmits, ok := s.distinguishAt(best, alt, k); ok {
			return ex, bestAdmits, true
		}
	}
	return "", false, false
}

func (s *synth) distinguishAt(best, alt *fit, k int) (string, bool, bool) {
	b := s.opts.Budget.Builder(s.ctx)
	enc := s.opts.Budget.Encoder(b, s.info)
	var acts []*sema.Symbol
	for _, sym := range s.info.Symbols {
		if sym.Kind == sema.KindAction && !s.info.Broken(sym.Decl) {
			acts = append(acts, sym)
		}
	}
	var names []string
	for _, a := range acts {
		names = append(names, a.Name)
	}
	var err error
	var all []logic.Lit
	states := []encode.State{enc.NewState()}
	var sels []logic.Value
	var argsAt []map[*sema.Symbol]logic.Value
	var prefer []logic.Lit
	func() {
		defer catch(&err)
		clauses := func(cs []steps.Clause, err error) []logic.Lit {
			if err != nil {
				panic(failure{err})
			}
			return steps.Lits(cs)
		}
		all = append(all, clauses(steps.Facts(enc, s.file, states[0]))...)
		if s.info.StateMachine {
			all = append(all, clauses(steps.Initially(enc, s.file, states[0]))...)
		}
		both := func(st site) logic.Lit { return b.And(best.c.eval(b, st), alt.c.eval(b, st)) }
		differ := func(st site) logic.Lit { return b.Xor(best.c.eval(b, st), alt.c.eval(b, st)) }
		step := func(i int, only *sema.Symbol) (logic.Lit, logic.Lit) {
			pre, post := states[i], enc.NewState()
			states = append(states, post)
			sel := b.FreshValue(logic.EnumShape(names...))
			sels = append(sels, sel)
			args := map[*sema.Symbol]logic.Value{}
			argsAt = append(argsAt, args)
			var options []logic.Lit
			agree, disagree := logic.False, logic.False
			for _, a := range acts {
				g := b.Is(sel, diag.Enum(a.Name))
				for _, p := range a.Params {
					args[p] = must(enc.FreshLocal(p))
				}
				taken := b.Ands(clauses(steps.Step(enc, a, pre, post, args))...)
				taken = b.And(taken, b.Ands(clauses(steps.Facts(enc, s.file, post))...))
				if only != nil && a != only {
					continue
				}
				options = append(options, b.And(g, taken))
				if best.t.act == a {
					agree = b.Or(agree, b.And(g, both(site{pre, args})))
					disagree = b.Or(disagree, b.And(g, differ(site{pre, args})))
				}
			}
			all = append(all, b.Ors(options...))
			return agree, disagree
		}
		if best.t.act == nil {
			for i := 0; i < k; i++ {
				all = append(all, both(site{state: states[i]}))
				step(i, nil)
			}
			all = append(all, differ(site{state: states[k]}))
			return
		}
		for i := 0; i < k; i++ {
			agree, _ := step(i, nil)
			// A requires candidate holds at every earlier step of its action.
			all = append(all, b.Or(agree, b.Is(sels[i], diag.Enum(best.t.act.Name)).Not()))
		}
		_, disagree := step(k, best.t.act)
		all = append(all, disagree)
	}()
	if err != nil {
		// Not a difference between the two: a question that could not be asked.
		s.undecidedBecause(err)
		return "", false, false
	}
	for _, st := range states {
		for _, v := range s.vars {
			prefer = append(prefer, logic.Preferred(st[v])...)
		}
	}
	if len(prefer) > 64 {
		prefer = prefer[:64]
	}
	for _, l := range all {
		b.Assert(l)
	}
	if r := s.opts.Budget.Solve(s.ctx, b, nil); r.Status != logic.Sat {
		if r.Status == logic.Unknown {
			s.unanswered(r)
		}
		return "", false, false
	}
	if r := s.opts.Budget.Prefer(s.ctx, b, nil, prefer); r.Status != logic.Sat {
		s.unanswered(r)
		return "", false, false
	}
	last := site{state: states[len(states)-1]}
	if best.t.act != nil {
		last = site{state: states[len(states)-2], args: argsAt[len(argsAt)-1]}
	}
	bestAdmits := b.Value(best.c.eval(b, last))
	return s.exampleBlock(b, acts, states, sels, argsAt, false), bestAdmits, true
}

// exampleBlock writes the run of the last model as an example block: the initial
// state as givens (all of it: the run starts exactly there) unless it is the only
// initial state and givens are not forced, then the steps.
func (s *synth) exampleBlock(b *logic.Builder, acts []*sema.Symbol, states []encode.State, sels []logic.Value, argsAt []map[*sema.Symbol]logic.Value, forceGivens bool) string {
	var lines []string
	first := map[*sema.Symbol]diag.Value{}
	for _, v := range s.vars {
		first[v] = b.Decode(states[0][v])
	}
	if forceGivens || !s.info.StateMachine || !s.onlyInitial(first) {
		for _, v := range s.vars {
			lines = append(lines, s.givens(v.Name, first[v])...)
		}
	}
	for i, sel := range sels {
		name := b.Decode(sel).Name
		var act *sema.Symbol
		for _, a := range acts {
			if a.Name == name {
				act = a
			}
		}
		if len(act.Params) == 0 {
			lines = append(lines, "do "+name)
			continue
		}
		var parts []string
		for _, p := range act.Params {
			parts = append(parts, s.valueText(b.Decode(argsAt[i][p])))
		}
		lines = append(lines, "do "+name+"("+strings.Join(parts, ", ")+")")
	}
	name := s.freshName("Which")
	return "example " + name + " {\n  " + strings.Join(lines, "\n  ") + "\n}"
}

// givens writes a value of a variable as given steps: a map entry by entry.
func (s *synth) givens(name string, v diag.Value) []string {
	if v.Kind == diag.MapValue {
		var out []string
		for _, e := range v.Entries {
			out = append(out, s.givens(name+"["+e.Name+"]", e.Value)...)
		}
		return out
	}
	return []string{"given " + name + " == " + s.valueText(v)}
}

// onlyInitial reports whether st is the spec's only initial state (a question that
// does not finish answers no: the givens are then written out).
func (s *synth) onlyInitial(st map[*sema.Symbol]diag.Value) bool {
	b := s.opts.Budget.Builder(s.ctx)
	enc := s.opts.Budget.Encoder(b, s.info)
	s0 := enc.NewState()
	var all []logic.Lit
	for _, f := range []func(*encode.Encoder, *ast.File, encode.State) ([]steps.Clause, error){steps.Facts, steps.Initially} {
		cs, err := f(enc, s.file, s0)
		if err != nil {
			return false
		}
		all = append(all, steps.Lits(cs)...)
	}
	var same []logic.Lit
	for v, x := range s0 {
		same = append(same, b.Is(x, st[v]))
	}
	all = append(all, b.Ands(same...).Not())
	return s.opts.Budget.Solve(s.ctx, b, all).Status == logic.Unsat
}

// failure carries an error out of a deep encoding to the function that started it,
// which catch turns back into an error (the bailout pattern, inside this package).
type failure struct{ err error }

// must unwraps an encoder result, bailing out on its error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(failure{err})
	}
	return v
}

// catch turns a failure, or any other panic of an encoding, into *err.
func catch(err *error) {
	if r := recover(); r != nil {
		if f, ok := r.(failure); ok {
			*err = f.err
			return
		}
		*err = fmt.Errorf("internal error: %v", r)
	}
}
