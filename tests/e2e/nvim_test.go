//go:build unix

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	Error               string            `json:"error"`
	Steps               []string          `json:"steps"`
	LoadedFrom          string            `json:"loaded_from"`
	RestartCommand      bool              `json:"restart_command"`
	BrokenCommentstring string            `json:"broken_commentstring"`
	BrokenSyntax        string            `json:"broken_syntax"`
	Colours             map[string]string `json:"colours"`
	Restarted           bool              `json:"restarted"`
	RestartedWaited     bool              `json:"restarted_waited"`
	HelpFile            string            `json:"help_file"`
	HelpLine            string            `json:"help_line"`
	SampleIndentexpr    string            `json:"sample_indentexpr"`
	Progress            []struct {
		Token string `json:"token"`
		Title string `json:"title"`
		Done  bool   `json:"done"`
	} `json:"progress"`
	TypoWaited        bool       `json:"typo_waited"`
	TypoActions       []string   `json:"typo_actions"`
	TypoLine          string     `json:"typo_line"`
	TypoFixed         bool       `json:"typo_fixed"`
	ReindentedSame    bool       `json:"reindented_same"`
	Restored          any        `json:"restored"`
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

// TestNeovim opens specs in Neovim 0.7 headless with editors/nvim installed as
// doc/specls.txt says (a package under pack/*/start, and an init.lua calling
// require('specls').setup()): the plugin's ftdetect, ftplugin and syntax files
// apply, push diagnostics (front end and solver) land in vim.diagnostic at the
// right bytes, an edit typed in the buffer clears the error it fixes, hover and
// definition answer through vim.lsp.buf_request_sync, :SpeclsRestart brings a
// fresh server, :help finds the plugin's help file, and = indents as `specls fmt`.
func TestNeovim(t *testing.T) {
	nvim := need(t, "nvim", "the Debian package neovim")
	dir := workspace(t)
	outFile := filepath.Join(t.TempDir(), "nvim.json")
	script, _ := filepath.Abs(filepath.Join("testdata", "nvim_session.lua"))
	// The user's directories: the plugin copied (not linked, so that :helptags
	// writes its tags file here, not into the repository) into the package
	// directory, and an init.lua as in the help file with the binary under test.
	user := t.TempDir()
	config, dataHome := filepath.Join(user, "config"), filepath.Join(user, "data")
	plugin := filepath.Join(dataHome, "nvim", "site", "pack", "specls", "start", "specls")
	if err := os.CopyFS(plugin, os.DirFS(filepath.Join(repoRoot(), "editors", "nvim"))); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(filepath.Join(plugin, "doc", "tags"))
	initLua := fmt.Sprintf("require('specls').setup({ cmd = { %q, 'serve', '--stdio' } })\n", specls)
	if err := os.MkdirAll(filepath.Join(config, "nvim"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "nvim", "init.lua"), []byte(initLua), 0o644); err != nil {
		t.Fatal(err)
	}
	session(t, dir, []string{
		"SPECLS_E2E_OUT=" + outFile,
		"XDG_CONFIG_HOME=" + config,
		"XDG_DATA_HOME=" + dataHome,
	}, nvim, "--headless", "-n", "-i", "NONE", "-c", "luafile "+script)

	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("the Neovim session wrote no report: %v", err)
	}
	var r nvimReport
	decode(t, "Neovim report", data, &r)
	if r.Error != "" {
		t.Fatalf("the Neovim session failed after %q: %s", r.Steps, r.Error)
	}

	if want := filepath.Join(plugin, "lua", "specls", "init.lua"); r.LoadedFrom != want {
		t.Errorf("require('specls') came from %q, want the installed package's %q", r.LoadedFrom, want)
	}
	if !r.RestartCommand {
		t.Errorf("the plugin defines no :SpeclsRestart command")
	}
	if r.BrokenFiletype != "specl" || r.BrokenClients != 1 {
		t.Errorf("broken.specl: filetype %q with %d clients, want specl with 1 (ftdetect/specl.vim and setup())", r.BrokenFiletype, r.BrokenClients)
	}
	if r.BrokenCommentstring != "// %s" || r.BrokenSyntax != "specl" {
		t.Errorf("broken.specl: commentstring %q, syntax %q; want \"// %%s\" and specl (ftplugin/specl.vim)", r.BrokenCommentstring, r.BrokenSyntax)
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

	// Each item is the syntax group and the highlight group it ends at through the
	// default colour scheme's links (Keyword and Operator are Statement, Number is
	// Constant, SpecialComment is Special).
	for what, want := range map[string]string{
		"doc comment":    "speclDocComment Special",
		"type keyword":   "speclDeclaration Statement",
		"declared name":  "speclDeclared Identifier",
		"number":         "speclNumber Constant",
		"action keyword": "speclDeclaration Statement",
		"requires":       "speclClause Statement",
		"prime":          "speclPrime Special",
		"operator word":  "speclOperator Statement",
		"plain name":     " ",
	} {
		if got := r.Colours[what]; got != want {
			t.Errorf("bank.specl: the %s is coloured %q, want %q (syntax/specl.vim)", what, got, want)
		}
	}
	if !r.Restarted || !r.RestartedWaited {
		t.Errorf(":SpeclsRestart: a new client %v, its findings within %d ms %v; want both", r.Restarted, waitMS, r.RestartedWaited)
	}
	// Neovim took the deep checks' progress: bank.specl's was titled and ended.
	bankProgress := false
	for _, p := range r.Progress {
		if p.Title == "Checking bank.specl" && p.Done {
			bankProgress = true
		}
	}
	if !bankProgress {
		t.Errorf("Neovim recorded progress %+v, want an ended \"Checking bank.specl\"", r.Progress)
	}
	if !r.TypoWaited || !slices.Contains(r.TypoActions, "Replace `Opne` with `Open`") ||
		r.TypoLine != "fact F: status == Open" || !r.TypoFixed {
		t.Errorf("typo.specl: name finding %v, actions %q, line after the preferred fix %q, name finding gone %v; want the fix to write Open",
			r.TypoWaited, r.TypoActions, r.TypoLine, r.TypoFixed)
	}
	if r.SampleIndentexpr != "SpeclIndent()" || !r.ReindentedSame {
		t.Errorf("sample.specl: indentexpr %q, = kept the layout of `specls fmt`: %v", r.SampleIndentexpr, r.ReindentedSame)
	}
	if r.Restored != true {
		t.Errorf("sample.specl: = from no indentation gave\n%v\nwant testdata/sample.specl", r.Restored)
	}
	if r.HelpFile != "specls.txt" || !strings.Contains(r.HelpLine, "*specls-lspconfig*") {
		t.Errorf(":help specls-lspconfig opened %q at %q, want doc/specls.txt at the tag", r.HelpFile, r.HelpLine)
	}
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
