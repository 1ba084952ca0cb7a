package sema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// bankSpec and accessSpec are the two example specs of the language reference.
const bankSpec = `spec Bank

/// Money is whole euros; the bank never holds more than 1000 in one account.
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

action Withdraw(amount: 1..100) {
  requires status == Open
  requires amount <= balance
  ensures balance' == balance - amount
}

action Close {
  requires balance == 0
  ensures status' == Closed
}

invariant NeverNegative: balance >= 0
assert FrozenNeverHappens: status != Frozen

example DepositThenWithdraw {
  do Deposit(100)
  do Withdraw(30)
  expect balance == 70
}

nonexample OverdraftImpossible {
  do Withdraw(1)
}
`

const accessSpec = `spec Access

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
`

func mustParse(t testing.TB, src string) *ast.File {
	t.Helper()
	f, errs := parser.Parse(src)
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	return f
}

// findings renders findings as "line:col code" (1-based, code points).
func findings(src string, fs []diag.Finding) []string {
	li := source.NewLineIndex(src)
	var out []string
	for _, f := range fs {
		p := li.Position(f.Span.Start, source.CodePoints)
		out = append(out, fmt.Sprintf("%d:%d %s", p.Line+1, p.Column+1, f.Code))
	}
	return out
}

func dump(src string, fs []diag.Finding) string {
	li := source.NewLineIndex(src)
	var b strings.Builder
	for _, f := range fs {
		p := li.Position(f.Span.Start, source.CodePoints)
		fmt.Fprintf(&b, "\n  %d:%d %s: %s", p.Line+1, p.Column+1, f.Code, f.Message)
	}
	return b.String()
}

var _ = types.Bool
