package lsp

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specls/specls/lang/check"
)

type wireProgress struct {
	Token string `json:"token"`
	Value struct {
		Kind        string `json:"kind"`
		Title       string `json:"title"`
		Cancellable bool   `json:"cancellable"`
		Message     string `json:"message"`
		Percentage  *int   `json:"percentage"`
	} `json:"value"`
}

var workDoneCaps = map[string]any{"window": map[string]any{"workDoneProgress": true}}

// progressNotes returns, from index from on, the token create requests and the
// $/progress notifications, as "create TOKEN" and "KIND TOKEN title|message|pct".
func progressNotes(c *rawClient, from int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.notes[from:] {
		switch m.Method {
		case "window/workDoneProgress/create":
			var p struct{ Token string }
			_ = json.Unmarshal(m.Params, &p)
			out = append(out, "create "+p.Token)
		case "$/progress":
			var p wireProgress
			_ = json.Unmarshal(m.Params, &p)
			pct := "-"
			if p.Value.Percentage != nil {
				pct = strconv.Itoa(*p.Value.Percentage)
			}
			line := p.Value.Kind + " " + p.Token + " " + p.Value.Message + "|" + pct
			if p.Value.Kind == "begin" {
				line = p.Value.Kind + " " + p.Token + " " + p.Value.Title + "|" + p.Value.Message + "|" + pct
				if p.Value.Cancellable {
					line += "|cancellable"
				}
			}
			out = append(out, line)
		}
	}
	return out
}

// TestWorkDoneProgress: with a client that takes server-initiated progress, the
// deep check creates a token, then reports begin (cancellable), one report per stage
// of the check with rising percentages, and end, all before its findings are
// published.
func TestWorkDoneProgress(t *testing.T) {
	c := startServer(t, Options{DeepCheck: realDeepCheck, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(workDoneCaps, nil)
	c.open(docURI, checkedText, 1)
	_, next := c.diagnostics(0, docURI, 1)
	p, after := c.diagnostics(next, docURI, 1)
	if len(p.Diagnostics) == 0 || p.Diagnostics[0].Code == "" {
		t.Fatalf("deep diagnostics = %+v", p)
	}
	got := progressNotes(c, 0)
	// Only what came before the deep check's publish.
	c.mu.Lock()
	n := 0
	for _, m := range c.notes[:after] {
		if m.Method == "window/workDoneProgress/create" || m.Method == "$/progress" {
			n++
		}
	}
	c.mu.Unlock()
	want := []string{
		"create specls/check/1",
		"begin specls/check/1 Checking bank.specl|starting|0|cancellable",
		"report specls/check/1 facts (1/3)|0",
		"report specls/check/1 definitions (2/3)|33",
		"report specls/check/1 the state machine (3/3)|66",
		"end specls/check/1 done|-",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || n != len(want) {
		t.Errorf("progress (%d before the publish):\n%s\nwant:\n%s", n, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWorkDoneProgressNotAsked: a client that does not declare the capability gets
// no token request and no progress.
func TestWorkDoneProgressNotAsked(t *testing.T) {
	c := startServer(t, Options{DeepCheck: realDeepCheck, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, checkedText, 1)
	_, next := c.diagnostics(0, docURI, 1)
	c.diagnostics(next, docURI, 1)
	if got := progressNotes(c, 0); len(got) != 0 {
		t.Errorf("progress without the capability: %q", got)
	}
}

// TestWorkDoneProgressCancel: the user's cancel stops the deep check, and its
// findings are still published for the version: every question it did not decide
// is `unknown` (the check was cancelled), none is a pass; the lenses say so. An
// edit afterwards checks the new version in full.
func TestWorkDoneProgressCancel(t *testing.T) {
	started := make(chan struct{}, 4)
	var blocked atomic.Bool
	deep := func(ctx context.Context, s *Snapshot) check.Result {
		if blocked.CompareAndSwap(false, true) {
			Progress(ctx)("facts", 0, 3)
			started <- struct{}{}
			// A check that would run for long: it gives way only when cancelled.
			<-ctx.Done()
		}
		return realDeepCheck(ctx, s)
	}
	c := startServer(t, Options{DeepCheck: deep, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(workDoneCaps, nil)
	c.open(docURI, checkedText, 1)
	_, next := c.diagnostics(0, docURI, 1)
	select {
	case <-started:
	case <-time.After(waitLimit):
		t.Fatal("the deep check did not start")
	}
	c.notify("window/workDoneProgress/cancel", map[string]any{"token": "specls/check/1"})
	p, _ := c.diagnostics(next, docURI, 1)

	var unknown, other []string
	for _, d := range p.Diagnostics {
		if d.Code == "unknown" {
			if !strings.Contains(d.Message, "cancelled") {
				t.Errorf("unknown finding %q does not say the check was cancelled", d.Message)
			}
			unknown = append(unknown, d.Message)
		} else {
			other = append(other, d.Code)
		}
	}
	if len(unknown) == 0 {
		t.Errorf("the cancelled check published no unknown finding: %+v", p.Diagnostics)
	}
	var lenses []wireLens
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &lenses)
	for _, l := range lenses {
		if l.Command.Title == "proved" || strings.HasPrefix(l.Command.Title, "holds") {
			t.Errorf("a cancelled check passed a property: lens %+v", l)
		}
	}
	got := progressNotes(c, 0)
	want := []string{
		"create specls/check/1",
		"begin specls/check/1 Checking bank.specl|starting|0|cancellable",
		"report specls/check/1 facts (1/3)|0",
		"end specls/check/1 cancelled: what was not decided is reported as unknown|-",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(other) != 0 {
		t.Errorf("after the cancel, findings other than unknown: %q", other)
	}

	// The next version is checked in full.
	from := c.noteCount()
	c.change(docURI, 2, map[string]any{"text": checkedText + "\n"})
	_, next = c.diagnostics(from, docURI, 2)
	p2, _ := c.diagnostics(next, docURI, 2)
	for _, d := range p2.Diagnostics {
		if d.Code == "unknown" {
			t.Errorf("version 2, not cancelled, has %q", d.Message)
		}
	}
	if len(p2.Diagnostics) < 3 {
		t.Errorf("version 2: diagnostics %+v, want the full check's", p2.Diagnostics)
	}
}

// TestWorkDoneProgressUnanswered: a client that declares the capability but never
// answers the token's creation does not hold the check up: its findings arrive, with
// no progress reported on a token the client never accepted.
func TestWorkDoneProgressUnanswered(t *testing.T) {
	saved := createTimeout
	createTimeout = 50 * time.Millisecond
	// Restored after the server has stopped (cleanups run last-registered first).
	t.Cleanup(func() { createTimeout = saved })
	c := startServer(t, Options{DeepCheck: realDeepCheck, DeepCheckDelay: time.Millisecond}, nil)
	c.mu.Lock()
	c.unanswered = map[string]bool{"window/workDoneProgress/create": true}
	c.mu.Unlock()
	c.initialize(workDoneCaps, nil)
	c.open(docURI, checkedText, 1)
	_, next := c.diagnostics(0, docURI, 1)
	p, _ := c.diagnostics(next, docURI, 1)
	if len(p.Diagnostics) == 0 {
		t.Fatalf("no deep findings")
	}
	if got := progressNotes(c, 0); len(got) != 1 || got[0] != "create specls/check/1" {
		t.Errorf("progress %q, want only the unanswered create", got)
	}
}
