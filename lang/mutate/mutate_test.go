package mutate

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestBankSurvivorsKilled runs mutate on a bank whose one example leaves mutants
// alive, pastes every synthesised block into the spec, and runs it again: each former
// survivor is now killed (by its own block), and the others stay as they were.
func TestBankSurvivorsKilled(t *testing.T) {
	src, err := os.ReadFile("testdata/bank.specl")
	if err != nil {
		t.Fatal(err)
	}
	first, err := Run(context.Background(), "bank.specl", string(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Survived == 0 || first.Killed == 0 {
		t.Fatalf("want both killed and surviving mutants, got %+v", first)
	}
	if first.Total != first.Killed+first.Survived+first.Equivalent+first.Unknown {
		t.Fatalf("counts do not add up: %+v", first)
	}
	key := func(m Mutant) string { return m.Clause + "|" + m.Operator + "|" + m.Original + "|" + m.Replacement }
	was := map[string]string{}
	var pasted []string
	for _, m := range first.Mutants {
		was[key(m)] = m.Status
		if m.Status == "survived" {
			if m.Kill == "" {
				t.Errorf("mutant %d (%s: %s) survived without a killing block: %s", m.ID, m.Clause, m.Operator, m.Why)
			}
			pasted = append(pasted, m.Kill)
		}
	}
	if first.Survived < 5 {
		t.Fatalf("only %d survivors", first.Survived)
	}
	more := string(src) + "\n" + strings.Join(pasted, "\n\n") + "\n"
	second, err := Run(context.Background(), "bank.specl", more, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range second.Mutants {
		before, ok := was[key(m)]
		if !ok {
			continue // a mutant of a pasted block cannot occur: blocks are not clauses
		}
		switch {
		case before == "survived" && m.Status != "killed":
			t.Errorf("mutant %s: %s after pasting its killer (%s)", key(m), m.Status, m.Why)
		case before != "survived" && m.Status != before:
			t.Errorf("mutant %s: was %s, now %s", key(m), before, m.Status)
		}
	}
	if second.Survived != 0 || second.Killed != first.Killed+first.Survived {
		t.Fatalf("after pasting: %d killed, %d survived (before: %d killed, %d survived)", second.Killed, second.Survived, first.Killed, first.Survived)
	}
}

func TestDoStep(t *testing.T) {
	for in, want := range map[string]string{
		"Inc":                            "do Inc",
		"Withdraw(amount: 1)":            "do Withdraw(1)",
		"Grant(r: Admin, ps: {A, B})":    "do Grant(Admin, {A, B})",
		"Set(m: [A -> 1, B -> 2], x: 3)": "do Set(_, 3)",
	} {
		if got, ok := doStep(in); !ok || got != want {
			t.Errorf("%s: got %q, want %q", in, got, want)
		}
	}
}

// BenchmarkMutateBank mutates the small bank with one worker (the editor's setting).
func BenchmarkMutateBank(b *testing.B) {
	src, err := os.ReadFile("testdata/bank.specl")
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		if _, err := Run(context.Background(), "bank.specl", string(src), Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// An unknown verdict is no kill: under a budget too small for some questions, every
// kill names two decided verdicts, a mutant with an unknown verdict and no changed
// one is unknown with the reason, and a second run judges every mutant the same way
// (the budget counts work, not time).
func TestBudgetUnknownIsNoKill(t *testing.T) {
	src, err := os.ReadFile("../../examples/bank.specl")
	if err != nil {
		t.Fatal(err)
	}
	run := func() *Result {
		res, err := Run(context.Background(), "bank.specl", string(src), Options{Budget: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := run()
	if first.Unknown == 0 || first.Killed == 0 {
		t.Fatalf("want killed and unknown mutants at budget 1, got %d killed, %d unknown", first.Killed, first.Unknown)
	}
	for _, m := range first.Mutants {
		switch m.Status {
		case "killed":
			if strings.Contains(m.KilledBy, "unknown") {
				t.Errorf("mutant %d killed by an unknown verdict: %s", m.ID, m.KilledBy)
			}
		case "unknown":
			if !strings.Contains(m.Why, "the budget ran out (1 thousand work units per question)") {
				t.Errorf("mutant %d unknown without the budget's reason: %s", m.ID, m.Why)
			}
		}
	}
	second := run()
	for i, m := range second.Mutants {
		f := first.Mutants[i]
		if m.Status != f.Status || m.KilledBy != f.KilledBy || m.Why != f.Why || m.Kill != f.Kill {
			t.Errorf("mutant %d: %s (%s%s) then %s (%s%s)", m.ID, f.Status, f.KilledBy, f.Why, m.Status, m.KilledBy, m.Why)
		}
	}
}

// A mutant whose initial states are empty is killed by the example it makes fail
// (no run can start), though the checker reports only the contradiction.
func TestContradictionKills(t *testing.T) {
	src, err := os.ReadFile("../../examples/bank.specl")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), "bank.specl", string(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range res.Mutants {
		if m.Clause == "fact ClosedIsEmpty" && m.Operator == "reverse implication" {
			found = true
			if m.Status != "killed" || !strings.HasPrefix(m.KilledBy, "example DepositThenWithdraw: passes → fails (no state is initial") {
				t.Errorf("reversed ClosedIsEmpty: %s, %s", m.Status, m.KilledBy)
			}
		}
	}
	if !found {
		t.Fatal("no reversed ClosedIsEmpty among the mutants")
	}
}
