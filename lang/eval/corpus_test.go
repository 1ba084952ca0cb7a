package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// TestCheckerRunsReplay is the evaluator's second opinion on the checker: every run
// the checker reports for a violated invariant or assert, over the whole corpus, is
// replayed step by step — its first state initial, each step enabled (its label one of
// the enabled steps), each next state one of the step's successors — and must break
// the property at its end, and not before.
func TestCheckerRunsReplay(t *testing.T) {
	replayed := 0
	for _, sp := range corpus(t) {
		path, src, a := sp.path, sp.src, sp.a
		m, err := New(a.File, a.Info)
		if err != nil {
			continue // a spec with errors has no runs to replay
		}
		for _, f := range a.Findings {
			if (f.Code != diag.InvariantViolated && f.Code != diag.AssertViolated) || f.Counterexample == nil {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(path), ".specl")
			t.Run(name+"/"+string(src[f.Span.Start:f.Span.End]), func(t *testing.T) {
				replay(t, m, f)
			})
			replayed++
		}
	}
	if replayed < 10 && !raceEnabled {
		t.Fatalf("only %d counterexample runs in the corpus", replayed)
	}
}

func replay(t *testing.T, m *Machine, f diag.Finding) {
	var prop *Clause
	for _, c := range m.Properties() {
		if d, ok := c.Node.(*ast.ClauseDecl); ok && d.Name != nil && d.Name.Span == f.Span {
			prop = c
		}
	}
	if prop == nil {
		t.Fatalf("no property at %v", f.Span)
	}
	cx := f.Counterexample
	states := make([]State, len(cx.States))
	for i, ds := range cx.States {
		states[i] = m.fromBindings(t, ds)
	}
	if !m.StateMachine() {
		if len(states) != 1 {
			t.Fatalf("a static counterexample with %d states", len(states))
		}
		if c, err := m.Valid(states[0]); c != nil || err != nil {
			t.Fatalf("the model breaks %s (%v)", c.Describe(), err)
		}
		if bad, err := m.Violated(states[0]); err != nil || !slices.Contains(bad, prop) {
			t.Fatalf("the model does not break %s: %v", prop.Name, err)
		}
		return
	}
	init := false
	if err := m.InitialStates(func(s State) bool { init = s.Key() == states[0].Key(); return !init }); err != nil {
		t.Fatal(err)
	}
	if !init {
		t.Fatalf("the first state %s is not initial", cx.Short())
	}
	if len(cx.Steps) != len(states)-1 {
		t.Fatalf("%d states, %d steps", len(states), len(cx.Steps))
	}
	for i, label := range cx.Steps {
		var step *Step
		if err := m.Enabled(states[i], func(st Step) bool {
			if st.Label() == label {
				step = &st
			}
			return step == nil
		}); err != nil {
			t.Fatal(err)
		}
		if step == nil {
			t.Fatalf("step %d (%s) is not enabled in %v", i+1, label, m.Bindings(states[i]))
		}
		found := false
		if err := m.Successors(states[i], *step, func(s State) bool { found = s.Key() == states[i+1].Key(); return !found }); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Fatalf("step %d (%s) cannot lead to %v", i+1, label, m.Bindings(states[i+1]))
		}
		if prop.Step {
			bad, err := m.StepViolated(states[i], states[i+1], *step)
			if err != nil {
				t.Fatal(err)
			}
			if broken := slices.Contains(bad, prop); broken != (i == len(cx.Steps)-1) {
				t.Fatalf("step %d: %s broken: %v", i+1, prop.Name, broken)
			}
		}
	}
	if prop.Step {
		return
	}
	for i, s := range states {
		bad, err := m.Violated(s)
		if err != nil {
			t.Fatal(err)
		}
		if broken := slices.Contains(bad, prop); broken != (i == len(states)-1) {
			t.Fatalf("state %d: %s broken: %v", i, prop.Name, broken)
		}
	}
}

// fromBindings turns a counterexample state back into a State, through the values'
// JSON form and the trace reader's decoding rules.
func (m *Machine) fromBindings(t *testing.T, ds diag.State) State {
	s := make(State, len(m.Vars))
	for i, v := range m.Vars {
		found := false
		for _, b := range ds {
			if b.Name == v.Name {
				if !types.Contains(v.Type, b.Value) {
					t.Fatalf("%s = %s is not of its type", v.Name, b.Value)
				}
				s[i] = m.Canon(v.Type, b.Value)
				found = true
			}
		}
		if !found {
			t.Fatalf("no value for %s", v.Name)
		}
	}
	return s
}

// TestCheckerVerdictsExplore compares the property verdicts of the checker with an
// exhaustive search, on every corpus spec small enough to explore: a proved property
// holds in every reachable state (and on every step), a violated one fails somewhere.
func TestCheckerVerdictsExplore(t *testing.T) {
	compared := 0
	for _, sp := range corpus(t) {
		path, src, a := sp.path, sp.src, sp.a
		m, err := New(a.File, a.Info)
		if err != nil {
			continue
		}
		if slices.ContainsFunc(a.File.Decls, func(d ast.Decl) bool {
			o, ok := d.(*ast.OptionDecl)
			return ok && o.Name.Name == "depth"
		}) {
			continue // bounded verdicts are not about every reachable state
		}
		broken := map[*Clause]bool{}
		limit := 5000
		if raceEnabled {
			limit = 300
		}
		g, err := m.Explore(context.Background(), ExploreOptions{MaxStates: limit, Visit: func(g *Graph, i int) bool {
			bad, err := m.Violated(g.States[i])
			if err != nil {
				var ee *EvalError
				if errors.As(err, &ee) {
					t.Logf("%s: %q: %v", path, src[ee.Span.Start:ee.Span.End], err)
				}
				return false
			}
			for _, c := range bad {
				broken[c] = true
			}
			if p := g.Parent[i]; p >= 0 {
				bad, _ = m.StepViolated(g.States[p], g.States[i], g.Via[i])
				for _, c := range bad {
					broken[c] = true
				}
			}
			return true
		}})
		if err != nil || !g.Complete {
			t.Logf("%s: not explored: %v %s", path, err, g.Reason)
			continue
		}
		for _, p := range a.Properties {
			var c *Clause
			for _, x := range m.Properties() {
				if x.Name == p.Name {
					c = x
				}
			}
			switch {
			case c == nil:
				t.Errorf("%s: no clause for %s", path, p.Name)
			case p.Status == diag.Proved && broken[c]:
				// (Step asserts are judged on the search tree's steps only: enough to
				// refute a proof, not to confirm a violation.)
				t.Errorf("%s: %s is proved, but a reachable state or step breaks it", path, p.Name)
			case p.Status == diag.Violated && !broken[c] && !c.Step:
				t.Errorf("%s: %s is violated, but no reachable state breaks it", path, p.Name)
			}
			compared++
		}
	}
	if compared < 20 && !raceEnabled {
		t.Fatalf("only %d verdicts compared", compared)
	}
}

type corpusSpec struct {
	path string
	src  []byte
	a    check.Analysis
}

var (
	corpusOnce  sync.Once
	corpusSpecs []corpusSpec
	corpusErr   error
)

// corpus is every spec of the checker's corpus with its analysis, computed once for
// the tests of this file (under the race detector, every third spec: the checker is
// slow there, and the same code runs).
func corpus(t *testing.T) []corpusSpec {
	corpusOnce.Do(func() {
		var files []string
		for _, glob := range []string{"../../examples/*.specl", "../../testdata/check/*.specl", "../../testdata/qa/*.specl", "../../testdata/qa2/*.specl"} {
			m, _ := filepath.Glob(glob)
			files = append(files, m...)
		}
		for i, path := range files {
			if raceEnabled && i%3 != 0 {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				corpusErr = err
				return
			}
			corpusSpecs = append(corpusSpecs, corpusSpec{path, src, check.Analyze(context.Background(), string(src), check.Options{})})
		}
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusSpecs
}
