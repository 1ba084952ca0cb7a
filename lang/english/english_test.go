package english

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// prelude declares the names the rule tests read; the action makes it a state
// machine, so that asserts may hold primes.
const prelude = `spec Rules
enum Role { Admin, Dev, Guest }
enum Perm { Read, Write, Delete }
enum Status { Open, Frozen, Closed }
enum Light { Red, Open2 }
type Money = 0..1000
type Cfg = { size: 0..9, on: bool }
const maxRetries: 0..9 = 3
var balance: Money
var status: Status
var grants: Role -> set of Perm
var mfa: Role -> bool
var alarm: bool
var retries: 0..9
var cfg: Cfg
var max_load: 0..9
var isOpen: bool
pred CanWrite(r: Role): Write in grants[r]
fun Risk(r: Role): 0..3 = 0
action Step { ensures balance' == balance }
`

// parseChecked parses and checks src, failing on any finding.
func parseChecked(t *testing.T, src string) (*ast.File, *sema.Info) {
	t.Helper()
	f, findings := parser.Parse(src)
	info := sema.Check(f)
	findings = append(findings, info.Findings...)
	for _, fd := range findings {
		t.Fatalf("%s: unexpected finding at %v: %s", src[len(prelude):], fd.Span, fd.Message)
	}
	return f, info
}

// readAssert reads the body of `assert A: text` after the prelude.
func readAssert(t *testing.T, text string) string {
	t.Helper()
	f, info := parseChecked(t, prelude+"assert A: "+text+"\n")
	return Expr(info, f.Decls[len(f.Decls)-1].(*ast.ClauseDecl).Body)
}

func TestExprRules(t *testing.T) {
	tests := []struct{ rule, in, want string }{
		{"implies", "status == Closed implies balance == 0", "If the status is Closed, then the balance is 0."},
		{"implies chains to the right", "alarm implies status == Open implies balance == 0",
			"If the alarm is true, then if the status is Open, then the balance is 0."},
		{"a premise holding an if is quoted", "(alarm implies mfa[Dev]) implies balance == 0",
			"If `alarm implies mfa[Dev]`, then the balance is 0."},
		{"camelCase const", "retries <= maxRetries", "The retries are at most the max retries."},
		{"snake_case var", "max_load < 3", "The max load is less than 3."},
		{"a name made of connectives is quoted", "isOpen", "`isOpen` is true."},
		{"at least", "balance >= 1", "The balance is at least 1."},
		{"more than", "balance > -1", "The balance is more than -1."},
		{"is not", "status != Open", "The status is not Open."},
		{"not less than", "not (balance < 3)", "The balance is at least 3."},
		{"not at most", "not (balance <= 3)", "The balance is more than 3."},
		{"not equal", "not (status == Open)", "The status is not Open."},
		{"in", "Read in grants[Guest]", "Read is in the grants of Guest."},
		{"not in", "Read not in grants[Guest]", "Read is not in the grants of Guest."},
		{"in a literal", "status in {Open, Frozen}", "The status is one of {Open, Frozen}."},
		{"not in a literal", "not (status in {Open, Frozen})", "The status is not one of {Open, Frozen}."},
		{"in a type", "status in Status", "The status is a Status value."},
		{"in a range", "balance in 1..5", "The balance is in the integers from 1 to 5."},
		{"subset", "grants[Guest] subset {Read}", "Every element of the grants of Guest is in {Read}."},
		{"not subset", "not (grants[Guest] subset {Read})", "Some element of the grants of Guest is not in {Read}."},
		{"type as a set", "grants[Admin] == Perm", "The grants of Admin are all Perm values."},
		{"empty set", "grants[Guest] == {}", "The grants of Guest are the empty set."},
		{"count of a union", "count(grants[Admin] union grants[Dev]) <= 2",
			"The number of elements of (the grants of Admin together with the grants of Dev) is at most 2."},
		{"set ops left to right", "grants[Dev] == grants[Admin] union grants[Guest] minus {Delete}",
			"The grants of Dev are the grants of Admin together with the grants of Guest without {Delete}."},
		{"set ops grouped", "grants[Dev] == grants[Admin] minus {Delete} intersect grants[Guest]",
			"The grants of Dev are the grants of Admin without ({Delete} intersected with the grants of Guest)."},
		{"tighter operand grouped", "balance' == balance + 2 * retries",
			"The new balance is the balance plus (2 times the retries)."},
		{"looser operand grouped", "balance' == (balance + 2) * retries",
			"The new balance is (the balance plus 2) times the retries."},
		{"right operand grouped", "balance' == balance - (retries - 1)",
			"The new balance is the balance minus (the retries minus 1)."},
		{"left to right", "balance' == balance - retries - 1",
			"The new balance is the balance minus the retries minus 1."},
		{"unary minus", "retries == -retries", "The retries are minus the retries."},
		{"every", "all r in Role: Read in grants[r]", "For every role r, Read is in the grants of r."},
		{"some", "some r in Role: mfa[r]", "For some role r, the mfa of r is true."},
		{"no", "no r in Role: Delete in grants[r]", "For no role r, Delete is in the grants of r."},
		{"over a set", "all p in grants[Admin]: p != Delete", "For every p in the grants of Admin, p is not Delete."},
		{"two variables", "all a, b in Role: a == b", "For every role a and role b, a is b."},
		{"not every", "not (all r in Role: mfa[r])", "For some role r, the mfa of r is false."},
		{"not some", "not (some r in Role: mfa[r])", "For no role r, the mfa of r is true."},
		{"not no", "not (no r in Role: mfa[r])", "For some role r, the mfa of r is true."},
		{"quantified implication", "all r in Role: Delete in grants[r] implies mfa[r]",
			"For every role r, if Delete is in the grants of r, then the mfa of r is true."},
		{"false truth value", "not mfa[Admin]", "The mfa of Admin is false."},
		{"pred call", "CanWrite(Guest)", "CanWrite(Guest) holds."},
		{"pred call negated", "not CanWrite(Guest)", "CanWrite(Guest) does not hold."},
		{"fun call", "Risk(Dev) >= 2", "Risk(Dev) is at least 2."},
		{"neither", "not (alarm or status == Open)", "The alarm is false and the status is not Open."},
		{"not both", "not (alarm and status == Open)", "The alarm is false or the status is not Open."},
		{"not implies", "not (alarm implies balance == 0)", "The alarm is true and the balance is not 0."},
		{"double negation", "not not alarm", "The alarm is true."},
		{"and list", "alarm and status == Open and balance == 0",
			"The alarm is true, the status is Open, and the balance is 0."},
		{"or list", "alarm or status == Open", "The alarm is true or the status is Open."},
		{"and inside or", "alarm and status == Open or balance == 0",
			"Either both the alarm is true and the status is Open, or the balance is 0."},
		{"or inside and", "alarm and (status == Open or balance == 0)",
			"Both the alarm is true and either the status is Open or the balance is 0."},
		{"and on the right of or", "alarm or status == Open and balance == 0",
			"Either the alarm is true or both the status is Open and the balance is 0."},
		{"two groups", "(alarm or mfa[Dev]) and (status == Open or balance == 0)",
			"Both either the alarm is true or the mfa of Dev is true, and either the status is Open or the balance is 0."},
		{"three mixed items", "alarm and (status == Open or balance == 0) and mfa[Dev]",
			"All of these hold: the alarm is true; the status is Open or the balance is 0; the mfa of Dev is true."},
		{"quantifier last", "alarm and all r in Role: mfa[r]",
			"The alarm is true, and for every role r, the mfa of r is true."},
		{"quantifier first", "(all r in Role: mfa[r]) and alarm",
			"All of these hold: for every role r, the mfa of r is true; the alarm is true."},
		{"iff", "alarm iff mfa[Dev]", "The alarm is true if and only if the mfa of Dev is true."},
		{"iff as a conclusion is quoted", "alarm implies (isOpen iff mfa[Dev])",
			"If the alarm is true, then `isOpen iff mfa[Dev]`."},
		{"negated implication of an iff", "not (alarm implies (isOpen iff mfa[Dev]))",
			"All of these hold: the alarm is true; `isOpen` is true if and only if the mfa of Dev is false."},
		{"iff as an else is quoted", "if alarm then mfa[Dev] else isOpen iff mfa[Admin]",
			"If the alarm is true, then the mfa of Dev is true, otherwise `isOpen iff mfa[Admin]`."},
		{"iff with a group", "alarm iff status == Open or balance == 0",
			"The alarm is true if and only if either the status is Open or the balance is 0."},
		{"truth values compared", "alarm' == alarm", "The new alarm is the alarm."},
		{"against a literal", "alarm == false", "The alarm is false."},
		{"formula compared", "alarm' == (balance == 0)", "The new alarm is true if and only if the balance is 0."},
		{"formula differs", "alarm' != (balance == 0)", "The new alarm is true if and only if the balance is not 0."},
		{"map update", "grants' == grants with [Guest] = {Read}",
			"The new grants are the grants with Guest set to {Read}."},
		{"updates in order", "grants' == grants with [Guest] = {Read} with [Dev] = {}",
			"The new grants are the grants with Guest set to {Read} with Dev set to the empty set."},
		{"record update", "cfg' == cfg with .size = 3", "The new cfg is the cfg with its size set to 3."},
		{"field", "cfg.on", "The on of the cfg is true."},
		{"record literal", "cfg == {size: 1, on: true}", "The cfg is {size: 1, on: true}."},
		{"primed lookup", "grants'[Admin] == Perm", "The new grants of Admin are all Perm values."},
		{"if value", "balance' == (if alarm then 0 else balance)",
			"The new balance is (if the alarm is true, then 0, otherwise the balance)."},
		{"if formula", "if alarm then balance == 0 else status == Open",
			"If the alarm is true, then the balance is 0, otherwise the status is Open."},
		{"cases value", "retries == cases { alarm => 1, else => 0 }",
			"The retries are (the first of these that applies: when the alarm is true, 1; otherwise 0)."},
		{"cases without else", "retries == cases { alarm => 1, not alarm => 0 }",
			"The retries are (the first of these that applies: when the alarm is true, 1; when the alarm is false, 0; if none applies, an unknown value)."},
		{"comprehension", "count({r in Role where mfa[r]}) >= 1",
			"The number of elements of {r in Role such that the mfa of r is true} is at least 1."},
		{"qualified member", "Status.Open == status", "Open is the status."},
		{"a formula as a value is quoted", "{alarm and isOpen} == {true}", "{`alarm and isOpen`} is {true}."},
		{"literal", "true", "True."},
	}
	for _, tt := range tests {
		if got := readAssert(t, tt.in); got != tt.want {
			t.Errorf("%s: %s\n got: %s\nwant: %s", tt.rule, tt.in, got, tt.want)
		}
	}
}

// TestAmbiguousMember: a member name shared by two enums reads qualified.
func TestAmbiguousMember(t *testing.T) {
	src := "enum A { On, Off }\nenum B { On, Dim }\nvar a: A\nfact a == A.On\n"
	f, findings := parser.Parse(src)
	info := sema.Check(f)
	if len(findings)+len(info.Findings) > 0 {
		t.Fatalf("findings: %v %v", findings, info.Findings)
	}
	if got, want := Clause(info, f.Decls[3]), "a is A.On."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSharedWords: two names that read as the same words are quoted, not read.
func TestSharedWords(t *testing.T) {
	src := "var maxLoad: 0..9\nconst max_load: 0..9 = 3\nvar level: 0..9\nfact maxLoad <= max_load and level == 1\n"
	f, findings := parser.Parse(src)
	info := sema.Check(f)
	if len(findings)+len(info.Findings) > 0 {
		t.Fatalf("findings: %v %v", findings, info.Findings)
	}
	if got, want := Clause(info, f.Decls[3]), "`maxLoad` is at most `max_load` and the level is 1."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNounExpr(t *testing.T) {
	f, info := parseChecked(t, prelude+"action Pay(amount: 1..5) { ensures balance' == balance + amount }\n")
	ens := f.Decls[len(f.Decls)-1].(*ast.ActionDecl).Clauses[0].Body.(*ast.Binary)
	if got, want := Expr(info, ens.Y), "the balance plus the amount"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Expr(info, ens.X), "the new balance"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSplitName(t *testing.T) {
	tests := map[string]string{
		"maxRetries": "max retries", "max_retries": "max retries", "userID": "user ID",
		"HTTPCode": "HTTP code", "node2Count": "node2 count", "Role": "role", "x": "x",
	}
	for in, want := range tests {
		if got, ok := nameWords(in); !ok || got != want {
			t.Errorf("nameWords(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"isOpen", "newBalance", "loggedIn", "and_or"} {
		if got, ok := nameWords(in); ok {
			t.Errorf("nameWords(%q) = %q; want it quoted", in, got)
		}
	}
}

// readDecls reads every declaration of an example spec.
func readDecls(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, findings := parser.Parse(string(src))
	info := sema.Check(f)
	if len(findings)+len(info.Findings) > 0 {
		t.Fatalf("%s: findings %v %v", path, findings, info.Findings)
	}
	var out []string
	for _, d := range f.Decls {
		out = append(out, Clause(info, d))
	}
	return out
}

func TestBank(t *testing.T) {
	want := []string{
		"This is the spec Bank.",
		"Money is a number from 0 to 1000.\n\nMoney is whole euros; the bank never holds more than 1000 in one account.",
		"Status is one of Open, Frozen, or Closed.",
		"The balance holds a Money value.",
		"The status holds a Status value.",
		"Initially, the balance is 0.",
		"Initially, the status is Open.",
		"If the status is Closed, then the balance is 0.",
		"Deposit(amount): when the status is Open, the new balance is the balance plus the amount.",
		"Withdraw(amount): when the status is Open and the amount is at most the balance, the new balance is the balance minus the amount.",
		"Close: when the balance is 0, the new status is Closed.",
		"Always, the balance is at least 0.",
		"It follows that the status is not Frozen.",
		"A run the spec must admit: start from an initial state; do Deposit(100); do Withdraw(30); expect that the balance is 70.",
		"A run the spec must rule out: start from an initial state; do Withdraw(1).",
	}
	checkDecls(t, readDecls(t, "../../examples/bank.specl"), want)
}

func TestAccess(t *testing.T) {
	want := []string{
		"This is the spec Access.",
		"Role is one of Admin, Dev, or Guest.",
		"Perm is one of Read, Write, or Delete.",
		"The grants hold, for each Role, a set of Perm values.",
		"The mfa holds, for each Role, true or false.",
		"The grants of Admin are all Perm values.",
		"Every element of the grants of Guest is in {Read}.",
		"For every role r, if Delete is in the grants of r, then the mfa of r is true.",
		"CanWrite(r) holds exactly when Write is in the grants of r.",
		"Risk(r) is the first of these that applies: when Delete is in the grants of r, 3; " +
			"when Write is in the grants of r, 2; when Write is in the grants of r and Delete is in the grants of r, 3; otherwise 0.",
		"It follows that CanWrite(Guest) does not hold.",
		"It follows that if Delete is in the grants of Guest, then the mfa of Guest is true.",
		"It follows that the mfa of Admin is true.",
	}
	checkDecls(t, readDecls(t, "../../examples/access.specl"), want)
}

func checkDecls(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d readings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("declaration %d:\n got: %s\nwant: %s", i, got[i], want[i])
		}
	}
}

func TestDeclarations(t *testing.T) {
	src := `spec D
type Cfg = { size: 1..5, tags: set of 0..3 }
const maxLoad: 0..9 = 3
var table: 1..3 -> bool
/// Admins only.
action Ping(n: 1..3) {
  requires table[n]
  requires all k in 1..3: table[k]
}
action Idle { requires true }
action Noop {}
option depth = 4
example Run { given not table[1] do Ping(_) expect table[1] }
`
	f, findings := parser.Parse(src)
	info := sema.Check(f)
	if len(findings)+len(info.Findings) > 0 {
		t.Fatalf("findings %v %v", findings, info.Findings)
	}
	var got []string
	for _, d := range f.Decls {
		got = append(got, Clause(info, d))
	}
	checkDecls(t, got, []string{
		"This is the spec D.",
		"Cfg is a record of size (a number from 1 to 5) and tags (a set of numbers from 0 to 3).",
		"The max load is always 3.",
		"The table holds, for each number from 1 to 3, true or false.",
		"Ping(n): possible when the table of n is true, and for every k from 1 to 3, the table of k is true. Then nothing changes.\n\nAdmins only.",
		"Idle: when true, nothing changes.",
		"Noop: nothing changes.",
		"Runs are explored to at most 4 steps.",
		"A run the spec must admit: start from an initial state where the table of 1 is false; do Ping(any n); expect that the table of 1 is true.",
	})
	ping := f.Decls[4].(*ast.ActionDecl)
	if got, want := Clause(info, ping.Clauses[0]), "Required before the step: the table of n is true."; got != want {
		t.Errorf("requires: got %q, want %q", got, want)
	}
}

// TestCorpus reads every expression and declaration of the example and check
// specs: each gets a non-empty reading, without panics, with balanced brackets and
// backticks (a quoted fallback never swallows the rest of a sentence).
func TestCorpus(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/check/*.specl"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d specs found", len(paths))
	}
	exprs := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := parser.Parse(string(src))
		info := sema.Check(f)
		check := func(what ast.Node, s string) {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %T at %v has an empty reading", path, what, what.Bounds())
			}
			if strings.Count(s, "`")%2 != 0 || strings.Count(s, "(") != strings.Count(s, ")") ||
				strings.Count(s, "{") != strings.Count(s, "}") {
				t.Errorf("%s: %T at %v: unbalanced reading %q", path, what, what.Bounds(), s)
			}
		}
		for _, d := range f.Decls {
			check(d, Clause(info, d))
			if a, ok := d.(*ast.ActionDecl); ok {
				for _, c := range a.Clauses {
					check(c, Clause(info, c))
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				exprs++
				check(e, Expr(info, e))
			}
			return true
		})
	}
	t.Logf("%d specs, %d expressions read", len(paths), exprs)
}

// TestReadAloud holds the rules found by reading specs aloud: verbs that agree with
// plural names, primes of names that are already in time, lookups in lookups, and
// boolean maps whose names are statements about their keys.
func TestReadAloud(t *testing.T) {
	const src = `spec Aloud
enum Node { N1, N2 }
var grants: Node -> set of Node
var failures: 0..3
var status: 0..3
var address: 0..3
var oldReady: 0..4
var prevTerm: Node -> 0..3
var votes: Node -> (Node -> bool)
var table: Node -> (Node -> 0..3)
var hasVoted: Node -> bool
var isLeader: Node -> bool
var canWrite: Node -> bool
var isOpen: bool
var newReady: 0..4
var maxRetries: 0..3
var totalVotes: 0..3
action Step(n: Node) { ensures oldReady' == oldReady }
`
	read := func(expr string) string {
		t.Helper()
		f, findings := parser.Parse(src + "assert A: " + expr + "\n")
		info := sema.Check(f)
		if fs := append(findings, info.Findings...); len(fs) > 0 {
			t.Fatalf("%s: %v", expr, fs)
		}
		return Expr(info, f.Decls[len(f.Decls)-1].(*ast.ClauseDecl).Body)
	}
	for _, tt := range []struct{ rule, in, want string }{
		{"a plural name takes are", "failures == 3", "The failures are 3."},
		{"a plural entry takes are", "grants[N1] == {N2}", "The grants of N1 are {N2}."},
		{"a plural primed name takes are", "failures' > failures", "The new failures are more than the failures."},
		{"in agrees too", "failures in 1..2", "The failures are in the integers from 1 to 2."},
		{"-us is singular", "status == 1", "The status is 1."},
		{"-ss is singular", "address != 1", "The address is not 1."},
		{"a quantity of plurals is one thing", "failures + failures == 2", "The failures plus the failures is 2."},
		{"a count is one thing", "count(grants[N1]) == 1", "The number of elements of the grants of N1 is 1."},
		{"a bound on a plural is one number", "maxRetries == 2", "The max retries is 2."},
		{"so is a total, primed", "totalVotes' == 2", "The new total votes is 2."},
		{"a name in time, primed", "oldReady' == oldReady", "The new value of the old ready is the old ready."},
		{"a map in time, primed", "prevTerm'[N1] == 0", "The entry for N1 in the new value of the prev term is 0."},
		{"a map in time, unprimed", "prevTerm[N1] == 0", "The prev term of N1 is 0."},
		{"a lookup in a lookup", "votes[N1][N2]", "The entry for N2 in the votes of N1 is true."},
		{"a lookup in a primed lookup", "not votes'[N1][N2]", "The entry for N2 in the new votes of N1 is false."},
		{"a lookup in a lookup, compared", "table[N1][N2] >= 1", "The entry for N2 in the table of N1 is at least 1."},
		{"has", "hasVoted[N1]", "N1 has voted."},
		{"has not", "not hasVoted[N1]", "N1 has not voted."},
		{"is, bound", "all a in Node: isLeader[a]", "For every node a, a is leader."},
		{"cannot", "not canWrite[N2]", "N2 cannot write."},
		{"a statement after the step", "hasVoted'[N1]", "N1 has voted after the step."},
		{"a statement name alone is quoted", "isOpen", "`isOpen` is true."},
		{"new is the prime's word: quoted", "newReady == 0", "`newReady` is 0."},
	} {
		if got := read(tt.in); got != tt.want {
			t.Errorf("%s: %s\n got: %s\nwant: %s", tt.rule, tt.in, got, tt.want)
		}
	}
	f, _ := parser.Parse(src)
	info := sema.Check(f)
	var decls []string
	for _, d := range f.Decls[1:] {
		if v, ok := d.(*ast.VarDecl); ok && (v.Name.Name == "hasVoted" || v.Name.Name == "failures" || v.Name.Name == "grants") {
			decls = append(decls, Clause(info, d))
		}
	}
	checkDecls(t, decls, []string{
		"The grants hold, for each Node, a set of Node values.",
		"The failures hold a number from 0 to 3.",
		"`hasVoted` holds, for each Node, whether it has voted.",
	})
}
