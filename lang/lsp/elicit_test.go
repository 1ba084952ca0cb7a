package lsp

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRandomRunsLens runs the lens's command on the counter whose step assert
// NeverDown breaks on any step: the answer is the first failing run, shortened to one
// step, as the "show run" table.
func TestRandomRunsLens(t *testing.T) {
	c, _ := openChecked(t, checkedText)
	var lenses []struct {
		Command struct {
			Title   string            `json:"title"`
			Command string            `json:"command"`
			Args    []json.RawMessage `json:"arguments"`
		} `json:"command"`
	}
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &lenses)
	found := false
	for _, l := range lenses {
		if l.Command.Command == randomRunsCommand && l.Command.Title == "run 100 random runs" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no random runs lens in %+v", lenses)
	}
	var md string
	c.call("workspace/executeCommand", map[string]any{"command": randomRunsCommand, "arguments": []any{map[string]string{"uri": docURI}}}, &md)
	for _, want := range []string{
		"**run r1 breaks assert NeverDown after 1 step** (1 random run, seed 1)",
		"| step | action | n | mode |", "| 0 | (initial) | 0 | On |", "| 1 | Inc(by: 1) | 1 | On |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("answer lacks %q:\n%s", want, md)
		}
	}
}

// TestMutationLensAndHints opens the bank of lang/mutate with mutationHints on: once
// the mutation finishes, the survivors are published as hints, the first line's lens
// gives the score, and each hint's action adds the block that kills its mutant.
func TestMutationLensAndHints(t *testing.T) {
	text, err := os.ReadFile("../mutate/testdata/bank.specl")
	if err != nil {
		t.Fatal(err)
	}
	c := startServer(t, Options{DeepCheck: realDeepCheck, DeepCheckDelay: time.Millisecond}, nil)
	c.initialize(map[string]any{}, map[string]any{"mutationHints": true})
	c.open(docURI, string(text), 1)
	var hints []wireDiag
	c.waitNote(0, func(m wireMsg) bool {
		var p wirePublish
		if m.Method != "textDocument/publishDiagnostics" || json.Unmarshal(m.Params, &p) != nil {
			return false
		}
		hints = hints[:0]
		for _, d := range p.Diagnostics {
			if d.Source == mutantSource {
				hints = append(hints, d)
			}
		}
		return len(hints) > 0
	})
	if len(hints) != 15 {
		t.Fatalf("%d survivor hints, want 15", len(hints))
	}
	for _, h := range hints {
		if h.Severity != 4 || !strings.HasPrefix(h.Code, "mutant-") || !strings.Contains(h.Message, "survives") {
			t.Fatalf("hint: %+v", h)
		}
	}
	var lenses []struct {
		Range   wireRange `json:"range"`
		Command struct {
			Title string `json:"title"`
		} `json:"command"`
	}
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": docURI}}, &lenses)
	found := false
	for _, l := range lenses {
		if l.Command.Title == "mutation score 15/30 — show survivors" && l.Range.Start.Line == 0 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no score lens on the first line: %+v", lenses)
	}
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]struct {
				NewText string `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	h := hints[len(hints)-1]
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": docURI}, "range": h.Range,
		"context": map[string]any{"diagnostics": []any{h}}}, &actions)
	var added string
	for _, a := range actions {
		if a.Title == "Add the example that kills this mutant" {
			added = a.Edit.Changes[docURI][0].NewText
		}
	}
	if !strings.Contains(added, "example KillsMutant") && !strings.Contains(added, "nonexample KillsMutant") {
		t.Fatalf("no kill action for %+v: %+v", h, actions)
	}
	var md string
	c.call("workspace/executeCommand", map[string]any{"command": showSurvivorsCommand, "arguments": []any{map[string]string{"uri": docURI}}}, &md)
	if !strings.Contains(md, "**mutation score 15/30**") || !strings.Contains(md, "```specl") {
		t.Fatalf("survivors:\n%s", md)
	}
}
