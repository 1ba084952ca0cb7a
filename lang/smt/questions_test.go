package smt

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/specls/specls/lang/ast"
	checker "github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// askedStats counts the checker's own questions that z3 answered again.
type askedStats struct{ questions, sat, unsat, skipped int }

func (s *askedStats) add(o askedStats) {
	s.questions += o.questions
	s.sat += o.sat
	s.unsat += o.unsat
	s.skipped += o.skipped
}

// askAgain runs the checker on a spec, collects every static question it asks (the
// question values of lang/check: the clauses assumed, each negated or not, and the
// checker's answer), asks each of z3 on our export, and reports the first
// disagreement. A question with a clause the export cannot translate is skipped and
// counted.
func askAgain(ctx context.Context, src string, file *ast.File, info *sema.Info) (askedStats, error) {
	var st askedStats
	var asked []checker.Question
	checker.Check(ctx, src, file, info, checker.Options{Questions: func(q checker.Question) {
		if q.Answer != logic.Unknown {
			asked = append(asked, q)
		}
	}})
	var q Query
	var kept []checker.Question
	for i, a := range asked {
		var cls []Clause
		for j, p := range a.Parts {
			cls = append(cls, Clause{Name: fmt.Sprintf("q%d!%d", i, j), Body: p.Body, Negate: p.Negate})
		}
		var probe bytes.Buffer
		if err := Write(&probe, file, info, Query{Clauses: cls}); err != nil {
			st.skipped++
			continue
		}
		var idx []int
		for _, cl := range cls {
			idx = append(idx, len(q.Clauses))
			q.Clauses = append(q.Clauses, cl)
		}
		q.Checks = append(q.Checks, idx)
		kept = append(kept, a)
	}
	if len(kept) == 0 {
		return st, nil
	}
	var script bytes.Buffer
	if err := Write(&script, file, info, q); err != nil {
		return st, fmt.Errorf("export: %v", err)
	}
	run, err := RunZ3(ctx, script.Bytes())
	if err != nil {
		return st, err
	}
	if len(run.Answers) != len(kept) {
		return st, fmt.Errorf("z3 gave %d answers to %d questions", len(run.Answers), len(kept))
	}
	for i, a := range kept {
		want := Sat
		if a.Answer == logic.Unsat {
			want = Unsat
		}
		if run.Answers[i] != want {
			return st, fmt.Errorf("the checker's question %q: it says %s, z3 says %s\n--- script ---\n%s", a.What, want, run.Answers[i], script.String())
		}
		st.questions++
		if want == Sat {
			st.sat++
		} else {
			st.unsat++
		}
	}
	return st, nil
}

// TestCheckerQuestions asks z3 the checker's own static questions (consistency of
// the facts, each static property, redundant facts, true by the types alone, static
// examples) about every spec of the corpus, and wants the checker's answers.
func TestCheckerQuestions(t *testing.T) {
	requireZ3(t)
	var files []string
	for _, dir := range []string{"../../examples", "../../testdata/check", "../../testdata/qa", "../../testdata/qa2"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.specl"))
		files = append(files, m...)
	}
	var total askedStats
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		file, _ := parser.Parse(string(src))
		info := sema.Check(file)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		st, err := askAgain(ctx, string(src), file, info)
		cancel()
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		total.add(st)
	}
	t.Logf("%d questions answered again (%d sat, %d unsat), %d skipped", total.questions, total.sat, total.unsat, total.skipped)
	if total.sat < 50 || total.unsat < 50 {
		t.Errorf("the corpus should exercise both answers: %+v", total)
	}
}
