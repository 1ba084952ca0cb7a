package steps

import (
	"context"
	"testing"
	"time"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

const src = `var x: 0..3
var y: 0..3
fact Small: x + y <= 4
initially x == 0
action Inc(n: 1..2) {
  requires Room: x + n <= 3
  ensures x' == x + n
}
`

// A step's clauses are its requires, its ensures and the frame rule for each variable
// it does not prime, each with a literal: a step that moves y is ruled out by the
// frame rule alone, and the facts of the post state are the caller's.
func TestStep(t *testing.T) {
	f, fs := parser.Parse(src)
	info := sema.Check(f)
	if len(fs)+len(info.Findings) > 0 {
		t.Fatal(fs, info.Findings)
	}
	b := logic.New()
	enc := encode.New(b, info)
	pre, post := enc.NewState(), enc.NewState()
	var inc *sema.Symbol
	for _, s := range info.Symbols {
		if s.Name == "Inc" {
			inc = s
		}
	}
	n, err := enc.FreshLocal(inc.Params[0])
	if err != nil {
		t.Fatal(err)
	}
	args := map[*sema.Symbol]logic.Value{inc.Params[0]: n}
	cs, err := Step(enc, inc, pre, post, args)
	if err != nil {
		t.Fatal(err)
	}
	var what []string
	for _, c := range cs {
		what = append(what, c.What)
	}
	if got := len(what); got != 3 || what[0] != "requires Room of Inc" || what[1] != "ensures of Inc" || what[2] != "frame rule of Inc: keeps y" {
		t.Fatalf("clauses %q", what)
	}
	facts, err := Facts(enc, f, pre)
	if err != nil || len(facts) != 1 || facts[0].What != "fact Small" {
		t.Fatalf("facts %+v %v", facts, err)
	}
	init, err := Initially(enc, f, pre)
	if err != nil || len(init) != 1 || init[0].What != "initially" {
		t.Fatalf("initially %+v %v", init, err)
	}
	y := func(s encode.State, v int64) logic.Lit { return b.Is(s[info.Lookup("y")[0]], diag.Int(v)) }
	ctx := context.Background()
	moved := append(Lits(cs), y(pre, 1), y(post, 2))
	if r := b.Solve(ctx, moved, time.Second); r.Status != logic.Unsat {
		t.Fatalf("a step that moves y: %s", r)
	}
	if r := b.Solve(ctx, append(Lits(cs), y(pre, 1), y(post, 1)), time.Second); r.Status != logic.Sat {
		t.Fatalf("a step that keeps y: %s", r)
	}
	// Without the frame clause, y is free.
	if r := b.Solve(ctx, append(Lits(cs[:2]), y(pre, 1), y(post, 2)), time.Second); r.Status != logic.Sat {
		t.Fatalf("without the frame rule: %s", r)
	}
}
