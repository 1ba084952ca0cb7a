package diff

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
)

func load(t *testing.T, path, src string) *Spec {
	t.Helper()
	s, errs := Load(path, src)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", path, errs)
	}
	return s
}

func compare(t *testing.T, a, b string, opts Options) *Result {
	t.Helper()
	res, err := Compare(context.Background(), load(t, "a.specl", a), load(t, "b.specl", b), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Equivalent specs written differently: reordered declarations, De Morgan, cases
// instead of implications, a set literal instead of a quantifier.
func TestEquivalent(t *testing.T) {
	for _, tc := range []struct{ name, a, b string }{
		{"reordered and De Morgan", `
var x: 0..7
var on: bool
fact Small: x < 5
fact OnMeansBig: on implies x >= 2`, `
var on: bool
var x: 0..7
fact OnMeansBig: not (on and not (x >= 2))
fact Small: not (x >= 5)`},
		{"cases versus implications", `
enum Level { Low, Mid, High }
var level: Level
var n: 0..9
fact Cap: n <= cases { level == Low => 3, level == Mid => 6, else => 9 }`, `
enum Level { Low, Mid, High }
var level: Level
var n: 0..9
fact CapLow: level == Low implies n <= 3
fact CapMid: level == Mid implies n <= 6`},
		{"quantifier versus set", `
enum Perm { Read, Write }
var p: set of Perm
fact All: all q in Perm: q in p`, `
enum Perm { Read, Write }
var p: set of Perm
fact All: p == {Read, Write}`},
		{"machine with reordered clauses", machineA, strings.NewReplacer(
			"requires status == Open\n  requires balance + amount < 10",
			"requires not (status != Open or balance + amount >= 10)").Replace(machineA)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := compare(t, tc.a, tc.b, Options{})
			if res.Verdict != "equivalent" || len(res.Differences) != 0 {
				t.Fatalf("verdict %s, differences %+v", res.Verdict, res.Differences)
			}
		})
	}
}

const machineA = `
spec A
enum Status { Open, Closed }
var balance: 0..10
var status: Status
fact ClosedIsEmpty: status == Closed implies balance == 0
initially balance == 0 and status == Open
action Deposit(amount: 1..5) {
  requires status == Open
  requires balance + amount < 10
  ensures balance' == balance + amount
}
action Close {
  requires balance == 0
  ensures status' == Closed
}
`

// One boundary apart (< against <=): the exact model, and the clause responsible.
func TestBoundaryModel(t *testing.T) {
	a := "var x: 0..7\nvar y: 0..7\nfact Lt: x < y\n"
	b := "var x: 0..7\nvar y: 0..7\nfact Le: x <= y\n"
	res := compare(t, a, b, Options{})
	if res.Verdict != "different" || len(res.Differences) != 1 {
		t.Fatalf("verdict %s, differences %+v", res.Verdict, res.Differences)
	}
	d := res.Differences[0]
	if d.Kind != "model" || d.AdmittedBy != "b.specl" || d.RejectedBy != "a.specl" {
		t.Fatalf("difference %+v", d)
	}
	if got := d.Example.Short(); got != "x = 0, y = 0" {
		t.Errorf("model %q, want x = 0, y = 0", got)
	}
	if len(d.Clauses) != 1 || d.Clauses[0].At() != "a.specl:3:1" || d.Clauses[0].What != "fact Lt" {
		t.Errorf("clauses %+v, want fact Lt at a.specl:3:1", d.Clauses)
	}
	// Refinement: every model of a is one of b.
	if res := compare(t, a, b, Options{Implies: true}); res.Verdict != "refines" {
		t.Errorf("a implies b: verdict %s, %+v", res.Verdict, res.Differences)
	}
	if res := compare(t, b, a, Options{Implies: true}); res.Verdict != "different" {
		t.Errorf("b implies a: verdict %s", res.Verdict)
	}
}

// A machine one boundary apart: the shortest run that tells them apart, ending in the
// action whose requires differ.
func TestBoundaryRun(t *testing.T) {
	b := strings.Replace(machineA, "balance + amount < 10", "balance + amount <= 10", 1)
	res := compare(t, machineA, b, Options{})
	if res.Verdict != "different" || len(res.Differences) != 1 {
		t.Fatalf("verdict %s, differences %+v", res.Verdict, res.Differences)
	}
	d := res.Differences[0]
	if d.Kind != "run" || d.Action != "Deposit" || d.AdmittedBy != "b.specl" {
		t.Fatalf("difference %+v", d)
	}
	want := "s0: balance = 0, status = Open; Deposit(amount: 5) → s1: balance = 5, status = Open; Deposit(amount: 5) → s2: balance = 10, status = Open"
	if got := d.Example.Short(); got != want {
		t.Errorf("run\n got %s\nwant %s", got, want)
	}
	if len(d.Clauses) != 1 || d.Clauses[0].At() != "a.specl:10:3" || d.Clauses[0].What != "requires of Deposit (step 2)" {
		t.Errorf("clauses %+v", d.Clauses)
	}
}

// Steps that differ only from states no run reaches are not a difference in behaviour:
// the verdict is bounded and says so, and the step is shown.
func TestUnreachedStep(t *testing.T) {
	a := `
var x: 0..5
initially x == 0
action Inc { requires x < 2  ensures x' == x + 1 }
`
	b := `
var x: 0..5
initially x == 0
action Inc { requires x < 2 or x == 4  ensures x' == x + 1 }
`
	res := compare(t, a, b, Options{Depth: 4})
	if len(res.Differences) != 1 || res.Differences[0].Kind != "step" {
		t.Fatalf("verdict %s, differences %+v", res.Verdict, res.Differences)
	}
	if got := res.Differences[0].Example.Short(); got != "s0: x = 4; Inc → s1: x = 5" {
		t.Errorf("step %q", got)
	}
}

// A variable of one spec alone is existential: the comparison is over what both
// share, answered exactly by refinement over the private variable's values.
func TestPrivateVariables(t *testing.T) {
	a := "var x: 0..7\nvar y: 0..7\nvar h: 0..7\nfact x < y\nfact h == x + 1 and h <= y\n"
	b := "var x: 0..7\nvar y: 0..7\nfact x < y\n"
	if res := compare(t, a, b, Options{}); res.Verdict != "equivalent" {
		t.Fatalf("verdict %s, %+v", res.Verdict, res.Differences)
	}
	c := "var x: 0..7\nvar y: 0..7\nfact x <= y\n"
	res := compare(t, a, c, Options{})
	if res.Verdict != "different" || len(res.Differences) != 1 || res.Differences[0].Example.Short() != "x = 0, y = 0" {
		t.Fatalf("verdict %s, %+v", res.Verdict, res.Differences)
	}
	if got := res.Differences[0].Clauses; len(got) != 1 || got[0].What != "fact" || got[0].Line != 4 {
		t.Errorf("clauses %+v", got)
	}
}

func TestMismatchAndRename(t *testing.T) {
	a := load(t, "a.specl", "var x: 0..7\nfact x < 3\n")
	b := load(t, "b.specl", "var x: 0..3\nfact x < 3\n")
	_, err := Compare(context.Background(), a, b, Options{})
	if err == nil || !strings.Contains(err.Error(), "var x has type 0..7 in a.specl but 0..3 in b.specl") {
		t.Fatalf("error %v", err)
	}
	c := load(t, "c.specl", "var n: 0..7\nfact not (n >= 3)\n")
	res, err := Compare(context.Background(), a, c, Options{Rename: map[string]string{"x": "n"}})
	if err != nil || res.Verdict != "equivalent" {
		t.Fatalf("renamed: %v %+v", err, res)
	}
}

func TestUnmatchedAction(t *testing.T) {
	a := "var x: 0..3\ninitially x == 0\naction Inc { requires x < 3  ensures x' == x + 1 }\naction Reset { ensures x' == 0 }\n"
	b := "var x: 0..3\ninitially x == 0\naction Inc { requires x < 3  ensures x' == x + 1 }\n"
	res := compare(t, a, b, Options{})
	if res.Verdict != "different" || len(res.Differences) != 1 || res.Differences[0].Kind != "action" || res.Differences[0].Action != "Reset" {
		t.Fatalf("verdict %s, %+v", res.Verdict, res.Differences)
	}
	// Refinement of b by a: b has no action a lacks.
	if res := compare(t, b, a, Options{Implies: true}); res.Verdict != "refines" {
		t.Fatalf("verdict %s, %+v", res.Verdict, res.Differences)
	}
}

// A variable of one machine alone: equal runs over the shared variables are searched
// to the depth (not proved), and a run one machine cannot follow is found with the
// clauses, at their steps, that rule it out.
func TestPrivateVariablesMachine(t *testing.T) {
	p1 := "var x: 0..3\nvar hidden: bool\ninitially x == 0 and not hidden\naction Inc { requires x < 3  ensures x' == x + 1  ensures hidden' == true }\n"
	p2 := "var x: 0..3\ninitially x == 0\naction Inc { requires x < 3  ensures x' == x + 1 }\n"
	p3 := "var x: 0..3\nvar hidden: bool\ninitially x == 0 and not hidden\naction Inc { requires x < 3  requires not hidden or x < 2  ensures x' == x + 1  ensures hidden' == true }\n"
	if res := compare(t, p1, p2, Options{Depth: 5}); res.Verdict != "equivalent-to-depth" || res.Depth != 5 {
		t.Fatalf("verdict %s depth %d, %+v", res.Verdict, res.Depth, res.Differences)
	}
	res := compare(t, p3, p2, Options{Depth: 5})
	if res.Verdict != "different" || len(res.Differences) != 1 {
		t.Fatalf("verdict %s, %+v", res.Verdict, res.Differences)
	}
	d := res.Differences[0]
	if d.Kind != "run" || d.AdmittedBy != "b.specl" || d.Example.Short() != "s0: x = 0; Inc → s1: x = 1; Inc → s2: x = 2; Inc → s3: x = 3" {
		t.Fatalf("%+v %s", d, d.Example.Short())
	}
	var what []string
	for _, c := range d.Clauses {
		what = append(what, c.What)
	}
	if strings.Join(what, "; ") != "ensures of Inc (step 2); requires of Inc (step 3)" {
		t.Errorf("clauses %q", what)
	}
}

// A cases without a matching arm is some value, chosen afresh in each clause: a spec
// compared with itself is still equivalent (each behaviour the search proposes is
// checked exactly, and ruled out when the other spec admits it), and a real
// difference is still found.
func TestUnmatchedCasesChoice(t *testing.T) {
	a := `var n: 0..1
action Go { requires cases { n == 0 => true } }
action Back { requires n > 0  ensures n' == cases { n == 0 => 1 } }
`
	if res := compare(t, a, a, Options{}); res.Verdict != "equivalent" {
		t.Fatalf("verdict %s, %+v %v", res.Verdict, res.Differences, res.Unknown)
	}
	b := strings.Replace(a, "requires n > 0  ensures", "ensures", 1)
	res := compare(t, a, b, Options{})
	if res.Verdict != "different" || len(res.Differences) != 1 || res.Differences[0].Action != "Back" || res.Differences[0].AdmittedBy != "b.specl" {
		t.Fatalf("verdict %s, %+v %v", res.Verdict, res.Differences, res.Unknown)
	}
}

// Every spec of the checker's corpus and of examples/ against itself with its
// declarations in reverse order (the language lets them stand in any order): the same
// behaviours (examples left out: they are no part of them).
func TestReversedDeclarations(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/check/*.specl")
	ex, _ := filepath.Glob("../../examples/*.specl")
	files = append(files, ex...)
	for _, p := range files {
		src, _ := os.ReadFile(p)
		a, errs := Load(p, string(src))
		if len(errs) > 0 {
			continue
		}
		var parts []string
		for _, d := range a.File.Decls {
			if _, ok := d.(*ast.ExampleDecl); ok {
				continue // examples are no part of the behaviours
			}
			parts = append(parts, string(src[d.Bounds().Start:d.Bounds().End]))
		}
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
		b, errs := Load("rev", strings.Join(parts, "\n"))
		if len(errs) > 0 {
			t.Errorf("%s: reversed has errors %v", p, errs)
			continue
		}
		res, err := Compare(context.Background(), a, b, Options{})
		if err != nil {
			continue // a type without a finite encoding: nothing to compare
		}
		if !strings.HasPrefix(res.Verdict, "equivalent") {
			t.Errorf("%s: %s %+v %v", p, res.Verdict, res.Differences, res.Unknown)
		}
	}
}
