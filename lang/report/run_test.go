package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// TestRunTable: a run is a table, a column per state under the action that leads to
// it; maps and records row by row; changed values marked; only what the finding reads
// and what changes, unless verbose; the bindings and the attempted step always shown.
func TestRunTable(t *testing.T) {
	state := func(n int64, red bool, on bool) diag.State {
		return diag.State{
			{Name: "n", Value: diag.Int(n)},
			{Name: "mode", Value: diag.Enum("On")},
			{Name: "lit", Value: diag.Map(diag.Binding{Name: "Red", Value: diag.Bool(red)}, diag.Binding{Name: "Green", Value: diag.Bool(false)})},
			{Name: "cfg", Value: diag.Record(diag.Binding{Name: "on", Value: diag.Bool(on)}, diag.Binding{Name: "k", Value: diag.Int(0)})},
		}
	}
	cx := &diag.Counterexample{
		States:    []diag.State{state(0, false, false), state(1, true, false), state(2, true, true)},
		Steps:     []string{"Inc(by: 1)", "Flip"},
		Bindings:  []diag.Binding{{Name: "l", Value: diag.Enum("Red")}},
		Attempted: "Inc(by: 2)",
		Reads:     []string{"n"},
	}
	files := []File{{Path: "r.specl", Text: "x\n", Findings: []diag.Finding{
		{Code: diag.BlockedAction, Severity: diag.Warning, Span: source.Span{Start: 0, End: 1}, Message: "Inc is blocked", Counterexample: cx},
	}}}
	var b bytes.Buffer
	if err := WriteFindings(&b, files, false); err != nil {
		t.Fatal(err)
	}
	want := "r.specl:1:1: warning: Inc is blocked [blocked-action]\n" +
		" 1 | x\n" +
		"   | ^\n" +
		"    counterexample:\n" +
		"      where l = Red\n" +
		"                 initial   Inc(by: 1)   Flip\n" +
		"      n          0         1 *          2 *\n" +
		"      lit[Red]   false     true *       true\n" +
		"      cfg.on     false     false        true *\n" +
		"      then Inc(by: 2) cannot be taken\n" +
		"      (3 unchanged values the finding does not read left out; --verbose shows them)\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	b.Reset()
	if err := writeText(&b, files, Options{Verbose: true}, false); err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"      mode         On        On           On\n", "      lit[Green]   false     false        false\n", "      cfg.k        0         0            0\n"} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("verbose output lacks %q:\n%s", row, b.String())
		}
	}
	if strings.Contains(b.String(), "left out") {
		t.Errorf("verbose output leaves rows out:\n%s", b.String())
	}
}

// TestRunTableWide: a run wider than a terminal is cut into tables that repeat the
// row names.
func TestRunTableWide(t *testing.T) {
	var cx diag.Counterexample
	for i := range 12 {
		cx.States = append(cx.States, diag.State{{Name: "n", Value: diag.Int(int64(i))}})
		if i > 0 {
			cx.Steps = append(cx.Steps, "Increment(by: 1)")
		}
	}
	lines := runLines(&cx, false)
	cont := 0
	for _, l := range lines {
		if len([]rune(l)) > maxTableWidth {
			t.Errorf("line wider than %d: %q", maxTableWidth, l)
		}
		if strings.HasPrefix(l, "(continued from state ") {
			cont++
		}
	}
	if cont == 0 || !strings.HasPrefix(lines[len(lines)-1], "n ") || !strings.HasSuffix(lines[len(lines)-1], "11 *") {
		t.Errorf("not cut, or the last state missing:\n%s", strings.Join(lines, "\n"))
	}
}

// TestSARIFRuleHelp: each rule carries the code's help (text and Markdown) and a
// helpUri to the reference's section on it.
func TestSARIFRuleHelp(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, nil, ""); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
						Help    struct {
							Text     string `json:"text"`
							Markdown string `json:"markdown"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(diag.Codes) {
		t.Fatalf("%d rules, want %d", len(rules), len(diag.Codes))
	}
	for _, r := range rules {
		if !strings.HasSuffix(r.HelpURI, "docs/reference.md#code-"+r.ID) || !strings.Contains(r.Help.Text, "How to fix it:") || !strings.Contains(r.Help.Markdown, "```specl\nspec ") {
			t.Errorf("rule %s: helpUri %q, help %q", r.ID, r.HelpURI, r.Help.Text)
		}
	}
}
