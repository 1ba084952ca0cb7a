package format

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
)

// Trees as code actions build them: no positions, no parentheses.

func id(s string) *ast.Ident  { return &ast.Ident{Name: s} }
func name(s string) ast.Expr  { return &ast.Name{Ident: id(s)} }
func num(v int64) ast.Expr    { return &ast.IntLit{Value: v, Text: strconv.FormatInt(v, 10)} }
func named(s string) ast.Type { return &ast.NamedType{Name: id(s)} }
func bin(op ast.BinaryOp, x, y ast.Expr) ast.Expr {
	return &ast.Binary{Op: op, X: x, Y: y}
}
func neg(x ast.Expr) ast.Expr { return &ast.Unary{Op: ast.Neg, X: x} }
func not(x ast.Expr) ast.Expr { return &ast.Unary{Op: ast.Not, X: x} }
func all(v string, set, body ast.Expr) ast.Expr {
	return &ast.Quant{Kind: ast.All, Bindings: []*ast.Binding{{Vars: []*ast.Ident{id(v)}, Set: set}}, Body: body}
}
func ite(c, a, b ast.Expr) ast.Expr { return &ast.If{Cond: c, Then: a, Else: b} }
func index(x, k ast.Expr) ast.Expr  { return &ast.Index{X: x, Key: k} }
func upd(x, k, v ast.Expr) ast.Expr { return &ast.MapUpdate{X: x, Key: k, Value: v} }

func TestExprParentheses(t *testing.T) {
	a, b, c := name("a"), name("b"), name("c")
	tests := []struct {
		e    ast.Expr
		want string
	}{
		{bin(ast.Mul, bin(ast.Add, a, b), c), "(a + b) * c"},
		{bin(ast.Add, a, bin(ast.Mul, b, c)), "a + b * c"},
		{bin(ast.Sub, a, bin(ast.Sub, b, c)), "a - (b - c)"},
		{bin(ast.Sub, bin(ast.Sub, a, b), c), "a - b - c"},
		{bin(ast.Implies, bin(ast.Implies, a, b), c), "(a implies b) implies c"},
		{bin(ast.Implies, a, bin(ast.Implies, b, c)), "a implies b implies c"},
		{bin(ast.Eq, bin(ast.Eq, a, b), c), "(a == b) == c"},
		{bin(ast.Iff, a, bin(ast.Iff, b, c)), "a iff (b iff c)"},
		{bin(ast.And, not(a), b), "not a and b"},
		{not(bin(ast.And, a, b)), "not (a and b)"},
		{bin(ast.Eq, not(a), b), "(not a) == b"},
		{bin(ast.NotIn, a, bin(ast.Union, b, c)), "a not in b union c"},
		{bin(ast.Union, a, bin(ast.Minus, b, c)), "a union (b minus c)"},
		{bin(ast.Intersect, bin(ast.Union, a, b), c), "(a union b) intersect c"},
		{bin(ast.And, all("x", a, name("x")), b), "(all x in a: x) and b"},
		{bin(ast.And, b, all("x", a, name("x"))), "b and all x in a: x"},
		{bin(ast.Add, ite(a, num(1), num(2)), num(3)), "(if a then 1 else 2) + 3"},
		{bin(ast.Add, num(3), ite(a, num(1), num(2))), "3 + if a then 1 else 2"},
		{bin(ast.Eq, bin(ast.Add, num(3), ite(a, num(1), num(2))), b), "(3 + if a then 1 else 2) == b"},
		{index(bin(ast.Add, a, b), c), "(a + b)[c]"},
		{index(upd(a, b, num(0)), c), "(a with [b] = 0)[c]"},
		{upd(upd(a, b, num(0)), c, num(1)), "a with [b] = 0 with [c] = 1"},
		{upd(a, b, bin(ast.Add, c, num(1))), "a with [b] = (c + 1)"},
		{upd(a, b, neg(index(c, num(1)))), "a with [b] = -c[1]"},
		{upd(a, b, upd(c, num(1), num(2))), "a with [b] = (c with [1] = 2)"},
		{&ast.RecordUpdate{X: a, Field: id("f"), Value: neg(num(1))}, "a with .f = -1"},
		{neg(neg(a)), "- -a"},
		{neg(bin(ast.Add, a, b)), "-(a + b)"},
		{index(neg(a), b), "(-a)[b]"},
		{&ast.RangeExpr{Lo: bin(ast.Add, a, num(1)), Hi: b}, "a + 1..b"},
		{&ast.RangeExpr{Lo: a, Hi: bin(ast.Union, b, c)}, "a..(b union c)"},
		{&ast.Select{X: &ast.Primed{Ident: id("r")}, Field: id("f")}, "r'.f"},
		{&ast.Call{Fun: id("P"), Args: []ast.Expr{a, bin(ast.Or, b, c)}}, "P(a, b or c)"},
		{&ast.SetLit{}, "{}"},
		{&ast.SetLit{Elems: []ast.Expr{a, b}}, "{a, b}"},
		{&ast.RecordLit{Fields: []*ast.FieldValue{{Name: id("f"), Value: num(1)}, {Name: id("g"), Value: a}}}, "{f: 1, g: a}"},
		{&ast.Comprehension{Var: id("x"), Set: bin(ast.In, a, b), Cond: c}, "{x in (a in b) where c}"},
		{&ast.Count{X: a}, "count(a)"},
		{&ast.Quant{Kind: ast.Some, Bindings: []*ast.Binding{
			{Vars: []*ast.Ident{id("x"), id("y")}, Set: a},
			{Vars: []*ast.Ident{id("z")}, Set: b}}, Body: c}, "some x, y in a, z in b: c"},
	}
	for _, tt := range tests {
		got := Expr(tt.e)
		if got != tt.want {
			t.Errorf("Expr = %q, want %q", got, tt.want)
			continue
		}
		// The text reads back as the same tree, the added parentheses aside.
		f, errs := parser.Parse("fact " + got)
		if len(errs) > 0 {
			t.Errorf("%q does not parse: %s", got, errs[0].Message)
			continue
		}
		body := f.Decls[0].(*ast.ClauseDecl).Body
		if d := diffValues("Expr", reflect.ValueOf(&tt.e).Elem(), reflect.ValueOf(&body).Elem(), true); d != "" {
			t.Errorf("%q reads back differently: %s", got, d)
		}
	}
}

func TestTypes(t *testing.T) {
	tests := []struct {
		t    ast.Type
		want string
	}{
		{&ast.MapType{Key: &ast.MapType{Key: named("A"), Value: named("B")}, Value: named("C")}, "(A -> B) -> C"},
		{&ast.MapType{Key: named("A"), Value: &ast.MapType{Key: named("B"), Value: &ast.BoolType{}}}, "A -> B -> bool"},
		{&ast.SetType{Elem: &ast.MapType{Key: named("A"), Value: named("B")}}, "set of (A -> B)"},
		{&ast.MapType{Key: &ast.SetType{Elem: named("A")}, Value: named("B")}, "set of A -> B"},
		{&ast.RangeType{Lo: neg(num(3)), Hi: bin(ast.Add, name("N"), num(1))}, "-3..N + 1"},
		{&ast.RecordType{Fields: []*ast.Field{{Name: id("f"), Type: named("A")}, {Name: id("g"), Type: &ast.BoolType{}}}}, "{ f: A, g: bool }"},
	}
	for _, tt := range tests {
		if got := Type(tt.t); got != tt.want {
			t.Errorf("Type = %q, want %q", got, tt.want)
		}
	}
}

func TestNodeDecls(t *testing.T) {
	nonex := &ast.ExampleDecl{
		Doc:      ast.Doc{Text: "Withdrawing from an empty account.\n\nNever possible."},
		Negative: true,
		Name:     id("Overdraft"),
		Steps: []ast.Step{
			&ast.GivenStep{Cond: bin(ast.Eq, name("balance"), num(0))},
			&ast.DoStep{Action: id("Withdraw"), Args: []ast.Expr{num(1), &ast.Wildcard{}}, Parens: true},
			&ast.DoStep{Action: id("Close")},
		},
	}
	want := "/// Withdrawing from an empty account.\n///\n/// Never possible.\nnonexample Overdraft {\n  given balance == 0\n  do Withdraw(1, _)\n  do Close\n}"
	if got := Node(nonex); got != want {
		t.Errorf("nonexample:\n%s\nwant:\n%s", got, want)
	}

	risk := &ast.FunDecl{
		Name:   id("Risk"),
		Params: []*ast.Param{{Name: id("r"), Type: named("Role")}},
		Result: &ast.RangeType{Lo: num(0), Hi: num(3)},
		Body: &ast.Cases{
			Arms: []*ast.CaseArm{
				{Guard: name("a"), Value: num(1)},
				{Guard: bin(ast.Lt, neg(name("b")), num(0)), Value: ite(name("c"), num(1), num(2))},
				{Guard: &ast.Paren{X: name("d")}, Value: &ast.Cases{Arms: []*ast.CaseArm{{Guard: name("e"), Value: num(3)}}}},
			},
			Else: &ast.CaseArm{Value: num(0)},
		},
	}
	want = "fun Risk(r: Role): 0..3 = cases {\n  a => 1,\n  -b < 0 => if c then 1 else 2,\n  (d) => cases {\n    e => 3\n  }\n  else => 0\n}"
	if got := Node(risk); got != want {
		t.Errorf("fun:\n%s\nwant:\n%s", got, want)
	}

	file := &ast.File{Decls: []ast.Decl{
		&ast.SpecDecl{Name: id("S")},
		&ast.VarDecl{Name: id("x"), Type: &ast.BoolType{}},
		&ast.VarDecl{Name: id("y"), Type: &ast.BoolType{}},
		&ast.ClauseDecl{Kind: ast.Fact, Body: name("x")},
		&ast.ClauseDecl{Kind: ast.Fact, Name: id("F"), Body: name("y")},
		&ast.ClauseDecl{Kind: ast.Assert, Name: id("A"), Body: bin(ast.Or, name("x"), name("y"))},
		&ast.ActionDecl{Name: id("Flip"), Params: []*ast.Param{}, Clauses: []*ast.ActionClause{
			{Doc: ast.Doc{Text: "Flips x."}, Kind: ast.Ensures, Name: id("flips"), Body: bin(ast.Neq, &ast.Primed{Ident: id("x")}, name("x"))},
		}},
		&ast.ActionDecl{Name: id("Idle")},
		&ast.OptionDecl{Name: id("depth"), Value: num(5)},
	}}
	want = "spec S\n\nvar x: bool\nvar y: bool\n\nfact x\nfact F: y\n\nassert A: x or y\n\naction Flip() {\n  /// Flips x.\n  ensures flips: x' != x\n}\n\naction Idle {}\n\noption depth = 5\n"
	got := Node(file)
	if got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	// What Node prints is already canonical.
	if again, err := Source(got); err != nil || again != got {
		t.Errorf("Source(Node(file)) = %q, %v", again, err)
	}
}
