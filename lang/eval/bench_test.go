package eval

import (
	"context"
	"os"
	"testing"

	"github.com/specls/specls/lang/diag"
)

// BenchmarkReplayBank replays a 1,000-step run of the bank, every step given with its
// action and arguments (what `specls replay` does per trace line, without the JSON).
func BenchmarkReplayBank(b *testing.B) {
	src, err := os.ReadFile("../../examples/bank.specl")
	if err != nil {
		b.Fatal(err)
	}
	m := load(&testing.T{}, string(src))
	var obs []Observation
	bal := int64(0)
	for i := range 1000 {
		act, amt := "Deposit", int64(1+i%7)
		if i%2 == 1 && bal >= amt {
			act = "Withdraw"
			bal -= amt
		} else {
			bal += amt
		}
		obs = append(obs, Observation{Action: act, HasArgs: true, Args: []diag.Binding{{Name: "amount", Value: diag.Int(amt)}},
			State: []diag.Binding{{Name: "balance", Value: diag.Int(bal)}, {Name: "status", Value: diag.Enum("Open")}}})
	}
	start := Observation{State: []diag.Binding{{Name: "balance", Value: diag.Int(0)}, {Name: "status", Value: diag.Enum("Open")}}}
	b.ResetTimer()
	for range b.N {
		r := m.NewReplay()
		if rej, err := r.Start(start); rej != nil || err != nil {
			b.Fatal(rej, err)
		}
		for _, o := range obs {
			if rej, err := r.Next(o); rej != nil || err != nil {
				b.Fatal(rej.Message, err)
			}
		}
	}
}

// BenchmarkRandomBank makes 20 random runs of 20 steps of the bank.
func BenchmarkRandomBank(b *testing.B) {
	src, err := os.ReadFile("../../examples/bank.specl")
	if err != nil {
		b.Fatal(err)
	}
	m := load(&testing.T{}, string(src))
	for i := range b.N {
		if _, err := m.Random(context.Background(), RandomOptions{Runs: 20, Steps: 20, Seed: uint64(i)}, func(*Run) bool { return true }); err != nil {
			b.Fatal(err)
		}
	}
}
