//go:build unix

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// emacsDiag is a flymake diagnostic where its overlay stands: 1-based lines,
// 0-based columns in characters (code points).
type emacsDiag struct {
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Type      string   `json:"type"`
	Code      string   `json:"code"`
	Range     lspRange `json:"range"`
	Text      string   `json:"text"`
}

type emacsReport struct {
	Error              string              `json:"error"`
	SampleMode         string              `json:"sample_mode"`
	SampleCommentStart string              `json:"sample_comment_start"`
	Faces              map[string]string   `json:"faces"`
	ReindentedSame     bool                `json:"reindented_same"`
	Imenu              map[string][]string `json:"imenu"`
	Restored           any                 `json:"restored"`
	BrokenMode         string              `json:"broken_mode"`
	Server             string              `json:"server"`
	BrokenWaited       bool                `json:"broken_waited"`
	Broken             []emacsDiag         `json:"broken"`
	HoverEnum          hover               `json:"hover_enum"`
	DefinitionVar      location            `json:"definition_var"`
	FixedWaited        bool                `json:"fixed_waited"`
	Fixed              []emacsDiag         `json:"fixed"`
	BankMode           string              `json:"bank_mode"`
	BankManaged        bool                `json:"bank_managed"`
	BankWaited         bool                `json:"bank_waited"`
	Bank               []emacsDiag         `json:"bank"`
	HoverBalance       hover               `json:"hover_balance"`
	DefinitionBalance  location            `json:"definition_balance"`
	Shutdown           bool                `json:"shutdown"`
}

// TestEmacs opens specs in Emacs 28 with eglot 1.9, in batch mode, with
// editors/emacs/specls.el as the user's config: specl-mode colours and indents a
// sample as `specls fmt` lays it out, flymake shows the pushed
// diagnostics at the right characters, an edit clears the error it fixes, hover
// and definition answer through eglot's own connection, and shutdown is clean.
func TestEmacs(t *testing.T) {
	emacs := need(t, "emacs", "the Debian package emacs-nox")
	if _, err := os.Stat("/usr/share/emacs/site-lisp/elpa/eglot-1.9"); err != nil {
		if m, _ := filepath.Glob("/usr/share/emacs/site-lisp/elpa/eglot-*"); len(m) == 0 {
			t.Fatalf("eglot is not installed: install the Debian package elpa-eglot (scripts/test does)")
		}
	}
	dir := workspace(t)
	outFile := filepath.Join(t.TempDir(), "emacs.json")
	script, _ := filepath.Abs(filepath.Join("testdata", "emacs_session.el"))
	// -q, not -Q: Debian's site start makes its elpa packages (eglot) loadable,
	// as it does for a user.
	session(t, dir, []string{
		"SPECLS_E2E_OUT=" + outFile,
		"SPECLS_EMACS_CONFIG=" + filepath.Join(repoRoot(), "editors", "emacs"),
	}, emacs, "--batch", "-q", "-l", script)

	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("the Emacs session wrote no report: %v", err)
	}
	var r emacsReport
	decode(t, "Emacs report", data, &r)
	if r.Error != "" {
		t.Fatalf("the Emacs session failed: %s", r.Error)
	}
	// specl-mode (editors/emacs/specl-mode.el) on sample.specl, without eglot.
	if r.SampleMode != "specl-mode" || r.SampleCommentStart != "// " {
		t.Errorf("sample.specl: mode %q, comment-start %q; want specl-mode and \"// \"", r.SampleMode, r.SampleCommentStart)
	}
	for what, want := range map[string]string{
		"comment":                   "font-lock-comment-face",
		"doc_comment":               "font-lock-doc-face",
		"enum_keyword":              "font-lock-keyword-face",
		"enum_name":                 "font-lock-type-face",
		"enum_member":               "font-lock-constant-face",
		"trailing_comment":          "font-lock-comment-face",
		"number":                    "font-lock-constant-face",
		"record_field_type":         "font-lock-type-face",
		"var_name":                  "font-lock-variable-name-face",
		"var_type":                  "font-lock-type-face",
		"set_of":                    "font-lock-type-face",
		"element_type":              "font-lock-type-face",
		"fact_name":                 "font-lock-function-name-face",
		"operator_word":             "font-lock-keyword-face",
		"plain_name":                "nil",
		"block_comment":             "font-lock-comment-face",
		"pred_name":                 "font-lock-function-name-face",
		"param_type":                "font-lock-type-face",
		"pred_body_name":            "nil",
		"fun_result_type":           "font-lock-type-face",
		"cases":                     "font-lock-keyword-face",
		"enum_member_in_expression": "nil",
		"prime":                     "font-lock-builtin-face",
	} {
		if got := r.Faces[what]; got != want {
			t.Errorf("sample.specl: the %s has face %s, want %s", what, got, want)
		}
	}
	wantImenu := map[string][]string{
		"Actions": {"Raise"}, "Predicates and functions": {"Up", "Risk"}, "Properties": {"Bounded"},
		"Facts": {"Long", "Cond"}, "Examples": {"Once"}, "Variables": {"grants", "level", "Top"},
		"Types": {"Role", "Level", "Account"},
	}
	if fmt.Sprint(r.Imenu) != fmt.Sprint(wantImenu) {
		t.Errorf("sample.specl: imenu index %v, want %v", r.Imenu, wantImenu)
	}
	if !r.ReindentedSame {
		t.Errorf("sample.specl: indent-region changed the layout of `specls fmt`")
	}
	if r.Restored != true {
		t.Errorf("sample.specl: indent-region from no indentation gave\n%v\nwant testdata/sample.specl", r.Restored)
	}

	if r.BrokenMode != "specl-mode" || r.Server != "specls" {
		t.Errorf("broken.specl: mode %q managed by %q, want specl-mode by specls", r.BrokenMode, r.Server)
	}
	if !r.BrokenWaited {
		t.Errorf("broken.specl: syntax, name and vacuous did not all reach flymake within %d ms", waitMS)
	}
	// Line 9 is `/* 🚦 */ fact Shown: light == Blue`: UTF-16 character 30 is
	// Emacs's character 29 (the emoji is one character, two UTF-16 units).
	checkEmacsDiags(t, "broken.specl", r.Broken, []emacsDiag{
		{Line: 9, Column: 29, EndLine: 9, EndColumn: 33, Type: "eglot-error", Code: "name", Text: "Blue"},
		{Line: 10, Column: 20, EndLine: 10, EndColumn: 22, Type: "eglot-error", Code: "syntax", Text: `"=="`},
		{Line: 11, Column: 0, EndLine: 11, EndColumn: 44, Type: "eglot-warning", Code: "vacuous", Text: "Stays"},
	})
	checkHover(t, "hover on Light", r.HoverEnum, rng(6, 11, 6, 16), "enum Light { Red, Green }", "The colours a light shows.")
	checkLocation(t, "definition of light", r.DefinitionVar, "broken.specl", rng(6, 4, 6, 9))

	if !r.FixedWaited {
		t.Errorf("after fixing Blue: the name error was not cleared (with the syntax error and the vacuous assert kept) within %d ms", waitMS)
	}
	checkEmacsDiags(t, "broken.specl after the fix", r.Fixed, []emacsDiag{
		{Line: 10, Column: 20, EndLine: 10, EndColumn: 22, Type: "eglot-error", Code: "syntax", Text: `"=="`},
		{Line: 11, Column: 0, EndLine: 11, EndColumn: 44, Type: "eglot-warning", Code: "vacuous", Text: "Stays"},
	})

	if r.BankMode != "specl-mode" || !r.BankManaged {
		t.Errorf("bank.specl: mode %q, managed %v; want specl-mode managed by eglot", r.BankMode, r.BankManaged)
	}
	if !r.BankWaited {
		t.Errorf("bank.specl: blocked-action and vacuous did not reach flymake within %d ms", waitMS)
	}
	checkEmacsDiags(t, "bank.specl", r.Bank, []emacsDiag{
		{Line: 19, Column: 7, EndLine: 19, EndColumn: 14, Type: "eglot-warning", Code: "blocked-action", Text: "Deposit is blocked"},
		{Line: 35, Column: 0, EndLine: 35, EndColumn: 37, Type: "eglot-warning", Code: "vacuous", Text: "NeverNegative"},
	})
	if len(r.Bank) > 0 {
		checkShortCounterexample(t, r.Bank[0].Text)
	}
	checkHover(t, "hover on balance", r.HoverBalance, rng(25, 21, 25, 28), "var balance: Money // 0..1000")
	checkLocation(t, "definition of balance", r.DefinitionBalance, "bank.specl", rng(10, 4, 10, 11))
	if !r.Shutdown {
		t.Errorf("eglot-shutdown left the server running")
	}
}

func checkEmacsDiags(t *testing.T, what string, got, want []emacsDiag) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d diagnostics, want %d:\n got %+v", what, len(got), len(want), got)
		return
	}
	for i, w := range want {
		g := got[i]
		// eglot prefixes the message with the source and the code.
		prefix := "specls [" + w.Code + "]: "
		if g.Line != w.Line || g.Column != w.Column || g.EndLine != w.EndLine || g.EndColumn != w.EndColumn ||
			g.Type != w.Type || g.Code != w.Code || !strings.HasPrefix(g.Text, prefix) || !strings.Contains(g.Text, w.Text) {
			t.Errorf("%s: diagnostic %d is %+v\nwant %d:%d-%d:%d %s code %s, text %q… containing %q",
				what, i, g, w.Line, w.Column, w.EndLine, w.EndColumn, w.Type, w.Code, prefix, w.Text)
		}
	}
}
