package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const verdictSpec = `spec V
var n: 0..3
initially n == 0
action Inc {
  requires n < 3
  ensures n' == n + 1
}
invariant Small: n <= 3
example Up {
  do Inc
  expect n == 1
}
example Wrong {
  do Inc
  expect n == 2
}
nonexample Jump {
  given n == 2
  do Inc
}
nonexample Possible {
  do Inc
}
`

// Every named example gets a verdict as a value, in source order.
func TestExampleVerdicts(t *testing.T) {
	a := Analyze(context.Background(), verdictSpec, Options{})
	got := verdictLine(a)
	want := "example Up passes; example Wrong fails; nonexample Jump passes; nonexample Possible fails"
	if got != want {
		t.Fatalf("verdicts\n got %s\nwant %s", got, want)
	}
}

// An example the check never asks is unknown with the reason, never a pass: here no
// state is initial, so nothing that depends on the initial states is asked.
func TestExampleVerdictNotAsked(t *testing.T) {
	src := strings.Replace(verdictSpec, "initially n == 0", "initially n == 0\ninitially n == 1", 1)
	a := Analyze(context.Background(), src, Options{})
	for _, v := range a.Examples {
		if v.Status != "unknown" || !strings.HasPrefix(v.Reason, "not asked: ") {
			t.Fatalf("%s %s: %s (%s), want unknown, not asked", v.Kind(), v.Name, v.Status, v.Reason)
		}
	}
	if len(a.Examples) != 4 {
		t.Fatalf("%d verdicts, want 4", len(a.Examples))
	}
}

// A budget too small for an example's questions makes it unknown, with the reason
// (deterministic: the same at every run).
func TestExampleVerdictBudget(t *testing.T) {
	// No initial balance: the expect must hold from any start, a larger question.
	src := `spec Bank
var balance: 0..1000
action Deposit(amount: 1..500) {
  ensures balance' == balance + amount
}
action Withdraw(amount: 1..100) {
  requires amount <= balance
  ensures balance' == balance - amount
}
example DepositThenWithdraw {
  do Deposit(100)
  do Withdraw(30)
  expect balance == 70
}
`
	for range 2 {
		a := Analyze(context.Background(), src, Options{Budget: 1})
		if len(a.Examples) != 1 || a.Examples[0].Status != "unknown" || !strings.Contains(a.Examples[0].Reason, "the budget ran out (1 thousand work units per question)") {
			t.Fatalf("verdicts %+v", a.Examples)
		}
	}
	if a := Analyze(context.Background(), src, Options{}); verdictLine(a) != "example DepositThenWithdraw fails" {
		t.Fatalf("with the default budget: %s", verdictLine(a))
	}
}

// With Stop, the examples are asked first and the check ends at the verdict Stop
// wants: later examples and the properties are unknown ("not asked"), and no question
// about them is asked.
func TestStopAtFirstVerdict(t *testing.T) {
	var seen []string
	a := Analyze(context.Background(), verdictSpec, Options{Stop: func(v ExampleVerdict) bool {
		seen = append(seen, v.Name+" "+v.Status)
		return v.Status == "fails"
	}})
	if strings.Join(seen, ", ") != "Up passes, Wrong fails" {
		t.Fatalf("Stop saw %v", seen)
	}
	got := verdictLine(a)
	want := "example Up passes; example Wrong fails; nonexample Jump unknown; nonexample Possible unknown"
	if got != want {
		t.Fatalf("verdicts\n got %s\nwant %s", got, want)
	}
	if len(a.Properties) != 1 || a.Properties[0].Status != "unknown" || a.Properties[0].Reason != notAsked {
		t.Fatalf("properties %+v", a.Properties)
	}
	// A Stop that never stops changes nothing: the same verdicts as without it.
	full := Analyze(context.Background(), verdictSpec, Options{})
	all := Analyze(context.Background(), verdictSpec, Options{Stop: func(ExampleVerdict) bool { return false }})
	if verdictLine(all) != verdictLine(full) || len(all.Properties) != 1 || all.Properties[0].Status != full.Properties[0].Status {
		t.Fatalf("with a Stop that never stops: %s %+v; without: %s %+v", verdictLine(all), all.Properties, verdictLine(full), full.Properties)
	}
	if len(all.Findings) != len(full.Findings) {
		t.Fatalf("with a Stop that never stops: %d findings; without: %d", len(all.Findings), len(full.Findings))
	}
}

func verdictLine(a Analysis) string {
	var parts []string
	for _, v := range a.Examples {
		parts = append(parts, v.Kind()+" "+v.Name+" "+v.Status)
	}
	return strings.Join(parts, "; ")
}

// Verdicts leaves out questions and never changes a verdict: here the blocked-action
// and unreachable-action questions go, the verdicts and every other finding stay.
func TestVerdictsOnly(t *testing.T) {
	src := `spec Counter
var n: 0..2
var m: 0..1
initially n == 0 and m == 0
action Inc {
  ensures n' == n + 1
}
action Never {
  requires m == 1
  ensures n' == 0
}
invariant Small: n <= 1
example Up {
  do Inc
  expect n == 1
}
`
	full := Analyze(context.Background(), src, Options{})
	lean := Analyze(context.Background(), src, Options{Verdicts: true})
	var want []string
	left := map[string]int{}
	for _, f := range full.Findings {
		if f.Code == "blocked-action" || f.Code == "unreachable" {
			left[string(f.Code)]++
			continue
		}
		want = append(want, string(f.Code)+" "+f.Message)
	}
	var got []string
	for _, f := range lean.Findings {
		got = append(got, string(f.Code)+" "+f.Message)
	}
	if left["blocked-action"] == 0 || left["unreachable"] == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("left out %v; with Verdicts:\n%s\nwant:\n%s", left, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if verdictLine(lean) != verdictLine(full) || len(lean.Properties) != 1 || lean.Properties[0] != full.Properties[0] {
		t.Fatalf("verdicts %s %+v, want %s %+v", verdictLine(lean), lean.Properties, verdictLine(full), full.Properties)
	}
}

// On the corpus specs with examples (their properties too), the options mutate uses
// (Verdicts, and Stop never stopping) give every example, nonexample and property the
// verdict the full check gives, reason and depth included.
func TestVerdictsOnlyCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus specs checked twice")
	}
	var files []string
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/check/*.specl", "../../testdata/qa/*.specl", "../../testdata/qa2/*.specl"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	asked := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), "example ") {
			continue
		}
		asked++
		full := Analyze(context.Background(), string(src), Options{})
		lean := Analyze(context.Background(), string(src), Options{Verdicts: true, Stop: func(ExampleVerdict) bool { return false }})
		if a, b := fmt.Sprint(lean.Examples), fmt.Sprint(full.Examples); a != b {
			t.Errorf("%s: examples %s, want %s", path, a, b)
		}
		if a, b := fmt.Sprint(lean.Properties), fmt.Sprint(full.Properties); a != b {
			t.Errorf("%s: properties %s, want %s", path, a, b)
		}
	}
	if asked < 20 {
		t.Fatalf("only %d corpus specs with examples", asked)
	}
}
