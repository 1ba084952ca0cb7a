package mine

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/trace"
	"github.com/specls/specls/lang/types"
)

// bankTraces is about 100,000 trace states of the known machine as JSON Lines.
func bankTraces(b *testing.B) ([]byte, int) {
	var buf bytes.Buffer
	n, states := 0, 0
	bankRuns(2400, 60, func(s Sample) {
		if s.Step == 0 {
			n = 0
		} else {
			n++
		}
		states++
		if err := trace.Write(&buf, trace.Record{Run: s.Run, Step: n, Action: s.Action, Args: s.Args, HasArgs: len(s.Args) > 0, State: s.State}); err != nil {
			b.Fatal(err)
		}
	})
	return buf.Bytes(), states
}

var bankSchema = &trace.Schema{
	Vars: []trace.Var{{Name: "balance", Type: &types.Range{Lo: 0, Hi: 100}}, {Name: "status", Type: &types.Enum{Name: "Status", Members: []string{"Open", "Closed"}}}},
	Actions: map[string][]trace.Var{
		"Deposit":  {{Name: "amount", Type: &types.Range{Lo: 1, Hi: 30}}},
		"Withdraw": {{Name: "amount", Type: &types.Range{Lo: 1, Hi: 30}}},
		"Close":    nil,
	},
}

// Mining about 100,000 trace states read from JSON Lines with lang/trace: the whole
// pipeline of `specls mine` without --spec.
func BenchmarkMine100k(b *testing.B) {
	data, states := bankTraces(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer b.ReportMetric(float64(states), "states")
	for i := 0; i < b.N; i++ {
		m := New(Options{})
		rd := trace.NewReader(bytes.NewReader(data), "bench.jsonl", bankSchema)
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			m.Add(Sample{Run: rec.Run, Step: rec.Step, Action: rec.Action, Args: rec.Args, State: rec.State})
		}
		if cs, _ := m.Candidates(); len(cs) == 0 {
			b.Fatal("no candidates")
		}
	}
}

// The miner alone (samples already decoded), and its memory: the statistics do not
// grow with the number of samples.
func BenchmarkMinerAdd100k(b *testing.B) {
	var samples []Sample
	bankRuns(2400, 60, func(s Sample) { samples = append(samples, s) })
	b.ResetTimer()
	defer b.ReportMetric(float64(len(samples)), "states")
	for i := 0; i < b.N; i++ {
		m := New(Options{})
		n := 0
		for _, s := range samples {
			if s.Step == 0 {
				n = 0
			} else {
				n++
			}
			s.Step = n
			m.Add(s)
		}
		m.Candidates()
	}
}

// Memory stays bounded: the statistics after 100,000 samples are as many as after
// 1,000 (terms, pairs, premises and actions do not grow with the samples).
func TestBoundedStatistics(t *testing.T) {
	size := func(runs int) (int, int, int) {
		m := New(Options{})
		n := 0
		bankRuns(runs, 60, func(s Sample) {
			if s.Step == 0 {
				n = 0
			} else {
				n++
			}
			s.Step = n
			m.Add(s)
		})
		return len(m.terms), len(m.pairs), len(m.conds)
	}
	t1, p1, c1 := size(20)
	t2, p2, c2 := size(2000)
	if t1 != t2 || p1 != p2 || c1 != c2 {
		t.Fatalf("statistics grew: terms %d→%d, pairs %d→%d, premises %d→%d", t1, t2, p1, p2, c1, c2)
	}
	_ = diag.Int
}

// Baseline: reading the same lines with lang/trace and nothing else.
func BenchmarkTraceRead100k(b *testing.B) {
	data, states := bankTraces(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer b.ReportMetric(float64(states), "states")
	for i := 0; i < b.N; i++ {
		rd := trace.NewReader(bytes.NewReader(data), "bench.jsonl", bankSchema)
		for {
			if _, err := rd.Next(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
