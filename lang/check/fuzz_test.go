package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/lang/diag"
)

// FuzzCheck: any text goes through the whole pipeline without a panic, every finding
// lies inside the text, and checking is deterministic (same text, same findings).
func FuzzCheck(f *testing.F) {
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/*/*.specl"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		// Small depth and budget: the target is there to reach every stage of the
		// checker on many inputs (thousands a minute), not to decide hard questions;
		// a question the budget cuts short is an unknown finding, which is checked too.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		opts := Options{Depth: 2, Budget: 10}
		a := analyzeWithin(t, ctx, src, opts)
		for _, fd := range a.Findings {
			if strings.Contains(fd.Message, "internal error") {
				t.Fatalf("%s", fd.Message)
			}
			if fd.Span.Start < 0 || fd.Span.End > len(src) || fd.Span.Start > fd.Span.End {
				t.Fatalf("finding %s %q at %v outside the text (%d bytes)", fd.Code, fd.Message, fd.Span, len(src))
			}
		}
		b := analyzeWithin(t, ctx, src, opts)
		// A question that ran out of budget may finish on another run: compare only
		// runs where every question finished.
		// Findings are compared by code and place: under the wall-clock budget a
		// loaded machine may cut a core's shrinking or a model's canonicalisation
		// short in one run and not the other, which changes only messages and
		// counterexamples (until the budget counts work, not time).
		if ctx.Err() == nil && !hasUnknown(a) && !hasUnknown(b) && !reflect.DeepEqual(verdicts(a.Findings), verdicts(b.Findings)) {
			t.Fatalf("two checks of one text differ:\n%v\n%v", a.Findings, b.Findings)
		}
	})
}

// analyzeWithin runs Analyze and fails when it outlives its context by far: a check
// that ignores cancellation would hang the editor's server, so the fuzzer must report
// the input rather than wait on it.
func analyzeWithin(t *testing.T, ctx context.Context, src string, opts Options) Analysis {
	done := make(chan Analysis, 1)
	go func() { done <- Analyze(ctx, src, opts) }()
	select {
	case a := <-done:
		return a
	case <-ctx.Done():
	}
	select {
	case a := <-done:
		return a
	case <-time.After(20 * time.Second):
		t.Fatalf("the check went on 20 s after its context was cancelled")
		return Analysis{}
	}
}

// verdicts are the findings' codes and places.
func verdicts(fs []diag.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s %d-%d", f.Code, f.Span.Start, f.Span.End)
	}
	return out
}

func hasUnknown(a Analysis) bool {
	for _, f := range a.Findings {
		// A finding whose counterexample could not be rebuilt in the budget names
		// the budget in its message: that question did not finish either.
		if f.Code == diag.Unknown || strings.Contains(f.Message, "budget ran out") {
			return true
		}
	}
	for _, p := range a.Properties {
		if p.Status == diag.Undecided {
			return true
		}
	}
	return false
}
