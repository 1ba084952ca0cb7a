// Package specgen generates Specl specs of a chosen size for benchmarks and tests:
// seeded, so every run checks the same text. Only tests and benchmarks import it.
package specgen

import (
	"fmt"
	"math/rand"
	"strings"
)

// Policy generates an IAM-like static policy with the given number of clauses over
// principals and permissions: grants per principal, MFA flags, groups, facts that
// bound grants, implications that tie permissions to MFA, quantified rules, and
// asserts that follow (or not) from them. Seeded, so every run checks the same spec.
func Policy(clauses, principals, perms int, seed int64) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	b.WriteString("spec Policy\n\n")
	ps := make([]string, principals)
	for i := range ps {
		ps[i] = fmt.Sprintf("P%d", i)
	}
	qs := make([]string, perms)
	for i := range qs {
		qs[i] = fmt.Sprintf("Perm%d", i)
	}
	fmt.Fprintf(&b, "enum Principal { %s }\nenum Perm { %s }\nenum Group { Admins, Devs, Guests }\n\n", strings.Join(ps, ", "), strings.Join(qs, ", "))
	b.WriteString("var grants: Principal -> set of Perm\nvar mfa: Principal -> bool\nvar group: Principal -> Group\nvar owner: Perm -> Principal\n\n")
	b.WriteString("pred Privileged(p: Principal): count(grants[p]) >= 3\n\n")
	p := func() string { return ps[r.Intn(len(ps))] }
	q := func() string { return qs[r.Intn(len(qs))] }
	for i := 0; i < clauses; i++ {
		switch r.Intn(8) {
		case 0:
			fmt.Fprintf(&b, "fact F%d: %s in grants[%s] implies mfa[%s]\n", i, q(), p(), p())
		case 1:
			fmt.Fprintf(&b, "fact F%d: group[%s] == Guests implies grants[%s] subset {%s, %s}\n", i, p(), p(), q(), q())
		case 2:
			fmt.Fprintf(&b, "fact F%d: all x in Principal: group[x] == Admins implies %s in grants[x]\n", i, q())
		case 3:
			fmt.Fprintf(&b, "fact F%d: owner[%s] != %s or mfa[%s]\n", i, q(), p(), p())
		case 4:
			fmt.Fprintf(&b, "fact F%d: count(grants[%s]) <= %d\n", i, p(), 1+r.Intn(perms))
		case 5:
			fmt.Fprintf(&b, "fact F%d: Privileged(%s) implies group[%s] != Guests\n", i, p(), p())
		case 6:
			fmt.Fprintf(&b, "assert A%d: %s in grants[%s] implies mfa[%s]\n", i, q(), p(), p())
		default:
			fmt.Fprintf(&b, "assert A%d: no x in Principal: group[x] == Guests and Privileged(x)\n", i)
		}
	}
	return b.String()
}

// Chain generates a state machine of n flags set one after another by n actions (each
// needs the flag before it), with `option depth = n` and an invariant that the last
// flag stays down: violated only by the one run of n steps, the longest run the
// bounded search must find.
func Chain(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "spec Chain\noption depth = %d\n\n", n)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "var b%d: bool\ninitially not b%d\n", i, i)
	}
	for i := 0; i < n; i++ {
		req := "true"
		if i > 0 {
			req = fmt.Sprintf("b%d", i-1)
		}
		fmt.Fprintf(&b, "\naction Set%d {\n  requires %s\n  ensures b%d'\n}\n", i, req, i)
	}
	fmt.Fprintf(&b, "\ninvariant LastDown: not b%d\n", n-1)
	return b.String()
}

// Mutex generates the n-process mutual exclusion over a map: each process goes Idle →
// Waiting → Critical → Idle, entering only while the lock is free. Mutex, LockHeld and
// Held hold in every reachable state (Mutex is inductive only with one of the others).
// broken lets Request move a critical process back to Waiting, holding the lock:
// LockHeld then fails after three steps (Request, Enter, Request), and Mutex and Held
// still hold (together inductive).
func Mutex(n int, broken bool) string {
	var b strings.Builder
	b.WriteString("spec Mutex\n\n")
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("P%d", i+1)
	}
	fmt.Fprintf(&b, "enum Proc { %s }\nenum Pc { Idle, Waiting, Critical }\n\n", strings.Join(ps, ", "))
	b.WriteString("var pc: Proc -> Pc\nvar lock: bool\n\n")
	b.WriteString("initially all p in Proc: pc[p] == Idle\ninitially not lock\n\n")
	if broken {
		b.WriteString("action Request(p: Proc) {\n  requires pc[p] != Waiting\n  ensures pc' == pc with [p] = Waiting\n}\n\n")
	} else {
		b.WriteString("action Request(p: Proc) {\n  requires pc[p] == Idle\n  ensures pc' == pc with [p] = Waiting\n}\n\n")
	}
	b.WriteString("action Enter(p: Proc) {\n  requires pc[p] == Waiting\n  requires not lock\n  ensures pc' == pc with [p] = Critical\n  ensures lock'\n}\n\n")
	b.WriteString("action Exit(p: Proc) {\n  requires pc[p] == Critical\n  ensures pc' == pc with [p] = Idle\n  ensures not lock'\n}\n\n")
	b.WriteString("invariant Mutex: all p, q in Proc: pc[p] == Critical and pc[q] == Critical implies p == q\n")
	b.WriteString("invariant LockHeld: lock iff (some p in Proc: pc[p] == Critical)\n")
	b.WriteString("invariant Held: (some p in Proc: pc[p] == Critical) implies lock\n")
	return b.String()
}

// MutexBare is Mutex(n, false) with only the invariant Mutex: true, but inductive
// only with one of the others, so only the reachable states decide it (there are
// 2^n + n·2^(n-1) of them: 6,144 for n = 10, 13,312 for n = 11).
func MutexBare(n int) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(Mutex(n, false), "\n") {
		if !strings.HasPrefix(line, "invariant LockHeld") && !strings.HasPrefix(line, "invariant Held") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// Machine generates a small random state machine: two or three variables (bool, a
// range 0..3, an enum), initial values, sometimes a fact, two to four actions whose
// requires and ensures are drawn from simple forms (`x' == x + 1`, `b'`, `not b'`,
// `e' in {A, B}`, `x' > x`, which may block at the top of the range), and one to three
// invariants, true or not, inductive or not; sometimes an explicit depth. Every
// reachable state space has at most 64 states, so an enumeration decides every
// question. Seeded: the same seed, the same text.
func Machine(seed int64) string {
	r := rand.New(rand.NewSource(seed))
	type v struct{ name, kind string } // kind: bool, int, enum
	kinds := []string{"bool", "int", "enum"}
	var vs []v
	for i := range 2 + r.Intn(2) {
		vs = append(vs, v{fmt.Sprintf("v%d", i), kinds[r.Intn(len(kinds))]})
	}
	pick := func() v { return vs[r.Intn(len(vs))] }
	members := []string{"A", "B", "C"}
	atom := func(x v, primed bool) string {
		n := x.name
		if primed {
			n += "'"
		}
		switch x.kind {
		case "bool":
			if r.Intn(2) == 0 {
				return n
			}
			return "not " + n
		case "int":
			ops := []string{"<=", "!=", "==", ">="}
			return fmt.Sprintf("%s %s %d", n, ops[r.Intn(len(ops))], r.Intn(4))
		}
		ops := []string{"==", "!="}
		return fmt.Sprintf("%s %s %s", n, ops[r.Intn(len(ops))], members[r.Intn(3)])
	}
	cond := func() string {
		switch r.Intn(4) {
		case 0:
			return atom(pick(), false) + " implies " + atom(pick(), false)
		case 1:
			return atom(pick(), false) + " or " + atom(pick(), false)
		}
		return atom(pick(), false)
	}
	next := func(x v) string {
		n := x.name
		switch x.kind {
		case "bool":
			return []string{n + "'", "not " + n + "'", n + "' == not " + n, n + "' != " + n}[r.Intn(4)]
		case "int":
			forms := []string{n + "' == " + n + " + 1", n + "' == " + n + " - 1", n + "' == 0", n + "' > " + n, n + "' in {0, 2}"}
			for _, o := range vs {
				if o.kind == "int" && o.name != n {
					forms = append(forms, n+"' == "+o.name)
				}
			}
			return forms[r.Intn(len(forms))]
		}
		return []string{n + "' == " + members[r.Intn(3)], n + "' in {A, B}", n + "' != " + n}[r.Intn(3)]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "spec Gen%d\n\n", seed)
	if r.Intn(4) == 0 {
		fmt.Fprintf(&b, "option depth = %d\n\n", 1+r.Intn(4))
	}
	b.WriteString("enum E { A, B, C }\n\n")
	for _, x := range vs {
		t := map[string]string{"bool": "bool", "int": "0..3", "enum": "E"}[x.kind]
		fmt.Fprintf(&b, "var %s: %s\n", x.name, t)
	}
	b.WriteString("\n")
	for _, x := range vs {
		switch {
		case r.Intn(5) == 0: // free initially
		case x.kind == "bool":
			fmt.Fprintf(&b, "initially %s\n", []string{"not " + x.name, x.name}[r.Intn(2)])
		case x.kind == "int":
			fmt.Fprintf(&b, "initially %s == %d\n", x.name, r.Intn(2))
		default:
			fmt.Fprintf(&b, "initially %s == A\n", x.name)
		}
	}
	if r.Intn(4) == 0 {
		fmt.Fprintf(&b, "fact F: %s\n", cond())
	}
	b.WriteString("\n")
	for i := range 2 + r.Intn(3) {
		fmt.Fprintf(&b, "action Act%d {\n", i)
		for range r.Intn(3) {
			fmt.Fprintf(&b, "  requires %s\n", cond())
		}
		for _, x := range vs {
			if r.Intn(2) == 0 {
				fmt.Fprintf(&b, "  ensures %s\n", next(x))
			}
		}
		b.WriteString("}\n\n")
	}
	for i := range 1 + r.Intn(3) {
		fmt.Fprintf(&b, "invariant Inv%d: %s\n", i, cond())
	}
	return b.String()
}

// DeepMachine generates a random state machine whose runs are long: a counter x over
// 0..15 and y over 0..7 that actions step up (with guards on each other and on a
// flag), reset or copy, so the shortest run to a state or a violation is often longer
// than 10 steps (past the first bounded questions) while the reachable states stay
// few (at most 256): an enumeration decides every question. Invariants and step
// asserts, true or not, inductive or not. Seeded: the same seed, the same text.
func DeepMachine(seed int64) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, "spec Deep%d\n\nvar x: 0..15\nvar y: 0..7\nvar f: bool\n\ninitially x == 0 and y == 0 and not f\n\n", seed)
	guard := func() string {
		switch r.Intn(5) {
		case 0:
			return fmt.Sprintf("x >= %d", r.Intn(16))
		case 1:
			return fmt.Sprintf("y < %d", 1+r.Intn(7))
		case 2:
			return []string{"f", "not f"}[r.Intn(2)]
		case 3:
			return fmt.Sprintf("x != %d", r.Intn(16))
		}
		return fmt.Sprintf("x < %d implies y == %d", r.Intn(16), r.Intn(8))
	}
	b.WriteString("action IncX {\n  requires x < 15\n")
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "  requires %s\n", guard())
	}
	b.WriteString("  ensures x' == x + 1\n}\n\n")
	fmt.Fprintf(&b, "action IncY {\n  requires y < 7\n  requires %s\n  ensures y' == y + 1\n", guard())
	if r.Intn(2) == 0 {
		b.WriteString("  ensures f' == not f\n")
	}
	b.WriteString("}\n\n")
	switch r.Intn(3) {
	case 0:
		fmt.Fprintf(&b, "action Reset {\n  requires %s\n  ensures x' == 0\n  ensures f'\n}\n\n", guard())
	case 1:
		fmt.Fprintf(&b, "action Copy {\n  requires x <= 7 and %s\n  ensures y' == x\n}\n\n", guard())
	default:
		fmt.Fprintf(&b, "action Flip {\n  requires %s\n  ensures f' != f\n  ensures x' >= x\n}\n\n", guard())
	}
	for i := range 1 + r.Intn(3) {
		switch r.Intn(4) {
		case 0:
			fmt.Fprintf(&b, "invariant Inv%d: not (x == %d and y == %d)\n", i, 8+r.Intn(8), r.Intn(8))
		case 1:
			fmt.Fprintf(&b, "invariant Inv%d: x >= %d implies (y >= %d or f)\n", i, 10+r.Intn(6), r.Intn(4))
		case 2:
			fmt.Fprintf(&b, "assert Step%d: x' >= x or f'\n", i)
		default:
			fmt.Fprintf(&b, "invariant Inv%d: x + y <= %d\n", i, 12+r.Intn(11))
		}
	}
	return b.String()
}
