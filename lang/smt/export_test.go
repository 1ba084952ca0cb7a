package smt

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// z3Answers exports a spec's facts, one check per fact alone, and returns z3's
// answers.
func z3Answers(t *testing.T, src string) []Answer {
	t.Helper()
	file, fs := parser.Parse(src)
	info := sema.Check(file)
	if len(fs) > 0 || len(info.Findings) > 0 {
		t.Fatalf("spec does not check: %v %v", fs, info.Findings)
	}
	q := Query{Clauses: Facts(file, info)}
	for i := range q.Clauses {
		q.Checks = append(q.Checks, []int{i})
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := Time(ctx, file, info, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Answers) != len(q.Checks) {
		t.Fatalf("%d answers to %d checks", len(run.Answers), len(q.Checks))
	}
	return run.Answers
}

// TestClosedExpressions checks the export alone, against truth values worked out by
// hand from LANGUAGE.md: each fact is a closed expression, sat exactly when true.
func TestClosedExpressions(t *testing.T) {
	requireZ3(t)
	table := []struct {
		expr string
		want bool
	}{
		{"(-0) in 0..1", true},
		{"-(-2) == 2", true},
		{"3 * 4 - 5 == 7", true},
		{"count(Role) == 3", true},
		{"count({Admin, Admin, Dev}) == 2", true},
		{"count({r in Role where r != Guest}) == 2", true},
		{"{Admin, Dev} subset Role", true},
		{"Role subset {Admin, Dev}", false},
		{"{Admin} union {Dev} == {Dev, Admin}", true},
		{"Role minus {Guest} == {Admin, Dev}", true},
		{"Role intersect {} == {}", true},
		{"{} subset {Admin}", true},
		{"5 in 0..3", false},
		{"2..4 == {2, 3, 4}", true},
		{"{1, 2} == 1..3", false},
		{"all r in Role: r in Role", true},
		{"all r in {}: false", true},
		{"some r in {}: true", false},
		{"no r in Role: r == Guest", false},
		{"no r, s in Role: r != s and r == Admin and s == Admin", true},
		{"all r, s in Role: r == s", false},
		{"some r in Role, n in 1..2: r == Dev and n * 2 == 4", true},
		{"all n in 0..3: n * n <= 9", true},
		{"all n in 0..4: n * n <= 9", false},
		{"(cases { 1 > 2 => 1, 2 > 1 => 2, else => 3 }) == 2", true},
		{"(cases { 2 > 1 => Admin, 2 > 1 => Dev }) == Admin", true},
		{"(if Admin == Dev then 1 else 2) == 2", true},
		{"false implies false", true},
		{"true implies false", false},
		{"(true iff false) == false", true},
		{"{a: 1, b: Dev} with .a = 2 == {a: 2, b: Dev}", true},
		{"{b: Dev, a: 1}.b == Dev", true},
		{"K == 2 and Top == {Admin}", true},
		{"Double(3) == 6 and not IsAdmin(Dev) and IsAdmin(Admin)", true},
		{"Level(Guest) == 0 and Level(Admin) == 2", true},
	}
	var b strings.Builder
	b.WriteString("spec Closed\nenum Role { Admin, Dev, Guest }\nconst K: 0..3 = 2\nconst Top: set of Role = {Admin}\n")
	b.WriteString("fun Double(n: 0..5): 0..10 = n + n\npred IsAdmin(r: Role): r == Admin\n")
	b.WriteString("fun Level(r: Role): 0..2 = cases { r == Admin => 2, r == Dev => 1, else => 0 }\n")
	for _, c := range table {
		b.WriteString("fact " + c.expr + "\n")
	}
	answers := z3Answers(t, b.String())
	for i, c := range table {
		want := Unsat
		if c.want {
			want = Sat
		}
		if answers[i] != want {
			t.Errorf("%s: z3 says %s, want %s", c.expr, answers[i], want)
		}
	}
}

// TestStateQuestions checks the export over unknowns: maps (total, updates), records,
// sets of integers and the bounds of each type.
func TestStateQuestions(t *testing.T) {
	requireZ3(t)
	src := `spec State
enum Role { Admin, Dev }
var n: 1..3
var m: Role -> 0..2
var s: set of 0..2
var r: {a: 0..1, b: bool}
fact InRange: n >= 1 and n <= 3
fact OutOfRange: n == 0 or n == 4
fact MapBound: m[Admin] == 3
fact MapUpdate: m with [Admin] = 2 == m and m[Admin] != 2
fact MapUpdateKeeps: (m with [Admin] = 0)[Dev] == m[Dev]
fact MapTotal: m[Admin] == 1 and m[Dev] == 2 and m == (m with [Dev] = 2)
fact SetMembers: count(s) == 4
fact SetUniverse: 3 in s
fact SetFull: s == 0..2
fact RecordBound: r.a == 2
fact RecordUpdate: r with .b = true == r and not r.b
fact Product: n * n == 9
fact ProductMiss: n * n == 5
`
	want := []Answer{Sat, Unsat, Unsat, Unsat, Sat, Sat, Unsat, Unsat, Sat, Unsat, Unsat, Sat, Unsat}
	got := z3Answers(t, src)
	if len(got) != len(want) {
		t.Fatalf("got %d answers, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fact %d: z3 says %s, want %s", i, got[i], want[i])
		}
	}
}

// TestFunCasesFallthrough is the LANGUAGE.md rule for a cases without else as a fun's
// body: where no arm matches, the value is some value of the fun's result type (here
// 0..3), not only of the arms' range (1..1). So A fails when b is false and F() is 0.
// (lang/encode, as of this test, takes the arms' range and calls A proved: a
// disagreement reported to its owner; the random specs leave this shape out until it
// is settled, see funCasesWithoutElse.)
func TestFunCasesFallthrough(t *testing.T) {
	requireZ3(t)
	src := "spec T\nvar b: bool\nfun F: 0..3 = cases { b => 1 }\nassert A: not b implies F == 1\n" +
		"assert InResult: F >= 0 and F <= 3\n"
	file, _ := parser.Parse(src)
	info := sema.Check(file)
	q := Query{Clauses: Claims(file, info), Checks: [][]int{{0}, {1}}}
	run, err := Time(context.Background(), file, info, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Answer{Sat, Unsat}; len(run.Answers) != 2 || run.Answers[0] != want[0] || run.Answers[1] != want[1] {
		t.Errorf("z3 says %v, want %v (A can fail; the value stays in 0..3)", run.Answers, want)
	}
}

// TestWriteErrors: names must be unique and present, checks must name clauses, and a
// type without a finite translation is an error, not a script.
func TestWriteErrors(t *testing.T) {
	file, _ := parser.Parse("spec T\nvar b: bool\nfact F: b\n")
	info := sema.Check(file)
	body := Facts(file, info)[0].Body
	for name, q := range map[string]Query{
		"repeated name": {Clauses: []Clause{{Name: "X", Body: body}, {Name: "X", Body: body}}},
		"empty name":    {Clauses: []Clause{{Body: body}}},
		"no body":       {Clauses: []Clause{{Name: "X"}}},
		"bad check":     {Clauses: []Clause{{Name: "X", Body: body}}, Checks: [][]int{{1}}},
	} {
		var out bytes.Buffer
		if err := Write(&out, file, info, q); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	var out bytes.Buffer
	if err := Write(&out, file, info, Query{Clauses: []Clause{{Name: "X", Body: body}}}); err != nil {
		t.Fatal(err)
	}
	want := "(set-option :produce-unsat-cores true)\n(set-logic QF_LIA)\n(declare-const |v!b| Bool)\n" +
		"(declare-const |act!0| Bool)\n(assert (! (=> |act!0| |v!b|) :named |X|))\n(check-sat-assuming (|act!0|))\n"
	if out.String() != want {
		t.Errorf("script:\n%s\nwant:\n%s", out.String(), want)
	}
}
