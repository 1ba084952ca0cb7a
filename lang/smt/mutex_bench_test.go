package smt

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/internal/specgen"
	specls "github.com/specls/specls/lang/check"
)

// mutexBMC writes, as an SMT-LIB 2 script, the bounded check of specgen.Mutex(n,
// broken) to depth k: states 0…k (pc as integers 0..2 for Idle, Waiting, Critical;
// lock), the initial state, each step one of the actions' or a stutter (so a state
// reachable within k steps is a state at index k), and the property's violation at
// index k. It is the question specls's unrolling asks at depth k, written by hand for
// this family (the exporter of this package writes one- and two-state questions).
func mutexBMC(n int, broken bool, k int, prop string) string {
	var b strings.Builder
	b.WriteString("(set-logic QF_LIA)\n")
	pc := func(i, p int) string { return fmt.Sprintf("pc_%d_%d", i, p) }
	lock := func(i int) string { return fmt.Sprintf("lock_%d", i) }
	for i := 0; i <= k; i++ {
		for p := range n {
			fmt.Fprintf(&b, "(declare-const %s Int)\n(assert (and (<= 0 %s) (<= %s 2)))\n", pc(i, p), pc(i, p), pc(i, p))
		}
		fmt.Fprintf(&b, "(declare-const %s Bool)\n", lock(i))
	}
	for p := range n {
		fmt.Fprintf(&b, "(assert (= %s 0))\n", pc(0, p))
	}
	fmt.Fprintf(&b, "(assert (not %s))\n", lock(0))
	same := func(i, except int) string {
		var s []string
		for p := range n {
			if p != except {
				s = append(s, fmt.Sprintf("(= %s %s)", pc(i+1, p), pc(i, p)))
			}
		}
		return strings.Join(s, " ")
	}
	for i := 0; i < k; i++ {
		var opts []string
		for p := range n {
			req := fmt.Sprintf("(= %s 0)", pc(i, p))
			if broken {
				req = fmt.Sprintf("(not (= %s 1))", pc(i, p))
			}
			opts = append(opts,
				fmt.Sprintf("(and %s (= %s 1) %s (= %s %s))", req, pc(i+1, p), same(i, p), lock(i+1), lock(i)),
				fmt.Sprintf("(and (= %s 1) (not %s) (= %s 2) %s %s)", pc(i, p), lock(i), pc(i+1, p), same(i, p), lock(i+1)),
				fmt.Sprintf("(and (= %s 2) (= %s 0) %s (not %s))", pc(i, p), pc(i+1, p), same(i, p), lock(i+1)))
		}
		opts = append(opts, fmt.Sprintf("(and %s (= %s %s))", same(i, -1), lock(i+1), lock(i)))
		fmt.Fprintf(&b, "(assert (or %s))\n", strings.Join(opts, " "))
	}
	var crit []string
	for p := range n {
		crit = append(crit, fmt.Sprintf("(= %s 2)", pc(k, p)))
	}
	someCrit := "(or " + strings.Join(crit, " ") + ")"
	switch prop {
	case "Mutex":
		var two []string
		for p := range n {
			for q := p + 1; q < n; q++ {
				two = append(two, fmt.Sprintf("(and %s %s)", crit[p], crit[q]))
			}
		}
		fmt.Fprintf(&b, "(assert (or %s))\n", strings.Join(two, " "))
	case "LockHeld":
		fmt.Fprintf(&b, "(assert (not (= %s %s)))\n", lock(k), someCrit)
	}
	b.WriteString("(check-sat)\n")
	return b.String()
}

// BenchmarkMutexZ3 sets specls's whole check of the n-process mutual exclusion over a
// map (every finding and verdict: Mutex, LockHeld and Held proved; in the broken
// variant LockHeld violated by its shortest run, three steps) beside z3 on the bounded
// checks of the same properties: Mutex to depth n (unsat, within a 60 s limit) and,
// broken, LockHeld to depth 3 (sat). Metrics: z3-ns (z3's wall time, its start
// included, the median of three runs; 60 s when it did not finish) and ours/z3. Run:
// go test ./lang/smt -run '^$' -bench MutexZ3 -benchtime 3x
func BenchmarkMutexZ3(b *testing.B) {
	requireZ3(b)
	for _, n := range []int{3, 5, 8, 12, 20, 40} {
		for _, broken := range []bool{false, true} {
			name := fmt.Sprintf("N=%d", n)
			prop, k, want := "Mutex", n, Answer("unsat")
			if broken {
				name += "/broken"
				prop, k, want = "LockHeld", 3, Answer("sat")
			}
			src := specgen.Mutex(n, broken)
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					a := specls.Analyze(context.Background(), src, specls.Options{})
					for _, p := range a.Properties {
						if (p.Name == "LockHeld" && broken) != (p.Status == "violated") || (p.Status != "violated" && p.Status != "proved") {
							b.Fatalf("%s: %s", p.Name, p.Status)
						}
					}
				}
				per := b.Elapsed() / time.Duration(b.N)
				// z3's median of three runs (one when it takes more than 10 s: the
				// machine is shared, and a single run is noisy).
				var walls []time.Duration
				for len(walls) < 3 {
					ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
					run, err := RunZ3(ctx, []byte(mutexBMC(n, broken, k, prop)))
					cancel()
					switch {
					case err == context.DeadlineExceeded:
						walls = append(walls, 60*time.Second)
					case err != nil:
						b.Fatal(err)
					case len(run.Answers) != 1 || run.Answers[0] != want:
						b.Fatalf("z3 answered %v to %s at depth %d, want %s", run.Answers, prop, k, want)
					default:
						walls = append(walls, run.Wall)
					}
					if walls[0] > 10*time.Second {
						break
					}
				}
				slices.Sort(walls)
				wall := walls[len(walls)/2]
				b.ReportMetric(float64(wall.Nanoseconds()), "z3-ns")
				b.ReportMetric(float64(per)/float64(wall), "ours/z3")
			})
		}
	}
}
