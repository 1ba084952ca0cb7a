package synth

import (
	"context"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
)

func synthesize(t *testing.T, src string) *Result {
	t.Helper()
	res, err := Synthesize(context.Background(), "t.specl", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A target clause, x < y, is recovered from examples drawn from it and nonexamples
// drawn from its negation (one on the boundary).
func TestRecoversStaticTarget(t *testing.T) {
	src := `spec Pairs
var x: 0..7
var y: 0..7
example A { given x == 1  given y == 3 }
example B { given x == 0  given y == 5 }
example C { given x == 6  given y == 7 }
nonexample D { given x == 4  given y == 2 }
nonexample E { given x == 3  given y == 3 }
`
	res := synthesize(t, src)
	if res.Best == nil || res.Best.Clause != "x < y" || res.Best.Line != "fact FromExamples: x < y" {
		t.Fatalf("best %+v, notes %v", res.Best, res.Notes)
	}
	// Every alternative comes with an example that tells it from the best.
	for _, a := range res.Alternatives {
		if !strings.HasPrefix(a.Example, "example Which {\n  given x == ") {
			t.Errorf("alternative %s: example %q", a.Clause, a.Example)
		}
	}
}

const bank = `spec Bank
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
  do Withdraw(1)
}
nonexample Overdraft2 {
  do Deposit(10)
  do Withdraw(11)
}
`

// The requires a machine's runs call for: Withdraw needs amount <= balance.
func TestRecoversRequires(t *testing.T) {
	res := synthesize(t, bank)
	if res.Best == nil || res.Best.Target != "Withdraw" || res.Best.Clause != "balance >= amount" {
		t.Fatalf("best %+v, notes %v", res.Best, res.Notes)
	}
	if len(res.Alternatives) != 1 || res.Alternatives[0].Clause != "balance >= 11" || !res.Alternatives[0].BestAdmits {
		t.Fatalf("alternatives %+v", res.Alternatives)
	}
	// The machine has one initial state: the example starts there without givens.
	want := "example Which {\n  do Deposit(1)\n  do Withdraw(1)\n}"
	if got := res.Alternatives[0].Example; got != want {
		t.Errorf("distinguishing example\n got %s\nwant %s", got, want)
	}
	text, at := Insert(bank, parse(t, bank), res.Best)
	if at < 0 || !strings.Contains(text, "  requires FromExamples: balance >= amount\n}\nexample DepositThenWithdraw") {
		t.Errorf("inserted:\n%s", text)
	}
}

// Labelling the distinguishing example converges: as an example it keeps the best;
// as a nonexample it rules the best out and the alternative becomes the proposal.
func TestLabelConverges(t *testing.T) {
	res := synthesize(t, bank)
	ex := res.Alternatives[0].Example
	neg := synthesize(t, bank+"non"+ex+"\n")
	if neg.Best == nil || neg.Best.Clause == "balance >= amount" {
		t.Fatalf("labelled a nonexample: best %+v", neg.Best)
	}
	pos := synthesize(t, bank+ex+"\n")
	if pos.Best == nil || pos.Best.Clause != "balance >= amount" {
		t.Fatalf("labelled an example: best %+v", pos.Best)
	}
}

func TestNothingFits(t *testing.T) {
	res := synthesize(t, `var x: 0..3
example A { given x == 1 }
nonexample B { given x == 1 }
`)
	if res.Best != nil || len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "no clause of at most 2 atoms over x fits") {
		t.Fatalf("best %+v notes %v", res.Best, res.Notes)
	}
	res = synthesize(t, "var x: 0..3\nfact x < 2\nnonexample B { given x == 3 }\n")
	if res.Best != nil || !strings.Contains(res.Notes[0], "rejects every nonexample already") {
		t.Fatalf("best %+v notes %v", res.Best, res.Notes)
	}
}

// Implications: a rule tying an enum to a number needs two atoms.
func TestImplication(t *testing.T) {
	res := synthesize(t, `enum Status { Open, Closed }
var status: Status
var balance: 0..9
example A { given status == Closed  given balance == 0 }
example B { given status == Open  given balance == 5 }
example C { given status == Open  given balance == 0 }
example E { given status == Open  given balance == 3 }
nonexample D { given status == Closed  given balance == 3 }
`)
	if res.Best == nil || res.Best.Clause != "status == Closed implies balance == 0" {
		t.Fatalf("best %+v notes %v", res.Best, res.Notes)
	}
}

func parse(t *testing.T, src string) *ast.File {
	f, _ := parser.Parse(src)
	return f
}

// A cancelled search says so: the first question already goes unanswered.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Synthesize(ctx, "t.specl", bank, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unknown) != 1 || !strings.Contains(res.Unknown[0], "the check was cancelled") {
		t.Fatalf("best %+v unknown %q", res.Best, res.Unknown)
	}
}

// A pred's body is recovered from examples whose runs call it: in a requires (the
// body the bank's Withdraw needs), under a negation (its opposite), and in a fact of
// a static spec (about the parameters, not the arguments of the one call). Its body
// now is ignored, and the proposal, pasted in place of it, passes the checker.
func TestRecoversPredBody(t *testing.T) {
	withPred := strings.Replace(bank, "action Withdraw(amount: 1..50) {\n  requires status == Open\n",
		"pred CanWithdraw(amount: 1..50): true\naction Withdraw(amount: 1..50) {\n  requires status == Open\n  requires CanWithdraw(amount)\n", 1)
	negated := strings.Replace(withPred, "pred CanWithdraw(amount: 1..50): true", "pred TooMuch(amount: 1..50): false", 1)
	negated = strings.Replace(negated, "requires CanWithdraw(amount)", "requires not TooMuch(amount)", 1)
	static := `spec Pairs
var x: 0..7
var y: 0..7
pred Ok(a: 0..7, b: 0..7): a == b
fact Ok(x, y)
example A { given x == 1  given y == 3 }
example B { given x == 0  given y == 5 }
nonexample D { given x == 4  given y == 2 }
nonexample E { given x == 3  given y == 3 }
`
	for _, c := range []struct{ src, pred, line string }{
		{withPred, "CanWithdraw", "pred CanWithdraw(amount: 1..50): amount <= balance"},
		{negated, "TooMuch", "pred TooMuch(amount: 1..50): amount > balance"},
		{static, "Ok", "pred Ok(a: 0..7, b: 0..7): a < b"},
	} {
		res, err := Synthesize(context.Background(), "t.specl", c.src, Options{Pred: c.pred})
		if err != nil {
			t.Fatal(err)
		}
		if res.Best == nil || res.Best.Line != c.line || res.Best.Target != "pred" || res.Best.Pred != c.pred {
			t.Fatalf("%s: best %+v, notes %v, unknown %v", c.pred, res.Best, res.Notes, res.Unknown)
		}
		text, at := Insert(c.src, parse(t, c.src), res.Best)
		if at < 0 || !strings.Contains(text, c.line+"\n") {
			t.Fatalf("%s: inserted:\n%s", c.pred, text)
		}
		// Each alternative comes with an example the checker passes with one body and
		// fails with the other; labelled the other way, it rules the best out.
		if len(res.Alternatives) == 0 {
			t.Fatalf("%s: no alternative", c.pred)
		}
		for _, alt := range res.Alternatives {
			label := alt.Example
			if alt.BestAdmits {
				label = "non" + label
			}
			again, err := Synthesize(context.Background(), "t.specl", c.src+label+"\n", Options{Pred: c.pred})
			if err != nil || again.Best == nil || again.Best.Line == c.line {
				t.Errorf("%s: labelled against the best, %s: best %+v, %v", c.pred, alt.Clause, again.Best, err)
			}
		}
	}
	if _, err := Synthesize(context.Background(), "t.specl", static, Options{Pred: "Nope"}); err == nil || !strings.Contains(err.Error(), "no pred named Nope") {
		t.Fatalf("a pred that is not there: %v", err)
	}
	// No run calls it: nothing to learn, and said so.
	res, err := Synthesize(context.Background(), "t.specl", strings.Replace(static, "fact Ok(x, y)", "", 1), Options{Pred: "Ok"})
	if err != nil || res.Best != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "no example's run calls Ok") {
		t.Fatalf("uncalled: %+v %v", res, err)
	}
}

// The search's own limit on candidates asked is said as unknown: the candidates past
// it were never tried.
func TestSearchLimitIsUnknown(t *testing.T) {
	res, err := Synthesize(context.Background(), "t.specl", bank, Options{MaxChecks: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unknown) != 1 || !strings.Contains(res.Unknown[0], "after the first 1 asked of the solver were not tried") {
		t.Fatalf("best %+v unknown %q notes %q", res.Best, res.Unknown, res.Notes)
	}
}
