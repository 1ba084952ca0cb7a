package smt

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// randomSpecs is how many generated specs one run checks.
const randomSpecs = 1000

// TestRandom asks the static questions of randomSpecs generated specs both ways. The
// base seed is random per run unless SPECLS_SMT_SEED sets it; a failure names the
// seed of the spec that failed, and SPECLS_SMT_SEED=<that seed> SPECLS_SMT_COUNT=1
// runs that spec alone.
func TestRandom(t *testing.T) {
	requireZ3(t)
	base := time.Now().UnixNano()
	if s := os.Getenv("SPECLS_SMT_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("SPECLS_SMT_SEED: %v", err)
		}
		base = n
	}
	count := randomSpecs
	if s := os.Getenv("SPECLS_SMT_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SPECLS_SMT_COUNT: %v", err)
		}
		count = n
	}
	t.Logf("base seed %d (SPECLS_SMT_SEED=%d reproduces this run)", base, base)

	type result struct {
		seed  int64
		st    stats
		asked askedStats
		err   error
		bad   string // a generated spec that did not type-check
	}
	seeds := make(chan int64)
	results := make(chan result)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range seeds {
				src := randomSpec(seed)
				file, _ := parser.Parse(src)
				info := sema.Check(file)
				if len(info.Findings) > 0 {
					results <- result{seed: seed, bad: fmt.Sprintf("%s\n%v", src, info.Findings)}
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				st, err := differFile(ctx, file, info)
				var asked askedStats
				if err == nil {
					// The checker's own questions, answered again by z3.
					asked, err = askAgain(ctx, src, file, info)
				}
				cancel()
				if err != nil {
					err = fmt.Errorf("%v\n--- spec ---\n%s", err, src)
				}
				results <- result{seed: seed, st: st, asked: asked, err: err}
			}
		}()
	}
	go func() {
		for i := range count {
			seeds <- base + int64(i)
		}
		close(seeds)
		wg.Wait()
		close(results)
	}()
	var total stats
	var asked askedStats
	rejected, failed := 0, 0
	for r := range results {
		switch {
		case r.bad != "":
			rejected++
			if rejected <= 3 {
				t.Errorf("seed %d: the generated spec does not type-check:\n%s", r.seed, r.bad)
			}
		case r.err != nil:
			failed++
			if failed <= 3 {
				t.Errorf("seed %d (SPECLS_SMT_SEED=%d SPECLS_SMT_COUNT=1): %v", r.seed, r.seed, r.err)
			}
		}
		total.add(r.st)
		asked.add(r.asked)
	}
	t.Logf("%v; %d rejected, %d disagreements", total, rejected, failed)
	t.Logf("the checker's own questions: %d answered again (%d sat, %d unsat; %d models confirmed), %d skipped", asked.questions, asked.sat, asked.unsat, asked.models, asked.skipped)
	if count >= randomSpecs && (total.factsUnsat < count/20 || total.claimsFailed < count/10 || total.claimsHeld < count/10 || total.cores < count/20 || total.bigCores < count/20) {
		t.Errorf("the generated specs should exercise every answer: %v", total)
	}
}
