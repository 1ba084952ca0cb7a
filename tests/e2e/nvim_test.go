//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nvimDiag is a vim.diagnostic item: 0-based lines, 0-based byte columns (Neovim
// converts the server's UTF-16 positions into its buffer's bytes).
type nvimDiag struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	EndLnum  int    `json:"end_lnum"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"` // 1 error, 2 warning, 3 info, 4 hint
	Code     string `json:"code"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

type nvimReport struct {
	Error             string     `json:"error"`
	Steps             []string   `json:"steps"`
	BrokenFiletype    string     `json:"broken_filetype"`
	BrokenClients     int        `json:"broken_clients"`
	BrokenWaited      bool       `json:"broken_waited"`
	Broken            []nvimDiag `json:"broken"`
	HoverEnum         hover      `json:"hover_enum"`
	DefinitionVar     location   `json:"definition_var"`
	FixedWaited       bool       `json:"fixed_waited"`
	Fixed             []nvimDiag `json:"fixed"`
	FixedLine         string     `json:"fixed_line"`
	BankSameClient    bool       `json:"bank_same_client"`
	BankWaited        bool       `json:"bank_waited"`
	Bank              []nvimDiag `json:"bank"`
	HoverBalance      hover      `json:"hover_balance"`
	DefinitionBalance location   `json:"definition_balance"`
	DefinitionAction  location   `json:"definition_action"`
}

// TestNeovim opens specs in Neovim 0.7 headless with editors/nvim/specls.lua as the
// user's config: push diagnostics (front end and solver) land in vim.diagnostic at
// the right bytes, an edit typed in the buffer clears the error it fixes, and hover
// and definition answer through vim.lsp.buf_request_sync.
func TestNeovim(t *testing.T) {
	nvim := need(t, "nvim", "the Debian package neovim")
	dir := workspace(t)
	outFile := filepath.Join(t.TempDir(), "nvim.json")
	script, _ := filepath.Abs(filepath.Join("testdata", "nvim_session.lua"))
	session(t, dir, []string{
		"SPECLS_E2E_OUT=" + outFile,
		"SPECLS_NVIM_CONFIG=" + filepath.Join(repoRoot(), "editors", "nvim"),
	}, nvim, "--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile "+script)

	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("the Neovim session wrote no report: %v", err)
	}
	var r nvimReport
	decode(t, "Neovim report", data, &r)
	if r.Error != "" {
		t.Fatalf("the Neovim session failed after %q: %s", r.Steps, r.Error)
	}

	if r.BrokenFiletype != "specl" || r.BrokenClients != 1 {
		t.Errorf("broken.specl: filetype %q with %d clients, want specl with 1 (editors/nvim/specls.lua's setup)", r.BrokenFiletype, r.BrokenClients)
	}
	if !r.BrokenWaited {
		t.Errorf("broken.specl: syntax, name and vacuous did not all arrive within %d ms", waitMS)
	}
	// Line 9 is `/* 🚦 */ fact Shown: light == Blue`: the server says UTF-16
	// character 30, and the emoji's 4 bytes put Blue at byte 32.
	checkNvimDiags(t, "broken.specl", r.Broken, []nvimDiag{
		{Lnum: 8, Col: 32, EndLnum: 8, EndCol: 36, Severity: 1, Code: "name", Message: "Blue"},
		{Lnum: 9, Col: 20, EndLnum: 9, EndCol: 22, Severity: 1, Code: "syntax", Message: `"=="`},
		{Lnum: 10, Col: 0, EndLnum: 10, EndCol: 44, Severity: 2, Code: "vacuous", Message: "Stays"},
	})
	checkHover(t, "hover on Light", r.HoverEnum, rng(6, 11, 6, 16), "enum Light { Red, Green }", "The colours a light shows.")
	checkLocation(t, "definition of light", r.DefinitionVar, "broken.specl", rng(6, 4, 6, 9))

	if want := "/* 🚦 */ fact Shown: light == Red"; r.FixedLine != want {
		t.Errorf("after ciwRed the line is %q, want %q", r.FixedLine, want)
	}
	if !r.FixedWaited {
		t.Errorf("after fixing Blue: the name error was not cleared (with the syntax error and the vacuous assert kept) within %d ms", waitMS)
	}
	checkNvimDiags(t, "broken.specl after the fix", r.Fixed, []nvimDiag{
		{Lnum: 9, Col: 20, EndLnum: 9, EndCol: 22, Severity: 1, Code: "syntax", Message: `"=="`},
		{Lnum: 10, Col: 0, EndLnum: 10, EndCol: 44, Severity: 2, Code: "vacuous", Message: "Stays"},
	})

	if !r.BankSameClient {
		t.Errorf("bank.specl did not share broken.specl's client (one server per root)")
	}
	if !r.BankWaited {
		t.Errorf("bank.specl: blocked-action and vacuous did not arrive within %d ms", waitMS)
	}
	checkNvimDiags(t, "bank.specl", r.Bank, []nvimDiag{
		{Lnum: 18, Col: 7, EndLnum: 18, EndCol: 14, Severity: 2, Code: "blocked-action", Message: "Deposit is blocked"},
		{Lnum: 34, Col: 0, EndLnum: 34, EndCol: 37, Severity: 2, Code: "vacuous", Message: "NeverNegative"},
	})
	if len(r.Bank) > 0 {
		checkShortCounterexample(t, r.Bank[0].Message)
	}
	checkHover(t, "hover on balance", r.HoverBalance, rng(25, 21, 25, 28), "var balance: Money // 0..1000")
	checkLocation(t, "definition of balance", r.DefinitionBalance, "bank.specl", rng(10, 4, 10, 11))
	checkLocation(t, "definition of Deposit in the example", r.DefinitionAction, "bank.specl", rng(18, 7, 18, 14))
}

// checkShortCounterexample asserts a blocked-action message on bank.specl ends with
// the run in short form, which is all a client without inlay hints shows of it. The
// run must start in the only initial state.
func checkShortCounterexample(t *testing.T, msg string) {
	t.Helper()
	i := strings.LastIndex(msg, " (")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		t.Errorf("blocked-action message %q does not end with a counterexample in parentheses", msg)
		return
	}
	short := msg[i+2 : len(msg)-1]
	for _, w := range []string{"amount = ", "s0: balance = 0, status = Open", "Deposit(amount: "} {
		if !strings.Contains(short, w) {
			t.Errorf("counterexample %q lacks %q", short, w)
		}
	}
}

func checkNvimDiags(t *testing.T, what string, got, want []nvimDiag) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d diagnostics, want %d:\n got %+v", what, len(got), len(want), got)
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Lnum != w.Lnum || g.Col != w.Col || g.EndLnum != w.EndLnum || g.EndCol != w.EndCol ||
			g.Severity != w.Severity || g.Code != w.Code || g.Source != "specls" || !strings.Contains(g.Message, w.Message) {
			t.Errorf("%s: diagnostic %d is %+v\nwant %d:%d-%d:%d severity %d code %s source specls, message containing %q",
				what, i, g, w.Lnum, w.Col, w.EndLnum, w.EndCol, w.Severity, w.Code, w.Message)
		}
	}
}
