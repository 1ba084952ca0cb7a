package mutate

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/diff"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/steps"
)

// Options tune a mutation run.
type Options struct {
	Workers int // mutants judged at once; 0: the number of CPUs
	// Budget is the work budget per question of every check and comparison, in
	// thousands of work units as `specls check --budget` counts it (0: the spec's
	// `option budget`, else the default): deterministic, so the same spec gets the
	// same mutants judged the same way on any machine.
	Budget int
	// Timeout is a wall-clock limit on the whole run (0: none); what it cuts off is
	// unknown.
	Timeout time.Duration
}

// Mutant is one rewrite and its verdict.
type Mutant struct {
	ID          int    `json:"id"`
	Line        int    `json:"line"`   // 1-based, of the rewritten node
	Column      int    `json:"column"` // 1-based, in code points
	Clause      string `json:"clause"` // "requires open of Deposit"
	Operator    string `json:"operator"`
	Original    string `json:"original"`    // the rewritten text
	Replacement string `json:"replacement"` // what it became ("" when dropped)
	// Status is killed (a verdict changed, both decided), survived (no verdict
	// changed, every one decided, and the mutant is not equivalent), equivalent (the
	// solver proved it so) or unknown (Why says which question went unanswered).
	Status string `json:"status"`
	// KilledBy names the example, nonexample or property whose verdict changed, and how.
	KilledBy string `json:"killedBy,omitempty"`
	// Why says what was found for a survivor or an unknown (a run that tells the
	// mutant apart, none within a depth, a question that did not finish).
	Why string `json:"why,omitempty"`
	// Kill is a block that kills a survivor, checked: the original passes it and the
	// mutant fails it. Empty when none was found (Why says why).
	Kill       string      `json:"kill,omitempty"`
	Millis     int64       `json:"millis"`
	Span       source.Span `json:"-"` // the rewritten node in the original
	ClauseSpan source.Span `json:"-"`
}

// Result is the whole run.
type Result struct {
	Killed     int      `json:"killed"`
	Survived   int      `json:"survived"`
	Equivalent int      `json:"equivalent"`
	Unknown    int      `json:"unknown"`
	Invalid    int      `json:"invalid"` // rewrites that did not check (left out of every count)
	Total      int      `json:"total"`   // killed + survived + equivalent + unknown
	Score      float64  `json:"score"`   // killed / (total - equivalent), in percent
	Mutants    []Mutant `json:"mutants"`
	Millis     int64    `json:"millis"`
	// Notes say what limits the result: the original's verdicts that are unknown
	// (they can kill no mutant).
	Notes []string `json:"notes,omitempty"`
}

// verdicts are what a spec's tests say: each example's and nonexample's passes,
// fails or unknown, each property's status ("unknown: why" when undecided).
type verdicts map[string]string

func verdictsOf(a check.Analysis, limit int) verdicts {
	v := verdicts{}
	for _, ex := range a.Examples {
		if ex.Span.Start < limit {
			v[exampleKey(ex)] = exampleStatus(ex)
		}
	}
	for _, p := range a.Properties {
		if p.Span.Start < limit {
			v[p.Kind+" "+p.Name] = propertyStatus(a, p)
		}
	}
	return v
}

func exampleKey(ex check.ExampleVerdict) string { return ex.Kind() + " " + ex.Name }

func exampleStatus(ex check.ExampleVerdict) string {
	if ex.Status == "unknown" {
		return "unknown: " + ex.Reason
	}
	return ex.Status
}

// propertyStatus is a property's verdict; a search the budget stopped is unknown, not
// a bounded pass (its depth depends on the budget, not on the spec). An unknown one
// says why in the words of the checker's unknown finding on it, when there is one.
func propertyStatus(a check.Analysis, p diag.Property) string {
	switch {
	case p.Status == diag.HoldsToDepth && p.Reason == "":
		return fmt.Sprintf("holds to depth %d", p.Depth)
	case p.Status == diag.Proved || p.Status == diag.Violated:
		return string(p.Status)
	}
	why := propertyWhy(a, p)
	if p.Status == diag.HoldsToDepth {
		why = fmt.Sprintf("no counterexample to depth %d, then %s", p.Depth, p.Reason)
	}
	return "unknown: " + why
}

// propertyWhy is why a property is undecided: the checker's unknown finding on it
// (which question, and why), else its reason.
func propertyWhy(a check.Analysis, p diag.Property) string {
	for _, f := range a.Findings {
		if f.Code == diag.Unknown && f.Span.Start >= p.Span.Start && f.Span.Start <= p.Span.End {
			return f.Message
		}
	}
	return p.Reason
}

// decided reports whether a verdict is an answer (not unknown).
func decided(status string) bool { return !strings.HasPrefix(status, "unknown") }

func hasErrors(a check.Analysis) bool {
	for _, f := range a.Findings {
		if f.Severity == diag.Error && (f.Code == diag.Syntax || f.Code == diag.Name || f.Code == diag.Type) {
			return true
		}
	}
	return false
}

// Run mutates the spec and judges every mutant. The error is a spec that does not
// check (fix it first).
func Run(ctx context.Context, path, src string, opts Options) (*Result, error) {
	start := time.Now()
	var deadline time.Time
	if opts.Timeout > 0 {
		deadline = start.Add(opts.Timeout)
	}
	j := &judge{ctx: ctx, path: path, src: src, opts: opts, deadline: deadline, onOrig: map[string]string{}}
	// The original is judged as the mutants are (examples first), so that its
	// verdicts come from the same questions.
	orig := check.Analyze(ctx, src, j.checkOptions(func(check.ExampleVerdict) bool { return false }))
	if hasErrors(orig) {
		return nil, fmt.Errorf("%s has errors; fix them (see specls check) first", path)
	}
	for _, f := range orig.Findings {
		if f.Code == diag.Contradiction {
			return nil, fmt.Errorf("%s: the facts or initial states contradict; mutants would say nothing", path)
		}
	}
	want := verdictsOf(orig, len(src))
	j.want = want
	res := &Result{}
	for _, k := range sortedKeys(want) {
		if !decided(want[k]) {
			res.Notes = append(res.Notes, fmt.Sprintf("in the original, %s is unknown (%s): it can kill no mutant, and mutants it might kill are unknown", k, strings.TrimPrefix(want[k], "unknown: ")))
		}
	}
	cands := operators(orig.File, orig.Info, src)
	idx := source.NewLineIndex(src)
	res.Mutants = make([]Mutant, len(cands))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res.Mutants[i] = j.mutant(cands[i], idx)
			}
		}()
	}
	for i := range cands {
		next <- i
	}
	close(next)
	wg.Wait()
	var kept []Mutant
	for _, m := range res.Mutants {
		switch m.Status {
		case "invalid":
			res.Invalid++
			continue
		case "killed":
			res.Killed++
		case "survived":
			res.Survived++
		case "equivalent":
			res.Equivalent++
		default:
			res.Unknown++
		}
		kept = append(kept, m)
	}
	for i := range kept {
		kept[i].ID = i + 1
		kept[i].Kill = strings.Replace(kept[i].Kill, killName+" {", fmt.Sprintf("%s%d {", killName, i+1), 1)
	}
	res.Mutants = kept
	if kept == nil {
		res.Mutants = []Mutant{}
	}
	res.Total = len(kept)
	if n := res.Total - res.Equivalent; n > 0 {
		res.Score = 100 * float64(res.Killed) / float64(n)
	} else {
		res.Score = 100
	}
	res.Millis = time.Since(start).Milliseconds()
	return res, nil
}

type judge struct {
	ctx      context.Context
	path     string
	src      string
	want     verdicts
	opts     Options
	deadline time.Time // Options.Timeout from the start (zero: none)

	// Shared between mutants: the original loaded for diff, and the original's
	// verdict on each candidate block (survivors often share their killer).
	loadOnce sync.Once
	orig     *diff.Spec
	origErr  bool
	blockMu  sync.Mutex
	onOrig   map[string]string // block → its verdict appended to the original
}

// checkOptions are the checker's options for one check of the run: the budget per
// question, what is left of the time limit, and stop (see check.Options.Stop); the
// questions that decide no verdict are left out (check.Options.Verdicts).
func (j *judge) checkOptions(stop func(check.ExampleVerdict) bool) check.Options {
	return check.Options{Budget: j.opts.Budget, Timeout: j.budget().Left(), Stop: stop, Verdicts: true}
}

// budget is the comparisons' budget: the same per question, the same time limit.
func (j *judge) budget() steps.Budget {
	return steps.Budget{Units: j.opts.Budget, Deadline: j.deadline}
}

func (j *judge) apply(e edit) string {
	return j.src[:e.Span.Start] + e.Text + j.src[e.Span.End:]
}

// mutant judges one mutant: killed as soon as one verdict changes; else equivalent
// when the solver proves it; else a survivor, with a block that kills it when the
// difference found can be written as one.
func (j *judge) mutant(c candidate, idx *source.LineIndex) (m Mutant) {
	start := time.Now()
	p := idx.Position(c.At.Start, source.CodePoints)
	// Shown: the smallest text holding both the node and the rewrite, before and after.
	lo, hi := min(c.At.Start, c.Edit.Span.Start), max(c.At.End, c.Edit.Span.End)
	m = Mutant{Line: p.Line + 1, Column: p.Column + 1, Clause: c.Label, Operator: c.Operator,
		Original:    j.src[lo:hi],
		Replacement: j.src[lo:c.Edit.Span.Start] + c.Edit.Text + j.src[c.Edit.Span.End:hi],
		Span:        c.At, ClauseSpan: c.Clause.Bounds()}
	defer func() { m.Millis = time.Since(start).Milliseconds() }()
	text := j.apply(c.Edit)
	// The examples are asked first, and the check stops at the first whose verdict
	// changes: the mutant is killed, and nothing else need be asked.
	a := check.Analyze(j.ctx, text, j.checkOptions(func(v check.ExampleVerdict) bool {
		w, got := j.want[exampleKey(v)], exampleStatus(v)
		return decided(w) && decided(got) && w != got
	}))
	if hasErrors(a) {
		m.Status = "invalid"
		return m
	}
	got := verdictsOf(a, len(text))
	if by := j.contradicts(a); by != "" {
		m.Status, m.KilledBy = "killed", by
		return m
	}
	if by := changed(j.want, got); by != "" {
		m.Status, m.KilledBy = "killed", by
		return m
	}
	if c.Property {
		m = j.propertyMutant(m, c)
	} else {
		m = j.behaviourMutant(m, text)
	}
	// A survivor is one that no test tells apart: with a verdict unknown (in the
	// original or the mutant), that is not known.
	if m.Status == "survived" {
		if k := undecided(j.want, got); k != "" {
			m.Status, m.Kill = "unknown", ""
			m.Why = "no decided verdict changed, but " + firstUnknown(k, j.want[k], got[k])
		}
	}
	return m
}

// contradicts names the kill of a mutant whose facts or initial states admit nothing
// (the original's admit something: Run refuses it otherwise): no run can start, so
// every example fails (LANGUAGE.md: an example whose givens no initial state meets
// fails), though the checker, reporting the contradiction alone, asks none of them.
func (j *judge) contradicts(a check.Analysis) string {
	for _, f := range a.Findings {
		if f.Code != diag.Contradiction {
			continue
		}
		for _, k := range sortedKeys(j.want) {
			if strings.HasPrefix(k, "example ") && j.want[k] == "passes" {
				return k + ": passes → fails (" + f.Message + ")"
			}
		}
		return ""
	}
	return ""
}

// changed names the first test whose verdict differs, both decided, or "".
func changed(want, got verdicts) string {
	for _, k := range sortedKeys(want) {
		if g, ok := got[k]; ok && decided(g) && decided(want[k]) && g != want[k] {
			return fmt.Sprintf("%s: %s → %s", k, want[k], g)
		}
	}
	return ""
}

// undecided names the first test whose verdict is unknown in the original or in the
// mutant, or "".
func undecided(want, got verdicts) string {
	for _, k := range sortedKeys(want) {
		if g, ok := got[k]; !decided(want[k]) || !ok || !decided(g) {
			return k
		}
	}
	return ""
}

// firstUnknown says which side leaves test k undecided, and why.
func firstUnknown(k, want, got string) string {
	if !decided(want) {
		return "in the original, " + k + " is " + want
	}
	if got == "" {
		return "in the mutant, " + k + " has no verdict"
	}
	return "in the mutant, " + k + " is " + got
}

func sortedKeys(v verdicts) []string {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// propertyMutant asks whether the rewritten invariant or assert is equivalent to the
// original over the states (or steps) it is judged on: the assert `old iff new`.
func (j *judge) propertyMutant(m Mutant, c candidate) Mutant {
	d := c.Clause.(*ast.ClauseDecl)
	body := d.Body.Bounds()
	oldText := j.src[body.Start:body.End]
	rel := c.Edit.Span
	newText := oldText[:rel.Start-body.Start] + c.Edit.Text + oldText[rel.End-body.Start:]
	// The examples say nothing of equivalence: left out (blanked, so that offsets
	// stay), they cost no question.
	probe := withoutExamples(j.src) + "\n\nassert _SpeclsMutantEquiv: (" + oldText + ") iff (" + newText + ")\n"
	a := check.Analyze(j.ctx, probe, j.checkOptions(nil))
	for _, p := range a.Properties {
		if p.Name != "_SpeclsMutantEquiv" {
			continue
		}
		switch p.Status {
		case diag.Proved:
			m.Status = "equivalent"
		case diag.Violated:
			m.Status = "survived"
			m.Why = "the property's verdict does not change, though the rewrite differs in some state; only the property itself can tell them apart"
		case diag.HoldsToDepth:
			m.Status = "survived"
			m.Why = fmt.Sprintf("no state within %d steps tells them apart, but equivalence is not proved", p.Depth)
		default:
			m.Status = "unknown"
			why := strings.ReplaceAll(propertyWhy(a, p), "whether _SpeclsMutantEquiv holds", "whether the rewrite agrees with the original")
			m.Why = "the equivalence question did not finish: " + why
			if p.Status == diag.HoldsToDepth {
				m.Why = fmt.Sprintf("no state within %d steps tells them apart, then the equivalence question did not finish: %s", p.Depth, why)
			}
		}
		return m
	}
	m.Status, m.Why = "unknown", "the equivalence question could not be asked"
	return m
}

// behaviourMutant compares the behaviours of the mutant with the original's (lang/diff)
// and, when they differ, writes the difference as a block that kills the mutant.
func (j *judge) behaviourMutant(m Mutant, text string) Mutant {
	j.loadOnce.Do(func() {
		var errs []string
		j.orig, errs = diff.Load(j.path, j.src)
		j.origErr = len(errs) > 0
	})
	a := j.orig
	b, errs2 := diff.Load("mutant", text)
	if j.origErr || len(errs2) > 0 {
		m.Status, m.Why = "unknown", "the specs could not be compared"
		return m
	}
	res, err := diff.Compare(j.ctx, a, b, diff.Options{Budget: j.budget()})
	if err != nil {
		m.Status, m.Why = "unknown", err.Error()
		return m
	}
	switch res.Verdict {
	case "equivalent":
		m.Status = "equivalent"
		return m
	case "equivalent-to-depth":
		m.Status = "survived"
		m.Why = fmt.Sprintf("no run of at most %d steps tells the mutant apart (equivalence not proved beyond)", res.Depth)
		return m
	case "unknown":
		m.Status = "unknown"
		m.Why = "the comparison did not finish: " + strings.Join(res.Unknown, "; ")
		return m
	}
	m.Status = "survived"
	if len(res.Unknown) > 0 && len(res.Differences) == 0 {
		m.Status = "unknown"
		m.Why = "the comparison did not finish: " + strings.Join(res.Unknown, "; ")
		return m
	}
	for _, d := range res.Differences {
		for _, blk := range blocks(d) {
			if j.kills(blk, text) {
				m.Kill = blk
				return m
			}
		}
	}
	m.Why = "the difference found is a step from a state no run was found to reach; no example can show it"
	if len(res.Differences) > 0 && res.Differences[0].Example != nil {
		m.Why = "no example or nonexample written from the difference kills it: " + res.Differences[0].Message
	}
	return m
}

// kills checks a block: appended to the original it passes, appended to the mutant it
// fails.
func (j *judge) kills(block, mutant string) bool {
	pass := func(text string) (string, bool) {
		// Only the block's verdict matters: the spec's own examples are left out, and
		// the check stops once the block's verdict is known.
		full := withoutExamples(text) + "\n\n" + block + "\n"
		a := check.Analyze(j.ctx, full, j.checkOptions(func(v check.ExampleVerdict) bool { return v.Name == killName }))
		if hasErrors(a) {
			return "", false
		}
		for _, v := range a.Examples {
			if v.Name == killName {
				return v.Status, true
			}
		}
		return "", false
	}
	j.blockMu.Lock()
	o, seen := j.onOrig[block]
	j.blockMu.Unlock()
	if !seen {
		var ok bool
		if o, ok = pass(j.src); !ok {
			o = "invalid"
		}
		j.blockMu.Lock()
		j.onOrig[block] = o
		j.blockMu.Unlock()
	}
	if o != "passes" {
		return false
	}
	mu, ok := pass(mutant)
	return ok && mu == "fails"
}

// withoutExamples is src with every example and nonexample blanked out (spaces, the
// newlines kept), so that every other offset stays where it was.
func withoutExamples(src string) string {
	f, _ := parser.Parse(src)
	out := []byte(src)
	for _, d := range f.Decls {
		if ex, ok := d.(*ast.ExampleDecl); ok {
			for i := ex.Span.Start; i < ex.Span.End && i < len(out); i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
	}
	return string(out)
}
