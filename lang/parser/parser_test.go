package parser

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// sexpr prints an expression fully parenthesised, to check precedence and grouping.
func sexpr(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Name:
		return e.Ident.Name
	case *ast.Primed:
		return e.Ident.Name + "'"
	case *ast.IntLit:
		return e.Text
	case *ast.BoolLit:
		return fmt.Sprint(e.Value)
	case *ast.Unary:
		return "(" + e.Op.String() + " " + sexpr(e.X) + ")"
	case *ast.Binary:
		return "(" + sexpr(e.X) + " " + e.Op.String() + " " + sexpr(e.Y) + ")"
	case *ast.Index:
		return sexpr(e.X) + "[" + sexpr(e.Key) + "]"
	case *ast.Select:
		return sexpr(e.X) + "." + e.Field.Name
	case *ast.Call:
		return e.Fun.Name + "(" + list(e.Args) + ")"
	case *ast.MapUpdate:
		return "(" + sexpr(e.X) + " with [" + sexpr(e.Key) + "] = " + sexpr(e.Value) + ")"
	case *ast.RecordUpdate:
		return "(" + sexpr(e.X) + " with ." + e.Field.Name + " = " + sexpr(e.Value) + ")"
	case *ast.SetLit:
		return "{" + list(e.Elems) + "}"
	case *ast.Comprehension:
		return "{" + e.Var.Name + " in " + sexpr(e.Set) + " where " + sexpr(e.Cond) + "}"
	case *ast.RecordLit:
		var parts []string
		for _, f := range e.Fields {
			parts = append(parts, f.Name.Name+": "+sexpr(f.Value))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *ast.RangeExpr:
		return "(" + sexpr(e.Lo) + ".." + sexpr(e.Hi) + ")"
	case *ast.Count:
		return "count(" + sexpr(e.X) + ")"
	case *ast.If:
		return "(if " + sexpr(e.Cond) + " then " + sexpr(e.Then) + " else " + sexpr(e.Else) + ")"
	case *ast.Quant:
		var bs []string
		for _, b := range e.Bindings {
			var vs []string
			for _, v := range b.Vars {
				vs = append(vs, v.Name)
			}
			bs = append(bs, strings.Join(vs, ", ")+" in "+sexpr(b.Set))
		}
		return "(" + e.Kind.String() + " " + strings.Join(bs, ", ") + ": " + sexpr(e.Body) + ")"
	case *ast.Cases:
		var arms []string
		for _, a := range e.Arms {
			arms = append(arms, sexpr(a.Guard)+" => "+sexpr(a.Value))
		}
		if e.Else != nil {
			arms = append(arms, "else => "+sexpr(e.Else.Value))
		}
		return "(cases " + strings.Join(arms, "; ") + ")"
	case *ast.Paren:
		return "[" + sexpr(e.X) + "]"
	case *ast.Wildcard:
		return "_"
	}
	return fmt.Sprintf("?%T", e)
}

func list(es []ast.Expr) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, sexpr(e))
	}
	return strings.Join(parts, ", ")
}

func parseExpr(t *testing.T, src string) ast.Expr {
	t.Helper()
	f, errs := Parse("fact " + src)
	if len(errs) > 0 {
		t.Fatalf("%q: %v", src, errs)
	}
	return f.Decls[0].(*ast.ClauseDecl).Body
}

func TestPrecedence(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a iff b implies c", "(a iff (b implies c))"},
		{"a implies b implies c", "(a implies (b implies c))"},
		{"a or b and c", "(a or (b and c))"},
		{"not a and b", "((not a) and b)"},
		{"not x in S", "(not (x in S))"},
		{"x not in S or y", "((x not in S) or y)"},
		{"a union b intersect c", "(a union (b intersect c))"},
		{"a minus b union c", "((a minus b) union c)"},
		{"x + y * z == 3", "((x + (y * z)) == 3)"},
		{"x - y - z > -1", "(((x - y) - z) > (- 1))"},
		{"- x[k]", "(- x[k])"},
		{"x' == x + 1", "(x' == (x + 1))"},
		{"m'[k].f == 1", "(m'[k].f == 1)"},
		{"1..n+1 union {0}", "((1..(n + 1)) union {0})"},
		{"m with [a] = 0 with [b] = 1", "((m with [a] = 0) with [b] = 1)"},
		{"m with [k] = -v[j]", "(m with [k] = (- v[j]))"},
		{"r with .f = 3", "(r with .f = 3)"},
		{"all x, y in S: P(x) or Q(y)", "(all x, y in S: (P(x) or Q(y)))"},
		{"all x in S, y in T: x == y", "(all x in S, y in T: (x == y))"},
		{"a and all r in Role: r in S implies b", "(a and (all r in Role: ((r in S) implies b)))"},
		{"if c then a else b or d", "(if c then a else (b or d))"},
		{"{x in S where x > 1} subset S", "({x in S where (x > 1)} subset S)"},
		{"{a: 1, b: true} == r", "({a: 1, b: true} == r)"},
		{"{} == {A, B}", "({} == {A, B})"},
		{"count(S) <= 2", "(count(S) <= 2)"},
		{"Status.Open == s", "(Status.Open == s)"},
		{"(a or b) and c", "([(a or b)] and c)"},
		{"f == cases { x > 5 => 5 x > 1 => 2, else => 0 }", "(f == (cases (x > 5) => 5; (x > 1) => 2; else => 0))"},
		{"grants[Admin] == Perm", "(grants[Admin] == Perm)"},
		{"no r in Role: mfa[r]", "(no r in Role: mfa[r])"},
	}
	for _, c := range cases {
		if got := sexpr(parseExpr(t, c.src)); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.src, got, c.want)
		}
	}
}

// TestSpans checks that every node's span covers exactly its text.
func TestSpans(t *testing.T) {
	src := "fact Name: all x in S: m'[x] == -x + count({y in S where y < x}) // trailing\n"
	f, errs := Parse(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := map[string]bool{
		"fact Name: all x in S: m'[x] == -x + count({y in S where y < x})": false,
		"all x in S: m'[x] == -x + count({y in S where y < x})":            false,
		"m'[x] == -x + count({y in S where y < x})":                        false,
		"m'[x]":                            false,
		"m'":                               false,
		"-x + count({y in S where y < x})": false,
		"-x":                               false,
		"count({y in S where y < x})":      false,
		"{y in S where y < x}":             false,
		"y < x":                            false,
		"Name":                             false,
		"x in S":                           false,
	}
	ast.Inspect(f.Decls[0], func(n ast.Node) bool {
		s := n.Bounds()
		text := src[s.Start:s.End]
		if _, ok := want[text]; ok {
			want[text] = true
		}
		if strings.HasSuffix(text, " ") || strings.HasPrefix(text, " ") {
			t.Errorf("%T span %q has surrounding space", n, text)
		}
		return true
	})
	for text, seen := range want {
		if !seen {
			t.Errorf("no node spans exactly %q", text)
		}
	}
	bin := ast.Unparen(f.Decls[0].(*ast.ClauseDecl).Body.(*ast.Quant).Body).(*ast.Binary)
	if got := src[bin.OpSpan.Start:bin.OpSpan.End]; got != "==" {
		t.Errorf("operator span %q, want ==", got)
	}
}

type wantFinding struct {
	line, col int
	code      diag.Code
	contains  string
}

func checkFindings(t *testing.T, src string, got []diag.Finding, want []wantFinding) {
	t.Helper()
	idx := source.NewLineIndex(src)
	var gs []string
	for _, f := range got {
		p := idx.Position(f.Span.Start, source.CodePoints)
		gs = append(gs, fmt.Sprintf("%d:%d %s %s", p.Line+1, p.Column+1, f.Code, f.Message))
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(gs, "\n"))
	}
	for i, w := range want {
		p := idx.Position(got[i].Span.Start, source.CodePoints)
		if p.Line+1 != w.line || p.Column+1 != w.col || got[i].Code != w.code || !strings.Contains(got[i].Message, w.contains) {
			t.Errorf("finding %d: got %s, want %d:%d %s …%s…", i, gs[i], w.line, w.col, w.code, w.contains)
		}
	}
}

func TestRecovery(t *testing.T) {
	src := `spec Broken
enum Status { Open, Closed }
var balance: 0..10
fact Good: balance >= 0
fact Bad: balance >=
var status: Status
action Deposit(amount: 1..5) {
  requires ok: status == Open
  requires broken: amount + * 2
  ensures balance' == balance + amount
}
invariant Fine: balance <= 10
pred P(x: 0..10): x ==
example E {
  do Deposit(1)
  expect balance ==
  expect balance == 1
}
assert Last: true
`
	f, errs := Parse(src)
	checkFindings(t, src, errs, []wantFinding{
		// A clause cut short is reported at its end, not at what follows it.
		{5, 19, diag.Syntax, "expected an expression after `>=`"},
		{9, 29, diag.Syntax, "unexpected \"*\""},
		{13, 21, diag.Syntax, "expected an expression after `==`"},
		{16, 18, diag.Syntax, "expected an expression after `==`"},
	})
	var kinds []string
	for _, d := range f.Decls {
		kinds = append(kinds, fmt.Sprintf("%T", d))
	}
	want := "*ast.SpecDecl *ast.EnumDecl *ast.VarDecl *ast.ClauseDecl *ast.BadDecl *ast.VarDecl *ast.ActionDecl *ast.ClauseDecl *ast.BadDecl *ast.ExampleDecl *ast.ClauseDecl"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("decls:\n got  %s\n want %s", got, want)
	}
	act := f.Decls[6].(*ast.ActionDecl)
	if len(act.Clauses) != 3 || act.Clauses[1].Body != nil || act.Clauses[0].Body == nil || act.Clauses[2].Body == nil {
		t.Errorf("action clauses: want 3 with the middle one broken, got %+v", act.Clauses)
	}
	ex := f.Decls[9].(*ast.ExampleDecl)
	if len(ex.Steps) != 3 {
		t.Fatalf("example steps: %d", len(ex.Steps))
	}
	if _, ok := ex.Steps[1].(*ast.BadStep); !ok {
		t.Errorf("step 2 should be bad, is %T", ex.Steps[1])
	}
}

func TestLexicalErrors(t *testing.T) {
	src := "fact A: x # y\nfact B: 3abc == 1\nfact C: x ' == 1\nfact D: y /* open"
	_, errs := Parse(src)
	checkFindings(t, src, errs, []wantFinding{
		{1, 11, diag.Syntax, "unexpected character '#'"},
		{2, 9, diag.Syntax, "malformed number"},
		{3, 11, diag.Syntax, "prime"},
		{4, 11, diag.Syntax, "unterminated comment"},
	})
}

func TestInvalidUTF8(t *testing.T) {
	src := "fact A: x == \xff\n// bad \xfe comment\nfact B: true\n"
	f, errs := Parse(src)
	checkFindings(t, src, errs, []wantFinding{
		{1, 14, diag.Syntax, "invalid UTF-8"},
		{2, 8, diag.Syntax, "invalid UTF-8"},
	})
	if _, ok := f.Decls[1].(*ast.ClauseDecl); !ok {
		t.Errorf("fact B lost: %T", f.Decls[1])
	}
}

func TestMissingBraces(t *testing.T) {
	src := "action A {\n  requires x == 1\n  ensures y' == cases { x > 1 => 2 else => 3 }\nfact F: true\nexample E {\n  do A\n"
	f, errs := Parse(src)
	checkFindings(t, src, errs, []wantFinding{
		{4, 1, diag.Syntax, "missing } at the end of the action"},
		{7, 1, diag.Syntax, "missing } at the end of the example"},
	})
	a := f.Decls[0].(*ast.ActionDecl)
	if len(a.Clauses) != 2 || a.Clauses[1].Body == nil {
		t.Errorf("the ensures with its cases should survive a missing action brace")
	}
	if _, ok := f.Decls[1].(*ast.ClauseDecl); !ok {
		t.Errorf("fact after a broken action lost")
	}
}

func TestHalfTypedCases(t *testing.T) {
	src := "fun F(x: 0..3): 0..3 = cases {\n  x > 1 =>\nfact After: true\n"
	f, errs := Parse(src)
	if len(errs) != 1 {
		t.Fatalf("want one error, got %v", errs)
	}
	if c, ok := f.Decls[1].(*ast.ClauseDecl); !ok || c.Name.Name != "After" {
		t.Errorf("a half-typed cases must not swallow the next declaration")
	}
}

func TestDocComments(t *testing.T) {
	src := "/// Money is whole euros.\n/// At most 1000.\ntype Money = 0..1000\n\n/// Orphan.\n\nvar x: Money\naction A {\n  /// Must be open.\n  requires open: true\n}\n"
	f, errs := Parse(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := f.Decls[0].(*ast.TypeDecl).Doc.Text; got != "Money is whole euros.\nAt most 1000." {
		t.Errorf("type doc %q", got)
	}
	if got := f.Decls[1].(*ast.VarDecl).Doc.Text; got != "" {
		t.Errorf("a doc comment separated by a blank line does not belong to the var: %q", got)
	}
	if got := f.Decls[2].(*ast.ActionDecl).Clauses[0].Doc.Text; got != "Must be open." {
		t.Errorf("clause doc %q", got)
	}
	if len(f.Comments) != 4 {
		t.Errorf("comments: %d", len(f.Comments))
	}
}

func TestStrayTokensAndEmpty(t *testing.T) {
	for _, src := range []string{"", "   \n// only a comment\n", "x == 1\nfact F: true"} {
		f, errs := Parse(src)
		if src == "x == 1\nfact F: true" {
			if len(errs) != 1 || !strings.Contains(errs[0].Message, "expected a declaration") || len(f.Decls) != 2 {
				t.Errorf("stray tokens: %v %d", errs, len(f.Decls))
			}
		} else if len(errs) != 0 || len(f.Decls) != 0 {
			t.Errorf("%q: %v", src, errs)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	src := "fact F: " + strings.Repeat("(", 10000) + "x" + strings.Repeat(")", 10000) + "\nfact G: true\n"
	f, errs := Parse(src)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "nest deeper") {
		t.Fatalf("errs %v", errs)
	}
	if len(f.Decls) != 2 {
		t.Errorf("decls %d", len(f.Decls))
	}
	ok := "fact F: " + strings.Repeat("(", 150) + "x" + strings.Repeat(")", 150)
	if _, errs := Parse(ok); len(errs) != 0 {
		t.Errorf("150 levels should parse: %v", errs)
	}
}

func TestCacheReuse(t *testing.T) {
	c := NewCache()
	src := "var x: 0..3\nfact A: x > 1\nfact B: x < 3\n"
	f1, _ := c.Parse(src)
	edited := "var x: 0..3\n// note\nfact A: x > 1\nfact B: x < 2\n"
	f2, _ := c.Parse(edited)
	f3, _ := Parse(edited)
	if sexpr(f2.Decls[2].(*ast.ClauseDecl).Body) != "(x < 2)" {
		t.Errorf("changed declaration not re-parsed")
	}
	// Spans after the edit must be where a fresh parse puts them.
	for i := range f3.Decls {
		if f2.Decls[i].Bounds() != f3.Decls[i].Bounds() {
			t.Errorf("decl %d: cached span %v, fresh %v", i, f2.Decls[i].Bounds(), f3.Decls[i].Bounds())
		}
	}
	if f1.Decls[1].Bounds() == f2.Decls[1].Bounds() {
		t.Errorf("moved declaration kept its old span")
	}
}

func TestExamples(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.specl")
	more, _ := filepath.Glob("../../testdata/check/*.specl")
	for _, p := range append(files, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, errs := Parse(string(b)); len(errs) > 0 {
			t.Errorf("%s: %v", p, errs[0])
		}
	}
}

func TestGrammarFileIsCurrent(t *testing.T) {
	path := "../../grammar/specl.ebnf"
	want := "// The Specl grammar, printed from lang/parser's participle grammar by\n// `go test ./lang/parser -update-grammar`. Do not edit.\n\n" + EBNF() + "\n"
	if *updateGrammar {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("grammar/specl.ebnf is stale: run go test ./lang/parser -update-grammar")
	}
}

var updateGrammar = flag.Bool("update-grammar", false, "rewrite grammar/specl.ebnf")

// TestCacheKeepsRelatedSpans: a cached piece reused at another offset must not move
// the related spans of the findings handed out before.
func TestCacheKeepsRelatedSpans(t *testing.T) {
	c := NewCache()
	src := "fact A: (x\nfact B: true\n"
	_, first := c.Parse(src)
	want := first[0].Related[0].Span
	c.Parse("// moved\n" + src)
	_, again := c.Parse("// moved twice\n" + src)
	if first[0].Related[0].Span != want {
		t.Errorf("an earlier finding's related span moved from %v to %v", want, first[0].Related[0].Span)
	}
	_, freshErrs := Parse("// moved twice\n" + src)
	if again[0].Related[0].Span != freshErrs[0].Related[0].Span {
		t.Errorf("cached related span %v, fresh %v", again[0].Related[0].Span, freshErrs[0].Related[0].Span)
	}
}

func TestPropertiesNeedNames(t *testing.T) {
	src := "var n: 0..1\nassert n == 0\ninvariant Named: n >= 0\n"
	f, errs := Parse(src)
	checkFindings(t, src, errs, []wantFinding{{2, 1, diag.Syntax, "assert needs a name"}})
	if _, ok := f.Decls[1].(*ast.BadDecl); !ok {
		t.Errorf("an unnamed assert is left out: %T", f.Decls[1])
	}
}

// TestHints: the mistakes of people coming from other languages get the fix in
// backticks in the finding's own message, at the offending token.
func TestHints(t *testing.T) {
	for _, c := range []struct{ line, at, want string }{
		{"fact F: x = 1", "=", "unexpected `=`; did you mean `==`?"},
		{"fact F: x && y", "&&", "unexpected `&&`; did you mean `and`?"},
		{"fact F: x || y", "||", "unexpected `||`; did you mean `or`?"},
		{"fact F: !x", "!", "unexpected `!`; did you mean `not`?"},
		{"fact F: x => y", "=>", "unexpected `=>`; did you mean `implies`?"},
		{"fact F: n <> 1", "<>", "unexpected `<>`; did you mean `!=`?"},
		{"fact F: n % 2 == 0", "%", "Specl has no remainder operator"},
		{"fact F: n / 2 == 0", "/", "Specl has no division"},
		{"var count: bool", "count", "`count` is a reserved word and cannot be a name"},
		{"fact F: all count in 0..3: count > 1", "count", "`count` is a reserved word"},
		{"pred P(count: 0..3): count > 1", "count", "`count` is a reserved word"},
		{"fact F: n <", "<", "expected an expression after `<`"},
		{"fact F: x and", "and", "expected an expression after `and`"},
		{"fact F: (n < 1", "1", "\"(\" is never closed"},
		{"fact F: x == (m with [A] = not m[A])", "not", "after `with … =`: the new value is one operand"},
		{"fact F: y == (x with .on = not y)", "not", "parenthesise a larger one"},
	} {
		src := "spec S\nvar x: bool\nvar y: bool\nvar n: 0..3\n" + c.line + "\n\nfact G: x\n"
		if c.at == "not" {
			src = "spec S\nvar x: bool\nvar y: bool\n" + c.line + "\n"
		}
		_, errs := Parse(src)
		if len(errs) != 1 {
			t.Errorf("%s: got %d findings, want 1: %v", c.line, len(errs), errs)
			continue
		}
		at := strings.Index(src, c.line) + strings.LastIndex(c.line, c.at)
		if c.at == "count" || c.at == "not" {
			at = strings.Index(src, c.line) + strings.Index(c.line, c.at)
		}
		if got := errs[0]; got.Span != (source.Span{Start: at, End: at + len(c.at)}) || !strings.Contains(got.Message, c.want) {
			t.Errorf("%s: got %q at %d-%d, want …%s… at %d-%d", c.line, got.Message, got.Span.Start, got.Span.End, c.want, at, at+len(c.at))
		}
	}
}

// TestGrammarNamesEveryOperator: the printed grammar spells out each binary operator
// (no `<op>` placeholder).
func TestGrammarNamesEveryOperator(t *testing.T) {
	g := EBNF()
	if strings.Contains(g, "<op>") {
		t.Errorf("the grammar still says <op>")
	}
	for op := range binaryOperators {
		if !strings.Contains(g, `"`+op+`"`) {
			t.Errorf("the grammar does not name %q", op)
		}
	}
}

// TestByteOrderMark: a BOM at the very start is skipped as whitespace (offsets stay
// the file's, as the server's positions need); anywhere else it is an error.
func TestByteOrderMark(t *testing.T) {
	f, errs := Parse("\uFEFFspec S\nvar x: bool\n")
	if len(errs) != 0 || len(f.Decls) != 2 || f.Decls[0].Bounds().Start != 3 {
		t.Fatalf("errs %v, decls %d, first at %v", errs, len(f.Decls), f.Decls[0].Bounds())
	}
	if _, errs := Parse("spec S\n\uFEFFvar x: bool\n"); len(errs) == 0 {
		t.Errorf("a BOM inside the text was accepted")
	}
}

// TestCacheMatchesFreshParse: after any sequence of edits, a cached parse (whose pieces
// keep only their trees, moved where an edit puts them) gives the same declarations
// and findings as a fresh parse, on every example and corpus spec.
func TestCacheMatchesFreshParse(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.specl")
	more, _ := filepath.Glob("../../testdata/*/*.specl")
	for _, p := range append(files, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		mid := strings.Index(src[len(src)/2:], "\n") + len(src)/2 + 1
		if mid <= len(src)/2 {
			mid = len(src)
		}
		edits := []string{
			src,
			"/// moved\n" + src,                   // every piece moves, the first gets a doc
			"\n\n" + src,                          // moves again, no doc
			src[:mid] + "\n// here\n" + src[mid:], // the second half moves
			src[:mid] + "fact Broken: (\n" + src[mid:],
			src,
		}
		c := NewCache()
		for i, text := range edits {
			got, gotErrs := c.Parse(text)
			want, wantErrs := Parse(text)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, edit %d: the cached tree differs from a fresh parse", p, i)
			}
			if !reflect.DeepEqual(gotErrs, wantErrs) {
				t.Errorf("%s, edit %d: cached findings %v, fresh %v", p, i, gotErrs, wantErrs)
			}
		}
	}
}
