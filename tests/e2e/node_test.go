//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

type nodeDiag struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     string   `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type docSymbol struct {
	Name     string      `json:"name"`
	Kind     int         `json:"kind"`
	Range    lspRange    `json:"range"`
	Children []docSymbol `json:"children"`
}

type inlayHint struct {
	Position lspPos `json:"position"`
	Label    string `json:"label"`
	Tooltip  string `json:"tooltip"`
}

type nodeReport struct {
	Error     string `json:"error"`
	Stderr    string `json:"stderr"`
	Publishes []struct {
		URI     string   `json:"uri"`
		Version int      `json:"version"`
		Codes   []string `json:"codes"`
	} `json:"publishes"`
	ServerInfo struct {
		Name string `json:"name"`
	} `json:"serverInfo"`
	PositionEncoding string     `json:"positionEncoding"`
	Capabilities     []string   `json:"capabilities"`
	Open             []nodeDiag `json:"open"`
	EditFront        []string   `json:"edit_front"`
	Edit             []nodeDiag `json:"edit"`
	Hover            hover      `json:"hover"`
	Definition       location   `json:"definition"`
	PrepareRename    lspRange   `json:"prepareRename"`
	Rename           struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"rename"`
	Symbols    []docSymbol `json:"symbols"`
	InlayHints []inlayHint `json:"inlayHints"`
	Completion *struct {
		Items []struct {
			Label string `json:"label"`
		} `json:"items"`
	} `json:"completion"`
	Exit struct {
		Code   *int   `json:"code"`
		Signal string `json:"signal"`
	} `json:"exit"`
	Progress        []string   `json:"progress"`
	TypoDiagnostics []nodeDiag `json:"typoDiagnostics"`
	TypoActions     []struct {
		Title       string `json:"title"`
		Kind        string `json:"kind"`
		IsPreferred bool   `json:"isPreferred"`
		Edit        struct {
			Changes map[string][]textEdit `json:"changes"`
		} `json:"edit"`
	} `json:"typoActions"`
}

// TestNodeClient runs tests/node/client.js, a client on npm's
// vscode-languageserver-protocol (VS Code's), over bank.specl: the publishes per
// version (front end first, the solver's after, never an older version after a
// newer one), an edit that adds a violated invariant, hover, definition, rename,
// the outline, inlay hints with the counterexample's values, and a clean exit.
func TestNodeClient(t *testing.T) {
	node := need(t, "node", "the Debian package nodejs")
	clientDir := filepath.Join(repoRoot(), "tests", "node")
	for _, mod := range []string{"vscode-languageserver-protocol", "vscode-jsonrpc"} {
		if _, err := os.Stat(filepath.Join(clientDir, "node_modules", mod)); err != nil {
			t.Fatalf("the npm package %s is not installed: run `npm ci` in tests/node (scripts/test does)", mod)
		}
	}
	dir := workspace(t)
	bank, err := os.ReadFile(filepath.Join(dir, "bank.specl"))
	if err != nil {
		t.Fatal(err)
	}
	out := session(t, dir, nil, node, filepath.Join(clientDir, "client.js"), specls, dir)
	var r nodeReport
	decode(t, "Node client's report", out, &r)
	if r.Error != "" {
		t.Fatalf("the Node client failed: %s\nserver stderr:\n%s", r.Error, r.Stderr)
	}

	if r.ServerInfo.Name != "specls" || r.PositionEncoding != "utf-16" {
		t.Errorf("server %q with encoding %q, want specls with utf-16", r.ServerInfo.Name, r.PositionEncoding)
	}
	for _, c := range []string{"hoverProvider", "definitionProvider", "renameProvider", "documentSymbolProvider", "inlayHintProvider", "textDocumentSync"} {
		if !slices.Contains(r.Capabilities, c) {
			t.Errorf("capabilities lack %s: %v", c, r.Capabilities)
		}
	}

	// Publishes: per version, the front end's first (no solver finding in it), then
	// the deep check's; versions never go back.
	last := map[string]int{}
	firstOf := map[int][]string{}
	for _, p := range r.Publishes {
		if p.Version < last[p.URI] {
			t.Errorf("a publish for version %d came after one for version %d: %+v", p.Version, last[p.URI], r.Publishes)
		}
		last[p.URI] = p.Version
		if !strings.HasSuffix(p.URI, "/bank.specl") {
			continue
		}
		if _, ok := firstOf[p.Version]; !ok {
			firstOf[p.Version] = p.Codes
		}
	}
	for v := 1; v <= 2; v++ {
		codes, ok := firstOf[v]
		if !ok {
			t.Errorf("no publish for version %d", v)
		}
		if len(codes) != 0 {
			t.Errorf("the first publish of version %d carries %v; the front end finds nothing in bank.specl", v, codes)
		}
	}

	checkNodeDiags(t, "bank.specl", r.Open, []nodeDiag{
		{Range: rng(18, 7, 18, 14), Severity: 2, Code: "blocked-action", Message: "Deposit is blocked"},
		{Range: rng(34, 0, 34, 37), Severity: 2, Code: "vacuous", Message: "NeverNegative"},
	})
	if slices.Contains(r.EditFront, "invariant-violated") {
		t.Errorf("the front end's publish after the edit already has the solver's finding: %v", r.EditFront)
	}
	// The added line 47 is `invariant Small: balance <= 100`; a deposit of 101
	// breaks it in one step.
	checkNodeDiags(t, "bank.specl after the edit", r.Edit, []nodeDiag{
		{Range: rng(18, 7, 18, 14), Severity: 2, Code: "blocked-action", Message: "Deposit is blocked"},
		{Range: rng(34, 0, 34, 37), Severity: 2, Code: "vacuous", Message: "NeverNegative"},
		{Range: rng(47, 10, 47, 15), Severity: 1, Code: "invariant-violated", Message: "invariant Small"},
	})

	checkHover(t, "hover on balance", r.Hover, rng(25, 21, 25, 28), "var balance: Money // 0..1000")
	checkLocation(t, "definition of Deposit in the example", r.Definition, "bank.specl", rng(18, 7, 18, 14))
	if r.PrepareRename != rng(10, 4, 10, 11) {
		t.Errorf("prepareRename on balance: %v, want 10:4-10:11", r.PrepareRename)
	}
	checkRename(t, string(bank)+"\ninvariant Small: balance <= 100\n", r.Rename.Changes)

	var names []string
	for _, s := range r.Symbols {
		names = append(names, s.Name)
		if s.Name == "Status" {
			var members []string
			for _, c := range s.Children {
				members = append(members, c.Name)
			}
			if !slices.Equal(members, []string{"Open", "Frozen", "Closed"}) {
				t.Errorf("outline: Status holds %v, want [Open Frozen Closed]", members)
			}
		}
	}
	wantNames := []string{"Bank", "Money", "Status", "balance", "status", "ClosedIsEmpty", "Deposit", "Withdraw", "Close",
		"NeverNegative", "FrozenNeverHappens", "DepositThenWithdraw", "OverdraftImpossible", "Small"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("outline: %v\nwant %v", names, wantNames)
	}

	// The violated invariant's value sits after the name it is about.
	found := false
	for _, h := range r.InlayHints {
		if !strings.HasPrefix(h.Label, "= ") {
			t.Errorf("inlay hint %+v: label does not read `= value`", h)
		}
		if h.Position == (lspPos{47, 24}) && h.Label == "= 101" && strings.HasPrefix(h.Tooltip, "invariant-violated") {
			found = true
		}
	}
	if !found {
		t.Errorf("no inlay hint `= 101` after balance in invariant Small (47:24): %+v", r.InlayHints)
	}

	if slices.Contains(r.Capabilities, "completionProvider") {
		if r.Completion == nil {
			t.Errorf("completion is offered but answered nothing")
		} else {
			var labels []string
			for _, it := range r.Completion.Items {
				labels = append(labels, it.Label)
			}
			for _, a := range []string{"Deposit", "Withdraw", "Close"} {
				if !slices.Contains(labels, a) {
					t.Errorf("completion after `do ` lacks the action %s: %v", a, labels)
				}
			}
		}
	}

	// Work-done progress: every deep check (bank.specl's two versions, typo.specl
	// has a name error and none) creates its token, begins cancellable and ends.
	if len(r.Progress) < 6 || r.Progress[0] != "create specls/check/1" || r.Progress[1] != "begin specls/check/1 cancellable" {
		t.Errorf("progress %q, want create, begin (cancellable), reports and end per deep check", r.Progress)
	}
	for _, tok := range []string{"specls/check/1", "specls/check/2"} {
		if !slices.Contains(r.Progress, "end "+tok) {
			t.Errorf("progress %q: %s never ended", r.Progress, tok)
		}
	}

	// "Did you mean Open?" comes with the quick fix that writes Open.
	if len(r.TypoDiagnostics) != 1 || !strings.Contains(r.TypoDiagnostics[0].Message, "did you mean Open?") {
		t.Fatalf("typo.specl: diagnostics %+v, want one name finding suggesting Open", r.TypoDiagnostics)
	}
	var fix *textEdit
	for _, a := range r.TypoActions {
		if a.Title == "Replace `Opne` with `Open`" && a.Kind == "quickfix" && a.IsPreferred {
			for uri, edits := range a.Edit.Changes {
				if strings.HasSuffix(uri, "/typo.specl") && len(edits) == 1 {
					fix = &edits[0]
				}
			}
		}
	}
	if fix == nil || fix.NewText != "Open" || fix.Range != rng(3, 18, 3, 22) {
		t.Errorf("typo.specl: code actions %+v, want a preferred quick fix replacing 3:18-3:22 with Open", r.TypoActions)
	}

	if r.Exit.Code == nil || *r.Exit.Code != 0 {
		t.Errorf("after shutdown and exit the server ended with %+v, want status 0", r.Exit)
	}
}

// checkRename applies the rename's edits to text and compares with renaming every
// `balance` outside the header comment (lines 1-3 of bank.specl) by hand.
func checkRename(t *testing.T, text string, changes map[string][]textEdit) {
	t.Helper()
	if len(changes) != 1 {
		t.Errorf("rename touches %d files, want 1: %v", len(changes), changes)
		return
	}
	var edits []textEdit
	for uri, e := range changes {
		if !strings.HasSuffix(uri, "/bank.specl") {
			t.Errorf("rename edits %s", uri)
		}
		edits = e
	}
	lines := strings.Split(text, "\n")
	// Apply from the end so earlier positions stay valid; the text is ASCII where
	// the edits fall, so UTF-16 characters are bytes.
	sort.Slice(edits, func(i, j int) bool {
		a, b := edits[i].Range.Start, edits[j].Range.Start
		return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
	})
	for _, e := range edits {
		if e.Range.Start.Line != e.Range.End.Line {
			t.Fatalf("rename edit spans lines: %+v", e)
		}
		l := lines[e.Range.Start.Line]
		lines[e.Range.Start.Line] = l[:e.Range.Start.Character] + e.NewText + l[e.Range.End.Character:]
	}
	got := strings.Join(lines, "\n")
	want := strings.Split(text, "\n")
	for i := 3; i < len(want); i++ {
		want[i] = strings.ReplaceAll(want[i], "balance", "funds")
	}
	if w := strings.Join(want, "\n"); got != w {
		t.Errorf("after the rename:\n%s\nwant:\n%s", got, w)
	}
}

func checkNodeDiags(t *testing.T, what string, got, want []nodeDiag) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d diagnostics, want %d:\n got %+v", what, len(got), len(want), got)
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Range != w.Range || g.Severity != w.Severity || g.Code != w.Code || g.Source != "specls" || !strings.Contains(g.Message, w.Message) {
			t.Errorf("%s: diagnostic %d is %+v\nwant %v severity %d code %s source specls, message containing %q",
				what, i, g, w.Range, w.Severity, w.Code, w.Message)
		}
	}
}
