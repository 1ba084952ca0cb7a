package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// Observation is one state of a trace, with the step that led to it: the action and
// its arguments when known (Action empty: any action; HasArgs false: any arguments),
// and the values of the variables it gives (any other variable is unknown).
type Observation struct {
	Action  string
	Args    []diag.Binding
	HasArgs bool
	State   []diag.Binding
}

// Rejection says why the spec rejects an observation: the clause that rejects it
// (Node is where it is written) and a message. Kind is "initially", "fact",
// "type", "action" (no such action), "requires", "ensures", "frame" (a var the action
// does not prime changed), "invariant" or "assert".
type Rejection struct {
	Kind    string
	Clause  *Clause // nil for "type" and "frame"
	Node    ast.Node
	Message string
}

// Replay follows a trace through the spec. It keeps the states the trace can be in
// (several when the trace leaves variables unknown), at most MaxStates of them.
type Replay struct {
	m         *Machine
	frontier  []State
	MaxStates int
	// Explained lists, after a step without an action, the actions that explain it.
	Explained []string
}

// NewReplay starts a replay; Start reads the first state.
func (m *Machine) NewReplay() *Replay { return &Replay{m: m, MaxStates: 10000} }

// States are the states the trace can be in now.
func (r *Replay) States() []State { return r.frontier }

// typeCheck rejects a given value outside its variable's type.
func (r *Replay) typeCheck(obs Observation) (State, []bool, *Rejection) {
	m := r.m
	given := make([]bool, len(m.Vars))
	s := m.emptyState()
	for _, b := range obs.State {
		i := m.VarIndex(b.Name)
		if i < 0 {
			return nil, nil, &Rejection{Kind: "type", Message: "the spec has no variable " + b.Name}
		}
		v := m.Vars[i]
		if !types.Contains(v.Type, b.Value) {
			return nil, nil, &Rejection{Kind: "type", Node: v.Decl, Message: fmt.Sprintf("%s = %s is not a value of its type %s", v.Name, b.Value, v.Type)}
		}
		s[i], given[i] = m.Canon(v.Type, b.Value), true
	}
	return s, given, nil
}

// agrees reports whether s has the observed values.
func agrees(s, obs State, given []bool) bool {
	for i, g := range given {
		if g && !sema.Equal(s[i], obs[i]) {
			return false
		}
	}
	return true
}

// Start reads the first state of a run: it must be initial (a model, for a static
// spec) and break no invariant or assert.
func (r *Replay) Start(obs Observation) (*Rejection, error) {
	m := r.m
	want, given, rej := r.typeCheck(obs)
	if rej != nil {
		return rej, nil
	}
	// The observed values are fixed; the search chooses the rest.
	f := &Frame{Cur: slices.Clone(want), Env: map[*sema.Symbol]diag.Value{}}
	var clauses []*Clause
	clauses = append(clauses, m.Facts...)
	if m.StateMachine() {
		clauses = append(clauses, m.Initially...)
	}
	r.frontier = nil
	var err error
	tooMany := false
	err = r.stateSearch(f, given, clauses, func() bool {
		r.frontier = append(r.frontier, slices.Clone(f.Cur))
		tooMany = len(r.frontier) > r.MaxStates
		return !tooMany
	})
	if err != nil {
		return nil, err
	}
	if tooMany {
		return nil, &LimitError{What: "the initial states that agree with the trace", Limit: r.MaxStates}
	}
	if len(r.frontier) == 0 {
		c, err := r.firstBlocking(want, given, clauses)
		if err != nil {
			return nil, err
		}
		what := "no initial state"
		if !m.StateMachine() {
			what = "no valid state"
		}
		return &Rejection{Kind: c.Kind.String(), Clause: c, Node: c.Node, Message: fmt.Sprintf("%s has these values: they break %s", what, c.Describe())}, nil
	}
	return r.keepProperties(nil, Step{})
}

// stateSearch runs a search over the vars not given, under clauses on the current
// state.
func (r *Replay) stateSearch(f *Frame, given []bool, clauses []*Clause, yield func() bool) error {
	var slots []slot
	for i := range r.m.Vars {
		if !given[i] {
			slots = append(slots, r.m.slotsOf(slotCur, i)...)
		}
	}
	s := r.m.newSearch(f, slots)
	for _, c := range clauses {
		s.add(c, false)
	}
	return s.run(yield)
}

// firstBlocking finds the first clause after which no state with the observed values
// is left.
func (r *Replay) firstBlocking(want State, given []bool, clauses []*Clause) (*Clause, error) {
	for k := 1; k <= len(clauses); k++ {
		f := &Frame{Cur: slices.Clone(want), Env: map[*sema.Symbol]diag.Value{}}
		any := false
		if err := r.stateSearch(f, given, clauses[:k], func() bool { any = true; return false }); err != nil {
			return nil, err
		}
		if !any {
			return clauses[k-1], nil
		}
	}
	return nil, fmt.Errorf("internal: no clause rejects the state")
}

// keepProperties drops the possible states that break an invariant or assert (and,
// after a step, the step asserts); when none is left, the first one broken rejects.
func (r *Replay) keepProperties(prev []State, st Step) (*Rejection, error) {
	var kept []State
	var first *Clause
	for i, s := range r.frontier {
		bad, err := r.m.Violated(s)
		if err != nil {
			return nil, err
		}
		if len(bad) == 0 && prev != nil {
			bad, err = r.m.StepViolated(prev[i], s, st)
			if err != nil {
				return nil, err
			}
		}
		if len(bad) == 0 {
			kept = append(kept, s)
		} else if first == nil {
			first = bad[0]
		}
	}
	if len(kept) == 0 && first != nil {
		return &Rejection{Kind: first.Kind.String(), Clause: first, Node: first.Node,
			Message: fmt.Sprintf("the state breaks %s", first.Describe())}, nil
	}
	r.frontier = kept
	return nil, nil
}

// Next reads the next state of the run: some possible state must lead to it by the
// observed action (any action when none is given) with the observed arguments.
func (r *Replay) Next(obs Observation) (*Rejection, error) {
	m := r.m
	want, given, rej := r.typeCheck(obs)
	if rej != nil {
		return rej, nil
	}
	if len(m.Actions) == 0 {
		return &Rejection{Kind: "action", Message: "the spec has no actions: a run has only its first state"}, nil
	}
	actions := m.Actions
	if obs.Action != "" {
		a := m.Action(obs.Action)
		if a == nil {
			return &Rejection{Kind: "action", Message: "the spec has no action " + obs.Action}, nil
		}
		actions = []*Action{a}
	}
	var args map[*Action][]diag.Value
	if obs.HasArgs {
		a := actions[0]
		vals, rej := argValues(a, obs.Args)
		if rej != nil {
			return rej, nil
		}
		args = map[*Action][]diag.Value{a: vals}
	}
	var next, prev []State
	var steps []Step
	index := map[string]int{}
	explained := map[string]bool{}
	for _, s := range r.frontier {
		for _, a := range actions {
			try := func(st Step) error {
				return m.Successors(s, st, func(t State) bool {
					if !agrees(t, want, given) {
						return true
					}
					explained[a.Name()] = true
					k := t.Key()
					if _, ok := index[k]; !ok {
						index[k] = len(next)
						next, prev, steps = append(next, t), append(prev, s), append(steps, st)
					}
					return len(next) <= r.MaxStates
				})
			}
			var err error
			if vals, ok := args[a]; ok {
				st := Step{Action: a, Args: vals}
				var c *Clause
				if c, err = m.Requires(s, st); err == nil && c == nil {
					err = try(st)
				}
			} else {
				var inner error
				err = m.enabled(a, s, func(vals []diag.Value) bool {
					inner = try(Step{Action: a, Args: vals})
					return inner == nil && len(next) <= r.MaxStates
				})
				if err == nil {
					err = inner
				}
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if len(next) > r.MaxStates {
		return nil, &LimitError{What: "the states that agree with the trace", Limit: r.MaxStates}
	}
	if len(next) == 0 {
		return r.diagnose(actions, args, want, given)
	}
	r.Explained = r.Explained[:0]
	for _, a := range m.Actions {
		if explained[a.Name()] {
			r.Explained = append(r.Explained, a.Name())
		}
	}
	r.frontier = next
	// A step assert reads the step: keep each state's own predecessor.
	return r.keepStepProperties(prev, steps)
}

func (r *Replay) keepStepProperties(prev []State, steps []Step) (*Rejection, error) {
	var kept []State
	var first *Clause
	for i, s := range r.frontier {
		bad, err := r.m.Violated(s)
		if err != nil {
			return nil, err
		}
		if len(bad) == 0 {
			if bad, err = r.m.StepViolated(prev[i], s, steps[i]); err != nil {
				return nil, err
			}
		}
		if len(bad) == 0 {
			kept = append(kept, s)
		} else if first == nil {
			first = bad[0]
		}
	}
	if len(kept) == 0 {
		return &Rejection{Kind: first.Kind.String(), Clause: first, Node: first.Node,
			Message: fmt.Sprintf("the state breaks %s", first.Describe())}, nil
	}
	r.frontier = kept
	return nil, nil
}

func argValues(a *Action, given []diag.Binding) ([]diag.Value, *Rejection) {
	vals := make([]diag.Value, len(a.Params))
	for i, p := range a.Params {
		found := false
		for _, b := range given {
			if b.Name == p.Name {
				if !types.Contains(p.Type, b.Value) {
					return nil, &Rejection{Kind: "type", Node: p.Decl, Message: fmt.Sprintf("%s(%s: %s): the argument is not a value of its type %s", a.Name(), p.Name, b.Value, p.Type)}
				}
				vals[i], found = b.Value, true
			}
		}
		if !found {
			return nil, &Rejection{Kind: "type", Node: a.Decl, Message: fmt.Sprintf("%s: no value for the argument %s", a.Name(), p.Name)}
		}
	}
	return vals, nil
}

// diagnose says why no possible state leads to the observed one: for each candidate
// action, the first clause (requires, then ensures, then the facts on the next state)
// after which no step from the first possible state is left, or the frame rule; the
// action that got furthest is reported, the others named in the message.
func (r *Replay) diagnose(actions []*Action, args map[*Action][]diag.Value, want State, given []bool) (*Rejection, error) {
	s := r.frontier[0]
	var best *actionVerdict
	var parts []string
	for _, a := range actions {
		v, err := r.diagnoseAction(s, a, args[a], want, given)
		if err != nil {
			return nil, err
		}
		parts = append(parts, v.rej.Message)
		if best == nil || v.depth > best.depth {
			best = &v
		}
	}
	rej := *best.rej
	if len(actions) > 1 {
		rej.Message = "no action leads here: " + strings.Join(parts, "; ")
	}
	if len(r.frontier) > 1 {
		rej.Message += fmt.Sprintf(" (judged from the first of %d states the trace can be in)", len(r.frontier))
	}
	return &rej, nil
}

type actionVerdict struct {
	rej   *Rejection
	depth int // how far through the action's clauses it got
}

func (r *Replay) diagnoseAction(s State, a *Action, args []diag.Value, want State, given []bool) (actionVerdict, error) {
	m := r.m
	// The frame rule first: a var the action does not prime keeps its value.
	for i, g := range given {
		if g && !a.Primed[i] && !sema.Equal(s[i], want[i]) {
			return actionVerdict{&Rejection{Kind: "frame", Node: a.Decl, Message: fmt.Sprintf("%s: %s keeps its value (the frame rule: no clause of %s primes it), but the trace changes it from %s to %s", a.Name(), m.Vars[i].Name, a.Name(), s[i], want[i])}, 1}, nil
		}
	}
	var clauses []*Clause
	var post []bool
	for _, c := range a.Requires {
		clauses, post = append(clauses, c), append(post, false)
	}
	for _, c := range a.Ensures {
		clauses, post = append(clauses, c), append(post, false)
	}
	for _, c := range m.Facts {
		clauses, post = append(clauses, c), append(post, true)
	}
	for k := 1; k <= len(clauses); k++ {
		next := m.emptyState()
		var slots []slot
		for i := range m.Vars {
			switch {
			case given[i]:
				next[i] = want[i]
			case !a.Primed[i]:
				next[i] = s[i]
			default:
				slots = append(slots, m.slotsOf(slotNext, i)...)
			}
		}
		env := map[*sema.Symbol]diag.Value{}
		for i, p := range a.Params {
			if args != nil {
				env[p] = args[i]
			} else {
				slots = append(slots, slot{kind: slotParam, param: p, typ: p.Type, name: p.Name})
			}
		}
		f := &Frame{Cur: s, Next: next, Env: env}
		srch := m.newSearch(f, slots)
		for i, c := range clauses[:k] {
			srch.add(c, post[i])
		}
		any := false
		if err := srch.run(func() bool { any = true; return false }); err != nil {
			return actionVerdict{}, err
		}
		if !any {
			c := clauses[k-1]
			var msg string
			switch {
			case post[k-1]:
				msg = "the state after breaks " + c.Describe()
			case c.Kind == ast.Requires:
				msg = c.Describe() + " does not hold in the state before"
			default:
				msg = "no state after with these values meets " + c.Describe()
			}
			return actionVerdict{&Rejection{Kind: c.Kind.String(), Clause: c, Node: c.Node, Message: a.Name() + ": " + msg}, k + 1}, nil
		}
	}
	return actionVerdict{&Rejection{Kind: "ensures", Node: a.Decl, Message: "no step of " + a.Name() + " leads here"}, len(clauses) + 1}, nil
}
