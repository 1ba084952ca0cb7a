package check_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/internal/specgen"
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/eval"
)

var (
	enumSeed  = flag.Int64("enum.seed", 0, "first seed of the generated machines (0: from the clock)")
	enumCount = flag.Int("enum.count", 300, "generated machines per run")
	// enumLargeCount: machines past the checker's enumeration cap per run (measured:
	// 2 to 5 s each, the check with PDR and an enumeration of 4,096 states or more).
	enumLargeCount = flag.Int("enum.large", 5, "generated machines past the enumeration cap per run")
)

// TestEnumeratorAgrees is the solver-free second opinion: an explicit-state
// enumeration (lang/eval, no solver) computes the reachable states of every small
// state machine of the corpus and of generated machines, and confirms the checker's
// verdicts: every `proved` (no reachable state or step breaks it), every violation
// (found by the enumeration, and the checker's run as short as the shortest), every
// `holds-to-depth` (no violation within the depth), every `unreachable` action (no
// reachable state enables it) and every `blocked-action` (a reachable state blocks
// it), and conversely every reachable blocking state or action enabled nowhere
// reachable has its finding. The seed is printed: rerun with -enum.seed.
func TestEnumeratorAgrees(t *testing.T) {
	seed := *enumSeed
	if seed == 0 {
		seed = time.Now().UnixNano() % 1_000_000
	}
	t.Logf("generated machines: seeds %d … %d (rerun: go test ./lang/check -run TestEnumeratorAgrees -args -enum.seed=%d)", seed, seed+int64(*enumCount)-1, seed)
	type spec struct{ name, src string }
	var specs []spec
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/check/*.specl", "../../testdata/qa/*.specl", "../../testdata/qa2/*.specl"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			specs = append(specs, spec{strings.TrimSuffix(filepath.Base(path), ".specl"), string(src)})
		}
	}
	n := *enumCount
	if testing.Short() {
		n = min(n, 50)
	}
	for i := range n {
		s := seed + int64(i)
		specs = append(specs, spec{fmt.Sprintf("gen%d", s), specgen.Machine(s)})
		if i%3 == 0 {
			// Long runs: answered from the states found, past the first bound.
			specs = append(specs, spec{fmt.Sprintf("deep%d", s), specgen.DeepMachine(s)})
		}
	}
	compared := 0
	seen := map[string]int{}
	for _, sp := range specs {
		if agree(t, sp.name, sp.src, seen, maxEnumStates) {
			compared++
		}
	}
	if compared < n/2 {
		t.Fatalf("only %d specs compared", compared)
	}
	t.Logf("%d specs compared with the enumeration; verdicts and findings confirmed: %v", compared, seen)
}

// maxEnumStates bounds the enumeration: larger spaces are skipped.
const maxEnumStates = 5000

// agree compares one spec's check with its enumeration; it returns false when the
// spec is not one the enumeration decides (not a state machine, errors, too big,
// undecided questions).
func agree(t *testing.T, name, src string, seen map[string]int, maxStates int) bool {
	t.Helper()
	ctx := context.Background()
	a := check.Analyze(ctx, src, check.Options{})
	if a.Info == nil || !a.Info.StateMachine {
		return false
	}
	for _, f := range a.Findings {
		// An unanswered question or a contradiction: nothing to compare.
		if f.Code == diag.Unknown || f.Code == diag.Contradiction || f.Severity == diag.Error && f.Code != diag.InvariantViolated && f.Code != diag.AssertViolated && f.Code != diag.NonExhaustive && f.Code != diag.ExampleFailed && f.Code != diag.NonexampleAdmitted {
			return false
		}
	}
	m, err := eval.New(a.File, a.Info)
	if err != nil {
		return false
	}
	depth := a.Info.Options.Depth // < 0: none
	opts := eval.ExploreOptions{MaxStates: maxStates}
	if depth >= 0 {
		opts.MaxDepth = depth
		if depth == 0 {
			return false // the enumeration reads 0 as "no bound"
		}
	}
	g, err := m.Explore(ctx, opts)
	if err != nil || !g.Complete {
		return false
	}
	fail := func(format string, args ...any) {
		t.Errorf("%s: "+format+"\n%s", append([]any{name}, append(args, src)...)...)
	}
	// The shortest violation of each property, by the enumeration (-1: none). A
	// state property fails at the depth of the first state (BFS order) breaking it;
	// a step assert on a step from a state at depth d fails after d+1 steps (within
	// the depth: from states at depth < depth).
	first := map[string]int{}
	for _, c := range m.Properties() {
		first[c.Name] = -1
	}
	// Per action: enabled in some reachable state, blocked in some reachable state.
	enabled, blocked := map[string]bool{}, map[string]bool{}
	for i, s := range g.States {
		bad, err := m.Violated(s)
		if err != nil {
			return false
		}
		for _, c := range bad {
			if first[c.Name] < 0 {
				first[c.Name] = g.Depth[i]
			}
		}
		err = m.Enabled(s, func(st eval.Step) bool {
			enabled[st.Action.Name()] = true
			succ := false
			err := m.Successors(s, st, func(next eval.State) bool {
				succ = true
				if depth < 0 || g.Depth[i] < depth {
					bad, _ := m.StepViolated(s, next, st)
					for _, c := range bad {
						if f := first[c.Name]; f < 0 || g.Depth[i]+1 < f {
							first[c.Name] = g.Depth[i] + 1
						}
					}
				}
				return true
			})
			if err == nil && !succ {
				blocked[st.Action.Name()] = true
			}
			return err == nil
		})
		if err != nil {
			return false
		}
	}
	// Properties.
	for _, p := range a.Properties {
		f, ok := first[p.Name]
		if !ok {
			continue
		}
		seen[string(p.Status)]++
		switch p.Status {
		case diag.Proved:
			if f >= 0 {
				fail("%s is proved, but the enumeration breaks it after %d steps", p.Name, f)
			}
		case diag.Violated:
			if f < 0 {
				fail("%s is violated, but no reachable state or step breaks it", p.Name)
				continue
			}
			for _, d := range a.Findings {
				if (d.Code == diag.InvariantViolated || d.Code == diag.AssertViolated) && d.Span == p.Span && d.Counterexample != nil {
					if got := len(d.Counterexample.Steps); got != f {
						fail("%s: the checker's run has %d steps, the shortest has %d", p.Name, got, f)
					}
				}
			}
		case diag.HoldsToDepth:
			if depth < 0 {
				fail("%s holds to depth %d without option depth, on a space the enumeration covers", p.Name, p.Depth)
			}
			if f >= 0 {
				fail("%s holds to depth %d, but the enumeration breaks it after %d steps", p.Name, p.Depth, f)
			}
		}
	}
	// Vacuity of a state invariant or assert `X implies Y` at the top (its context:
	// the reachable states). (a) at X: no reachable state meets X. (b) at X (X
	// replaced by true): Y holds in every reachable state; (b) at Y (Y replaced by
	// false): X fails in every reachable state.
	holdsEverywhere := func(e ast.Expr, want bool) (diag.State, bool) {
		for _, st := range g.States {
			if ok, err := m.Holds(e, &eval.Frame{Cur: st}, eval.Assume); err == nil && ok != want {
				return m.Bindings(st), false
			}
		}
		return nil, true
	}
	for _, d := range a.Findings {
		if d.Code != diag.Vacuous {
			continue
		}
		for _, c := range m.Properties() {
			bin, ok := ast.Unparen(c.Body).(*ast.Binary)
			if !ok || bin.Op != ast.Implies || c.Step || len(a.Info.Primes(bin)) > 0 {
				continue
			}
			switch {
			case bin.X.Bounds().Start == d.Span.Start && strings.HasPrefix(d.Message, "this premise never holds"):
				seen["vacuous (a)"]++
				if st, ok := holdsEverywhere(bin.X, false); !ok {
					fail("the premise of %s is reported never to hold, but the reachable state %v meets it", c.Name, st)
				}
			case bin.X.Bounds().Start == d.Span.Start && strings.Contains(d.Message, "replaced by true"):
				seen["vacuous (b)"]++
				if st, ok := holdsEverywhere(bin.Y, true); !ok {
					fail("the premise of %s is reported never to matter, but the reachable state %v breaks the conclusion", c.Name, st)
				}
			case bin.Y.Bounds().Start == d.Span.Start && ast.Unparen(bin.Y) == bin.Y && strings.Contains(d.Message, "replaced by false"):
				seen["vacuous (b)"]++
				if st, ok := holdsEverywhere(bin.X, false); !ok {
					fail("the conclusion of %s is reported never to matter, but the reachable state %v meets the premise", c.Name, st)
				}
			}
		}
	}
	// Actions: unreachable and blocked, both ways.
	reported := map[string]diag.Code{}
	for _, d := range a.Findings {
		if d.Code == diag.Unreachable || d.Code == diag.BlockedAction || d.Code == diag.DeadAction {
			if act := actionAt(a.File, d.Span.Start); act != "" {
				reported[act+"/"+string(d.Code)] = d.Code
				seen[string(d.Code)]++
			}
		}
	}
	for _, act := range m.Actions {
		n := act.Name()
		dead := reported[n+"/"+string(diag.DeadAction)] != ""
		switch {
		case reported[n+"/"+string(diag.Unreachable)] != "" && enabled[n]:
			fail("%s is reported unreachable, but a reachable state enables it", n)
		case !enabled[n] && !dead && reported[n+"/"+string(diag.Unreachable)] == "":
			fail("no reachable state enables %s, but it has no unreachable finding", n)
		case reported[n+"/"+string(diag.BlockedAction)] != "" && !blocked[n]:
			fail("%s is reported blocked, but no reachable state blocks it", n)
		case blocked[n] && !dead && reported[n+"/"+string(diag.BlockedAction)] == "":
			// (A dead action gets dead-action and nothing else.)
			fail("a reachable state blocks %s, but it has no blocked-action finding", n)
		}
	}
	return true
}

// TestEnumeratorAgreesPastTheCap is the same second opinion on machines whose
// reachable states are more than the checker's search finds within the budget, so
// that what the bounded runs leave open is decided by IC3/PDR (or said to be
// bounded): each generated machine is joined with three counters of 0..15 that step
// round, one at a time (4,096 values together; one initially clause mentions every
// variable, so they are part of the machine's one component), under `option budget =
// 1000`. Specs of more than 65,536 reachable states, or with an unanswered question,
// are skipped.
func TestEnumeratorAgreesPastTheCap(t *testing.T) {
	seed := *enumSeed
	if seed == 0 {
		seed = time.Now().UnixNano() % 1_000_000
	}
	n := *enumLargeCount
	if testing.Short() {
		n = min(n, 3)
	}
	t.Logf("generated machines: seeds %d … %d (rerun: go test ./lang/check -run TestEnumeratorAgreesPastTheCap -args -enum.seed=%d)", seed, seed+int64(n)-1, seed)
	varDecl := regexp.MustCompile(`(?m)^var (\w+):`)
	compared := 0
	seen := map[string]int{}
	for i := range n {
		s := seed + int64(i)
		src := strings.Replace(specgen.Machine(s), "\n", "\n\noption budget = 1000\n", 1)
		same := []string{"c0 == 0 and c1 == 0 and c2 == 0"}
		for _, m := range varDecl.FindAllStringSubmatch(src, -1) {
			same = append(same, m[1]+" == "+m[1])
		}
		src += "\nvar c0: 0..15\nvar c1: 0..15\nvar c2: 0..15\n\ninitially " + strings.Join(same, " and ") + "\n"
		for _, c := range []string{"c0", "c1", "c2"} {
			src += fmt.Sprintf("\naction Spin%s {\n  ensures %s' == (if %s == 15 then 0 else %s + 1)\n}\n", c, c, c, c)
		}
		if agree(t, fmt.Sprintf("gen%d+counters", s), src, seen, 1<<16) {
			compared++
		}
	}
	if compared < n/2 {
		t.Fatalf("only %d specs compared", compared)
	}
	t.Logf("%d specs compared with the enumeration (4,096 reachable states or more each); verdicts and findings confirmed: %v", compared, seen)
}

// actionAt names the action whose name starts at offset at, or "".
func actionAt(f *ast.File, at int) string {
	for _, d := range f.Decls {
		if a, ok := d.(*ast.ActionDecl); ok && a.Name != nil && a.Name.Span.Start == at {
			return a.Name.Name
		}
	}
	return ""
}
