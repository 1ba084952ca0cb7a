package mine

import (
	"context"
	"strings"
	"testing"

	"github.com/specls/specls/lang/steps"
)

const bankSpec = `spec Bank
enum Status { Open, Closed }
var balance: 0..100
var status: Status
initially balance == 0 and status == Open
action Deposit(amount: 1..30) {
  requires status == Open
  requires balance + amount <= 100
  ensures balance' == balance + amount
}
action Withdraw(amount: 1..30) {
  requires status == Open
  requires amount <= balance
  ensures balance' == balance - amount
}
action Close {
  requires status == Open
  requires balance == 0
  ensures status' == Closed
}
`

func verdicts(t *testing.T, spec string) map[string]Verdict {
	t.Helper()
	vs, err := Verify(context.Background(), spec, mineBank(t), steps.Budget{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Verdict{}
	for _, v := range vs {
		key := v.Text
		if v.Kind == "step" {
			key = v.Action + ": " + v.Text
		}
		out[key] = v
	}
	return out
}

// Against the machine the traces came from: the types and clauses say most
// candidates (implied); the implication from Closed is true in every reachable state
// but said by no clause (new, proved).
func TestVerifyAgainstSource(t *testing.T) {
	vs := verdicts(t, bankSpec)
	for key, want := range map[string]string{
		"balance >= 0":                           "implied",
		"balance <= 100":                         "implied",
		"Deposit: balance' == balance + amount":  "implied",
		"Withdraw: balance' == balance - amount": "implied",
		"Deposit: status' == status":             "implied",
		"Close: status' == Closed":               "implied",
		"status == Closed implies balance == 0":  "proved",
	} {
		if got := vs[key]; got.Status != want {
			t.Errorf("%s: %s (%s), want %s", key, got.Status, got.Reason, want)
		}
	}
}

// Against a weaker spec (Withdraw without its guard): `balance >= 0` is contradicted,
// with the run the spec allows and the traces never showed.
func TestVerifyContradicted(t *testing.T) {
	weak := strings.Replace(strings.Replace(bankSpec, "  requires amount <= balance\n", "", 1), "var balance: 0..100", "var balance: -100..100", 1)
	vs := verdicts(t, weak)
	v := vs["balance >= 0"]
	if v.Status != "contradicted" || v.Run == nil || len(v.Run.Steps) != 1 || !strings.HasPrefix(v.Run.Steps[0], "Withdraw(") {
		t.Fatalf("balance >= 0: %+v", v)
	}
	if v.Line != "invariant Mined1: balance >= 0" {
		t.Errorf("line %q", v.Line)
	}
	for _, st := range v.Run.States {
		for _, b := range st {
			if strings.HasPrefix(b.Name, "mined_") {
				t.Errorf("helper variable %s in the run", b.Name)
			}
		}
	}
}
