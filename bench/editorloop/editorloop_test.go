package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	benchLines = flag.Int("editorloop.lines", 2000, "lines of the spec the benchmarks generate")
	binary     string // built once by TestMain
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "editorloop-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if binary, err = buildServer(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}())
}

// TestEditorLoop runs both loops on a small spec and checks that what they time is
// what they claim: the front end's publish comes before the deep check's, the deep
// one carries the solver's findings, hover and completion answer about the worker.
func TestEditorLoop(t *testing.T) {
	res, err := Run(Config{Binary: binary, Lines: 90, Iterations: 5, DeepIterations: 1, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.Spec.Workers != 2 || res.Lines != 95 {
		t.Errorf("spec of %d lines, %d workers; want 95 and 2", res.Lines, res.Spec.Workers)
	}
	if len(res.Front) != 5 || len(res.Hover) != 5 || len(res.Completion) != 5 || len(res.Deep) != 1 || len(res.HoverBusy) != 1 {
		t.Errorf("measured %d front, %d hover, %d completion, %d deep, %d busy hover; want 5, 5, 5, 1, 1",
			len(res.Front), len(res.Hover), len(res.Completion), len(res.Deep), len(res.HoverBusy))
	}
	if len(res.Deep) == 1 && len(res.DeepFront) == 1 && res.Deep[0] <= res.DeepFront[0] {
		t.Errorf("the deep publish (%s) did not come after the front end's (%s)", res.Deep[0], res.DeepFront[0])
	}
	// Enqueue can push load past its type's 20: the solver reports it, per worker.
	if n := strings.Count(strings.Join(res.DeepCodes, " "), "blocked-action"); n != 2 {
		t.Errorf("the deep check's publish has %d blocked-action (codes %v), want one per worker", n, res.DeepCodes)
	}
	if !strings.Contains(res.HoverText, "var load0: Load0") {
		t.Errorf("hover on load0 answered %q", res.HoverText)
	}
	for _, l := range []string{"load0", "healthy0", "Idle0", "Ready0"} {
		if !slices.Contains(res.Labels, l) {
			t.Errorf("completion in worker 0's ensures lacks %s: %v", l, res.Labels)
		}
	}
}

func TestGenerateSpec(t *testing.T) {
	s := GenerateSpec(2000)
	if got := strings.Count(s.Text, "\n"); got < 2000 || got > 2000+workerLines+1 {
		t.Errorf("GenerateSpec(2000) has %d lines", got)
	}
	for w := range s.Workers {
		if p := s.find(s.workerStart(w), "enum Phase"); p.Line != s.workerStart(w)+1 {
			t.Errorf("worker %d's enum on line %d, want %d", w, p.Line, s.workerStart(w)+1)
		}
	}
}

// BenchmarkTyping is the typing loop on a generated spec: b.N edits, each with its
// front-end publish, a hover and a completion.
func BenchmarkTyping(b *testing.B) {
	res, err := Run(Config{Binary: binary, Lines: *benchLines, Iterations: b.N, Timeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	report(b, "front", res.Front)
	report(b, "hover", res.Hover)
	report(b, "completion", res.Completion)
}

// BenchmarkDeepCheck is the checking loop: b.N edits, each waiting for its deep
// check's publish (on 2,000 lines this takes minutes per edit).
func BenchmarkDeepCheck(b *testing.B) {
	res, err := Run(Config{Binary: binary, Lines: *benchLines, DeepIterations: b.N, Timeout: 30 * time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	report(b, "deep", res.Deep)
	report(b, "busy-hover", res.HoverBusy)
}

func report(b *testing.B, what string, ds []time.Duration) {
	s := Summarise(ds)
	b.ReportMetric(float64(s.Median.Microseconds())/1000, what+"-p50-ms")
	b.ReportMetric(float64(s.P99.Microseconds())/1000, what+"-p99-ms")
}

func TestSummarise(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := Summarise(ds)
	if s.N != 100 || s.Min != time.Millisecond || s.Median != 50*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Errorf("Summarise(1..100 ms) = %+v", s)
	}
	if s := Summarise([]time.Duration{7}); s.Median != 7 || s.P99 != 7 {
		t.Errorf("Summarise of one = %+v", s)
	}
}
