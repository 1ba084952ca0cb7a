package encode

import (
	"context"
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
		var lit logic.Lit
		var err error
		func() {
			defer Catch(&err)
			lit = e.Formula(&Frame{Pre: st, Path: logic.Bool(true)}, cd.Body)
		}()
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
