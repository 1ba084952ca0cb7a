package pdr

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/specls/specls/lang/logic"
)

// model is a transition system twice: as Go functions over integer variables (for a
// brute-force search of its states) and as circuits (for the search under test).
// Variable i ranges over 0 … 2^widths[i]-1.
type model struct {
	name   string
	widths []int
	init   func(v []int64) bool
	succ   func(v []int64) [][]int64
	bad    func(v []int64) bool
	// build returns Init over cur, Trans over cur and next, and Bad over cur.
	build func(b *logic.Builder, cur, next []logic.Int) (init, trans, bad logic.Lit)
}

// bruteForce reports whether a bad state is reachable, and the length of the
// shortest run to one.
func (m model) bruteForce(t *testing.T) (reachable bool, shortest int, states int) {
	t.Helper()
	total := 1
	for _, w := range m.widths {
		total <<= w
	}
	if total > 1<<17 {
		t.Fatalf("%s: %d states, too many to enumerate", m.name, total)
	}
	decode := func(k int) []int64 {
		v := make([]int64, len(m.widths))
		for i, w := range m.widths {
			v[i] = int64(k & (1<<w - 1))
			k >>= w
		}
		return v
	}
	key := func(v []int64) string { return fmt.Sprint(v) }
	seen := map[string]bool{}
	var frontier [][]int64
	for k := range total {
		if v := decode(k); m.init(v) {
			seen[key(v)] = true
			frontier = append(frontier, v)
		}
	}
	found, at := false, -1
	for depth := 0; len(frontier) > 0; depth++ {
		var next [][]int64
		for _, v := range frontier {
			if m.bad(v) && !found {
				found, at = true, depth
			}
			for _, w := range m.succ(v) {
				if !seen[key(w)] {
					seen[key(w)] = true
					next = append(next, w)
				}
			}
		}
		frontier = next
	}
	return found, at, len(seen)
}

// system builds m's circuits in a new builder.
func (m model) system() (System, []logic.Int, []logic.Int) {
	b := logic.New()
	var cur, next []logic.Int
	var curBits, nextBits []logic.Lit
	for _, w := range m.widths {
		x, _ := b.FreshIntDomain(0, 1<<w-1)
		y, _ := b.FreshIntDomain(0, 1<<w-1)
		cur, next = append(cur, x), append(next, y)
		curBits, nextBits = append(curBits, x.Bits...), append(nextBits, y.Bits...)
	}
	init, trans, bad := m.build(b, cur, next)
	return System{B: b, Cur: curBits, Next: nextBits, Init: init, Trans: trans, Bad: bad}, cur, next
}

// values decodes a state of the run into m's variables.
func (m model) values(st []bool) []int64 {
	v := make([]int64, len(m.widths))
	i := 0
	for j, w := range m.widths {
		for k := range w {
			if st[i] {
				v[j] |= 1 << k
			}
			i++
		}
	}
	return v
}

// verify checks a result independently: an invariant by the three questions that
// make it one, a run against the Go functions.
func (m model) verify(t *testing.T, sys System, res Result) {
	t.Helper()
	b := sys.B
	ctx := context.Background()
	switch res.Verdict {
	case Proved:
		var now, then []logic.Lit
		for _, cl := range res.Invariant {
			now = append(now, cl.Lit(b, sys.Cur))
			then = append(then, cl.Lit(b, sys.Next))
		}
		inv, invNext := b.Ands(now...), b.Ands(then...)
		for what, q := range map[string][]logic.Lit{
			"Init ⇒ Inv":         {sys.Init, inv.Not()},
			"Inv ∧ Trans ⇒ Inv'": {inv, sys.Trans, invNext.Not()},
			"Inv ⇒ ¬Bad":         {inv, sys.Bad},
		} {
			if r := b.SolveWork(ctx, q, 1<<40); r.Status != logic.Unsat {
				t.Errorf("%s: the invariant fails %s (%v)", m.name, what, r)
			}
		}
	case Reachable:
		if len(res.Run) == 0 {
			t.Fatalf("%s: an empty run", m.name)
		}
		run := make([][]int64, len(res.Run))
		for i, st := range res.Run {
			run[i] = m.values(st)
		}
		if !m.init(run[0]) {
			t.Errorf("%s: the run starts in %v, not an initial state", m.name, run[0])
		}
		for i := 1; i < len(run); i++ {
			if !slices.ContainsFunc(m.succ(run[i-1]), func(w []int64) bool { return slices.Equal(w, run[i]) }) {
				t.Errorf("%s: no step from %v to %v", m.name, run[i-1], run[i])
			}
		}
		if !m.bad(run[len(run)-1]) {
			t.Errorf("%s: the run ends in %v, not a bad state", m.name, run[len(run)-1])
		}
	}
}

func inc(x, max int64) int64 {
	if x == max {
		return 0
	}
	return x + 1
}

// incLit holds when y is x+1, wrapping at max.
func incLit(b *logic.Builder, x, y logic.Int, max int64) logic.Lit {
	return b.Eq(y, b.IteInt(b.Eq(x, logic.Const(max)), logic.Const(0), b.Add(x, logic.Const(1))))
}

// counter counts from 0 modulo 2^n; bad at target.
func counter(n int, target int64) model {
	max := int64(1)<<n - 1
	return model{
		name:   fmt.Sprintf("counter(%d, %d)", n, target),
		widths: []int{n},
		init:   func(v []int64) bool { return v[0] == 0 },
		succ:   func(v []int64) [][]int64 { return [][]int64{{inc(v[0], max)}} },
		bad:    func(v []int64) bool { return v[0] == target },
		build: func(b *logic.Builder, cur, next []logic.Int) (logic.Lit, logic.Lit, logic.Lit) {
			return b.Eq(cur[0], logic.Const(0)), incLit(b, cur[0], next[0], max), b.Eq(cur[0], logic.Const(target))
		},
	}
}

// twin counts x and y together from 0 modulo 2^n; bad: x is 3 but y is not. True
// (x == y always) but not k-inductive for any k below 2^n: a run of states with
// y != x and x counting up to 3 breaks it without a bad state before.
func twin(n int) model {
	max := int64(1)<<n - 1
	return model{
		name:   fmt.Sprintf("twin(%d)", n),
		widths: []int{n, n},
		init:   func(v []int64) bool { return v[0] == 0 && v[1] == 0 },
		succ:   func(v []int64) [][]int64 { return [][]int64{{inc(v[0], max), inc(v[1], max)}} },
		bad:    func(v []int64) bool { return v[0] == 3 && v[1] != 3 },
		build: func(b *logic.Builder, cur, next []logic.Int) (logic.Lit, logic.Lit, logic.Lit) {
			init := b.And(b.Eq(cur[0], logic.Const(0)), b.Eq(cur[1], logic.Const(0)))
			trans := b.And(incLit(b, cur[0], next[0], max), incLit(b, cur[1], next[1], max))
			bad := b.And(b.Eq(cur[0], logic.Const(3)), b.Eq(cur[1], logic.Const(3)).Not())
			return init, trans, bad
		},
	}
}

// ring is a token ring of n processes: variable 0 is the token's holder (0 … n-1,
// valid only below n), variable 1+i is process i's critical flag. The holder may
// enter, a process in its critical section may leave, and a holder outside passes
// the token on. Bad: two processes critical (broken: any process may enter).
func ring(n, width int, broken bool) model {
	widths := []int{width}
	for range n {
		widths = append(widths, 1)
	}
	valid := func(v []int64) bool { return v[0] < int64(n) }
	return model{
		name:   fmt.Sprintf("ring(%d, broken=%v)", n, broken),
		widths: widths,
		init: func(v []int64) bool {
			return v[0] == 0 && !slices.Contains(v[1:], 1)
		},
		succ: func(v []int64) [][]int64 {
			if !valid(v) {
				return nil
			}
			var out [][]int64
			with := func(i int, x int64) []int64 { w := slices.Clone(v); w[i] = x; return w }
			for i := range n {
				if (v[0] == int64(i) || broken) && v[1+i] == 0 {
					out = append(out, with(1+i, 1))
				}
				if v[1+i] == 1 {
					out = append(out, with(1+i, 0))
				}
				if v[0] == int64(i) && v[1+i] == 0 {
					out = append(out, with(0, int64((i+1)%n)))
				}
			}
			return out
		},
		bad: func(v []int64) bool {
			k := 0
			for _, c := range v[1:] {
				k += int(c)
			}
			return valid(v) && k >= 2
		},
		build: func(b *logic.Builder, cur, next []logic.Int) (logic.Lit, logic.Lit, logic.Lit) {
			crit := func(s []logic.Int, i int) logic.Lit { return s[1+i].Bits[0] }
			holds := func(s []logic.Int, i int) logic.Lit { return b.Eq(s[0], logic.Const(int64(i))) }
			same := func(except int) logic.Lit {
				var eq []logic.Lit
				for j := range cur {
					if j != except {
						eq = append(eq, b.Eq(cur[j], next[j]))
					}
				}
				return b.Ands(eq...)
			}
			init := holds(cur, 0)
			for i := range n {
				init = b.And(init, crit(cur, i).Not())
			}
			var steps []logic.Lit
			for i := range n {
				may := holds(cur, i)
				if broken {
					may = logic.True
				}
				steps = append(steps,
					b.Ands(may, crit(cur, i).Not(), crit(next, i), same(1+i)),
					b.Ands(crit(cur, i), crit(next, i).Not(), same(1+i)),
					b.Ands(holds(cur, i), crit(cur, i).Not(), holds(next, (i+1)%n), same(0)))
			}
			validCur := b.Lt(cur[0], logic.Const(int64(n)))
			validNext := b.Lt(next[0], logic.Const(int64(n)))
			var crits []logic.Lit
			for i := range n {
				crits = append(crits, crit(cur, i))
			}
			bad := b.And(validCur, b.AtMostOne(crits...).Not())
			return init, b.Ands(validCur, validNext, b.Ors(steps...)), bad
		},
	}
}

// noisy is a counter of n bits that may also stay, beside noise bits that change
// freely; bad when the counter reaches target with the noise all clear: the shortest
// run has target steps in a space of 2^(n+noise) states.
func noisy(n, noise int, target int64) model {
	max := int64(1)<<n - 1
	return model{
		name:   fmt.Sprintf("noisy(%d, %d, %d)", n, noise, target),
		widths: []int{n, noise},
		init:   func(v []int64) bool { return v[0] == 0 },
		succ: func(v []int64) [][]int64 {
			var out [][]int64
			for x := range int64(1) << noise {
				out = append(out, []int64{inc(v[0], max), x}, []int64{v[0], x})
			}
			return out
		},
		bad: func(v []int64) bool { return v[0] == target && v[1] == 0 },
		build: func(b *logic.Builder, cur, next []logic.Int) (logic.Lit, logic.Lit, logic.Lit) {
			trans := b.Or(incLit(b, cur[0], next[0], max), b.Eq(cur[0], next[0]))
			bad := b.And(b.Eq(cur[0], logic.Const(target)), b.Eq(cur[1], logic.Const(0)))
			return b.Eq(cur[0], logic.Const(0)), trans, bad
		},
	}
}

func TestAgainstBruteForce(t *testing.T) {
	models := []model{
		counter(4, 9),
		counter(6, 40),
		twin(3),
		twin(6), // 4,096 states in its space (64 reachable), not k-inductive below k = 64
		ring(3, 2, false),
		ring(3, 2, true),
		ring(8, 3, false),  // 2,048 states in its space
		ring(10, 4, false), // 16,384 states in its space (token values 10…15 invalid)
		ring(6, 3, true),
		noisy(5, 6, 21), // 2,048 states, all reachable, the bad one 21 steps away
	}
	for _, m := range models {
		t.Run(m.name, func(t *testing.T) {
			want, shortest, states := m.bruteForce(t)
			sys, _, _ := m.system()
			res := Check(context.Background(), sys, 1<<40)
			t.Logf("%d reachable states; %v in %d frames, %d work units", states, res.Verdict, res.Frames, res.Work)
			if res.Verdict == Unknown {
				t.Fatalf("unknown (%v)", res.Reason)
			}
			if got := res.Verdict == Reachable; got != want {
				t.Fatalf("got %v, brute force says reachable=%v", res.Verdict, want)
			}
			m.verify(t, sys, res)
			if want && len(res.Run)-1 < shortest {
				t.Errorf("a run of %d steps, shorter than the shortest (%d)", len(res.Run)-1, shortest)
			}
		})
	}
}

// The search asserts nothing, so a builder whose asserted constraints fix state bits
// at level 0 (where gini mishandles clauses added after a solve) still gets right
// answers: here the top bits of a counter are asserted clear before the search.
func TestAssertedBits(t *testing.T) {
	for _, target := range []int64{5, 12} {
		m := counter(5, target)
		sys, cur, next := m.system()
		for _, x := range []logic.Int{cur[0], next[0]} {
			sys.B.Assert(x.Bits[4].Not())
			sys.B.Assert(x.Bits[3].Not())
		}
		// Warm the solver so the assertions are fixed at level 0 before the search.
		if r := sys.B.SolveWork(context.Background(), nil, 1<<30); r.Status != logic.Sat {
			t.Fatal(r)
		}
		// With bits 3 and 4 clear the counter stays below 8, wrapping at 31 only
		// through states it cannot be in: from 7 the next state would be 8, so no step.
		res := Check(context.Background(), sys, 1<<40)
		want := target < 8
		if got := res.Verdict == Reachable; got != want || res.Verdict == Unknown {
			t.Fatalf("target %d: %v, want reachable=%v", target, res.Verdict, want)
		}
		if res.Verdict == Reachable && len(res.Run) != int(target)+1 {
			t.Errorf("target %d: a run of %d states", target, len(res.Run))
		}
		m.verify(t, sys, res)
	}
}

func TestUnknown(t *testing.T) {
	m := twin(6)
	sys, _, _ := m.system()
	if res := Check(context.Background(), sys, 1000); res.Verdict != Unknown || res.Reason != logic.Exhausted {
		t.Errorf("a budget of 1,000 units: %v (%v), want unknown (budget)", res.Verdict, res.Reason)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sys, _, _ = m.system()
	if res := Check(ctx, sys, 1<<40); res.Verdict != Unknown || res.Reason != logic.Cancelled {
		t.Errorf("cancelled: %v (%v), want unknown (cancelled)", res.Verdict, res.Reason)
	}
}

// The same system and budget give the same result: the frames, the work and the
// invariant.
func TestDeterministic(t *testing.T) {
	run := func() Result {
		sys, _, _ := ring(6, 3, false).system()
		return Check(context.Background(), sys, 1<<40)
	}
	a, b := run(), run()
	if a.Verdict != b.Verdict || a.Frames != b.Frames || a.Work != b.Work || fmt.Sprint(a.Invariant) != fmt.Sprint(b.Invariant) {
		t.Errorf("two searches differ: %v/%d/%d and %v/%d/%d", a.Verdict, a.Frames, a.Work, b.Verdict, b.Frames, b.Work)
	}
}
