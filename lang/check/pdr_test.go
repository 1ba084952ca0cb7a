package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/specls/specls/internal/specgen"
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/pdr"
	"github.com/specls/specls/lang/sema"
)

// pdrOn puts property name of src to PDR on its component's transition system,
// with no lemmas: the search must find the invariant itself.
func pdrOn(tb testing.TB, src, name string) pdr.Result {
	tb.Helper()
	file, errs := parser.Parse(src)
	info := sema.Check(file)
	if len(errs)+len(info.Findings) > 0 {
		tb.Fatalf("the spec does not check: %v %v", errs, info.Findings)
	}
	c := newChecker(context.Background(), file, info, Options{})
	if why := c.run0(); why != "" {
		tb.Fatal(why)
	}
	c.prepare()
	for _, comp := range c.components(c.actions()) {
		for _, cd := range comp.props {
			if cd.Name.Name == name {
				return c.pdrProperty(comp, cd, len(c.info.Primes(cd.Body)) > 0, []*ast.ClauseDecl(nil))
			}
		}
	}
	tb.Fatalf("no property %s", name)
	return pdr.Result{}
}

// PDR on the mutual exclusion family, alone (no lemmas): Mutex is not inductive on
// its own, so the search must find the lock's invariant; the broken variant's
// LockHeld is reachable in three steps, so no run PDR returns is shorter.
func TestPDRMutex(t *testing.T) {
	for _, n := range []int{3, 5} { // larger N: BenchmarkPDRMutex
		res := pdrOn(t, specgen.Mutex(n, false), "Mutex")
		if res.Verdict != pdr.Proved {
			t.Errorf("N=%d: Mutex %v (%v), want proved", n, res.Verdict, res.Reason)
		}
		res = pdrOn(t, specgen.Mutex(n, true), "LockHeld")
		if res.Verdict != pdr.Reachable || len(res.Run)-1 < 3 {
			t.Errorf("N=%d broken: LockHeld %v with a run of %d steps, want reachable in at least 3", n, res.Verdict, len(res.Run)-1)
		}
	}
}

// BenchmarkPDRMutex times PDR alone on the mutual exclusion family: Mutex proved
// without lemmas, and the broken variant's LockHeld found reachable.
func BenchmarkPDRMutex(b *testing.B) {
	for _, n := range []int{3, 5, 8, 12, 20} {
		for _, broken := range []bool{false, true} {
			name, prop, want := "N="+strconv.Itoa(n), "Mutex", pdr.Proved
			if broken {
				name, prop, want = name+"/broken", "LockHeld", pdr.Reachable
			}
			src := specgen.Mutex(n, broken)
			b.Run(name, func(b *testing.B) {
				var res pdr.Result
				for b.Loop() {
					if res = pdrOn(b, src, prop); res.Verdict != want {
						b.Fatalf("%s: %v (%v), want %v", prop, res.Verdict, res.Reason, want)
					}
				}
				b.ReportMetric(float64(res.Frames), "frames")
				b.ReportMetric(float64(res.Work), "work")
			})
		}
	}
}

// BenchmarkPDRCorpus checks the corpus's specs whose spaces are too large to
// enumerate (testdata/check/pdr_*.specl, exact_budget_stopped.specl) whole.
func BenchmarkPDRCorpus(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/check/pdr_*.specl")
	files = append(files, "../../testdata/check/exact_budget_stopped.specl")
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(path), ".specl"), func(b *testing.B) {
			for b.Loop() {
				Analyze(context.Background(), string(src), Options{})
			}
		})
	}
}

// twinSrc is two counters kept equal beside a free variable of 3,001 values that
// the initial states tie to them (so they share a component): Together is not
// inductive, and only x and y influence it.
const twinSrc = `spec Twin

var x: 0..63
var y: 0..63
var noise: 0..3000

initially x == 0 and y == 0 and noise == 0

action Inc {
  ensures x' == (if x == 63 then 0 else x + 1)
  ensures y' == (if y == 63 then 0 else y + 1)
}

action Shake(v: 0..3000) {
  ensures noise' == v
}

invariant Together: x == 40 implies y == 40
`

// BenchmarkPDRTwin times PDR alone on twinSrc's Together (with the default budget).
func BenchmarkPDRTwin(b *testing.B) {
	var res pdr.Result
	for b.Loop() {
		res = pdrOn(b, twinSrc, "Together")
	}
	b.ReportMetric(float64(res.Frames), "frames")
	b.ReportMetric(float64(res.Work), "work")
	b.ReportMetric(float64(res.Verdict), "verdict")
}

// The cone of influence of a question: what it reads, what the actions that prime
// those read, what facts tie to them; an action that primes none of it is left out.
func TestPDRCone(t *testing.T) {
	for _, tc := range []struct {
		src, prop string
		want      []string
	}{
		{twinSrc, "Together", []string{"x", "y"}},
		// A fact ties noise to y: it joins, and Shake (priming it) brings in z.
		{strings.Replace(twinSrc, "var noise: 0..3000", "var noise: 0..3000\nvar z: 0..3\nfact Tie: y < 10 or noise > 0", 1) + "\ninvariant Z: z < 4\n", "Together", []string{"noise", "x", "y"}},
		{strings.Replace(twinSrc, "ensures noise' == v", "ensures noise' == v + z\n  requires z == 0", 1) + "var z: 0..3\nfact Tie: y < 10 or noise > 0\n", "Together", []string{"noise", "x", "y", "z"}},
	} {
		file, errs := parser.Parse(tc.src)
		info := sema.Check(file)
		if len(errs)+len(info.Findings) > 0 {
			t.Fatalf("the spec does not check: %v %v", errs, info.Findings)
		}
		c := newChecker(context.Background(), file, info, Options{})
		if why := c.run0(); why != "" {
			t.Fatal(why)
		}
		c.prepare()
		found := false
		for _, comp := range c.components(c.actions()) {
			for _, cd := range comp.props {
				if cd.Name.Name != tc.prop {
					continue
				}
				found = true
				p, ok := c.newPDRSystem(comp, nil, c.questionVars(comp, cd, false), nil)
				if !ok {
					t.Fatal("not encoded")
				}
				var got []string
				for _, v := range p.vars() {
					got = append(got, v.Name)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("cone of %s: %v, want %v", tc.prop, got, tc.want)
				}
				var acts int
				for _, st := range p.steps {
					if st != nil {
						acts++
					}
				}
				if wantActs := 1 + boolInt(slices.Contains(tc.want, "noise")); acts != wantActs {
					t.Errorf("%d actions kept, want %d", acts, wantActs)
				}
			}
		}
		if !found {
			t.Fatalf("no property %s", tc.prop)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
