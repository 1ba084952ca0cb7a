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
	"github.com/specls/specls/lang/source"
)

// Options tune a mutation run.
type Options struct {
	Workers int           // mutants judged at once; 0: the number of CPUs
	Budget  int           // the checker's budget per question (0: the spec's)
	Timeout time.Duration // per solver question of the equivalence check (0: 10s)
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
	// Status is killed, survived, equivalent or unknown.
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
}

// verdicts are what a spec's tests say: each example's and nonexample's pass or fail,
// each property's status.
type verdicts map[string]string

func verdictsOf(a check.Analysis, limit int) verdicts {
	v := verdicts{}
	for _, d := range a.File.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Span.Start >= limit {
			continue
		}
		kind := "example "
		if ex.Negative {
			kind = "nonexample "
		}
		status := "passes"
		for _, f := range a.Findings {
			if f.Span.Start < ex.Span.Start || f.Span.Start >= ex.Span.End {
				continue
			}
			switch f.Code {
			case diag.ExampleFailed, diag.NonexampleAdmitted:
				status = "fails"
			case diag.Unknown:
				if status == "passes" {
					status = "unknown"
				}
			}
		}
		v[kind+ex.Name.Name] = status
	}
	for _, p := range a.Properties {
		if p.Span.Start < limit {
			v[p.Kind+" "+p.Name] = string(p.Status)
		}
	}
	return v
}

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
	orig := check.Analyze(ctx, src, check.Options{Budget: opts.Budget})
	if hasErrors(orig) {
		return nil, fmt.Errorf("%s has errors; fix them (see specls check) first", path)
	}
	for _, f := range orig.Findings {
		if f.Code == diag.Contradiction {
			return nil, fmt.Errorf("%s: the facts or initial states contradict; mutants would say nothing", path)
		}
	}
	want := verdictsOf(orig, len(src))
	cands := operators(orig.File, orig.Info, src)
	idx := source.NewLineIndex(src)
	res := &Result{Mutants: make([]Mutant, len(cands))}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	j := &judge{ctx: ctx, path: path, src: src, want: want, opts: opts, onOrig: map[string]string{}}
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
	ctx  context.Context
	path string
	src  string
	want verdicts
	opts Options

	// Shared between mutants: the original loaded for diff, and the original's
	// verdict on each candidate block (survivors often share their killer).
	loadOnce sync.Once
	orig     *diff.Spec
	origErr  bool
	blockMu  sync.Mutex
	onOrig   map[string]string // block → its verdict appended to the original
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
	a := check.Analyze(j.ctx, text, check.Options{Budget: j.opts.Budget})
	if hasErrors(a) {
		m.Status = "invalid"
		return m
	}
	got := verdictsOf(a, len(text))
	if by := changed(j.want, got); by != "" {
		m.Status, m.KilledBy = "killed", by
		return m
	}
	if c.Property {
		return j.propertyMutant(m, c)
	}
	return j.behaviourMutant(m, text)
}

// changed names the first test whose verdict differs, or "".
func changed(want, got verdicts) string {
	var names []string
	for k := range want {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if g, ok := got[k]; ok && g != want[k] {
			return fmt.Sprintf("%s: %s → %s", k, want[k], g)
		}
	}
	return ""
}

// propertyMutant asks whether the rewritten invariant or assert is equivalent to the
// original over the states (or steps) it is judged on: the assert `old iff new`.
func (j *judge) propertyMutant(m Mutant, c candidate) Mutant {
	d := c.Clause.(*ast.ClauseDecl)
	body := d.Body.Bounds()
	oldText := j.src[body.Start:body.End]
	rel := c.Edit.Span
	newText := oldText[:rel.Start-body.Start] + c.Edit.Text + oldText[rel.End-body.Start:]
	probe := j.src + "\n\nassert _SpeclsMutantEquiv: (" + oldText + ") iff (" + newText + ")\n"
	a := check.Analyze(j.ctx, probe, check.Options{Budget: j.opts.Budget})
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
			m.Why = "the equivalence question did not finish: " + p.Reason
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
	res, err := diff.Compare(j.ctx, a, b, diff.Options{Budget: j.opts.Timeout})
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
		full := text + "\n\n" + block + "\n"
		a := check.Analyze(j.ctx, full, check.Options{Budget: j.opts.Budget})
		if hasErrors(a) {
			return "", false
		}
		v := verdictsOf(a, len(full))
		for k, s := range v {
			if (strings.HasPrefix(k, "example ") || strings.HasPrefix(k, "nonexample ")) && strings.HasSuffix(k, " "+killName) {
				return s, true
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
