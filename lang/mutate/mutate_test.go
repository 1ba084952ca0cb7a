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
