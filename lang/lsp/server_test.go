package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

const docURI = "file:///tmp/bank.specl"

// brokenLine has a syntax error (the ")") after characters that are one, one and
// two UTF-16 units wide but two, three and four bytes long.
const brokenText = "spec S\nvar x: bool\nfact /* é中😀 */ x and )\n"

func TestDiagnosticsUseNegotiatedEncoding(t *testing.T) {
	for _, tc := range []struct {
		name      string
		offered   []string
		want      string
		startChar int
	}{
		{"default utf-16", nil, "utf-16", 22},
		{"utf-16 only", []string{"utf-16"}, "utf-16", 22},
		{"utf-8 preferred", []string{"utf-8", "utf-16"}, "utf-8", 27},
		{"utf-32 preferred", []string{"utf-32", "utf-8"}, "utf-32", 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startServer(t, Options{}, nil)
			caps := map[string]any{}
			if tc.offered != nil {
				caps["general"] = map[string]any{"positionEncodings": tc.offered}
			}
			res := c.initialize(caps, nil)
			got := res["capabilities"].(map[string]any)["positionEncoding"]
			if got != tc.want {
				t.Fatalf("positionEncoding = %v, want %s", got, tc.want)
			}
			c.open(docURI, brokenText, 1)
			p, _ := c.diagnostics(0, docURI, 1)
			if len(p.Diagnostics) != 1 {
				t.Fatalf("diagnostics = %+v, want one", p.Diagnostics)
			}
			d := p.Diagnostics[0]
			want := wireRange{wirePos{2, tc.startChar}, wirePos{2, tc.startChar + 1}}
			if d.Range != want || d.Code != "syntax" || d.Severity != 1 || d.Source != "specls" {
				t.Fatalf("diagnostic = %+v, want range %+v, code syntax, severity 1", d, want)
			}
		})
	}
}

func TestIncrementalEditsInUTF16(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, brokenText, 1)
	_, next := c.diagnostics(0, docURI, 1)

	// Replace the ")" (UTF-16 columns 22-23 of line 2) by "x": the file parses.
	c.change(docURI, 2, map[string]any{"range": rng(2, 22, 2, 23), "text": "x"})
	p, next := c.diagnostics(next, docURI, 2)
	if len(p.Diagnostics) != 0 {
		t.Fatalf("after the fix: %+v", p.Diagnostics)
	}
	// Two changes in one notification, the second in the coordinates the first
	// made: insert "ü" after the emoji, then a stray "@" just after the "ü".
	c.change(docURI, 3,
		map[string]any{"range": rng(2, 12, 2, 12), "text": "ü"},
		map[string]any{"range": rng(2, 13, 2, 13), "text": "@"})
	p, next = c.diagnostics(next, docURI, 3)
	if len(p.Diagnostics) != 0 {
		t.Fatalf("an @ inside a comment is no error: %+v", p.Diagnostics)
	}
	// Now an "@" outside the comment, after the 😀 line's closing "*/" (col 15+1).
	c.change(docURI, 4, map[string]any{"range": rng(2, 17, 2, 17), "text": "@ "})
	p, next = c.diagnostics(next, docURI, 4)
	want := wireRange{wirePos{2, 17}, wirePos{2, 18}}
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range != want {
		t.Fatalf("diagnostics = %+v, want one at %+v", p.Diagnostics, want)
	}
	// A full replacement.
	c.change(docURI, 5, map[string]any{"text": "spec S\n"})
	p, _ = c.diagnostics(next, docURI, 5)
	if len(p.Diagnostics) != 0 {
		t.Fatalf("after full replacement: %+v", p.Diagnostics)
	}
}

func TestApplyChanges(t *testing.T) {
	// The session tests cover the ordinary cases; here the client mistakes: a
	// reversed range, and positions past the end of a line and of the text.
	at := func(l1, c1, l2, c2 uint32) protocol.Range {
		return protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
	}
	text := "ab😀c\nd"
	for _, tc := range []struct {
		r    protocol.Range
		want string
	}{
		{at(0, 4, 0, 2), "abXc\nd"},  // reversed: the emoji (UTF-16 columns 2-4)
		{at(0, 9, 0, 9), "ab😀cX\nd"}, // past the end of line 0: at its end
		{at(7, 0, 9, 0), "ab😀c\ndX"}, // past the last line: at the end of the text
	} {
		got := applyChanges(text, []protocol.TextDocumentContentChangeEvent{
			&protocol.TextDocumentContentChangePartial{Range: tc.r, Text: "X"}}, source.UTF16)
		if got != tc.want {
			t.Errorf("change at %+v: %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestMalformedInputGetsErrorsAndServingGoesOn(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	before := c.noteCount()

	body := `{"jsonrpc":"2.0","id":99,"method":`
	c.writeRaw("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
	m, next := c.waitNote(before, func(m wireMsg) bool { return m.Error != nil })
	if m.Error.Code != int(jsonrpc2.ParseError) || string(m.ID) != "null" {
		t.Fatalf("answer to malformed JSON = %+v id %s, want parse error with null id", m.Error, m.ID)
	}
	// A header without Content-Length.
	c.writeRaw("Content-Type: x\r\n\r\n")
	m, next = c.waitNote(next, func(m wireMsg) bool { return m.Error != nil })
	if m.Error.Code != int(jsonrpc2.ParseError) {
		t.Fatalf("answer to a bad header = %+v", m.Error)
	}
	// Valid JSON that is no request.
	c.send(map[string]any{"jsonrpc": "1.0", "id": 5, "method": "x"})
	m, _ = c.waitNote(next, func(m wireMsg) bool { return m.Error != nil })
	if m.Error.Code != int(jsonrpc2.InvalidRequest) {
		t.Fatalf("answer to an invalid request = %+v", m.Error)
	}
	// Bad params on a notification must not close the connection either.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": 42})
	c.notify("$/unknownNotification", map[string]any{})
	c.notify("$/cancelRequest", map[string]any{"id": []int{1}})

	c.open(docURI, brokenText, 1)
	if p, _ := c.diagnostics(0, docURI, 1); len(p.Diagnostics) != 1 {
		t.Fatalf("still serving, diagnostics = %+v", p.Diagnostics)
	}
}

func TestUnknownMethod(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	for _, method := range []string{"specls/noSuchThing", "$/noSuchRequest", "textDocument/moniker"} {
		_, ch := c.start(method, map[string]any{})
		m := c.await(method, ch)
		if m.Error == nil || m.Error.Code != int(jsonrpc2.MethodNotFound) {
			t.Errorf("%s: answer %+v, want MethodNotFound", method, m.Error)
		}
	}
}

func TestRequestsBeforeInitialize(t *testing.T) {
	c := startServer(t, Options{}, nil)
	_, ch := c.start("textDocument/hover", pos(docURI, 0, 0))
	if m := c.await("hover", ch); m.Error == nil || m.Error.Code != int(jsonrpc2.ServerNotInitialized) {
		t.Fatalf("hover before initialize: %+v", m.Error)
	}
}

func TestCancellation(t *testing.T) {
	started := make(chan struct{})
	extra := map[string]extraMethod{"test/block": func(ctx context.Context, _ jsonrpc2.RawMessage) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	c := startServer(t, Options{}, extra)
	c.initialize(map[string]any{}, nil)
	id, ch := c.start("test/block", map[string]any{})
	<-started
	// The blocked request does not hold up the others.
	c.call("shutdown", nil, nil) // not yet: a request in between
	c.notify("$/cancelRequest", map[string]any{"id": id})
	m := c.await("test/block", ch)
	if m.Error == nil || m.Error.Code != -32800 {
		t.Fatalf("cancelled request answered %+v, want RequestCancelled (-32800)", m.Error)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	extra := map[string]extraMethod{"test/panic": func(context.Context, jsonrpc2.RawMessage) (any, error) {
		panic("boom")
	}}
	c := startServer(t, Options{}, extra)
	c.initialize(map[string]any{}, nil)
	_, ch := c.start("test/panic", nil)
	if m := c.await("test/panic", ch); m.Error == nil || m.Error.Code != int(jsonrpc2.InternalError) {
		t.Fatalf("panicking request answered %+v", m.Error)
	}
	c.open(docURI, brokenText, 1)
	c.diagnostics(0, docURI, 1)
}

func TestShutdownAndExit(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.call("shutdown", nil, nil)
	_, ch := c.start("textDocument/hover", pos(docURI, 0, 0))
	if m := c.await("hover", ch); m.Error == nil || m.Error.Code != int(jsonrpc2.InvalidRequest) {
		t.Fatalf("request after shutdown: %+v", m.Error)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != nil {
			t.Fatalf("Serve = %v after shutdown and exit", err)
		}
		c.served <- err
	case <-time.After(waitLimit):
		t.Fatal("server did not exit")
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if !errors.Is(err, ErrExitWithoutShutdown) {
			t.Fatalf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
		c.served <- nil
	case <-time.After(waitLimit):
		t.Fatal("server did not exit")
	}
}

// deepFinding is what the fake deep check reports: one finding naming the version
// it ran on, so a stale publication would show.
func deepFinding(s *Snapshot) diag.Finding {
	return diag.New(diag.Vacuous, source.Span{Start: 0, End: 4}, "deep check of version %d", s.Version)
}

func TestDeepCheckIsDebouncedAndNeverStale(t *testing.T) {
	var runs, cancelled atomic.Int32
	opts := Options{
		DeepCheckDelay: 30 * time.Millisecond,
		DeepCheck: func(ctx context.Context, s *Snapshot) check.Result {
			runs.Add(1)
			select {
			case <-ctx.Done():
				cancelled.Add(1)
				return check.Result{Findings: []diag.Finding{diag.New(diag.Unknown, source.Span{}, "cancelled %d", s.Version)}}
			case <-time.After(50 * time.Millisecond):
			}
			return check.Result{Findings: []diag.Finding{deepFinding(s)}}
		},
	}
	c := startServer(t, opts, nil)
	c.initialize(map[string]any{}, nil)
	c.open(docURI, "spec S\n", 1)
	for v := 2; v <= 20; v++ {
		c.change(docURI, v, map[string]any{"text": "spec S\n" + strings.Repeat("\n", v)})
	}
	// Version 20's front-end diagnostics come first (empty), then its deep ones.
	p, next := c.diagnostics(0, docURI, 20)
	if len(p.Diagnostics) != 0 {
		t.Fatalf("front-end diagnostics of version 20: %+v", p.Diagnostics)
	}
	p, _ = c.diagnostics(next, docURI, 20)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Message != "deep check of version 20" || p.Diagnostics[0].Code != "vacuous" {
		t.Fatalf("deep diagnostics of version 20: %+v", p.Diagnostics)
	}
	// Nothing but version 20 ever carried a deep finding.
	c.mu.Lock()
	for _, m := range c.notes {
		if strings.Contains(string(m.Params), "deep check of version") && !strings.Contains(string(m.Params), "version 20") ||
			strings.Contains(string(m.Params), "cancelled") {
			t.Errorf("stale deep result published: %s", m.Params)
		}
	}
	c.mu.Unlock()
	if runs.Load() > 3 {
		t.Errorf("deep check ran %d times for a burst of edits: not debounced", runs.Load())
	}
}

func TestPullDiagnosticsInsteadOfPush(t *testing.T) {
	opts := Options{
		DeepCheckDelay: time.Millisecond,
		DeepCheck: func(ctx context.Context, s *Snapshot) check.Result {
			return check.Result{Findings: []diag.Finding{deepFinding(s)}}
		},
	}
	c := startServer(t, opts, nil)
	res := c.initialize(map[string]any{
		"textDocument": map[string]any{"diagnostic": map[string]any{}},
		"workspace":    map[string]any{"diagnostics": map[string]any{"refreshSupport": true}},
	}, nil)
	if _, ok := res["capabilities"].(map[string]any)["diagnosticProvider"]; !ok {
		t.Fatalf("no diagnosticProvider for a pulling client: %v", res["capabilities"])
	}
	c.open(docURI, brokenText, 1)
	// The deep check finishing asks the client to pull again.
	c.waitNote(0, func(m wireMsg) bool { return m.Method == "workspace/diagnostic/refresh" })
	var report struct {
		Kind     string     `json:"kind"`
		ResultID string     `json:"resultId"`
		Items    []wireDiag `json:"items"`
	}
	c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &report)
	if report.Kind != "full" || len(report.Items) != 2 || report.Items[0].Code != "vacuous" || report.Items[1].Code != "syntax" {
		t.Fatalf("pulled report = %+v", report)
	}
	var again struct {
		Kind     string `json:"kind"`
		ResultID string `json:"resultId"`
	}
	c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": docURI}, "previousResultId": report.ResultID}, &again)
	if again.Kind != "unchanged" || again.ResultID != report.ResultID {
		t.Fatalf("second pull = %+v, want unchanged %s", again, report.ResultID)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.notes {
		if m.Method == "textDocument/publishDiagnostics" {
			t.Fatalf("pushed to a pulling client: %s", m.Params)
		}
	}
}

func TestSettingsDisableCodesAndSuppression(t *testing.T) {
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, map[string]any{"disabledCodes": []string{"syntax"}, "depth": 4})
	c.open(docURI, brokenText, 1)
	if p, _ := c.diagnostics(0, docURI, 1); len(p.Diagnostics) != 0 {
		t.Fatalf("disabled code shown: %+v", p.Diagnostics)
	}
	before := c.noteCount()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"specls": map[string]any{"disabledCodes": []string{}}}})
	if p, _ := c.diagnostics(before, docURI, 1); len(p.Diagnostics) != 1 {
		t.Fatalf("re-enabled code not shown: %+v", p.Diagnostics)
	}
	// `// specls:ignore syntax` on the line above hides it.
	c.change(docURI, 2, map[string]any{"range": rng(2, 0, 2, 0), "text": "// specls:ignore syntax\n"})
	if p, _ := c.diagnostics(0, docURI, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("suppressed finding shown: %+v", p.Diagnostics)
	}
}

func TestApplySettings(t *testing.T) {
	s, err := applySettings(Settings{Depth: 3}, json.RawMessage(`{"budget": 500, "disabledCodes": ["redundant"]}`))
	if err != nil || s.Depth != 3 || s.Budget != 500 || !s.Disabled(diag.Redundant) || s.Disabled(diag.Vacuous) {
		t.Fatalf("applySettings = %+v, %v", s, err)
	}
	if _, err := applySettings(s, json.RawMessage(`{"depth": -1}`)); err == nil {
		t.Fatal("negative depth accepted")
	}
	if _, err := applySettings(s, json.RawMessage(`{"depth": "deep"}`)); err == nil {
		t.Fatal("string depth accepted")
	}
}

// TestProjectFile: the .specls.json above a document gives the server what the client
// leaves unset, as it does `specls check`: here a disabled code.
func TestProjectFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".specls.json"), []byte(`{"disable": ["syntax"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	u := string(uri.File(filepath.Join(dir, "specs", "broken.specl")))
	c := startServer(t, Options{}, nil)
	c.initialize(map[string]any{}, nil)
	c.open(u, brokenText, 1)
	if p, _ := c.diagnostics(0, u, 1); len(p.Diagnostics) != 0 {
		t.Fatalf("a code the project file disables is shown: %+v", p.Diagnostics)
	}
	// The same text elsewhere: shown.
	c.open(docURI, brokenText, 1)
	p, _ := c.diagnostics(0, docURI, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("outside the project: %+v", p.Diagnostics)
	}
	// Each code links to its section of the reference.
	if got := p.Diagnostics[0].CodeDescription.Href; got != diag.HelpURI(diag.Syntax) {
		t.Errorf("codeDescription.href = %q, want %q", got, diag.HelpURI(diag.Syntax))
	}
}
