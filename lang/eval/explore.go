package eval

import (
	"context"
	"slices"
)

// Graph is the part of the reachable state space a breadth-first search covered:
// every state once, with the step that first reached it, so a state's run from an
// initial state is a shortest one.
type Graph struct {
	States []State
	Parent []int  // index of the state it was first reached from; -1 for an initial state
	Via    []Step // the step from Parent (zero for an initial state)
	Depth  []int  // steps from an initial state
	// Complete reports that every reachable state is in States (within MaxDepth when
	// one was given); else the search stopped at a limit and Reason says which.
	Complete bool
	Reason   string
	// Blocked counts the enabled steps that had no successor.
	Blocked int

	index map[string]int
}

// Index returns the position of s in States, or -1.
func (g *Graph) Index(s State) int {
	if i, ok := g.index[s.Key()]; ok {
		return i
	}
	return -1
}

// Run returns the shortest run to state i: its states from an initial one and the
// steps between them.
func (g *Graph) Run(i int) ([]State, []Step) {
	var states []State
	var steps []Step
	for ; i >= 0; i = g.Parent[i] {
		states = append(states, g.States[i])
		if g.Parent[i] >= 0 {
			steps = append(steps, g.Via[i])
		}
	}
	slices.Reverse(states)
	slices.Reverse(steps)
	return states, steps
}

// ExploreOptions bound a search. Zero means no bound (the machine's Limits still
// apply to each enumeration).
type ExploreOptions struct {
	MaxStates int // stop (Complete false) when more states than this are reached
	MaxDepth  int // do not expand states at this depth (Complete then means "within it")
	// Visit, when set, is called for each new state, in order; returning false stops
	// the search (Complete false, Reason "stopped").
	Visit func(g *Graph, i int) bool
}

// Explore searches the reachable states breadth first. An error (a space too big
// for the machine's limits, an expression with no value) stops it: the graph so far
// is returned with the error.
func (m *Machine) Explore(ctx context.Context, opts ExploreOptions) (*Graph, error) {
	g := &Graph{index: map[string]int{}}
	stopped := ""
	add := func(s State, parent int, via Step) bool {
		k := s.Key()
		if _, ok := g.index[k]; ok {
			return true
		}
		if opts.MaxStates > 0 && len(g.States) >= opts.MaxStates {
			stopped = "the state limit"
			return false
		}
		g.index[k] = len(g.States)
		g.States = append(g.States, s)
		g.Parent = append(g.Parent, parent)
		g.Via = append(g.Via, via)
		d := 0
		if parent >= 0 {
			d = g.Depth[parent] + 1
		}
		g.Depth = append(g.Depth, d)
		if opts.Visit != nil && !opts.Visit(g, len(g.States)-1) {
			stopped = "stopped"
			return false
		}
		return true
	}
	var err error
	if m.StateMachine() {
		err = m.InitialStates(func(s State) bool { return add(s, -1, Step{}) })
	} else {
		err = m.ValidStates(func(s State) bool { return add(s, -1, Step{}) })
	}
	if err != nil {
		g.Reason = err.Error()
		return g, err
	}
	for i := 0; i < len(g.States) && stopped == ""; i++ {
		if ctx.Err() != nil {
			g.Reason = "cancelled"
			return g, ctx.Err()
		}
		if opts.MaxDepth > 0 && g.Depth[i] >= opts.MaxDepth {
			continue
		}
		s := g.States[i]
		var inner error
		err = m.Enabled(s, func(st Step) bool {
			any := false
			inner = m.Successors(s, st, func(n State) bool {
				any = true
				return add(n, i, st)
			})
			if inner != nil {
				return false
			}
			if !any {
				g.Blocked++
			}
			return stopped == ""
		})
		if err == nil {
			err = inner
		}
		if err != nil {
			g.Reason = err.Error()
			return g, err
		}
	}
	g.Complete = stopped == ""
	g.Reason = stopped
	return g, nil
}
