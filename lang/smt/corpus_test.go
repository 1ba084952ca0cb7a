package smt

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// requireZ3 fails (never skips) when z3 is missing: the second opinion is part of
// the test suite, not an extra.
func requireZ3(t testing.TB) {
	t.Helper()
	if _, err := Z3(); err != nil {
		t.Fatal(err)
	}
}

// TestCorpus asks every static question about every spec of the examples and of the
// check corpus, with our solver and with z3, and wants the same answers.
func TestCorpus(t *testing.T) {
	requireZ3(t)
	var files []string
	for _, dir := range []string{"../../examples", "../../testdata/check"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.specl"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d specs in the corpus", len(files))
	}
	var total stats
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		st, err := differ(ctx, string(src))
		cancel()
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		total.add(st)
	}
	t.Log(total)
	if total.factsUnsat == 0 || total.claimsFailed == 0 || total.claimsHeld == 0 {
		t.Errorf("the corpus should exercise every answer: %v", total)
	}
}
