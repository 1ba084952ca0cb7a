package lsp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/lang/check"
)

// checkedText is a counter whose deep check finds a blocked action (Inc, at n = 3),
// a violated invariant (BelowTwo), a violated step assert (NeverDown) and a proved
// assert (AlwaysOn); every counterexample is the only one there is. Comments and
// doc comments on and before their lines hold non-ASCII text.
const checkedText = `spec Counter
/// A counter that counts — up to 3 (中文 😀).
type Small = 0..3
enum Mode { On, Off }

/// The count, in 😀 units.
var n: Small
var mode: Mode

initially n == 0
initially mode == On

action Inc(by: 1..1) {
  requires /* 😀 */ mode == On
  ensures /* é */ n' == n + by
}

/// Stays below two 😀.
invariant /* 中 */ BelowTwo: n < 2
/* é */ assert NeverDown: /* 😀 */ n' < n
assert AlwaysOn: mode == On
`

// realDeepCheck is what specls serve runs.
func realDeepCheck(ctx context.Context, s *Snapshot) check.Result {
	return check.Check(ctx, s.Text, s.File, s.Info, check.Options{Depth: s.Settings.Depth, Budget: s.Settings.Budget, Progress: Progress(ctx)})
}

// openChecked opens text in a server with the real deep check and waits until its
// deep diagnostics are published.
func openChecked(t *testing.T, text string) (*rawClient, wirePublish) {
	t.Helper()
	c := startServer(t, Options{DeepCheck: realDeepCheck, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, text, 1)
	_, next := c.diagnostics(0, docURI, 1)
	p, _ := c.diagnostics(next, docURI, 1)
	return c, p
}

type wireHint struct {
	Position    wirePos `json:"position"`
	Label       string  `json:"label"`
	Tooltip     string  `json:"tooltip"`
	PaddingLeft bool    `json:"paddingLeft"`
}

// endOf is the UTF-16 position just past the first len(part) bytes of the n-th
// occurrence of needle.
func endOf(t *testing.T, text, needle string, n int, part string) wirePos {
	t.Helper()
	l, c := lineCol(t, text, needle, n)
	return wirePos{l, c + len(part)}
}

func inlayHints(c *rawClient, r map[string]any) []wireHint {
	var hints []wireHint
	c.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": docURI}, "range": r}, &hints)
	return hints
}

func TestInlayHints(t *testing.T) {
	c, _ := openChecked(t, checkedText)
	want := []struct {
		at    wirePos
		label string
		code  string
	}{
		{endOf(t, checkedText, "mode == On", 1, "mode"), "= On", "blocked-action"},
		{endOf(t, checkedText, "n + by", 0, "n"), "= 3", "blocked-action"},
		{endOf(t, checkedText, "n + by", 0, "n + by"), "= 1", "blocked-action"},
		{endOf(t, checkedText, "n < 2", 0, "n"), "= 2", "invariant-violated"},
		{endOf(t, checkedText, "n' < n", 0, "n'"), "= 1", "assert-violated"}, // the step's post state
		{endOf(t, checkedText, "n' < n", 0, "n' < n"), "= 0", "assert-violated"},
	}
	hints := inlayHints(c, rng(0, 0, 40, 0))
	if len(hints) != len(want) {
		t.Fatalf("hints = %+v, want %d", hints, len(want))
	}
	for i, w := range want {
		h := hints[i]
		if h.Position != w.at || h.Label != w.label || !h.PaddingLeft || !strings.HasPrefix(h.Tooltip, w.code+": ") {
			t.Errorf("hint %d = %+v, want %s at %+v from %s", i, h, w.label, w.at, w.code)
		}
	}
	// Only the hints inside the asked range.
	l := want[3].at.Line
	if got := inlayHints(c, rng(l, 0, l+1, 0)); len(got) != 1 || got[0].Position != want[3].at {
		t.Fatalf("hints on line %d = %+v", l, got)
	}
}

func TestInlayHintsWaitForTheDeepCheck(t *testing.T) {
	release := make(chan struct{})
	deep := func(ctx context.Context, s *Snapshot) check.Result {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return realDeepCheck(ctx, s)
	}
	c := startServer(t, Options{DeepCheck: deep, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(map[string]any{"workspace": map[string]any{"inlayHint": map[string]any{"refreshSupport": true}}}, nil)
	c.open(docURI, checkedText, 1)
	_, next := c.diagnostics(0, docURI, 1)
	if got := inlayHints(c, rng(0, 0, 40, 0)); len(got) != 0 {
		t.Fatalf("hints before the deep check: %+v", got)
	}
	close(release)
	c.waitNote(next, func(m wireMsg) bool { return m.Method == "workspace/inlayHint/refresh" })
	if got := inlayHints(c, rng(0, 0, 40, 0)); len(got) != 6 {
		t.Fatalf("hints after the deep check: %+v", got)
	}
}

type wireLens struct {
	Range   wireRange `json:"range"`
	Command struct {
		Title     string            `json:"title"`
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	} `json:"command"`
}

func TestCodeLensesAndShowRun(t *testing.T) {
	c, _ := openChecked(t, checkedText)
	var lenses []wireLens
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &lenses)
	at := func(needle string, n int) wireRange {
		l, col := lineCol(t, checkedText, needle, n)
		return wireRange{wirePos{l, col}, wirePos{l, col + len(needle)}}
	}
	want := []struct {
		r       wireRange
		title   string
		command string
	}{
		// The first line's lenses (elicit.go): the mutation score starts computing
		// when lenses are first asked for; random runs are one click away.
		{wireRange{}, "mutation score: computing…", ""},
		{wireRange{}, "run 100 random runs", "specls.randomRuns"},
		{at("Inc", 0), "show run", "specls.showRun"},
		{at("BelowTwo", 0), "violated", ""},
		{at("BelowTwo", 0), "show run", "specls.showRun"},
		{at("NeverDown", 0), "violated", ""},
		{at("NeverDown", 0), "show run", "specls.showRun"},
		{at("AlwaysOn", 0), "proved", ""},
	}
	if len(lenses) != len(want) {
		t.Fatalf("lenses = %+v", lenses)
	}
	for i, w := range want {
		l := lenses[i]
		if l.Range != w.r || l.Command.Title != w.title || l.Command.Command != w.command {
			t.Errorf("lens %d = %+v, want %q %q at %+v", i, l, w.title, w.command, w.r)
		}
	}

	// The lens's own command and arguments answer the run and show it.
	before := c.noteCount()
	var md string
	c.call("workspace/executeCommand", map[string]any{"command": lenses[4].Command.Command, "arguments": lenses[4].Command.Arguments}, &md)
	wantMD := "**invariant BelowTwo fails in a reachable state**\n\n" +
		"| step | action | n | mode |\n| --- | --- | --- | --- |\n" +
		"| 0 | (initial) | 0 | On |\n| 1 | Inc(by: 1) | 1 | On |\n| 2 | Inc(by: 1) | 2 | On |\n"
	if md != wantMD {
		t.Fatalf("showRun = %q, want %q", md, wantMD)
	}
	m, _ := c.waitNote(before, func(m wireMsg) bool { return m.Method == "window/showMessage" })
	var shown struct {
		Type    int    `json:"type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(m.Params, &shown); err != nil || shown.Message != wantMD || shown.Type != 3 {
		t.Fatalf("showMessage = %s", m.Params)
	}
	// A blocked action's run ends in the state it is blocked in, with its values.
	c.call("workspace/executeCommand", map[string]any{"command": "specls.showRun", "arguments": lenses[2].Command.Arguments}, &md)
	if !strings.HasSuffix(md, "| 3 | Inc(by: 1) | 3 | On |\n\nwith `by = 1`\n") {
		t.Fatalf("blocked run = %q", md)
	}
	for _, bad := range []map[string]any{
		{"command": "specls.nothing"},
		{"command": "specls.showRun", "arguments": []any{map[string]any{"uri": docURI, "code": "invariant-violated", "name": "AlwaysOn"}}},
		{"command": "specls.showRun"},
	} {
		_, ch := c.start("workspace/executeCommand", bad)
		if m := c.await("executeCommand", ch); m.Error == nil || m.Error.Code != -32602 {
			t.Errorf("executeCommand %v answered %+v", bad, m)
		}
	}
}

func TestCapabilitiesDeclareCommandsAndLenses(t *testing.T) {
	c := startServer(t, Options{}, nil)
	res := c.initialize(map[string]any{}, nil)
	caps := res["capabilities"].(map[string]any)
	cmds := caps["executeCommandProvider"].(map[string]any)["commands"].([]any)
	if len(cmds) != 3 || cmds[0] != "specls.showRun" || cmds[1] != "specls.showSurvivors" || cmds[2] != "specls.randomRuns" || caps["codeLensProvider"] == nil || caps["inlayHintProvider"] != true {
		t.Fatalf("capabilities = %v", caps)
	}
}

func TestHoverShowsVerdictAndRun(t *testing.T) {
	c, _ := openChecked(t, checkedText)
	hover := func(needle string, n int) string {
		l, col := lineCol(t, checkedText, needle, n)
		var h struct {
			Contents struct{ Value string } `json:"contents"`
		}
		c.call("textDocument/hover", pos(docURI, l, col+1), &h)
		return h.Contents.Value
	}
	want := "```specl\ninvariant BelowTwo\n```\n\nStays below two 😀.\n\n**Status:** violated\n\n" +
		"| step | action | n | mode |\n| --- | --- | --- | --- |\n" +
		"| 0 | (initial) | 0 | On |\n| 1 | Inc(by: 1) | 1 | On |\n| 2 | Inc(by: 1) | 2 | On |\n\n---\n\n"
	// The plain-English reading of the clause follows (lang/english decides its words).
	if got := hover("BelowTwo", 0); !strings.HasPrefix(got, want) || len(got) == len(want) || strings.Contains(got[len(want):], "😀") {
		t.Errorf("hover on BelowTwo = %q, want %q and a reading without the doc comment", got, want)
	}
	want = "```specl\nassert AlwaysOn\n```\n\n**Status:** proved\n\n---\n\n"
	if got := hover("AlwaysOn", 0); !strings.HasPrefix(got, want) || len(got) == len(want) {
		t.Errorf("hover on AlwaysOn = %q", got)
	}
}
