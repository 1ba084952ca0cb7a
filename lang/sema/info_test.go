package sema

import (
	"slices"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// identAt finds the n-th (0-based) identifier called name in f, in source order.
func identAt(f *ast.File, name string, n int) *ast.Ident {
	var found *ast.Ident
	ast.Inspect(f, func(node ast.Node) bool {
		if id, ok := node.(*ast.Ident); ok && id.Name == name && found == nil {
			if n == 0 {
				found = id
			}
			n--
		}
		return found == nil
	})
	return found
}

func TestBankInfo(t *testing.T) {
	f := mustParse(t, bankSpec)
	info := Check(f)
	if !info.StateMachine {
		t.Error("bank has actions: want a state machine")
	}
	if info.Spec == nil || info.Spec.Name != "Bank" {
		t.Errorf("spec symbol = %v", info.Spec)
	}
	var names []string
	for _, s := range info.Symbols {
		names = append(names, s.Kind.String()+" "+s.Name)
	}
	want := []string{"spec Bank", "type Money", "enum Status", "var balance", "var status",
		"fact ClosedIsEmpty", "action Deposit", "action Withdraw", "action Close",
		"invariant NeverNegative", "assert FrozenNeverHappens", "example DepositThenWithdraw",
		"nonexample OverdraftImpossible"}
	if !slices.Equal(names, want) {
		t.Errorf("symbols:\n got %v\nwant %v", names, want)
	}

	money := info.Lookup("Money")[0]
	if r, ok := money.Type.(*types.Range); !ok || r.Lo != 0 || r.Hi != 1000 {
		t.Errorf("Money = %v", money.Type)
	}
	if money.Doc != "Money is whole euros; the bank never holds more than 1000 in one account." {
		t.Errorf("Money doc = %q", money.Doc)
	}
	balance := info.Lookup("balance")[0]
	if !types.Identical(balance.Type, money.Type) {
		t.Errorf("balance type %v", balance.Type)
	}
	// Every use of balance resolves to the var; the first ident is its declaration.
	if info.Defs[identAt(f, "balance", 0)] != balance {
		t.Error("balance declaration not in Defs")
	}
	for i := 1; identAt(f, "balance", i) != nil; i++ {
		if got := info.Uses[identAt(f, "balance", i)]; got != balance {
			t.Errorf("use %d of balance resolves to %v", i, got)
		}
	}
	open := info.Uses[identAt(f, "Open", 1)]
	if open == nil || open.Kind != KindMember || open.Owner != info.Lookup("Status")[0] {
		t.Errorf("Open resolves to %+v", open)
	}
	deposit := info.Lookup("Deposit")[0]
	if len(deposit.Params) != 1 || deposit.Params[0].Name != "amount" || deposit.Params[0].Owner != deposit {
		t.Errorf("Deposit params %+v", deposit.Params)
	}
	if len(deposit.Clauses) != 1 || deposit.Clauses[0].Kind != KindRequires || deposit.Clauses[0].Name != "open" {
		t.Errorf("Deposit clauses %+v", deposit.Clauses)
	}
	// do-step action names and do arguments.
	if got := info.Uses[identAt(f, "Deposit", 1)]; got != deposit {
		t.Errorf("do Deposit resolves to %v", got)
	}
	// `balance + amount` has the hull of its operands' ranges.
	var sum *ast.Binary
	ast.Inspect(f, func(n ast.Node) bool {
		if b, ok := n.(*ast.Binary); ok && b.Op == ast.Add && sum == nil {
			sum = b
		}
		return true
	})
	if r, ok := info.Types[sum].(*types.Range); !ok || r.Lo != 1 || r.Hi != 1500 {
		t.Errorf("balance + amount : %v", info.Types[sum])
	}
	// Every expression has a type.
	ast.Inspect(f, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if types.IsInvalid(info.Types[e]) {
				t.Errorf("no type for %T at %v", e, e.Bounds())
			}
		}
		return true
	})
	// Primes: Deposit's ensures mentions balance'.
	dep := deposit.Decl.(*ast.ActionDecl)
	if got := info.Primes(dep); len(got) != 1 || got[0] != balance {
		t.Errorf("Primes(Deposit) = %v", got)
	}
	if info.Options != DefaultOptions {
		t.Errorf("options %+v", info.Options)
	}
}

func TestAccessInfo(t *testing.T) {
	f := mustParse(t, accessSpec)
	info := Check(f)
	if info.StateMachine {
		t.Error("access has no action or initially: static")
	}
	risk := info.Lookup("Risk")[0]
	if r, ok := risk.Type.(*types.Range); !ok || r.Lo != 0 || r.Hi != 3 {
		t.Errorf("Risk result %v", risk.Type)
	}
	// `Perm` used as a value is the set of all permissions.
	perm := info.Lookup("Perm")[0]
	permUse := identAt(f, "Perm", 2) // declaration, the var's type, then the fact
	if info.Uses[permUse] != perm {
		t.Fatalf("Perm use resolves to %v", info.Uses[permUse])
	}
	var permExpr ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if nm, ok := n.(*ast.Name); ok && nm.Ident == permUse {
			permExpr = nm
		}
		return true
	})
	if s, ok := info.Types[permExpr].(*types.Set); !ok || s.Elem != perm.Type {
		t.Errorf("Perm as a value : %v", info.Types[permExpr])
	}
	// The bound variable r of DeleteNeedsMfa.
	r := info.Defs[identAt(f, "r", 0)]
	if r == nil || r.Kind != KindBound || r.Type != info.Lookup("Role")[0].Type {
		t.Errorf("r = %+v", r)
	}
	// The nullary-or-not pred call CanWrite(Guest) resolves Guest to the member.
	guest := info.Uses[identAt(f, "Guest", 2)]
	if guest == nil || guest.Kind != KindMember {
		t.Errorf("Guest = %+v", guest)
	}
}

func TestOptionsAndConstants(t *testing.T) {
	src := "const N: 0..20 = 2 * 3 + 1\noption depth = N + 1\noption budget = 500\nconst S: set of 0..9 = {3, 1, 3} union 2..3\nenum R { A, B }\nconst T: set of R = R minus {A}\nconst P: {a: bool, n: 0..9} = {n: N, a: true}"
	f := mustParse(t, src)
	info := Check(f)
	if len(info.Findings) > 0 {
		t.Fatalf("findings:%s", dump(src, info.Findings))
	}
	if info.Options.Depth != 8 || info.Options.Budget != 500 {
		t.Errorf("options %+v", info.Options)
	}
	for name, want := range map[string]string{"N": "7", "S": "{1, 2, 3}", "T": "{B}", "P": "{a: true, n: 7}"} { // P's fields in its type's order
		v, ok := info.ConstValue(info.Lookup(name)[0])
		if !ok || v.String() != want {
			t.Errorf("%s = %v (%v), want %s", name, v, ok, want)
		}
	}
	// ConstInt on the option's value expression.
	opt := f.Decls[1].(*ast.OptionDecl)
	if n, ok := info.ConstInt(opt.Value); !ok || n != 8 {
		t.Errorf("ConstInt(N + 1) = %d, %v", n, ok)
	}
}

func TestBroken(t *testing.T) {
	src := `var x: 0..3
var bad: Nope
fun F(n: 0..3): 0..3 = n + true
pred P: F(1) > 0
fact Uses: P
fact Clean: x > 0
fact UsesBad: bad == 1
action A(k: 0..3) {
  requires ok: x > k
  requires broken: x > true
  ensures x' == k
}
action B(k: Nope) { ensures x' == 0 }
example E { do A(1)
 expect x == true }
example G { do A(1) }
var x: bool
`
	f := mustParse(t, src)
	info := Check(f)
	byName := func(name string) ast.Node { return info.Lookup(name)[0].Decl }
	for _, n := range []string{"F", "P", "Uses", "UsesBad", "bad", "B", "E"} {
		if !info.Broken(byName(n)) {
			t.Errorf("%s should be broken", n)
		}
	}
	for _, n := range []string{"x", "Clean", "A", "G"} {
		if info.Broken(byName(n)) {
			t.Errorf("%s should not be broken", n)
		}
	}
	a := byName("A").(*ast.ActionDecl)
	if info.Broken(a.Clauses[0]) || !info.Broken(a.Clauses[1]) || info.Broken(a.Clauses[2]) {
		t.Error("A's clauses: only `broken` should be broken")
	}
	b := byName("B").(*ast.ActionDecl)
	if !info.Broken(b.Clauses[0]) {
		t.Error("a clause of a broken action is broken")
	}
	// The duplicate var x (last line) is broken; uses resolve to the first.
	dup := f.Decls[len(f.Decls)-1]
	if !info.Broken(dup) {
		t.Error("duplicate declaration should be broken")
	}
	var codes []diag.Code
	for _, fd := range info.Findings {
		codes = append(codes, fd.Code)
	}
	want := []diag.Code{diag.Name, diag.Type, diag.Type, diag.Name, diag.Type, diag.Name}
	if !slices.Equal(codes, want) {
		t.Errorf("codes %v, want %v%s", codes, want, dump(src, info.Findings))
	}
}
