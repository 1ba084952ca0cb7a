package diff

import (
	"context"
	"fmt"
	"github.com/specls/specls/lang/check"
	"strings"
	"testing"
)

// genSpec writes a state machine of about 200 lines: 18 variables, 30 facts, 20
// actions. deMorgan writes each action's first requires negated twice and lists the
// facts in reverse, for an equivalent spec written differently; boundary changes one
// requires from <= to <.
func genSpec(deMorgan, boundary bool) string {
	var b strings.Builder
	b.WriteString("spec Gen\n\nenum Mode { Idle, Busy, Done, Failed }\n\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "var v%d: 0..15\n", i)
	}
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "var m%d: Mode\n", i)
	}
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "var f%d: bool\n", i)
	}
	b.WriteString("\n")
	var facts []string
	for i := 0; i < 30; i++ {
		facts = append(facts, fmt.Sprintf("fact F%d: m%d == Failed implies v%d <= v%d + %d", i, i%4, i%10, (i+1)%10, 15-i%5))
	}
	if deMorgan {
		for i, j := 0, len(facts)-1; i < j; i, j = i+1, j-1 {
			facts[i], facts[j] = facts[j], facts[i]
		}
	}
	b.WriteString(strings.Join(facts, "\n") + "\n\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "initially v%d == 0\n", i)
	}
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "initially m%d == Idle\ninitially not f%d\n", i, i)
	}
	for a := 0; a < 20; a++ {
		m, v := a%4, a%10
		b.WriteString("\n")
		fmt.Fprintf(&b, "action A%d(n: 1..3) {\n", a)
		if deMorgan {
			fmt.Fprintf(&b, "  requires not (m%d != Idle and m%d != Busy)\n", m, m)
		} else {
			fmt.Fprintf(&b, "  requires m%d == Idle or m%d == Busy\n", m, m)
		}
		op := "<="
		if boundary && a == 7 {
			op = "<"
		}
		fmt.Fprintf(&b, "  requires v%d + n %s 15\n", v, op)
		fmt.Fprintf(&b, "  ensures v%d' == v%d + n\n  ensures m%d' == Busy\n}\n", v, v, m)
	}
	return b.String()
}

func benchCompare(b *testing.B, a, c string, verdict string) {
	sa, errs := Load("a.specl", a)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	sc, errs := Load("b.specl", c)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.ResetTimer()
	defer b.ReportMetric(float64(strings.Count(a, "\n")), "lines")
	for i := 0; i < b.N; i++ {
		res, err := Compare(context.Background(), sa, sc, Options{})
		if err != nil || res.Verdict != verdict {
			b.Fatalf("%v %+v", err, res)
		}
	}
}

// Two 200-line specs, equivalent but written differently: every question is unsat.
func BenchmarkDiff200Equivalent(b *testing.B) {
	benchCompare(b, genSpec(false, false), genSpec(true, false), "equivalent")
}

// Two 200-line specs one boundary apart: the shortest run that tells them apart.
func BenchmarkDiff200Boundary(b *testing.B) {
	benchCompare(b, genSpec(false, false), genSpec(false, true), "different")
}

func TestGeneratedPair(t *testing.T) {
	if n := strings.Count(genSpec(false, false), "\n"); n < 190 || n > 230 {
		t.Fatalf("%d lines", n)
	}
	a, _ := Load("a.specl", genSpec(false, false))
	c, _ := Load("b.specl", genSpec(false, true))
	res, err := Compare(context.Background(), a, c, Options{})
	if err != nil || res.Verdict != "different" || len(res.Differences) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	d := res.Differences[0]
	if d.Kind != "run" || d.Action != "A7" || d.RejectedBy != "b.specl" || len(d.Clauses) != 1 || d.Clauses[0].What != "requires of A7 (step 5)" {
		t.Errorf("%+v", d)
	}
}

// Baseline: `specls check` of one of the two specs.
func BenchmarkCheck200(b *testing.B) {
	src := genSpec(false, false)
	for i := 0; i < b.N; i++ {
		check.Analyze(context.Background(), src, check.Options{})
	}
}
