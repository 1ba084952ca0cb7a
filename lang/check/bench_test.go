package check

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/specls/specls/internal/specgen"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// BenchmarkExamples checks each spec of examples/ whole (front end included).
func BenchmarkExamples(b *testing.B) {
	files, _ := filepath.Glob("../../examples/*.specl")
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

func benchPolicy(b *testing.B, clauses, principals, perms int) {
	src := specgen.Policy(clauses, principals, perms, 1)
	file, errs := parser.Parse(src)
	info := sema.Check(file)
	if len(errs)+len(info.Findings) > 0 {
		b.Fatalf("generated policy does not check: %v %v", errs, info.Findings)
	}
	b.ReportMetric(float64(len(strings.Split(src, "\n"))), "lines")
	for b.Loop() {
		Check(context.Background(), src, file, info, Options{})
	}
}

func BenchmarkPolicy100(b *testing.B)  { benchPolicy(b, 100, 10, 8) }
func BenchmarkPolicy1000(b *testing.B) { benchPolicy(b, 1000, 30, 12) }
func BenchmarkPolicy5000(b *testing.B) { benchPolicy(b, 5000, 50, 16) }

// BenchmarkChain30 checks a 30-step chain: the invariant fails only at depth 30.
func BenchmarkChain30(b *testing.B) {
	src := specgen.Chain(30)
	for b.Loop() {
		a := Analyze(context.Background(), src, Options{})
		if len(a.Properties) != 1 || a.Properties[0].Status != "violated" {
			b.Fatalf("want LastDown violated, got %+v", a.Properties)
		}
	}
}

// BenchmarkMutex checks the n-process mutual exclusion over a map (all findings):
// Mutex and LockHeld proved; the broken variant's LockHeld violated by the shortest
// run (three steps).
func BenchmarkMutex(b *testing.B) {
	for _, n := range []int{3, 5, 8, 12, 20, 40} {
		for _, broken := range []bool{false, true} {
			name := "N=" + strconv.Itoa(n)
			if broken {
				name += "/broken"
			}
			src := specgen.Mutex(n, broken)
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					a := Analyze(context.Background(), src, Options{})
					checkMutex(b, a, broken)
				}
			})
		}
	}
}

func checkMutex(tb testing.TB, a Analysis, broken bool) {
	tb.Helper()
	want := map[string]string{"Mutex": "proved", "LockHeld": "proved", "Held": "proved"}
	if broken {
		want["LockHeld"] = "violated"
	}
	for _, p := range a.Properties {
		if want[p.Name] != string(p.Status) {
			tb.Fatalf("%s: got %s, want %s", p.Name, p.Status, want[p.Name])
		}
	}
	if broken {
		for _, f := range a.Findings {
			if f.Code == "invariant-violated" && len(f.Counterexample.Steps) != 3 {
				tb.Fatalf("LockHeld: a run of %d steps, want the shortest (3)", len(f.Counterexample.Steps))
			}
		}
	}
}

// BenchmarkReachable decides, by the search of the reachable states alone, a property
// that is true but not inductive (specgen.MutexBare: n = 10, 6,144 states; n = 11,
// 13,312 states; n = 12, 28,672 states), with a budget large enough for the search.
func BenchmarkReachable(b *testing.B) {
	for _, n := range []int{10, 11, 12} {
		src := specgen.MutexBare(n)
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				a := Analyze(context.Background(), src, Options{Budget: 2_000_000})
				if len(a.Properties) != 1 || a.Properties[0].Status != "proved" {
					b.Fatalf("want Mutex proved, got %+v", a.Properties)
				}
			}
		})
	}
}
