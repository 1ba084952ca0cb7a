package logic

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// pigeonhole asserts that n pigeons sit in n-1 holes, at most one per hole: unsat,
// and hard for resolution (exponential), so a small budget cannot decide n=12.
func pigeonhole(b *Builder, n int) {
	holes := n - 1
	p := make([][]Lit, n)
	for i := range p {
		p[i] = make([]Lit, holes)
		for j := range p[i] {
			p[i][j] = b.Fresh()
		}
		b.Assert(b.Ors(p[i]...))
	}
	for j := 0; j < holes; j++ {
		for i := 0; i < n; i++ {
			for k := i + 1; k < n; k++ {
				b.Assert(b.And(p[i][j], p[k][j]).Not())
			}
		}
	}
}

func TestPigeonholeSmallIsUnsat(t *testing.T) {
	b := New()
	pigeonhole(b, 6)
	mustSolve(t, b, Unsat)
	if f := b.Failed(); len(f) != 0 {
		t.Errorf("Failed() = %v with no assumptions, want none", f)
	}
}

func TestBudgetRunsOut(t *testing.T) {
	b := New()
	pigeonhole(b, 12)
	start := time.Now()
	r := b.Solve(context.Background(), nil, time.Millisecond)
	if r != (Result{Unknown, Timeout}) {
		t.Fatalf("pigeonhole 12→11 in 1ms = %v, want unknown (timeout)", r)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("a 1ms budget took %v", d)
	}
	if r.String() != "unknown (timeout)" {
		t.Errorf("String() = %q", r.String())
	}
	// The solver stays usable after a stopped solve, and a later query gets its own
	// budget (gini's Try would leave its old deadline behind).
	b2 := New()
	x := b2.Fresh()
	b2.Assert(x)
	if r := b2.Solve(context.Background(), nil, 0); r != (Result{Unknown, Timeout}) {
		t.Errorf("zero budget = %v, want unknown (timeout)", r)
	}
	mustSolve(t, b2, Sat)
	fresh := b.Fresh()
	mustSolve(t, b, Unsat, fresh, fresh.Not())
}

func TestCancellation(t *testing.T) {
	b := New()
	pigeonhole(b, 12)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	r := b.Solve(ctx, nil, time.Minute)
	if r != (Result{Unknown, Cancelled}) {
		t.Fatalf("cancelled solve = %v, want unknown (cancelled)", r)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %v to be seen", d)
	}
	if r := b.Solve(ctx, nil, time.Minute); r != (Result{Unknown, Cancelled}) {
		t.Errorf("solve under a done context = %v, want unknown (cancelled)", r)
	}
}

// coreFixture: selectors s0..s6 switch facts on; {s0, s1, s2} and {s0, s5} are the
// minimal conflicting sets, s3, s4 and s6 are innocent.
func coreFixture(b *Builder) []Lit {
	x, y, w := b.Fresh(), b.Fresh(), b.Fresh()
	facts := []Lit{
		x,               // s0
		b.Implies(x, y), // s1
		y.Not(),         // s2
		w,               // s3
		b.Or(w, y),      // s4
		x.Not(),         // s5
		b.Implies(w, x), // s6
	}
	sel := make([]Lit, len(facts))
	for i, f := range facts {
		sel[i] = b.Fresh()
		b.Assert(b.Implies(sel[i], f))
	}
	return sel
}

func TestShrinkIsMinimal(t *testing.T) {
	b := New()
	sel := coreFixture(b)
	ctx := context.Background()
	c := b.ShrinkWork(ctx, sel, testWork)
	if c.Result.Status != Unsat || !c.Minimal {
		t.Fatalf("Shrink = %+v, want a minimal unsat core", c)
	}
	mustSolve(t, b, Unsat, c.Lits...)
	for i := range c.Lits {
		rest := slices.Concat(c.Lits[:i], c.Lits[i+1:])
		mustSolve(t, b, Sat, rest...)
	}
	idx := func(ls []Lit) []int {
		var out []int
		for _, l := range ls {
			out = append(out, slices.Index(sel, l))
		}
		return out
	}
	got := idx(c.Lits)
	if !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("core %v, want [0 1 2]", got)
	}
	for range 3 {
		b2 := New()
		if again := idx(b2.ShrinkWork(ctx, coreFixture(b2), testWork).Lits); !slices.Equal(again, got) {
			t.Fatalf("core %v, then %v: not deterministic", got, again)
		}
	}
	// A satisfiable set has no core.
	if c := b.ShrinkWork(ctx, []Lit{sel[0], sel[1], sel[3]}, testWork); c.Result.Status != Sat || c.Lits != nil {
		t.Errorf("Shrink of a sat set = %+v", c)
	}
}

func TestShrinkUnderBudget(t *testing.T) {
	b := New()
	pigeonhole(b, 12)
	c := b.ShrinkWork(context.Background(), []Lit{b.Fresh()}, 100_000)
	if c.Result != (Result{Unknown, Exhausted}) || c.Minimal {
		t.Errorf("Shrink of an undecided set = %+v, want unknown (budget)", c)
	}
}

// TestWorkBudgetIsDeterministic: a work budget stops the same question at the same
// point whatever the load: the answer and the work spent are the same every time,
// and a larger budget decides what a smaller one could not.
func TestWorkBudgetIsDeterministic(t *testing.T) {
	var first int64
	for i := range 3 {
		b := New()
		pigeonhole(b, 9)
		r := b.SolveWork(context.Background(), nil, 200_000)
		if r != (Result{Unknown, Exhausted}) {
			t.Fatalf("pigeonhole 9→8 within 200,000 units = %v, want unknown (budget)", r)
		}
		if r.String() != "unknown (budget)" {
			t.Errorf("String() = %q", r.String())
		}
		if i == 0 {
			first = b.Work()
		} else if b.Work() != first {
			t.Errorf("run %d spent %d units, run 0 spent %d", i, b.Work(), first)
		}
		if first < 200_000 {
			t.Errorf("stopped after %d units, before the budget", first)
		}
	}
	b := New()
	pigeonhole(b, 6)
	if r := b.SolveWork(context.Background(), nil, 1<<40); r.Status != Unsat {
		t.Errorf("pigeonhole 6→5 = %v, want unsat", r)
	}
	if r := b.SolveWork(context.Background(), nil, 0); r != (Result{Unknown, Exhausted}) {
		t.Errorf("zero budget = %v, want unknown (budget)", r)
	}
}

// TestEncodingCountsAndCancels: gates built count as work, and a cancelled context
// stops the circuit from growing and makes the next question unknown (cancelled).
func TestEncodingCountsAndCancels(t *testing.T) {
	b := New()
	x := b.Fresh()
	before := b.Work()
	acc := x
	for range 1000 {
		acc = b.And(acc, b.Fresh())
	}
	if b.Work()-before < 1000 {
		t.Errorf("1,000 gates counted as %d units", b.Work()-before)
	}
	if r := b.SolveWork(context.Background(), []Lit{acc}, 10); r != (Result{Unknown, Exhausted}) {
		t.Errorf("a question whose encoding alone exceeds the budget = %v, want unknown (budget)", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.SetContext(ctx)
	cancel()
	for range 2 * ctxCheckEvery {
		acc = b.And(acc, b.Fresh())
	}
	if acc != False || b.Err() == nil {
		t.Errorf("after cancellation: last gate %v, Err %v; want false and an error", acc, b.Err())
	}
	if r := b.SolveWork(context.Background(), nil, 1<<30); r != (Result{Unknown, Cancelled}) {
		t.Errorf("question after a cancelled encoding = %v, want unknown (cancelled)", r)
	}
}

// TestIncremental adds constraints between queries; earlier models and cores do not
// leak into later answers.
func TestIncremental(t *testing.T) {
	b := New()
	x, y := b.Fresh(), b.Fresh()
	g := b.Xor(x, y)
	mustSolve(t, b, Sat, g)
	if b.Value(x) == b.Value(y) {
		t.Fatal("model violates x xor y")
	}
	b.Assert(x)
	mustSolve(t, b, Sat, g)
	if !b.Value(x) || b.Value(y) {
		t.Fatalf("model x=%v y=%v, want true false", b.Value(x), b.Value(y))
	}
	mustSolve(t, b, Unsat, g, y)
	if f := b.Failed(); !slices.Equal(f, []Lit{g, y}) {
		t.Errorf("Failed() = %v, want [%v %v]", f, g, y)
	}
	// A gate never given to the solver is still evaluated in the model.
	mustSolve(t, b, Sat)
	if v := b.Value(b.And(x, b.Fresh().Not())); !v {
		t.Error("x and not(unseen input) = false, want true (unseen inputs are false)")
	}
	mustSolve(t, b, Sat, True)
	mustSolve(t, b, Unsat, False)
}

func TestValuePanicsWithoutModel(t *testing.T) {
	b := New()
	x := b.Fresh()
	mustSolve(t, b, Unsat, x, x.Not())
	defer func() {
		if recover() == nil {
			t.Error("Value after Unsat did not panic")
		}
	}()
	b.Value(x)
}

// TestDIMACSAgreesWithMinisat writes our CNF for several queries and has minisat
// decide each: a second opinion on gini's verdicts and on our translation.
func TestDIMACSAgreesWithMinisat(t *testing.T) {
	minisat, err := exec.LookPath("minisat")
	if err != nil {
		t.Fatal("minisat is not installed (apt-get install minisat): it gives the second opinion")
	}
	dir := t.TempDir()
	run := func(name string, b *Builder, assumptions []Lit) Status {
		var buf bytes.Buffer
		if err := b.WriteDIMACS(&buf, assumptions); err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, name+".cnf")
		if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		err := exec.Command(minisat, "-verb=0", in, filepath.Join(dir, name+".out")).Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			switch exit.ExitCode() {
			case 10:
				return Sat
			case 20:
				return Unsat
			}
		}
		t.Fatalf("minisat on %s: %v", name, err)
		return Unknown
	}
	type query struct {
		name   string
		build  func(b *Builder) []Lit
		expect Status
	}
	queries := []query{
		{"php6", func(b *Builder) []Lit { pigeonhole(b, 6); return nil }, Unsat},
		{"core", func(b *Builder) []Lit { return coreFixture(b) }, Unsat},
		{"core-sat", func(b *Builder) []Lit { s := coreFixture(b); return []Lit{s[0], s[1], s[3]} }, Sat},
		{"factor", func(b *Builder) []Lit {
			x, y := b.FreshInt(2, 255), b.FreshInt(2, 255)
			return []Lit{b.Eq(b.Mul(x, y), Const(251*241)), b.Le(x, y)}
		}, Sat},
		{"prime", func(b *Builder) []Lit {
			x, y := b.FreshInt(2, 255), b.FreshInt(2, 255)
			return []Lit{b.Eq(b.Mul(x, y), Const(251))}
		}, Unsat},
		{"sub", func(b *Builder) []Lit {
			x, y := b.FreshInt(-8, 8), b.FreshInt(3, 10)
			return []Lit{b.Lt(b.Sub(x, y), Const(-18))}
		}, Unsat},
	}
	for _, q := range queries {
		b := New()
		as := q.build(b)
		got := b.Solve(context.Background(), as, testBudget).Status
		ext := run(q.name, b, as)
		if got != q.expect || ext != q.expect {
			t.Errorf("%s: gini %v, minisat %v, want %v", q.name, got, ext, q.expect)
		}
	}
}

// TestShrinkRandom shrinks the cores of random unsatisfiable clause sets, where
// gini's failed assumptions are often not minimal, and checks each result is a
// minimal unsatisfiable subset.
func TestShrinkRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	shrunk, cores := 0, 0
	for range 200 {
		b := New()
		vars := make([]Lit, 8)
		for i := range vars {
			vars[i] = b.Fresh()
		}
		sel := make([]Lit, 40)
		for i := range sel {
			cl := make([]Lit, 3)
			for j := range cl {
				cl[j] = vars[rng.IntN(len(vars))]
				if rng.IntN(2) == 0 {
					cl[j] = cl[j].Not()
				}
			}
			sel[i] = b.Fresh()
			b.Assert(b.Implies(sel[i], b.Ors(cl...)))
		}
		if b.Solve(ctx, sel, testBudget).Status != Unsat {
			continue
		}
		why := b.Failed()
		c := b.ShrinkWork(ctx, sel, testWork)
		if c.Result.Status != Unsat || !c.Minimal {
			t.Fatalf("Shrink = %+v", c)
		}
		cores++
		if len(c.Lits) < len(why) {
			shrunk++
		}
		mustSolve(t, b, Unsat, c.Lits...)
		for i := range c.Lits {
			mustSolve(t, b, Sat, slices.Concat(c.Lits[:i], c.Lits[i+1:])...)
		}
		for i := 1; i < len(c.Lits); i++ {
			if slices.Index(sel, c.Lits[i-1]) > slices.Index(sel, c.Lits[i]) {
				t.Fatalf("core out of assumption order: %v", c.Lits)
			}
		}
	}
	if cores < 20 || shrunk == 0 {
		t.Fatalf("%d unsat instances, %d needed shrinking: the test exercises too little", cores, shrunk)
	}
	t.Logf("%d cores, %d smaller than gini's failed assumptions", cores, shrunk)
}
