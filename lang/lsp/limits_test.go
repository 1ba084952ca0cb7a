package lsp

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
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

// TestHeavyOpenOffTheReadLoop: while a large document is being parsed and resolved,
// a request for another document is answered, before the large one's diagnostics
// are out; a request for the large one waits for its version and is answered too.
func TestHeavyOpenOffTheReadLoop(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	const small, big = "file:///small.specl", "file:///big.specl"
	c.open(small, brokenText, 1)
	c.diagnostics(0, small, 1)
	var b strings.Builder
	b.WriteString("spec Big\n")
	for i := 0; b.Len() < 300<<10; i++ {
		fmt.Fprintf(&b, "var v%d: 0..%d\nfact F%d: v%d <= %d or v%d == 0\n", i, i%50+1, i, i, i%50, i)
	}
	before := c.noteCount()
	c.open(big, b.String(), 1)
	_, ch := c.start("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": small}})
	if m := c.await("documentSymbol", ch); m.Error != nil {
		t.Fatalf("documentSymbol on the small document: %+v", m.Error)
	}
	// The big document's diagnostics must not have been published yet: its build
	// was still under way when the other request was answered.
	c.mu.Lock()
	for _, m := range c.notes[before:] {
		if m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), big) {
			t.Errorf("the big document was built before the small one's request was answered (on the read loop?)")
		}
	}
	c.mu.Unlock()
	_, ch = c.start("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": big}})
	if m := c.await("documentSymbol", ch); m.Error != nil || len(m.Result) < 1000 {
		t.Fatalf("documentSymbol on the big document: %+v, %d bytes", m.Error, len(m.Result))
	}
}

// TestDocumentOverTheLimit: a document past parser.DefaultMaxSource gets one
// diagnostic saying so, and is not parsed.
func TestDocumentOverTheLimit(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	const u = "file:///huge.specl"
	c.open(u, strings.Repeat("fact F: true\n", 1<<20/13+1), 1)
	p, _ := c.diagnostics(0, u, 1)
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "over the limit of 1048576 bytes for a spec; it is not analysed") {
		t.Errorf("diagnostics %+v", p.Diagnostics)
	}
}

// TestCloseGivesMemoryBack: the memory 100 open documents take (texts, trees, parse
// caches, snapshots) is given back when they close.
func TestCloseGivesMemoryBack(t *testing.T) {
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	text := strings.Repeat(bankText, 4)
	// The messages this test's client has received are its own memory, not the
	// server's (about 17 KB of diagnostics per document): forget them before each
	// measure.
	forget := func() {
		c.mu.Lock()
		c.notes = nil
		c.mu.Unlock()
	}
	forget()
	base := heap()
	for i := range 100 {
		c.open(fmt.Sprintf("file:///doc%d.specl", i), text, 1)
	}
	for i := range 100 { // built concurrently: published in any order
		c.diagnostics(0, fmt.Sprintf("file:///doc%d.specl", i), 1)
	}
	forget()
	open := heap()
	for i := range 100 {
		c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fmt.Sprintf("file:///doc%d.specl", i)}})
	}
	_, ch := c.start("specls/noSuchThing", map[string]any{}) // answered after the closes
	c.await("noSuchThing", ch)
	forget()
	closed := heap()
	t.Logf("heap: %d MB before, %d MB with 100 documents open, %d MB after closing them", base>>20, open>>20, closed>>20)
	if open <= base || closed > base+(open-base)/4 {
		t.Errorf("closing kept %d of the %d bytes the documents took", closed-base, open-base)
	}
}
