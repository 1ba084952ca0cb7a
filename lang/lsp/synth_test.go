package lsp

import (
	"strings"
	"testing"
)

const synthText = `spec Bank
enum Status { Open, Closed }
var balance: -100..100
var status: Status
initially balance == 0 and status == Open
action Deposit(amount: 1..50) {
  requires status == Open
  ensures balance' == balance + amount
}
action Withdraw(amount: 1..50) {
  requires status == Open
  ensures balance' == balance - amount
}
example DepositThenWithdraw {
  do Deposit(30)
  do Withdraw(30)
  expect balance == 0
}
example Partial {
  do Deposit(20)
  do Withdraw(5)
}
nonexample Overdraft {
  do Deposit(10)
  do Withdraw(11)
}
`

// On a nonexample block, the server proposes the requires the runs call for and
// inserts it in its action; the distinguishing example is offered both ways.
func TestSynthCodeAction(t *testing.T) {
	c, _ := openChecked(t, synthText)
	line := strings.Count(synthText[:strings.Index(synthText, "nonexample Overdraft")], "\n")
	var actions []wireAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": docURI},
		"range":        map[string]any{"start": map[string]any{"line": line, "character": 3}, "end": map[string]any{"line": line, "character": 3}},
		"context":      map[string]any{"diagnostics": []any{}, "triggerKind": 1}}, &actions)
	if len(actions) < 3 {
		t.Fatalf("actions %+v", actions)
	}
	a := actions[0]
	if a.Title != "Propose a clause from the examples: requires FromExamples: balance >= amount in Withdraw" || a.Kind != "refactor.rewrite" {
		t.Fatalf("first action %q (%s)", a.Title, a.Kind)
	}
	got := applyEdits(synthText, a.Edit.Changes[docURI])
	want := strings.Replace(synthText, "  ensures balance' == balance - amount\n}", "  ensures balance' == balance - amount\n  requires FromExamples: balance >= amount\n}", 1)
	if got != want {
		t.Errorf("after the edit:\n%s", got)
	}
	if !strings.HasPrefix(actions[1].Title, "Add the example that tells balance >= amount from ") ||
		!strings.Contains(applyEdits(synthText, actions[2].Edit.Changes[docURI]), "\nnonexample Which {\n") {
		t.Errorf("distinguishing actions %q, %q", actions[1].Title, actions[2].Title)
	}
	// Requests a client sends by itself (as the cursor moves) do not start a search.
	var auto []wireAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": docURI},
		"range":        map[string]any{"start": map[string]any{"line": line, "character": 3}, "end": map[string]any{"line": line, "character": 3}},
		"context":      map[string]any{"diagnostics": []any{}, "triggerKind": 2}}, &auto)
	if len(auto) != 0 {
		t.Errorf("automatic request: %+v", auto)
	}
}
