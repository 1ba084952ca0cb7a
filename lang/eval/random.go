package eval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
)

// RandomOptions shape random runs.
type RandomOptions struct {
	Runs  int    // how many runs (0 with UntilCovered: as many as needed)
	Steps int    // steps per run at most
	Seed  uint64 // the same seed gives the same runs
	// Actions, when not empty, restricts the steps to these actions.
	Actions []string
	// UntilCovered stops once Patience runs in a row took no action, arm or branch
	// not seen before (and at Runs when Runs > 0).
	UntilCovered bool
	Patience     int // default 10
	MaxRuns      int // a cap for UntilCovered without Runs; default 10000
}

// Run is one run: its states, the steps between them and, when it fails, the
// property it breaks at its last state (or on its last step).
type Run struct {
	ID      string
	States  []State
	Steps   []Step
	Failure *Clause
	// Deadlock reports that the run ended early: no enabled step had a successor.
	Deadlock bool
}

// Counterexample is the run as the checker's counterexamples are written.
func (m *Machine) Counterexample(r *Run) *diag.Counterexample {
	cx := &diag.Counterexample{}
	for _, s := range r.States {
		cx.States = append(cx.States, m.Bindings(s))
	}
	for _, st := range r.Steps {
		cx.Steps = append(cx.Steps, st.Label())
	}
	return cx
}

// Coverage is what random runs exercised.
type Coverage struct {
	Runs   int
	Fired  map[string]int // steps taken, by action
	Blocks map[string]int // enabled steps with no successor, by action (not taken)
	// Sites are the arms of cases and the branches of if in the spec, in source
	// order; Hits counts how often an evaluation took each.
	Sites    []ast.Node
	Hits     map[ast.Node]int
	Distinct int // distinct states seen
}

// Sites lists every cases arm and if branch of the file outside examples (runs never
// evaluate those), in source order.
func Sites(f *ast.File) []ast.Node {
	var out []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ExampleDecl:
			return false
		case *ast.Cases:
			for _, a := range n.Arms {
				out = append(out, a)
			}
			if n.Else != nil {
				out = append(out, n.Else)
			}
		case *ast.If:
			out = append(out, n.Then, n.Else)
		}
		return true
	})
	return out
}

// Random makes random runs and checks every invariant and assert at every state and
// step. It calls yield with each finished run (returning false stops); a failing run
// ends the runs (it is the last yielded). An error (a space too big, an expression
// with no value) stops them; the coverage so far is returned with it.
func (m *Machine) Random(ctx context.Context, opts RandomOptions, yield func(*Run) bool) (*Coverage, error) {
	if opts.Patience <= 0 {
		opts.Patience = 10
	}
	if opts.MaxRuns <= 0 {
		opts.MaxRuns = 10000
	}
	for _, name := range opts.Actions {
		if m.Action(name) == nil {
			return nil, fmt.Errorf("the spec has no action %s", name)
		}
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed5eed))
	cov := &Coverage{Fired: map[string]int{}, Blocks: map[string]int{}, Sites: Sites(m.File), Hits: map[ast.Node]int{}}
	seen := map[string]bool{}
	fresh := false // this run took something not seen before
	prevCover := m.Cover
	m.Cover = func(n ast.Node) {
		if cov.Hits[n] == 0 {
			fresh = true
		}
		cov.Hits[n]++
	}
	defer func() { m.Cover = prevCover }()

	var initial []State
	var err error
	if m.StateMachine() {
		err = m.InitialStates(func(s State) bool { initial = append(initial, s); return true })
	} else {
		err = m.ValidStates(func(s State) bool { initial = append(initial, s); return true })
	}
	if err != nil {
		return cov, err
	}
	if len(initial) == 0 {
		return cov, fmt.Errorf("no state is initial: there is nothing to run")
	}
	allowed := func(a *Action) bool { return len(opts.Actions) == 0 || slices.Contains(opts.Actions, a.Name()) }
	quiet := 0
	for n := 0; ; n++ {
		if opts.Runs > 0 && n >= opts.Runs || opts.Runs <= 0 && (!opts.UntilCovered || n >= opts.MaxRuns) {
			break
		}
		if opts.UntilCovered && quiet >= opts.Patience {
			break
		}
		if err := ctx.Err(); err != nil {
			return cov, err
		}
		fresh = false
		r := &Run{ID: fmt.Sprintf("r%d", n+1)}
		s := initial[rng.IntN(len(initial))]
		r.States = append(r.States, s)
		cov.Runs++
		visit := func(s State) error {
			if k := s.Key(); !seen[k] {
				seen[k] = true
				cov.Distinct++
			}
			bad, err := m.Violated(s)
			if len(bad) > 0 {
				r.Failure = bad[0]
			}
			return err
		}
		if err := visit(s); err != nil {
			return cov, err
		}
		for len(r.Steps) < opts.Steps && r.Failure == nil && m.StateMachine() {
			var steps []Step
			if err := m.Enabled(s, func(st Step) bool {
				if allowed(st.Action) {
					steps = append(steps, st)
				}
				return len(steps) <= m.Limits.Solutions
			}); err != nil {
				return cov, err
			}
			// Each action is as likely as the others, whatever the number of its
			// arguments; then its arguments are picked at random.
			var order []Step
			var acts []*Action
			byAction := map[*Action][]Step{}
			for _, st := range steps {
				if byAction[st.Action] == nil {
					acts = append(acts, st.Action)
				}
				byAction[st.Action] = append(byAction[st.Action], st)
			}
			for _, i := range rng.Perm(len(acts)) {
				group := byAction[acts[i]]
				for _, j := range rng.Perm(len(group)) {
					order = append(order, group[j])
				}
			}
			taken := false
			for _, st := range order {
				var next []State
				if err := m.Successors(s, st, func(n State) bool {
					next = append(next, n)
					return len(next) <= m.Limits.Solutions
				}); err != nil {
					return cov, err
				}
				if len(next) == 0 {
					if cov.Blocks[st.Action.Name()] == 0 {
						fresh = true
					}
					cov.Blocks[st.Action.Name()]++
					continue
				}
				t := next[rng.IntN(len(next))]
				if cov.Fired[st.Action.Name()] == 0 {
					fresh = true
				}
				cov.Fired[st.Action.Name()]++
				r.Steps = append(r.Steps, st)
				r.States = append(r.States, t)
				bad, err := m.StepViolated(s, t, st)
				if err != nil {
					return cov, err
				}
				if len(bad) > 0 {
					r.Failure = bad[0]
				} else if err := visit(t); err != nil {
					return cov, err
				}
				s, taken = t, true
				break
			}
			if !taken {
				r.Deadlock = true
				break
			}
		}
		if fresh {
			quiet = 0
		} else {
			quiet++
		}
		if !yield(r) || r.Failure != nil {
			break
		}
	}
	return cov, nil
}

// Shorten looks for a shorter run that breaks the same property as the failing run r:
// a breadth-first search to one step less than r, over at most maxStates states (with
// only the actions allowed, when given). It returns r itself when none is shorter or
// the search stopped at its limit.
func (m *Machine) Shorten(ctx context.Context, r *Run, actions []string, maxStates int) *Run {
	if r.Failure == nil || len(r.Steps) == 0 {
		return r
	}
	prop := r.Failure
	found := -1
	saved := m.Actions
	if len(actions) > 0 {
		m.Actions = slices.DeleteFunc(slices.Clone(m.Actions), func(a *Action) bool { return !slices.Contains(actions, a.Name()) })
	}
	defer func() { m.Actions = saved }()
	g, _ := m.Explore(ctx, ExploreOptions{MaxStates: maxStates, MaxDepth: len(r.Steps) - 1, Visit: func(g *Graph, i int) bool {
		var bad []*Clause
		if prop.Step {
			if p := g.Parent[i]; p >= 0 {
				bad, _ = m.StepViolated(g.States[p], g.States[i], g.Via[i])
			}
		} else {
			bad, _ = m.Violated(g.States[i])
		}
		if slices.Contains(bad, prop) {
			found = i
			return false
		}
		return true
	}})
	if found < 0 {
		return r
	}
	states, steps := g.Run(found)
	return &Run{ID: r.ID, States: states, Steps: steps, Failure: prop}
}
