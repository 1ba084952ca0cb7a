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
type askedStats struct{ questions, sat, unsat, models, skipped int }

func (s *askedStats) add(o askedStats) {
	s.questions += o.questions
	s.sat += o.sat
	s.unsat += o.unsat
	s.models += o.models
	s.skipped += o.skipped
}

// askAgain runs the checker on a spec, collects every static question it asks (the
// question values of lang/check: the clauses assumed, each negated or not, and the
// checker's answer), asks each of z3 on our export, and reports the first
// disagreement; a Sat answer's model is checked too (z3: the clauses with the
// variables pinned to our model are sat). A question with a clause the export cannot translate is skipped and
// counted.
func askAgain(ctx context.Context, src string, file *ast.File, info *sema.Info) (askedStats, error) {
	var st askedStats
	var asked []checker.Question
	// The checker's own budget bounds it (deterministic work units); ctx bounds z3.
	// Under the race detector on a loaded machine a corpus spec's whole check can take
	// longer than z3's limit, which must not cancel the questions being compared.
	checker.Check(context.Background(), src, file, info, checker.Options{Questions: func(q checker.Question) {
		if q.Answer != logic.Unknown {
			asked = append(asked, q)
		}
	}})
	type want struct {
		q     checker.Question
		model bool // this check pins the question's model
	}
	var q Query
	var kept []want
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
		kept = append(kept, want{q: a})
		if a.Answer == logic.Sat && len(a.Model) > 0 {
			q.Clauses = append(q.Clauses, Clause{Name: fmt.Sprintf("q%d!model", i), State: a.Model})
			q.Checks = append(q.Checks, append(append([]int(nil), idx...), len(q.Clauses)-1))
			kept = append(kept, want{q: a, model: true})
		}
	}
	if len(kept) == 0 {
		return st, nil
	}
	var script bytes.Buffer
	if err := Write(&script, file, info, q); err != nil {
		return st, fmt.Errorf("export: %v", err)
	}
	// z3's minute starts now, not before the checker ran (under -race on a loaded
	// machine the checker alone may take most of a minute).
	zctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	run, err := RunZ3(zctx, script.Bytes())
	if err != nil {
		return st, err
	}
	if len(run.Answers) != len(kept) {
		return st, fmt.Errorf("z3 gave %d answers to %d questions", len(run.Answers), len(kept))
	}
	for i, k := range kept {
		ans := Sat
		if k.q.Answer == logic.Unsat {
			ans = Unsat
		}
		what := k.q.What
		if k.model {
			what += ", in the checker's model " + stateText(k.q.Model)
		}
		if run.Answers[i] != ans {
			return st, fmt.Errorf("the checker's question %q: it says %s, z3 says %s\n--- script ---\n%s", what, ans, run.Answers[i], script.String())
		}
		switch {
		case k.model:
			st.models++
		case ans == Sat:
			st.questions++
			st.sat++
		default:
			st.questions++
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
		st, err := askAgain(context.Background(), string(src), file, info)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		total.add(st)
	}
	t.Logf("%d questions answered again (%d sat, %d unsat; %d models confirmed), %d skipped", total.questions, total.sat, total.unsat, total.models, total.skipped)
	if total.sat < 50 || total.unsat < 50 {
		t.Errorf("the corpus should exercise both answers: %+v", total)
	}
}
