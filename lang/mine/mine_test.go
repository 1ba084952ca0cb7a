package mine

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/specls/specls/lang/diag"
)

// bankRuns simulates a known machine (the bank of the language reference, balance
// 0..100) with a fixed seed: Deposit(amount) while open and within bounds,
// Withdraw(amount) up to the balance, Close at zero.
func bankRuns(runs, steps int, emit func(Sample)) {
	rng := rand.New(rand.NewSource(1))
	for r := 0; r < runs; r++ {
		balance, status := int64(0), "Open"
		state := func() []diag.Binding {
			return []diag.Binding{{Name: "balance", Value: diag.Int(balance)}, {Name: "status", Value: diag.Enum(status)}}
		}
		run := "r" + string(rune('a'+r%26)) + string(rune('a'+r/26%26))
		emit(Sample{Run: run, Step: 0, State: state()})
		for i := 1; i <= steps; i++ {
			var act string
			var args []diag.Binding
			amount := int64(rng.Intn(30) + 1)
			switch k := rng.Intn(10); {
			case status == "Open" && k < 5 && balance+amount <= 100:
				act, balance = "Deposit", balance+amount
				args = []diag.Binding{{Name: "amount", Value: diag.Int(amount)}}
			case status == "Open" && k < 9 && amount <= balance:
				act, balance = "Withdraw", balance-amount
				args = []diag.Binding{{Name: "amount", Value: diag.Int(amount)}}
			case status == "Open" && balance == 0 && k == 9:
				act, status = "Close", "Closed"
			default:
				continue
			}
			emit(Sample{Run: run, Step: i, Action: act, Args: args, State: state()})
		}
	}
}

func mineBank(t *testing.T) []Candidate {
	m := New(Options{})
	n := 0
	bankRuns(200, 60, func(s Sample) {
		// Steps skipped in the simulation leave gaps: renumber so each run's steps follow.
		if s.Step == 0 {
			n = 0
		} else {
			n++
		}
		s.Step = n
		m.Add(s)
	})
	cs, _ := m.Candidates()
	return cs
}

// The machine's invariants and step relations are among the candidates; properties it
// does not have are not.
func TestMinesKnownMachine(t *testing.T) {
	cs := mineBank(t)
	var texts []string
	for _, c := range cs {
		key := c.Text
		if c.Kind == "step" {
			key = c.Action + ": " + c.Text
		}
		texts = append(texts, key)
		if c.Support < 20 || c.Confidence <= 0.95 {
			t.Errorf("%s: support %d, confidence %f", key, c.Support, c.Confidence)
		}
	}
	for _, want := range []string{
		"balance >= 0",
		"status == Closed implies balance == 0",
		"Deposit: balance' == balance + amount",
		"Deposit: status' == status",
		"Withdraw: balance' == balance - amount",
		"Withdraw: status' == status",
		"Close: balance' == balance",
		"Close: status' == Closed",
	} {
		if !slices.Contains(texts, want) {
			t.Errorf("missing %q in %q", want, texts)
		}
	}
	for _, bad := range []string{
		"status == Open", "balance == 0", "Withdraw: balance' >= balance", "Deposit: balance' <= balance",
		"status == Open implies balance == 0", "balance <= 50",
	} {
		if slices.Contains(texts, bad) {
			t.Errorf("mined %q, which the machine does not keep", bad)
		}
	}
}

// Thin evidence is suppressed: a premise seen fewer than MinSupport times says nothing.
func TestThinEvidence(t *testing.T) {
	m := New(Options{MinSupport: 5})
	for i := 0; i < 4; i++ {
		m.Add(Sample{Run: "a", Step: i, State: []diag.Binding{{Name: "x", Value: diag.Int(3)}}})
	}
	cs, suppressed := m.Candidates()
	if len(cs) != 0 || suppressed != 1 {
		t.Fatalf("candidates %+v, suppressed %d", cs, suppressed)
	}
	m.Add(Sample{Run: "a", Step: 4, State: []diag.Binding{{Name: "x", Value: diag.Int(3)}}})
	cs, _ = m.Candidates()
	if len(cs) != 1 || cs[0].Text != "x == 3" || cs[0].Support != 5 || cs[0].Confidence != 6.0/7 {
		t.Fatalf("candidates %+v", cs)
	}
}

// Maps and records are followed entry by entry; sets by membership and inclusion.
func TestStructuredValues(t *testing.T) {
	m := New(Options{MinSupport: 3})
	for i := 0; i < 5; i++ {
		admin := []diag.Value{diag.Enum("Read"), diag.Enum("Write")}
		if i%2 == 0 {
			admin = append(admin, diag.Enum("Delete"))
		}
		m.Add(Sample{Run: "a", Step: i, State: []diag.Binding{
			{Name: "grants", Value: diag.Map(diag.Binding{Name: "Admin", Value: diag.Set(admin...)}, diag.Binding{Name: "Guest", Value: diag.Set(diag.Enum("Read"))})},
			{Name: "limit", Value: diag.Record(diag.Binding{Name: "lo", Value: diag.Int(int64(i))}, diag.Binding{Name: "hi", Value: diag.Int(int64(i + 2))})},
		}})
	}
	cs, _ := m.Candidates()
	var texts []string
	for _, c := range cs {
		texts = append(texts, c.Text)
	}
	for _, want := range []string{"Write in grants[Admin]", "grants[Guest] subset grants[Admin]", "limit.lo < limit.hi", "grants[Guest] == {Read}"} {
		if !slices.Contains(texts, want) {
			t.Errorf("missing %q in %q", want, texts)
		}
	}
}
