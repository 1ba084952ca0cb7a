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
		// The budget counts work (solver propagations, encoder steps), not time, so
		// two runs of one text ask the same questions and get the same answers,
		// unknowns included: their findings (messages, counterexamples, cores) and
		// properties are equal. Only a run cut by the context (a guard against a
		// hang, not a budget) is not compared.
		if ctx.Err() == nil {
			if !reflect.DeepEqual(a.Findings, b.Findings) {
				t.Fatalf("two checks of one text differ:\n%s", firstDifference(a.Findings, b.Findings))
			}
			if !reflect.DeepEqual(a.Properties, b.Properties) {
				t.Fatalf("two checks of one text differ in their properties:\n%v\n%v", a.Properties, b.Properties)
			}
		}
	})
}

// firstDifference describes the first finding where two runs differ.
func firstDifference(a, b []diag.Finding) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("finding %d:\n%#v\n%#v", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("%d findings, then %d", len(a), len(b))
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
