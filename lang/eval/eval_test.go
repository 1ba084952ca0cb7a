package eval

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

func load(t *testing.T, src string) *Machine {
	t.Helper()
	f, errs := parser.Parse(src)
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	info := sema.Check(f)
	m, err := New(f, info)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func loadFile(t *testing.T, path string) *Machine {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return load(t, string(src))
}

func keys(m *Machine, ss []State) string {
	var out []string
	for _, s := range ss {
		c := diag.Counterexample{States: []diag.State{m.Bindings(s)}}
		out = append(out, c.Short())
	}
	return strings.Join(out, " | ")
}

func collect(f func(func(State) bool) error) ([]State, error) {
	var out []State
	err := f(func(s State) bool { out = append(out, s); return true })
	return out, err
}

func TestBank(t *testing.T) {
	m := loadFile(t, "../../examples/bank.specl")
	init, err := collect(m.InitialStates)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(m, init); got != "balance = 0, status = Open" {
		t.Fatalf("initial states: %s", got)
	}
	s := State{diag.Int(600), diag.Enum("Open")}
	var labels []string
	if err := m.Enabled(s, func(st Step) bool { labels = append(labels, st.Label()); return true }); err != nil {
		t.Fatal(err)
	}
	// Deposit 1..500 and Withdraw 1..100 (balance 600 covers them); Close needs 0.
	if len(labels) != 600 || labels[0] != "Deposit(amount: 1)" || labels[500] != "Withdraw(amount: 1)" {
		t.Fatalf("enabled: %d steps, %v…", len(labels), labels[:3])
	}
	dep := Step{Action: m.Action("Deposit"), Args: []diag.Value{diag.Int(500)}}
	next, err := collect(func(y func(State) bool) error { return m.Successors(s, dep, y) })
	if err != nil || len(next) != 0 {
		t.Fatalf("Deposit(500) from 600: %v %v", keys(m, next), err)
	}
	c, err := m.Blocking(s, dep)
	if err != nil || c == nil || c.Kind.String() != "ensures" {
		t.Fatalf("blocking clause: %v %v", c, err)
	}
	dep.Args[0] = diag.Int(400)
	next, _ = collect(func(y func(State) bool) error { return m.Successors(s, dep, y) })
	if got := keys(m, next); got != "balance = 1000, status = Open" {
		t.Fatalf("Deposit(400) from 600: %s", got)
	}
	// Close from 0 primes only status: balance keeps its value (the frame rule).
	cl := Step{Action: m.Action("Close")}
	next, _ = collect(func(y func(State) bool) error { return m.Successors(State{diag.Int(0), diag.Enum("Open")}, cl, y) })
	if got := keys(m, next); got != "balance = 0, status = Closed" {
		t.Fatalf("Close: %s", got)
	}
	if raceEnabled {
		return // the exhaustive search below is 600,000 steps
	}
	g, err := m.Explore(context.Background(), ExploreOptions{})
	if err != nil || !g.Complete {
		t.Fatalf("explore: %v %v", err, g.Reason)
	}
	// Open with 0..1000, and Closed with 0.
	if len(g.States) != 1002 {
		t.Fatalf("reachable states: %d", len(g.States))
	}
	i := g.Index(State{diag.Int(1000), diag.Enum("Open")})
	_, steps := g.Run(i)
	if len(steps) != 2 {
		t.Fatalf("shortest run to 1000: %d steps", len(steps))
	}
}

func TestRelationalEnsures(t *testing.T) {
	m := load(t, `
enum Color { Red, Green, Blue }
type Pt = { x: 0..2, y: 0..2 }
var c: Color
var n: 0..3
var p: Pt
var m: Color -> 0..1
initially c == Red and n == 0 and p == {y: 0, x: 0} and (all k in Color: m[k] == 0)
action Up {
  ensures n' > n
  ensures c' in {Green, Blue}
}
action Move {
  ensures p'.x == p.x + 1
  ensures m' == m with [c] = 1
}
action Any {
  requires n == 3
  ensures n' == cases { c == Red => 0 }
}
invariant Small: n < 3
`)
	init, err := collect(m.InitialStates)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(m, init); got != "c = Red, n = 0, p = {x: 0, y: 0}, m = [Red -> 0, Green -> 0, Blue -> 0]" {
		t.Fatalf("initial: %s", got)
	}
	s := init[0]
	up := Step{Action: m.Action("Up")}
	next, _ := collect(func(y func(State) bool) error { return m.Successors(s, up, y) })
	if len(next) != 6 { // n' in 1..3, c' in {Green, Blue}
		t.Fatalf("Up: %s", keys(m, next))
	}
	mv := Step{Action: m.Action("Move")}
	next, _ = collect(func(y func(State) bool) error { return m.Successors(s, mv, y) })
	// p' is constrained only in x: y takes every value.
	if got := keys(m, next); got != "c = Red, n = 0, p = {x: 1, y: 0}, m = [Red -> 1, Green -> 0, Blue -> 0] | c = Red, n = 0, p = {x: 1, y: 1}, m = [Red -> 1, Green -> 0, Blue -> 0] | c = Red, n = 0, p = {x: 1, y: 2}, m = [Red -> 1, Green -> 0, Blue -> 0]" {
		t.Fatalf("Move: %s", got)
	}
	// A cases with no matching arm in an ensures: some value of 0..0 — here the arm
	// type is 0..0, so n' can only be 0 when c is not Red either.
	s3 := State{diag.Enum("Green"), diag.Int(3), s[2], s[3]}
	any := Step{Action: m.Action("Any")}
	next, _ = collect(func(y func(State) bool) error { return m.Successors(s3, any, y) })
	if got := keys(m, next); got != "c = Green, n = 0, p = {x: 0, y: 0}, m = [Red -> 0, Green -> 0, Blue -> 0]" {
		t.Fatalf("Any: %s", got)
	}
	bad, err := m.Violated(s3)
	if err != nil || len(bad) != 1 || bad[0].Name != "Small" {
		t.Fatalf("violated: %v %v", bad, err)
	}
}

func TestLimits(t *testing.T) {
	m := load(t, `
var x: 0..100000
var y: 0..100000
initially x + y == 3
`)
	_, err := collect(m.InitialStates)
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "the values of x") {
		t.Fatalf("want a limit error, got %v", err)
	}
}

// TestMapPinned: an initially that sets every entry of a map is read as that one map,
// not an enumeration of 4^8 maps.
func TestMapPinned(t *testing.T) {
	m := load(t, `
enum Node { A, B, C, D, E, F, G, H }
enum St { Idle, Busy, Done, Failed }
var st: Node -> St
initially all n in Node: st[n] == Idle
action Start(n: Node) {
  requires st[n] == Idle
  ensures st' == st with [n] = Busy
}
`)
	m.Limits.Values = 1000 // far below 4^8: an enumeration would fail
	init, err := collect(m.InitialStates)
	if err != nil || len(init) != 1 {
		t.Fatalf("initial states: %d, %v", len(init), err)
	}
	g, err := m.Explore(context.Background(), ExploreOptions{})
	if err != nil || !g.Complete || len(g.States) != 256 {
		t.Fatalf("explore: %d states, %v", len(g.States), err)
	}
}

// TestPartsPrune: a map of records is chosen entry by entry and field by field, so a
// fact about one field prunes as soon as that field is chosen, and the var's type
// (8,000 values here) is never enumerated whole.
func TestPartsPrune(t *testing.T) {
	m := load(t, `
enum Env { Dev, Staging, Prod }
var cfg: Env -> { on: bool, n: 0..19 }
fact Small: all e in Env: cfg[e].n == 0
fact ProdOn: cfg[Prod].on
`)
	m.Limits.Values = 100
	var got []string
	err := m.ValidStates(func(s State) bool { got = append(got, s[0].String()); return true })
	if err != nil || len(got) != 4 {
		t.Fatalf("valid states: %d %v", len(got), err)
	}
	if got[0] != "[Dev -> {on: false, n: 0}, Staging -> {on: false, n: 0}, Prod -> {on: true, n: 0}]" {
		t.Fatalf("first: %s", got[0])
	}
}
