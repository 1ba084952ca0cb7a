package check

import (
	"context"
	"os"
	"path/filepath"
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
