package smt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/internal/specgen"
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// BenchmarkZ3Ratio times, per example, the static questions (facts consistent; each
// claim refuted under the facts) with lang/encode + lang/logic per op, and reports
// z3's time for the same questions from the export as extra metrics: z3-wall-ns (the
// process, start included), z3-start-ns (z3 on an empty script), ours/z3-wall, and
// ours/z3-net (our ns/op over z3's wall time less its start) when that difference is
// at least a millisecond: on the small examples z3's time is mostly its start. (z3's
// own :total-time, in Run.Solver, counts in steps of 10 ms: too coarse here.) Run: go test ./lang/smt -run '^$' -bench Z3Ratio.
func BenchmarkZ3Ratio(b *testing.B) {
	requireZ3(b)
	type spec struct{ name, src string }
	var specs []spec
	files, _ := filepath.Glob("../../examples/*.specl")
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		specs = append(specs, spec{strings.TrimSuffix(filepath.Base(path), ".specl"), string(src)})
	}
	// The generated IAM-like policies of lang/check's benchmarks.
	specs = append(specs, spec{"policy100", specgen.Policy(100, 10, 8, 1)}, spec{"policy1000", specgen.Policy(1000, 30, 12, 1)})
	for _, sp := range specs {
		name, src := sp.name, sp.src
		b.Run(name, func(b *testing.B) {
			file, _ := parser.Parse(src)
			info := sema.Check(file)
			facts, claims := Facts(file, info), Claims(file, info)
			q := Query{Clauses: append(append([]Clause{}, facts...), claims...)}
			var all []int
			for i := range facts {
				all = append(all, i)
			}
			q.Checks = [][]int{all}
			for j := range claims {
				q.Checks = append(q.Checks, append(append([]int{}, all...), len(facts)+j))
			}
			ctx := context.Background()
			for b.Loop() {
				ours(b, ctx, file, info, facts, claims)
			}
			per := b.Elapsed() / time.Duration(b.N)
			// z3's best of three, less the best of three empty runs (starting z3).
			var wall, empty time.Duration
			for range 3 {
				run, err := Time(ctx, file, info, q)
				if err != nil {
					b.Fatal(err)
				}
				e, err := RunZ3(ctx, []byte("(check-sat)\n"))
				if err != nil {
					b.Fatal(err)
				}
				if wall == 0 || run.Wall < wall {
					wall = run.Wall
				}
				if empty == 0 || e.Wall < empty {
					empty = e.Wall
				}
			}
			b.ReportMetric(float64(wall.Nanoseconds()), "z3-wall-ns")
			b.ReportMetric(float64(empty.Nanoseconds()), "z3-start-ns")
			b.ReportMetric(float64(per)/float64(wall), "ours/z3-wall")
			// Below a millisecond the difference is noise of starting a process.
			if net := wall - empty; net >= time.Millisecond {
				b.ReportMetric(float64(per)/float64(net), "ours/z3-net")
			}
		})
	}
}

// ours asks the same questions as the z3 query of BenchmarkZ3Ratio, from the text's
// tree to answers.
func ours(b *testing.B, ctx context.Context, file *ast.File, info *sema.Info, facts, claims []Clause) {
	lb := logic.New()
	enc := encode.New(lb, info)
	frame := &encode.Frame{Pre: enc.NewState(), Path: logic.Bool(true)}
	var fl []logic.Lit
	for _, f := range facts {
		l, err := enc.Formula(frame, f.Body)
		if err != nil {
			b.Fatal(err)
		}
		fl = append(fl, l)
	}
	if r := lb.Solve(ctx, fl, time.Minute); r.Status == logic.Unknown {
		b.Fatal(r)
	}
	for _, c := range claims {
		l, err := enc.Formula(frame, c.Body)
		if err != nil {
			b.Fatal(err)
		}
		l = l.Not()
		if r := lb.Solve(ctx, append(fl[:len(fl):len(fl)], l), time.Minute); r.Status == logic.Unknown {
			b.Fatal(r)
		}
	}
}
