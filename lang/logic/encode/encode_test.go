package encode

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

const budget = 10 * time.Second

type spec struct {
	t     *testing.T
	file  *ast.File
	info  *sema.Info
	tr    *Translator
	state map[*sema.Symbol]logic.Value
	env   *Env
}

func load(t *testing.T, src string) *spec {
	t.Helper()
	f, errs := parser.Parse(src)
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	info := sema.Check(f)
	if len(info.Findings) > 0 {
		t.Fatalf("check: %v", info.Findings)
	}
	tr := New(logic.New(), info)
	state, err := tr.State()
	if err != nil {
		t.Fatal(err)
	}
	return &spec{t: t, file: f, info: info, tr: tr, state: state, env: &Env{Vars: state}}
}

// clauses returns the top-level clauses of a kind, by name.
func (s *spec) clauses(kind ast.ClauseKind) (names []string, lits []logic.Lit) {
	s.t.Helper()
	for _, d := range s.file.Decls {
		c, ok := d.(*ast.ClauseDecl)
		if !ok || c.Kind != kind {
			continue
		}
		l, err := s.tr.Bool(c.Body, s.env)
		if err != nil {
			s.t.Fatalf("%s: %v", c.Name.Name, err)
		}
		names = append(names, c.Name.Name)
		lits = append(lits, l)
	}
	return names, lits
}

func (s *spec) solve(as ...logic.Lit) logic.Status {
	return s.tr.B.Solve(context.Background(), as, budget).Status
}

const access = `spec Access

enum Role { Admin, Dev, Guest }
enum Perm { Read, Write, Delete }

var grants: Role -> set of Perm
var mfa: Role -> bool

fact AdminAll: grants[Admin] == Perm
fact GuestReadOnly: grants[Guest] subset {Read}
fact DeleteNeedsMfa: all r in Role: Delete in grants[r] implies mfa[r]

pred CanWrite(r: Role): Write in grants[r]

fun Risk(r: Role): 0..3 = cases {
  Delete in grants[r] => 3
  Write in grants[r] => 2
  Write in grants[r] and Delete in grants[r] => 3
  else => 0
}

assert GuestsCannotWrite: not CanWrite(Guest)
assert GuestDeleteNeedsMfa: Delete in grants[Guest] implies mfa[Guest]
assert AdminsUseMfa: mfa[Admin]
assert AdminRiskThree: Risk(Admin) == 3
assert DevRiskLow: Risk(Dev) < 2
`

// TestAccessSpec decides the reference's static example: its asserts, and the
// contradiction (with its minimal set) that NoAdminMfa brings.
func TestAccessSpec(t *testing.T) {
	s := load(t, access)
	_, facts := s.clauses(ast.Fact)
	for _, f := range facts {
		s.tr.B.Assert(f)
	}
	names, asserts := s.clauses(ast.Assert)
	want := map[string]logic.Status{
		"GuestsCannotWrite": logic.Unsat, "GuestDeleteNeedsMfa": logic.Unsat,
		"AdminsUseMfa": logic.Unsat, "AdminRiskThree": logic.Unsat, "DevRiskLow": logic.Sat,
	}
	for i, n := range names {
		if got := s.solve(asserts[i].Not()); got != want[n] {
			t.Errorf("%s: a counterexample search says %v, want %v", n, got, want[n])
		}
	}
	// DevRiskLow fails: the counterexample gives Dev write or delete.
	if s.solve(asserts[4].Not()) != logic.Sat {
		t.Fatal("no counterexample to DevRiskLow")
	}
	st := s.tr.Decode(s.state)
	if len(st) != 2 || st[0].Name != "grants" || st[1].Name != "mfa" {
		t.Fatalf("state %v", st)
	}
	dev := st[0].Value.Entries[1]
	if dev.Name != "Dev" || !slices.ContainsFunc(dev.Value.Elems, func(v diag.Value) bool { return v.Name == "Write" || v.Name == "Delete" }) {
		t.Errorf("counterexample grants[Dev] = %s", dev.Value)
	}
}

func TestAccessContradiction(t *testing.T) {
	s := load(t, access+"fact NoAdminMfa: not mfa[Admin]\n")
	names, facts := s.clauses(ast.Fact)
	sel := make([]logic.Lit, len(facts))
	for i, f := range facts {
		sel[i] = s.tr.B.Fresh()
		s.tr.B.Assert(s.tr.B.Implies(sel[i], f))
	}
	c := s.tr.B.Shrink(context.Background(), sel, budget)
	if c.Result.Status != logic.Unsat || !c.Minimal {
		t.Fatalf("core %+v", c)
	}
	var got []string
	for _, l := range c.Lits {
		got = append(got, names[slices.Index(sel, l)])
	}
	if strings.Join(got, " ") != "AdminAll DeleteNeedsMfa NoAdminMfa" {
		t.Errorf("minimal conflicting set %v", got)
	}
}

const bank = `spec Bank
type Money = 0..1000
enum Status { Open, Frozen, Closed }
var balance: Money
var status: Status
initially balance == 0
initially status == Open
fact ClosedIsEmpty: status == Closed implies balance == 0
action Deposit(amount: 1..500) {
  requires open: status == Open
  ensures balance' == balance + amount
}
`

// TestBankDepositBlocked finds the state where Deposit's requires hold but no next
// state within Money satisfies its ensures.
func TestBankDepositBlocked(t *testing.T) {
	s := load(t, bank)
	b := s.tr.B
	next, err := s.tr.State()
	if err != nil {
		t.Fatal(err)
	}
	var deposit *sema.Symbol
	for _, sym := range s.info.Symbols {
		if sym.Name == "Deposit" {
			deposit = sym
		}
	}
	amount := deposit.Params[0]
	arg := b.FreshValue(logic.IntShape(1, 500))
	env := &Env{Vars: s.state, Next: next, Local: map[*sema.Symbol]logic.Value{amount: arg}}
	act := deposit.Decl.(*ast.ActionDecl)
	var req, ens []logic.Lit
	for _, c := range act.Clauses {
		l, err := s.tr.Bool(c.Body, env)
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind == ast.Requires {
			req = append(req, l)
		} else {
			ens = append(ens, l)
		}
	}
	_, facts := s.clauses(ast.Fact)
	// Blocked: in a valid state with the requires, the ensures (with a valid next
	// state) fail for every next state: look for the witness state and args.
	// With balance + amount > 1000 no next balance exists; ask for that directly.
	sum := b.Add(s.state[s.info.Lookup("balance")[0]].N, arg.N)
	if r := s.solve(append(append(facts, req...), b.Lt(logic.Const(1000), sum))...); r != logic.Sat {
		t.Fatalf("no blocking state: %v", r)
	}
	bal := b.IntValue(s.state[s.info.Lookup("balance")[0]].N)
	amt := b.IntValue(arg.N)
	if bal+amt <= 1000 {
		t.Fatalf("balance %d + amount %d fits", bal, amt)
	}
	// From that state and args, no next state satisfies the ensures.
	pin := []logic.Lit{b.Is(s.state[s.info.Lookup("balance")[0]], diag.Int(bal)), b.Is(arg, diag.Int(amt))}
	if r := s.solve(append(append(pin, req...), ens...)...); r != logic.Unsat {
		t.Errorf("Deposit(%d) from balance %d has a next state: %v", amt, bal, r)
	}
	// From balance 0 it has one, and it is balance + amount.
	pin = []logic.Lit{b.Is(s.state[s.info.Lookup("balance")[0]], diag.Int(0)), b.Is(arg, diag.Int(7))}
	if r := s.solve(append(append(pin, req...), ens...)...); r != logic.Sat {
		t.Fatalf("Deposit(7) from 0: %v", r)
	}
	if got := b.Decode(next[s.info.Lookup("balance")[0]]); got.Int != 7 {
		t.Errorf("balance' = %s, want 7", got)
	}
}
