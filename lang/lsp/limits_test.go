package lsp

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specls/specls/lang/check"
)

// TestExitIsImmediate: `exit` ends Serve although a deep check ignores its
// cancellation and the client keeps its end of the input open.
func TestExitIsImmediate(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	var once sync.Once
	c := startServer(t, Options{DeepCheckDelay: time.Millisecond, DeepCheck: func(ctx context.Context, s *Snapshot) check.Result {
		once.Do(func() { close(started) })
		<-release // deaf to ctx: the worst case
		return check.Result{}
	}}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, brokenText, 1)
	<-started
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != nil {
			t.Errorf("Serve returned %v after shutdown and exit", err)
		}
		c.served <- err // for the cleanup
	case <-time.After(waitLimit):
		t.Fatal("Serve did not return after exit")
	}
}

// TestDeepChecksAreCapped: 60 open documents start at most maxDeepChecks() checks
// at once, and every document is checked in the end.
func TestDeepChecksAreCapped(t *testing.T) {
	var running, peak, done atomic.Int32
	release := make(chan struct{})
	c := startServer(t, Options{DeepCheckDelay: time.Millisecond, DeepCheck: func(ctx context.Context, s *Snapshot) check.Result {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		running.Add(-1)
		done.Add(1)
		return check.Result{}
	}}, nil)
	c.initialize(map[string]any{}, nil)
	const docs = 60
	for i := range docs {
		c.open(fmt.Sprintf("file:///doc%d.specl", i), "spec S\nvar x: bool\n", 1)
	}
	// Wait until the slots are taken, then give the rest a moment to (wrongly) start.
	for running.Load() < int32(maxDeepChecks()) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	for done.Load() < docs {
		time.Sleep(time.Millisecond)
	}
	if p := peak.Load(); p > int32(maxDeepChecks()) {
		t.Errorf("%d deep checks ran at once, over the cap of %d", p, maxDeepChecks())
	}
}
