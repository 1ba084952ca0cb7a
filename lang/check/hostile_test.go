package check

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specls/specls/lang/diag"
)

// peakHeap runs f and returns the largest heap (bytes in live and not yet swept
// objects) seen while it ran, sampled with runtime/metrics.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}

// TestHostileSpecs: each hostile spec of issue 11, generated here, is checked with the
// default budget and gets its exact finding, in bounded memory. (Time is bounded by
// the work budget, which does not depend on the machine; the context's deadline is
// only a guard so that a regression fails instead of hanging the suite.)
func TestHostileSpecs(t *testing.T) {
	var rec, vars strings.Builder
	rec.WriteString("type R = {")
	for i := range 40 {
		if i > 0 {
			rec.WriteString(", ")
		}
		fmt.Fprintf(&rec, "f%d: 0..65535 -> 0..65535", i)
	}
	rec.WriteString("}\nvar r: R\nvar x: bool\ninitially x\naction Flip { ensures x' == not x }\ninvariant I: r.f0[0] == 0 or x or not x\n")
	for i := range 40 {
		fmt.Fprintf(&vars, "var v%d: 0..65535 -> 0..65535\n", i)
	}
	vars.WriteString("initially v0[0] == 0\naction Inc { ensures v1'[0] == v1[0] + 1 }\ninvariant I: v0[0] == 0\n")
	var preds strings.Builder
	preds.WriteString("var x: 0..3\npred P0(a: 0..3): a == x\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&preds, "pred P%d(a: 0..3): P%d(a) and P%d((a + 1) * 0) or P%d(0)\n", i, i-1, i-1, i-1)
	}
	preds.WriteString("fact F: P12(1)\ninvariant I: x <= 3\naction A { ensures x' == x }\n")

	for _, tc := range []struct {
		name, src string
		finding   string // a finding whose "code: message" starts with this
		limit     uint64 // peak heap
	}{
		{"26 arrows", "var x: bool" + strings.Repeat(" -> bool", 26) + "\ninvariant I: x[true] == x[false] or true\naction A { ensures x' == x }\n",
			"type: bool -> bool -> bool -> bool -> bool ->… is too large to encode: one value takes 67108864 bits", 64 << 20},
		{"record of 40 big maps", rec.String(),
			"type: {f0: 0..65535 -> 0..65535, f1: 0..65535… is too large to encode: one value takes 41943040 bits", 64 << 20},
		{"40 big vars", vars.String(),
			"type: 0..65535 -> 0..65535 is too large to encode: one value takes 1048576 bits", 64 << 20},
		{"nested preds, three calls each", preds.String(), "", 512 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			var a Analysis
			peak := peakHeap(func() { a = Analyze(ctx, tc.src, Options{}) })
			if ctx.Err() != nil {
				t.Fatalf("not done within the guard's 5 minutes")
			}
			if peak > tc.limit {
				t.Errorf("peak heap %d MB, over %d MB", peak>>20, tc.limit>>20)
			}
			found := tc.finding == ""
			for _, f := range a.Findings {
				if strings.HasPrefix(string(f.Code)+": "+f.Message, tc.finding) {
					found = true
				}
				if f.Code == diag.Syntax {
					t.Errorf("syntax finding in a generated spec: %s", f.Message)
				}
			}
			if !found {
				t.Errorf("no finding %q among %v", tc.finding, a.Findings)
			}
			for _, p := range a.Properties {
				if tc.finding != "" && p.Status == diag.Proved {
					t.Errorf("property %s proved although it reads a type too large to encode", p.Name)
				}
			}
			t.Logf("peak heap %d MB, %d findings", peak>>20, len(a.Findings))
		})
	}
}

// TestHostileExpansion: eight nested quantifiers over a ten-member enum (10^8
// instances) must end within the budget, as unknown: the encoder counts each
// instance as work, so the budget stops the expansion.
func TestHostileExpansion(t *testing.T) {
	vs := []string{"v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7"}
	var q, body []string
	for i, v := range vs {
		q = append(q, "all "+v+" in E: ")
		if i > 0 {
			body = append(body, vs[i-1]+" == "+v)
		}
	}
	src := "enum E { A, B, C, D, F, G, H, I, J, K }\nvar e: E\nfact F: " + strings.Join(q, "") + "(" + strings.Join(body, " or ") + " or e == A)\n"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var res Analysis
	peak := peakHeap(func() { res = Analyze(ctx, src, Options{Budget: 1000}) })
	if ctx.Err() != nil || peak > 1<<30 {
		t.Errorf("peak heap %d MB, context %v", peak>>20, ctx.Err())
	}
	var unknown []string
	for _, f := range res.Findings {
		if f.Code == "unknown" {
			unknown = append(unknown, f.Message)
		}
	}
	if len(unknown) == 0 || !strings.Contains(strings.Join(unknown, "\n"), "1000000 work units") {
		t.Errorf("want an unknown finding naming the budget, got %v", res.Findings)
	}
}
