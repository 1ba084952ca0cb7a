package encode

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// holds reports whether every assert of src holds in every state of its vars
// (answered by the solver on this package's translation).
func holds(t *testing.T, src string) map[string]bool {
	t.Helper()
	file, errs := parser.Parse(src)
	info := sema.Check(file)
	if len(errs)+len(info.Findings) > 0 {
		t.Fatalf("%s: %v %v", src, errs, info.Findings)
	}
	b := logic.New()
	e := New(b, info)
	st := e.NewState()
	out := map[string]bool{}
	for _, d := range file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Kind != ast.Assert {
			continue
		}
		lit, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, cd.Body)
		if err != nil {
			t.Fatalf("%s: %v", cd.Name.Name, err)
		}
		r := b.Solve(context.Background(), []logic.Lit{lit.Not()}, 10*time.Second)
		out[cd.Name.Name] = r.Status == logic.Unsat
	}
	return out
}

// TestMeeting checks the places where values of different shapes meet: integer sets
// of different ranges, the empty set, records and maps with integer parts, arithmetic
// past a variable's range, first-match cases.
func TestMeeting(t *testing.T) {
	got := holds(t, `spec S
enum Role { Admin, Guest }
var n: 0..3
var s: set of 1..2
var m: Role -> 0..2
assert UnionWidens: {1, 2} union 3..4 == 1..4
assert EmptyFitsAny: {} subset s and s minus {} == s
assert MemberOutside: 7 not in s
assert SumBeyondRange: n + 10 >= 10 and n - 5 <= -2
assert Product: n * n <= 9 and (n * n == 9) == (n == 3)
assert RecordEq: {a: n, b: 1} == {a: n, b: 1}
assert MapUpdate: (m with [Admin] = 2)[Admin] == 2 and (m with [Admin] = 2)[Guest] == m[Guest]
assert FirstMatch: cases { n > 1 => 1, n > 0 => 2, else => 3 } != 2 or n == 1
assert CountRange: count(1..n) == n
assert Comprehension: {x in 0..3 where x > n} == (n + 1)..3
assert NotAlways: n == 0
`)
	for name, want := range map[string]bool{"UnionWidens": true, "EmptyFitsAny": true, "MemberOutside": true,
		"SumBeyondRange": true, "Product": true, "RecordEq": true, "MapUpdate": true, "FirstMatch": true,
		"CountRange": true, "Comprehension": true, "NotAlways": false} {
		if got[name] != want {
			t.Errorf("%s: holds %v, want %v", name, got[name], want)
		}
	}
}

// TestErrors: what cannot be encoded comes back as an *Error naming the innermost
// expression and the limit, never as a panic; the encoder stays usable afterwards.
func TestErrors(t *testing.T) {
	src := "var x: 0..3\nassert Big: x in {k in 0..2000000 where k > 0}\nassert Huge: x + 4611686018427387904 * 4 > 0\nassert Fine: x >= 0\n"
	file, errs := parser.Parse(src)
	info := sema.Check(file)
	if len(errs)+len(info.Findings) > 0 {
		t.Fatalf("%v %v", errs, info.Findings)
	}
	b := logic.New()
	e := New(b, info)
	st := e.NewState()
	body := func(i int) ast.Expr { return file.Decls[i].(*ast.ClauseDecl).Body }
	_, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(1))
	ee, ok := err.(*Error)
	if !ok || ee.Internal || src[ee.At.Start:ee.At.End] != "0..2000000" {
		t.Fatalf("Big: %#v", err)
	}
	if _, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(2)); err == nil {
		t.Fatal("Huge encoded")
	}
	lit, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(3))
	if err != nil {
		t.Fatal(err)
	}
	if r := b.Solve(context.Background(), []logic.Lit{lit.Not()}, 10*time.Second); r.Status != logic.Unsat {
		t.Errorf("Fine: %v", r.Status)
	}
}

// TestSharedCalls: a pred called with the same arguments in the same state is encoded
// once per formula, so nested preds that each call the one below three times stay
// linear in the nesting (3^30 inlined bodies otherwise).
func TestSharedCalls(t *testing.T) {
	src := "var x: 0..7\npred P0(a: 0..7): a < x\n"
	for i := 1; i <= 30; i++ {
		src += fmt.Sprintf("pred P%d(a: 0..7): P%d(a) and (P%d(a) or not P%d(a))\n", i, i-1, i-1, i-1)
	}
	src += "assert A: P30(3) iff 3 < x\n"
	if got := holds(t, src); !got["A"] {
		t.Errorf("A does not hold: %v", got)
	}
}

// TestRecordFieldOrder: a record literal may list its fields in any order; every
// place where records meet (==, in, if branches, sets, map entries, params, consts)
// reads them by name.
func TestRecordFieldOrder(t *testing.T) {
	got := holds(t, `spec S
type Cfg = {sz: 0..2, fast: bool}
enum K { A, B }
const Start: Cfg = {fast: false, sz: 1}
var c: Cfg
var m: K -> Cfg
pred Is(x: Cfg): x.sz == 2 and x.fast
assert Same: {fast: true, sz: 2} == {sz: 2, fast: true}
assert Differ: {fast: true, sz: 1} != {sz: 2, fast: true}
assert Var: c == {fast: c.fast, sz: c.sz}
assert Const: Start.sz == 1 and not Start.fast and Start == {sz: 1, fast: false}
assert Member: {fast: true, sz: 2} in {{sz: 2, fast: true}, {sz: 0, fast: false}}
assert Branch: (if c.fast then {fast: true, sz: c.sz} else c) == c
assert Entry: (m with [A] = {fast: true, sz: 0})[A] == {sz: 0, fast: true}
assert Param: Is({fast: true, sz: 2})
assert Wrong: c == {fast: true, sz: 2}
`)
	for name, want := range map[string]bool{"Same": true, "Differ": true, "Var": true, "Const": true,
		"Member": true, "Branch": true, "Entry": true, "Param": true, "Wrong": false} {
		if got[name] != want {
			t.Errorf("%s: holds %v, want %v", name, got[name], want)
		}
	}
}

// TestWorkLimit: expansions that fold to constants build no gates, so the encoder
// counts its own steps: past Limit, or once the builder's context is done, Formula
// fails with an *Error saying which, and a formula within the limit still encodes.
func TestWorkLimit(t *testing.T) {
	src := "enum E { A, B, C, D, F, G, H, I, J, K }\nvar e: E\n" +
		"assert Deep: all a, b, c, d, f, g in E: a == b or c == d or f == g or e == A\n" +
		"assert Small: e == A or e != A\n"
	file, errs := parser.Parse(src)
	info := sema.Check(file)
	if len(errs)+len(info.Findings) > 0 {
		t.Fatalf("%v %v", errs, info.Findings)
	}
	body := func(i int) ast.Expr { return file.Decls[i].(*ast.ClauseDecl).Body }
	b := logic.New()
	e := New(b, info)
	e.Limit = 10_000 // the expansion takes 10^6 instances
	st := e.NewState()
	_, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(2))
	if ee, ok := err.(*Error); !ok || ee.Cancelled || !strings.Contains(ee.Msg, "10000 work units") {
		t.Fatalf("Deep within a limit of 10,000 steps: %#v", err)
	}
	if _, err := e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(3)); err != nil {
		t.Fatalf("Small: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b = logic.New()
	b.SetContext(ctx)
	e = New(b, info)
	st = e.NewState()
	_, err = e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, body(2))
	if ee, ok := err.(*Error); !ok || !ee.Cancelled {
		t.Fatalf("Deep after cancellation: %#v", err)
	}
}
