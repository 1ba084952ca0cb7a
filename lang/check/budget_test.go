package check

import (
	"context"
	"reflect"
	"runtime"
	"sync"
	"testing"

	"github.com/specls/specls/internal/specgen"
)

// TestBudgetIsDeterministic: with a budget too small for some questions, the same
// spec gets the same findings and verdicts (unknowns included) every time, whether
// the machine is idle or busy: the budget counts work, not time.
func TestBudgetIsDeterministic(t *testing.T) {
	src := specgen.Mutex(8, true)
	opts := Options{Budget: 1} // 1,000 work units per question
	first := Analyze(context.Background(), src, opts)
	unknown := 0
	for _, f := range first.Findings {
		if f.Code == "unknown" {
			unknown++
		}
	}
	if unknown == 0 {
		t.Fatalf("a budget of 1 unit decided everything; the test needs some unknowns: %v", first.Findings)
	}
	// Load every core while checking again.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
					for i := range 100000 {
						x += i
					}
				}
			}
		}()
	}
	again := Analyze(context.Background(), src, opts)
	close(stop)
	wg.Wait()
	if !reflect.DeepEqual(first.Findings, again.Findings) || !reflect.DeepEqual(first.Properties, again.Properties) {
		t.Errorf("the same budget gave different answers under load:\n%v\n%v\n%v\n%v", first.Findings, again.Findings, first.Properties, again.Properties)
	}
}

// TestCancelledCheckIsUnknown: a check whose context is done answers nothing as a
// pass: every property is unknown, with the reason.
func TestCancelledCheckIsUnknown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := Analyze(ctx, specgen.Mutex(3, false), Options{})
	if len(a.Properties) != 3 {
		t.Fatalf("properties: %v", a.Properties)
	}
	for _, p := range a.Properties {
		if p.Status != "unknown" || p.Reason == "" {
			t.Errorf("%s: %s (%q) after cancellation, want unknown with a reason", p.Name, p.Status, p.Reason)
		}
	}
}
