// Package check asks the solver every question of the language reference's "Checks"
// about a parsed and resolved spec, and turns each answer into findings and property
// verdicts: contradiction with minimal conflicting sets, vacuity, unreachable arms and
// actions, redundancy, exhaustiveness, blocked and dead actions, invariants, asserts,
// examples and nonexamples. It imports lang/ast, lang/sema, lang/encode, lang/logic,
// lang/diag and lang/source; the CLI and the language server import it.
package check

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Options override the spec's own options; zero means "as the spec says".
type Options struct {
	Depth   int           // reachability bound
	Budget  int           // work budget per question, in budget units (see BudgetUnit)
	Timeout time.Duration // wall-clock limit on the whole check (zero: none); what it cuts off is unknown
	// Progress, when set, is told as each stage of the check starts: what it
	// checks, and how many of the total stages are done (for a progress display).
	Progress func(stage string, done, total int)
	// Questions, when set, is shown every static question the checker asks, with
	// its answer (see Question): a second opinion can ask it again.
	Questions func(Question)
	// Stop, when set, has the examples and nonexamples asked first (as soon as the
	// facts and the initial states are known) and is shown each one's verdict as it
	// is decided; when it returns true the check ends there, and every example and
	// property not yet decided is unknown ("not asked"). For specls mutate, which
	// needs only the first verdict that changes.
	Stop func(ExampleVerdict) bool
	// Verdicts says that only the verdicts of examples, nonexamples and properties
	// are wanted: questions that decide none of them are not asked (blocked
	// actions; actions never enabled, unless another component's idle steps rest on
	// them; the vacuity of properties), so some findings are left out. For specls mutate, which compares only
	// verdicts, and judges the original the same way.
	Verdicts bool
}

// BudgetUnit is how many work units (solver propagations, gates built) one unit of
// `option budget` / `--budget` stands for: the budget is deterministic, so the same
// spec gets the same verdicts on any machine under any load.
const BudgetUnit = sema.BudgetUnit

// Result is what checking found.
type Result struct {
	Findings   []diag.Finding
	Properties []diag.Property
	Examples   []ExampleVerdict // one per named example and nonexample, in source order
}

// Check runs every check on a parsed, resolved file. src is the file's text (for
// `// specls:ignore` comments). It never panics on a spec that parsed and resolved;
// a question the budget does not let finish, or that ctx cancels, is reported as
// unknown, never as a pass.
func Check(ctx context.Context, src string, file *ast.File, info *sema.Info, opts Options) Result {
	c := newChecker(ctx, file, info, opts)
	c.src = src
	c.runSafely()
	fs := Suppress(file, source.NewLineIndex(src), c.findings)
	diag.Sort(fs)
	sort.SliceStable(c.props, func(i, j int) bool { return c.props[i].Span.Start < c.props[j].Span.Start })
	return Result{Findings: fs, Properties: c.props, Examples: c.exampleVerdicts()}
}

type checker struct {
	ctx      context.Context
	progress func(stage string, done, total int)
	src      string
	file     *ast.File
	info     *sema.Info
	depth    int
	budget   int64     // work units per question
	deadline time.Time // Options.Timeout from the start (zero: none)

	findings []diag.Finding
	props    []diag.Property
	propIdx  map[ast.Node]int

	// The static world: one solver with one state for facts, preds, funs and the
	// static parts of actions.
	b     *logic.Builder
	enc   *encode.Encoder
	state encode.State
	facts []*clause // facts that encoded, in order

	questions int // solver calls made, for benchmarks

	// initialState is one initial state of the whole spec (set once the initially
	// clauses are found consistent): a run of one component shows the other
	// components standing still in it.
	initialState diag.State

	// comps and traces hold the components and each one's unrolling (state machines).
	comps []*component
	// varsCache holds varsOf's answers.
	varsCache map[ast.Node]map[*sema.Symbol]bool
	traces    map[*component]*trace

	// reached holds the sites (premises, ranges, arms, branches) of the static world
	// that some model of their context is known to reach.
	reached map[ast.Node]bool
	// factWorlds holds the worlds of groups of facts (see checkFacts), each with the
	// values its canonical counterexamples are made of: their models extend to models
	// of all the facts, so they count as the static world for reached sites.
	factWorlds map[*logic.Builder][]logic.Value
	// factsModel is the state of the model that showed the facts consistent.
	factsModel diag.State

	// tautological holds the clauses found true by the types alone (vacuity (c)):
	// nothing inside them is reported.
	tautological map[ast.Node]bool

	// The gaps of the spec (see depends.go): gaps maps a clause, action or property
	// left out to the reason its readers are unknown; failed maps each clause whose
	// encoding was tried to "" or to that reason; factsWhy and reachWhy say why no
	// question that reads the facts, or the reachable states, is asked.
	gaps, failed       map[ast.Node]string
	factsWhy, reachWhy string
	// reachAll: a gap of the reachable states is not one parsed action's (an
	// initially, the depth option, an action whose declaration is broken), so every
	// reachability question reads it (depends.go, unaffected).
	reachAll bool
	lines    *source.LineIndex

	induction map[*component]*inductionWorld // see inductionWorld

	observe func(Question) // Options.Questions

	// The examples' verdicts (see verdicts.go): decided ones by example, whether
	// examples were asked, Options.Stop and whether it ended the check, and why the
	// check returned before asking them (the first reason given to propsUnknown).
	exVerdicts   map[*ast.ExampleDecl]ExampleVerdict
	examplesDone bool
	stop         func(ExampleVerdict) bool
	stopped      bool
	verdicts     bool // Options.Verdicts
	unchecked    string
	scratch      *scratch // prepare's trial encodings
}

// clause is one encoded clause: its literal, what encoding it recorded, and where it
// stands.
type clause struct {
	node ast.Node // *ast.ClauseDecl or *ast.ActionClause
	body ast.Expr
	lit  logic.Lit
	rec  *encode.Record
}

func (cl *clause) span() source.Span { return cl.node.Bounds() }

func newChecker(ctx context.Context, file *ast.File, info *sema.Info, opts Options) *checker {
	c := &checker{ctx: ctx, file: file, info: info, depth: info.Options.Depth, propIdx: map[ast.Node]int{}, reached: map[ast.Node]bool{}, tautological: map[ast.Node]bool{},
		gaps: map[ast.Node]string{}, failed: map[ast.Node]string{}}
	c.progress = opts.Progress
	c.observe = opts.Questions
	c.stop = opts.Stop
	c.verdicts = opts.Verdicts
	c.exVerdicts = map[*ast.ExampleDecl]ExampleVerdict{}
	budget := info.Options.Budget
	if opts.Depth > 0 {
		c.depth = opts.Depth
	}
	if c.depth < 0 {
		c.depth = sema.NoDepth
	}
	if opts.Budget > 0 {
		budget = opts.Budget
	}
	c.budget = int64(budget) * BudgetUnit
	if opts.Timeout > 0 {
		c.deadline = time.Now().Add(opts.Timeout)
	}
	if c.depth > maxDepth {
		at := source.Span{}
		for _, d := range file.Decls {
			if o, ok := d.(*ast.OptionDecl); ok && o.Name != nil && o.Name.Name == "depth" {
				at = o.Span
			}
		}
		c.add(diag.New(diag.Unknown, at, "depth %d is beyond the %d steps the checker unrolls: bounded questions are answered to depth %d (proofs by induction are unaffected)", c.depth, maxDepth, maxDepth))
		c.depth = maxDepth
	}
	return c
}

// maxDepth bounds the unrolling, whose size grows with the depth: deeper questions
// are answered to this depth, and said so.
const maxDepth = 10000

func (c *checker) add(f diag.Finding) { c.findings = append(c.findings, f) }

// solve asks one question (see ask); the answer is Sat, Unsat or Unknown.
func (c *checker) solve(b *logic.Builder, assumptions ...logic.Lit) logic.Result {
	return c.ask(question{b: b, assume: assumptions})
}

// full completes a state of one component with the other variables' values in the
// spec's initial state, in declaration order: the other components stand still.
func (c *checker) full(s diag.State) diag.State {
	if len(c.initialState) == 0 || len(s) == len(c.initialState) {
		return s
	}
	have := map[string]diag.Value{}
	for _, b := range s {
		have[b.Name] = b.Value
	}
	out := make(diag.State, 0, len(c.initialState))
	for _, b := range c.initialState {
		if v, ok := have[b.Name]; ok {
			b.Value = v
		}
		out = append(out, b)
	}
	return out
}

// solveCanonical asks a question whose model becomes a counterexample: when the
// answer is Sat, the model is made canonical (smallest values first, in the order of
// vals), so the same text always shows the same counterexample.
func (c *checker) solveCanonical(b *logic.Builder, vals []logic.Value, assumptions ...logic.Lit) logic.Result {
	return c.ask(question{b: b, assume: assumptions, canon: vals})
}

// maxPreferred bounds the literals made canonical per counterexample: each may cost a
// question. The rest of the model is still deterministic (the same questions in the
// same order give the same model), only not the smallest.
const maxPreferred = 32

// usedVars is the set of variables that n mentions, directly or through the preds
// and funs it calls: the caller's own copy.
func (c *checker) usedVars(n ast.Node) map[*sema.Symbol]bool {
	return maps.Clone(c.varsOf(n))
}

// varsOf is usedVars shared, not to be changed: worlds ask it of every fact and
// initially for every component, so the walk is done once per node.
func (c *checker) varsOf(n ast.Node) map[*sema.Symbol]bool {
	if used, ok := c.varsCache[n]; ok {
		return used
	}
	used := c.walkVars(n)
	if c.varsCache == nil {
		c.varsCache = map[ast.Node]map[*sema.Symbol]bool{}
	}
	c.varsCache[n] = used
	return used
}

func (c *checker) walkVars(n ast.Node) map[*sema.Symbol]bool {
	used := map[*sema.Symbol]bool{}
	seen := map[ast.Node]bool{}
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		ast.Inspect(n, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok {
				return true
			}
			sym := c.info.Uses[id]
			switch {
			case sym == nil:
			case sym.Kind == sema.KindVar:
				used[sym] = true
			case sym.Kind == sema.KindPred || sym.Kind == sema.KindFun:
				visit(sym.Decl)
			}
			return true
		})
	}
	visit(n)
	return used
}

// canonicalBudget bounds the search for the canonical model of one counterexample,
// in work units.
const canonicalBudget = 20_000_000

// stateValues lists the values of states, in order, variables in declaration order.
func stateValues(enc *encode.Encoder, states ...encode.State) []logic.Value {
	var out []logic.Value
	for _, s := range states {
		for _, v := range enc.Vars() {
			if x, ok := s[v]; ok { // a state of a component holds only its variables
				out = append(out, x)
			}
		}
	}
	return out
}

// unknown reports a question the solver did not finish.
func (c *checker) unknown(at source.Span, question string, r logic.Result) {
	c.undecided(at, question, r.Reason.Explain(int(c.budget/BudgetUnit)))
}

func unknownReason(r logic.Result) string {
	switch r.Reason {
	case logic.Cancelled:
		return "cancelled"
	case logic.Timeout:
		return "the time limit passed"
	}
	return "budget"
}

// newBuilder is a builder that watches the check's context and time limit.
func (c *checker) newBuilder() *logic.Builder {
	b := logic.New()
	b.SetContext(c.ctx)
	b.SetDeadline(c.deadline)
	return b
}

// encodeFormula translates the body of clause n in frame f, recording reach sites; a
// body the encoder cannot translate yields ok false, and n's unknown finding (once).
func (c *checker) encodeFormula(enc *encode.Encoder, f *encode.Frame, n ast.Node, body ast.Expr) (lit logic.Lit, rec *encode.Record, ok bool) {
	enc.Begin()
	lit, err := enc.Formula(f, body)
	rec = enc.End()
	if err != nil {
		c.cannotEncode(n, err)
		return lit, nil, false
	}
	return lit, rec, true
}

// runSafely runs the checks; a bug that panics inside them ends the check with an
// unknown finding that says so, and every property not yet decided is unknown: never
// a crash, never a silent pass.
func (c *checker) runSafely() {
	defer func() {
		if r := recover(); r != nil {
			at := source.Span{}
			if c.file.Spec != nil {
				at = c.file.Spec.Span
			}
			c.undecided(at, "the rest of this spec", fmt.Sprintf("internal error in the checker: %v (a bug in specls: please report it)", r))
			for _, d := range c.file.Decls {
				if cd, ok := d.(*ast.ClauseDecl); ok && (cd.Kind == ast.Invariant || cd.Kind == ast.Assert) && cd.Name != nil && !c.left(cd) {
					if _, done := c.propIdx[cd]; !done {
						c.setProp(cd, diag.Undecided, "an internal error stopped the check", 0)
					}
				}
			}
		}
	}()
	c.run()
}

func (c *checker) run() {
	const total = 3
	c.stage("facts", 0, total)
	if why := c.run0(); why != "" {
		c.propsUnknown(why)
		return
	}
	c.prepare()
	if c.factsWhy != "" {
		// Every question reads the facts (LANGUAGE.md, "No cascades"); only (c)
		// depends on the types alone.
		c.propsUnknown(c.factsWhy)
		c.typeTautologies()
		return
	}
	if why := c.checkFactsConsistent(); why != "" {
		c.propsUnknown(why)
		c.typeTautologies()
		return
	}
	c.checkFacts()
	c.stage("definitions", 1, total)
	c.checkDefinitions()
	// A static spec is a state machine with no steps (its initial states are its
	// models): every check exists once.
	c.stage("the state machine", 2, total)
	c.machine()
}

// stage tells Options.Progress that a stage starts.
func (c *checker) stage(what string, done, total int) {
	if c.progress != nil {
		c.progress(what, done, total)
	}
}

// run0 builds the static world: one state, and the facts on it. It returns why no
// solver question can be asked, when a variable's type cannot be encoded.
func (c *checker) run0() string {
	c.b = c.newBuilder()
	c.enc = c.newEncoder(c.b)
	for _, v := range c.info.Symbols {
		if v.Kind != sema.KindVar || types.IsInvalid(v.Type) || c.info.Broken(v.Decl) {
			continue
		}
		if _, err := c.enc.Shape(v.Type); err != nil {
			c.add(diag.New(diag.Unknown, v.Ident.Span, "the checker cannot decide questions about %s: %v", v.Name, err))
			return "the type of " + v.Name + " is too large to check"
		}
	}
	c.state = c.enc.NewState()

	// Facts, in the static world.
	for _, d := range c.file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Kind != ast.Fact || cd.Body == nil || c.info.Broken(cd) {
			continue
		}
		lit, rec, ok := c.encodeFormula(c.enc, c.frame(), cd, cd.Body)
		if ok {
			c.facts = append(c.facts, &clause{node: cd, body: cd.Body, lit: lit, rec: rec})
		}
	}
	return ""
}

func (c *checker) frame() *encode.Frame {
	return &encode.Frame{Pre: c.state, Path: logic.Bool(true)}
}

func lits(cls []*clause, except *clause) []logic.Lit {
	var out []logic.Lit
	for _, cl := range cls {
		if cl != except {
			out = append(out, cl.lit)
		}
	}
	return out
}

// propsUnknown gives every property the status unknown, with the reason.
func (c *checker) propsUnknown(reason string) {
	if c.unchecked == "" {
		c.unchecked = reason
	}
	for _, d := range c.file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || (cd.Kind != ast.Invariant && cd.Kind != ast.Assert) || cd.Name == nil || c.left(cd) {
			continue
		}
		c.setProp(cd, diag.Undecided, reason, 0)
	}
}

func (c *checker) setProp(cd *ast.ClauseDecl, status diag.PropertyStatus, reason string, depth int) {
	p := diag.Property{Name: cd.Name.Name, Kind: cd.Kind.String(), Span: cd.Name.Span, Status: status, Reason: reason}
	if status == diag.HoldsToDepth {
		p.Depth = depth
	}
	if i, ok := c.propIdx[cd]; ok {
		c.props[i] = p
		return
	}
	c.propIdx[cd] = len(c.props)
	c.props = append(c.props, p)
}

// clauseName names a clause for messages: "fact ClosedIsEmpty", "the fact on line 3".
func (c *checker) clauseName(n ast.Node) string {
	switch n := n.(type) {
	case *ast.ClauseDecl:
		if n.Name != nil {
			return n.Kind.String() + " " + n.Name.Name
		}
	case *ast.ActionClause:
		if n.Name != nil {
			return n.Kind.String() + " " + n.Name.Name
		}
	}
	return c.quote(n.Bounds())
}

// quote is a span's source text in backticks, on one line, shortened when long: how a
// message names an unnamed clause or a step.
func (c *checker) quote(sp source.Span) string {
	if sp.Start < 0 || sp.End > len(c.src) || sp.Start >= sp.End {
		return "this clause"
	}
	text := strings.Join(strings.Fields(c.src[sp.Start:sp.End]), " ")
	if r := []rune(text); len(r) > 60 {
		text = string(r[:57]) + "…"
	}
	return "`" + text + "`"
}
