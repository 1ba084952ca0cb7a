package check

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
)

// TestFactQuestionsStayInTheirGroup: facts that share no variable are asked about
// apart, so a question grows with the facts it can involve, not with the spec. Here
// 300 pairs of facts, each pair over its own two variables: every redundancy question
// names the two facts of one pair, and the one redundant fact of each pair is found,
// relating its partner.
func TestFactQuestionsStayInTheirGroup(t *testing.T) {
	const pairs = 300
	var b strings.Builder
	b.WriteString("spec Pairs\n")
	for i := range pairs {
		fmt.Fprintf(&b, "var a%d: 0..7\nvar b%d: 0..7\nfact P%d: a%d < b%d\nfact Q%d: a%d != 7\n", i, i, i, i, i, i, i)
	}
	var redundancyParts []int
	opts := Options{Questions: func(q Question) {
		if strings.HasSuffix(q.What, "follows from the other facts") {
			redundancyParts = append(redundancyParts, len(q.Parts))
		}
	}}
	a := Analyze(context.Background(), b.String(), opts)
	if len(redundancyParts) != 2*pairs {
		t.Fatalf("%d redundancy questions, want %d (one per fact)", len(redundancyParts), 2*pairs)
	}
	for i, n := range redundancyParts {
		if n != 2 {
			t.Fatalf("redundancy question %d has %d parts, want 2 (the fact and its pair)", i, n)
		}
	}
	var redundant int
	for _, f := range a.Findings {
		if f.Code != diag.Redundant {
			t.Errorf("unexpected finding %s: %s", f.Code, f.Message)
			continue
		}
		redundant++
		// Q_i (a_i != 7) follows from P_i (a_i < b_i <= 7).
		var i int
		if _, err := fmt.Sscanf(f.Message, "fact Q%d follows from the other facts", &i); err != nil {
			t.Errorf("unexpected redundancy: %s", f.Message)
			continue
		}
		if len(f.Related) != 1 || f.Related[0].Message != "fact P"+strconv.Itoa(i)+" implies it" {
			t.Errorf("Q%d: related %v, want P%d", i, f.Related, i)
		}
	}
	if redundant != pairs {
		t.Errorf("%d redundant facts, want %d", redundant, pairs)
	}
}

// TestFactRedundancyPool: the redundancy questions of all facts share the work of
// factHintQuestions questions; past it, the facts not asked about are one unknown
// finding at the first of them, never silence. 120 facts over three variables with a
// budget of 2 (thousand work units per question): every question finishes, the pool
// runs out part way.
func TestFactRedundancyPool(t *testing.T) {
	const n = 120
	var b strings.Builder
	b.WriteString("spec Many\noption budget = 2\nvar x: 0..15\nvar y: 0..15\nvar z: 0..15\n")
	for i := range n {
		fmt.Fprintf(&b, "fact F%d: x + %d != y or z > %d\n", i, i%16, i%5)
	}
	src := b.String()
	a := Analyze(context.Background(), src, Options{})
	re := regexp.MustCompile(`^could not decide whether fact F(\d+) and (\d+) more facts after it follow from the other facts: the redundancy questions of the facts took their share of work \(20 questions' budgets: 40 units\)$`)
	var unknown []diag.Finding
	redundantAfter := map[int]bool{}
	for _, f := range a.Findings {
		switch f.Code {
		case diag.Unknown:
			unknown = append(unknown, f)
		case diag.Redundant:
			var i int
			fmt.Sscanf(f.Message, "fact F%d", &i)
			redundantAfter[i] = true
		}
	}
	if len(unknown) != 1 {
		t.Fatalf("%d unknown findings, want 1: %v", len(unknown), unknown)
	}
	m := re.FindStringSubmatch(unknown[0].Message)
	if m == nil {
		t.Fatalf("unknown finding %q", unknown[0].Message)
	}
	t.Logf("%s", m[0])
	first, _ := strconv.Atoi(m[1])
	more, _ := strconv.Atoi(m[2])
	if first == 0 || first+more+1 != n {
		t.Errorf("F%d and %d more: want a fact past the first, and every fact after it", first, more)
	}
	if want := "fact F" + m[1] + ":"; !strings.HasPrefix(src[unknown[0].Span.Start:], want) {
		t.Errorf("the finding is at %q, want the fact it names", src[unknown[0].Span.Start:unknown[0].Span.End])
	}
	for i := range redundantAfter {
		if i >= first {
			t.Errorf("F%d reported redundant, but its question was not asked", i)
		}
	}
}

// TestFactGroupCounterexample: a fact asked about in its group's world still shows a
// whole state: its group's variables from the question's canonical model, the others
// from a model of all the facts.
func TestFactGroupCounterexample(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec Wide\nvar a: 0..7\nfact C: cases { a > 3 => true, a < 2 => true }\n")
	for i := range factWorldsFrom {
		fmt.Fprintf(&b, "var v%d: 0..3\nfact V%d: v%d != %d\n", i, i, i, i%4)
	}
	a := Analyze(context.Background(), b.String(), Options{})
	var found bool
	for _, f := range a.Findings {
		if f.Code != diag.NonExhaustive {
			continue
		}
		found = true
		if f.Counterexample == nil || len(f.Counterexample.States) != 1 {
			t.Fatalf("counterexample %v", f.Counterexample)
		}
		st := f.Counterexample.States[0]
		if len(st) != factWorldsFrom+1 {
			t.Errorf("the state has %d variables, want %d", len(st), factWorldsFrom+1)
		}
		vals := map[string]string{}
		for _, bd := range st {
			vals[bd.Name] = bd.Value.String()
		}
		if vals["a"] != "2" {
			t.Errorf("a = %s, want 2 (the smallest value no arm matches)", vals["a"])
		}
		for i := range factWorldsFrom {
			if v := vals["v"+strconv.Itoa(i)]; v == "" || v == strconv.Itoa(i%4) {
				t.Errorf("v%d = %q: not a value its fact allows", i, v)
			}
		}
	}
	if !found {
		t.Fatalf("no non-exhaustive finding: %v", a.Findings)
	}
}

// manyFacts is a static spec of n facts: independent, each over a variable of its own
// (n groups), or shared, over 40 variables (one group).
func manyFacts(n int, shared bool) string {
	var b strings.Builder
	b.WriteString("spec Facts\n")
	if !shared {
		for i := range n {
			fmt.Fprintf(&b, "var v%d: 0..%d\nfact F%d: v%d <= %d or v%d == 0\n", i, i%50+1, i, i, i%50, i)
		}
		return b.String()
	}
	for i := range 40 {
		fmt.Fprintf(&b, "var v%d: 0..15\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "fact F%d: v%d <= %d or v%d != %d\n", i, (i*7)%40, i%16, (i*13+5)%40, (i*3)%16)
	}
	return b.String()
}

// BenchmarkFacts checks static specs of 2,000 facts, independent and shared.
func BenchmarkFacts(b *testing.B) {
	for _, shared := range []bool{false, true} {
		name := "independent"
		if shared {
			name = "shared"
		}
		src := manyFacts(2000, shared)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Analyze(context.Background(), src, Options{})
			}
		})
	}
}
