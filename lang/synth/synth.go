// Package synth proposes a clause from a spec's examples and nonexamples: it
// enumerates clauses of a small grammar over the spec's vocabulary (comparisons,
// memberships, enum tests, and implications and conjunctions of two of them),
// smallest first, keeps those with which every example still passes and every
// nonexample is rejected (asked of the solver over the examples' runs, CEGIS-style:
// each nonexample run a candidate lets through prunes the candidates after it), has
// the checker confirm the proposals on the spec with the clause added, and asks the
// solver for an example that tells the best from each alternative. It imports the
// front end, lang/encode, lang/logic, lang/steps and lang/check (for the
// confirmation); the CLI and the language server import it.
package synth

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/steps"
)

// Options bound the search.
type Options struct {
	// Budget bounds each question, as `specls check` does (Units 0: the spec's
	// `option budget`, else the default); the confirming check gets the same. A
	// question it cuts off is in Result.Unknown, with the reason.
	Budget steps.Budget
	// Pred, when set, names a pred whose body to synthesise from the examples whose
	// runs call it (in their steps' clauses, givens or expects), instead of a new
	// fact or requires.
	Pred         string
	MaxChecks    int // candidates asked of the solver; 0: 5000
	Alternatives int // alternatives shown besides the best; 0: 3
}

// Proposal is one clause that fits the examples.
type Proposal struct {
	Target string `json:"target"`         // "fact", "pred" (a body), or the action whose requires it is
	Pred   string `json:"pred,omitempty"` // for a pred's body: the pred
	Clause string `json:"clause"`         // the formula
	Line   string `json:"line"`           // ready to paste: `fact FromExamples: …`, `requires FromExamples: …` or `pred P(x: T): …`
	Size   int    `json:"size"`           // atoms in it
}

// Alternative is another fitting clause and the example that tells it from the best.
type Alternative struct {
	Proposal
	// Example is an example block, ready to paste, that one of the two admits and
	// the other rejects; BestAdmits says which.
	Example    string `json:"example"`
	BestAdmits bool   `json:"bestAdmits"`
}

// Result is what synthesis found.
type Result struct {
	Best         *Proposal     `json:"best,omitempty"`
	Alternatives []Alternative `json:"alternatives"`
	Examples     int           `json:"examples"`
	Nonexamples  int           `json:"nonexamples"`
	Tried        int           `json:"tried"`   // candidates enumerated
	Checked      int           `json:"checked"` // candidates asked of the solver
	// Unknown lists the questions that went unanswered (the budget, the time limit,
	// a cancellation, a clause that could not be encoded), each with its reason: a
	// candidate or an alternative may be missing because of them, and with no Best
	// they are why none was found.
	Unknown []string `json:"unknown,omitempty"`
	Notes   []string `json:"notes,omitempty"`
}

// Synthesize proposes clauses for the spec at path. The error is a spec that does not
// check (its messages) or has no example to learn from.
func Synthesize(ctx context.Context, path, src string, opts Options) (*Result, error) {
	if opts.MaxChecks <= 0 {
		opts.MaxChecks = 5000
	}
	if opts.Alternatives <= 0 {
		opts.Alternatives = 3
	}
	f, fs := parser.Parse(src)
	info := sema.Check(f)
	fs = append(fs, info.Findings...)
	var errs []string
	for _, x := range fs {
		if x.Severity == diag.Error {
			errs = append(errs, x.Message)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s has errors (see specls check): %s", path, strings.Join(errs, "; "))
	}
	opts.Budget = opts.Budget.UnitsOr(info.Options.Budget)
	b := opts.Budget.Builder(ctx)
	s := &synth{ctx: ctx, path: path, src: src, file: f, info: info, b: b, enc: opts.Budget.Encoder(b, info), opts: opts,
		vars: steps.Vars(info), literals: literals(f), res: &Result{Alternatives: []Alternative{}}}
	if opts.Pred != "" {
		pred, decl, err := s.predSymbol(opts.Pred)
		if err != nil {
			return nil, err
		}
		return s.runPred(pred, decl)
	}
	return s.run()
}

type synth struct {
	ctx      context.Context
	path     string
	src      string
	file     *ast.File
	info     *sema.Info
	b        *logic.Builder
	enc      *encode.Encoder
	opts     Options
	vars     []*sema.Symbol
	literals []int64
	runs     []*run
	res      *Result
	// holes collects the calls of Options.Pred while a run is encoded (see pred.go).
	holes *[]hole
	// undecided counts the candidates (and distinguishing questions) the budget or a
	// cancellation left unanswered, by reason: they are said, never taken as a fit
	// or a misfit.
	undecided map[string]int
}

// target is where a candidate goes: a fact (act nil) or a requires of act.
type target struct {
	act   *sema.Symbol
	pred  *sema.Symbol // a pred's body (Options.Pred); then act is nil
	decl  *ast.PredDecl
	terms []term
	atoms []atom
	// negatives: for each nonexample run the solver showed (before or during the
	// search), its sites as constants; a fitting candidate is false at one of each.
	negatives [][]site
	// positives: the sites of each example whose run is the only one its steps allow;
	// a fitting candidate is true at every one of them.
	positives [][]site
}

func (t *target) name() string {
	if t.pred != nil {
		return "pred"
	}
	if t.act == nil {
		return "fact"
	}
	return t.act.Name
}

// encodeRuns encodes the run of every example and nonexample into s.runs (through
// encode: s.encodeRun, or a wrapper of it), counting them. final reports that the
// result is complete as it stands: a run could not be encoded (said in s.res.Unknown),
// and without it nothing can be learnt honestly (a clause that fits the others may
// break it).
func (s *synth) encodeRuns(encode func(*ast.ExampleDecl) (*run, error)) (final bool, err error) {
	for _, d := range s.file.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Name == nil {
			continue
		}
		r, err := encode(ex)
		if err != nil {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%s %s could not be encoded: %v", kindOf(ex), ex.Name.Name, err))
			return true, nil
		}
		s.runs = append(s.runs, r)
		if ex.Negative {
			s.res.Nonexamples++
		} else {
			s.res.Examples++
		}
	}
	if len(s.runs) == 0 {
		return false, fmt.Errorf("%s has no example or nonexample to learn from", s.path)
	}
	return false, nil
}

func (s *synth) run() (*Result, error) {
	if final, err := s.encodeRuns(s.encodeRun); err != nil {
		return nil, err
	} else if final {
		return s.res, nil
	}
	// Which nonexamples does the spec admit now? Only they teach anything; an example
	// that fails now cannot be mended by a clause, which only rules behaviours out.
	var admitted []*run
	for _, r := range s.runs {
		res := s.solve(r.prefix)
		if res.Status == logic.Unknown {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("whether the run of %s %s is possible: %s", kindOf(r.ex), r.ex.Name.Name, s.opts.Budget.Why(res)))
			return s.res, nil
		}
		if r.ex.Negative {
			if res.Status == logic.Sat {
				r.model = s.sitesIn(r)
				admitted = append(admitted, r)
			}
			continue
		}
		if res.Status == logic.Unsat {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("example %s is impossible already: a new clause only rules behaviours out, so none can mend it", r.ex.Name.Name))
			return s.res, nil
		}
		r.model = s.sitesIn(r)
		r.unique = s.unique(r)
		if r.unique {
			// On the only run its steps allow, a failing expect stays failing under
			// any clause (which either keeps that run or rules it out).
			for _, e := range r.expects {
				lits := append(append([]logic.Lit(nil), r.prefix[:e.prefix]...), e.lit.Not())
				switch res := s.solve(lits); res.Status {
				case logic.Sat:
					s.res.Notes = append(s.res.Notes, fmt.Sprintf("an expect of example %s fails already on the only run its steps allow: no clause can mend it", r.ex.Name.Name))
					return s.res, nil
				case logic.Unknown:
					s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("whether an expect of example %s holds on its run: %s", r.ex.Name.Name, s.opts.Budget.Why(res)))
					return s.res, nil
				}
			}
		}
	}
	if len(admitted) == 0 {
		s.res.Notes = append(s.res.Notes, "the spec rejects every nonexample already: there is nothing to rule out")
		return s.res, nil
	}
	targets := s.targets(admitted)
	fits := s.search(targets)
	if len(fits) == 0 {
		s.noteUndecided()
		s.res.Notes = append(s.res.Notes, fmt.Sprintf("no clause of at most 2 atoms over %s fits (%d candidates, %d asked of the solver)", s.vocabulary(targets), s.res.Tried, s.res.Checked))
		return s.res, nil
	}
	s.choose(fits)
	s.noteUndecided()
	return s.res, nil
}

func (s *synth) vocabulary(ts []*target) string {
	var names []string
	for _, v := range s.vars {
		names = append(names, v.Name)
	}
	for _, t := range ts {
		if t.act != nil {
			for _, p := range t.act.Params {
				names = append(names, p.Name+" (of "+t.act.Name+")")
			}
		}
	}
	return strings.Join(names, ", ")
}

// targets: a requires of each action that an admitted nonexample takes, then a fact. A static spec has facts only.
func (s *synth) targets(admitted []*run) []*target {
	var out []*target
	seen := map[*sema.Symbol]bool{}
	// The last step of a nonexample is where it most often should stop: those actions
	// first, then the others it takes.
	for _, r := range admitted {
		if n := len(r.sites); n > 0 && !seen[r.sites[n-1].act] {
			seen[r.sites[n-1].act] = true
			out = append(out, &target{act: r.sites[n-1].act})
		}
	}
	for _, r := range admitted {
		for _, st := range r.sites {
			if !seen[st.act] {
				seen[st.act] = true
				out = append(out, &target{act: st.act})
			}
		}
	}
	out = append(out, &target{})
	for _, t := range out {
		var params []*sema.Symbol
		if t.act != nil {
			params = t.act.Params
		}
		t.terms = s.terms(params)
		seen := map[int][]int64{}
		for _, r := range s.runs {
			for _, st := range s.sitesOf(r, t, r.model) {
				for ti, tm := range t.terms {
					if tm.shape.Kind == logic.IntKind {
						if c, ok := s.b.Decode(tm.get(s.b, st)).Int, true; ok {
							seen[ti] = append(seen[ti], c)
						}
					}
				}
			}
		}
		t.atoms = s.atoms(t.terms, seen)
		for _, r := range admitted {
			t.negatives = append(t.negatives, s.sitesOf(r, t, r.model))
		}
		for _, r := range s.runs {
			if !r.ex.Negative && r.unique {
				t.positives = append(t.positives, s.sitesOf(r, t, r.model))
			}
		}
	}
	return out
}

// fit is a candidate at its target.
type fit struct {
	c candidate
	t *target
}

// search enumerates candidates smallest first and keeps those that fit, until it has
// enough alternatives of the best's size or the next, or the budget of checks runs out.
func (s *synth) search(targets []*target) []fit {
	var fits []fit
	want := 4 * (s.opts.Alternatives + 1)
	limited := false
	defer func() {
		if limited {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("the candidates after the first %d asked of the solver were not tried (the limit of the search)", s.res.Checked))
		}
	}()
	try := func(t *target, c candidate) bool {
		s.res.Tried++
		if !s.passesNegatives(t, c) {
			return true
		}
		if s.res.Checked >= s.opts.MaxChecks {
			limited = true
			return false
		}
		s.res.Checked++
		if s.fits(t, c) {
			fits = append(fits, fit{c, t})
		}
		return len(fits) < want
	}
	for _, t := range targets {
		for _, a := range t.atoms {
			if !try(t, candidate{text: a.text, size: 1, eval: a.eval}) {
				return fits
			}
		}
	}
	if len(fits) > 0 {
		return fits
	}
	for _, t := range targets {
		for i, a := range t.atoms {
			for j, c := range t.atoms {
				if i == j {
					continue
				}
				a, c := a, c
				if !try(t, candidate{text: a.text + " implies " + c.text, size: 2, eval: func(b *logic.Builder, st site) logic.Lit {
					return b.Implies(a.eval(b, st), c.eval(b, st))
				}}) {
					return fits
				}
				if i < j && !try(t, candidate{text: a.text + " and " + c.text, size: 2, eval: func(b *logic.Builder, st site) logic.Lit {
					return b.And(a.eval(b, st), c.eval(b, st))
				}}) {
					return fits
				}
			}
		}
	}
	return fits
}

// passesNegatives is the cheap test: over each nonexample run seen so far (its values
// as constants, so the circuit folds to true or false), the candidate must be false at
// one site; over each example whose run is unique, true at every site.
func (s *synth) passesNegatives(t *target, c candidate) bool {
	for _, sites := range t.positives {
		for _, st := range sites {
			if c.eval(s.b, st) == logic.False {
				return false
			}
		}
	}
	for _, sites := range t.negatives {
		rejects := false
		for _, st := range sites {
			if l := c.eval(s.b, st); l != logic.True {
				rejects = true // false, or not folded: left to the solver
				break
			}
		}
		if !rejects {
			return false
		}
	}
	return true
}

// fits asks the solver whether, with the candidate added, every nonexample's run is
// impossible and every example's run possible with its expects met. A nonexample the
// candidate lets through becomes a negative of the target.
func (s *synth) fits(t *target, c candidate) bool {
	for _, r := range s.runs {
		if !r.ex.Negative {
			continue
		}
		lits := append(append([]logic.Lit(nil), r.prefix...), s.candidateLits(r, t, c, len(r.sites), len(r.states))...)
		res := s.solve(lits)
		if res.Status == logic.Unsat {
			continue
		}
		if res.Status == logic.Sat {
			// A pred's calls may stand under a negation: no cheap test of polarity.
			if t.pred == nil {
				t.negatives = append(t.negatives, s.sitesOf(r, t, s.sitesIn(r)))
			}
		} else {
			s.unanswered(res)
		}
		return false
	}
	for _, r := range s.runs {
		if r.ex.Negative {
			continue
		}
		lits := append(append([]logic.Lit(nil), r.prefix...), s.candidateLits(r, t, c, len(r.sites), len(r.states))...)
		if res := s.solve(lits); res.Status != logic.Sat {
			if res.Status == logic.Unknown {
				s.unanswered(res)
			}
			return false
		}
		for _, e := range r.expects {
			lits := append(append([]logic.Lit(nil), r.prefix[:e.prefix]...), s.candidateLits(r, t, c, e.sites, e.states)...)
			lits = append(lits, e.lit.Not())
			if res := s.solve(lits); res.Status != logic.Unsat {
				if res.Status == logic.Unknown {
					s.unanswered(res)
				}
				return false
			}
		}
	}
	return true
}

// candidateLits is the candidate at a run's first n sites (a requires) or states (a fact).
func (s *synth) candidateLits(r *run, t *target, c candidate, nSites, nStates int) []logic.Lit {
	if t.pred != nil {
		// Every call of the run, those after the point asked too: a hole that no
		// assumption reads is tied to a value that exists, which restricts nothing.
		return s.holeLits(r, c)
	}
	var out []logic.Lit
	if t.act == nil {
		for _, st := range r.states[:nStates] {
			out = append(out, c.eval(s.b, site{state: st}))
		}
		return out
	}
	for _, st := range r.sites[:nSites] {
		if st.act == t.act {
			out = append(out, c.eval(s.b, st.site))
		}
	}
	return out
}

// choose makes the best fit the proposal and the next distinct ones alternatives,
// each confirmed by the checker on the spec with the clause added.
func (s *synth) choose(fits []fit) {
	var best *fit
	for i := range fits {
		f := &fits[i]
		if best == nil {
			if msg, unknown := s.confirm(f); msg != "" {
				if unknown {
					s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
				} else {
					s.res.Notes = append(s.res.Notes, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
				}
				continue
			}
			best = f
			s.res.Best = s.proposal(f)
			continue
		}
		if len(s.res.Alternatives) >= s.opts.Alternatives {
			break
		}
		if f.t != best.t {
			continue // the example that tells them apart is sought for one target
		}
		ex, bestAdmits, ok := s.distinguish(best, f)
		if !ok {
			continue // the same clause within the spec
		}
		distinct := true
		for _, a := range s.res.Alternatives {
			if a.Target == f.t.name() && a.Example == ex && a.BestAdmits == bestAdmits {
				distinct = false
			}
		}
		if !distinct {
			continue
		}
		if msg, unknown := s.confirm(f); msg != "" {
			if unknown {
				s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("alternative %s was left out: %s", f.c.text, msg))
			}
			continue
		}
		s.res.Alternatives = append(s.res.Alternatives, Alternative{Proposal: *s.proposal(f), Example: ex, BestAdmits: bestAdmits})
	}
}

func (s *synth) proposal(f *fit) *Proposal {
	p := &Proposal{Target: f.t.name(), Clause: f.c.text, Size: f.c.size}
	if f.t.pred != nil {
		p.Pred = f.t.pred.Name
		p.Line = predLine(s.src, f.t.decl, f.c.text)
		return p
	}
	name := s.freshName("FromExamples")
	if f.t.act == nil {
		p.Line = "fact " + name + ": " + f.c.text
	} else {
		p.Line = "requires " + name + ": " + f.c.text
	}
	return p
}

func (s *synth) freshName(base string) string {
	name := base
	for i := 2; len(s.info.Lookup(name)) > 0; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// Edit says where the proposal goes and what to insert there: a fact at the end of
// the file, a requires as the last clause of its action. ok is false when the action
// is not in the file.
func Edit(src string, file *ast.File, p *Proposal) (offset int, text string, ok bool) {
	if p.Target == "pred" {
		return 0, "", false // a body replaces the old one: see Insert
	}
	if p.Target == "fact" {
		sep := ""
		if src != "" && !strings.HasSuffix(src, "\n") {
			sep = "\n"
		}
		return len(src), sep + p.Line + "\n", true
	}
	for _, d := range file.Decls {
		a, isAct := d.(*ast.ActionDecl)
		if !isAct || a.Name == nil || a.Name.Name != p.Target {
			continue
		}
		end := strings.LastIndexByte(src[:a.Span.End], '}')
		if end < a.Span.Start {
			break
		}
		lineStart := strings.LastIndexByte(src[:end], '\n') + 1
		if strings.TrimSpace(src[lineStart:end]) == "" {
			return lineStart, "  " + p.Line + "\n", true
		}
		return end, p.Line + " ", true
	}
	return 0, "", false
}

// Insert returns src with the proposal added (see Edit), and where it went (-1: no
// place for it).
func Insert(src string, file *ast.File, p *Proposal) (string, int) {
	if p.Target == "pred" {
		for _, d := range file.Decls {
			if pd, ok := d.(*ast.PredDecl); ok && pd.Name != nil && pd.Name.Name == p.Pred && pd.Body != nil {
				return replaceBody(src, pd, p.Clause)
			}
		}
		return src, -1
	}
	at, text, ok := Edit(src, file, p)
	if !ok {
		return src, -1
	}
	return src[:at] + text + src[at:], at
}

// confirm has the checker judge the spec with the candidate added: every example must
// pass, every nonexample be rejected, and the text must check. It returns why not,
// and whether that is because the checker could not decide (unknown).
func (s *synth) confirm(f *fit) (why string, unknown bool) {
	p := s.proposal(f)
	text, at := Insert(s.src, s.file, p)
	if at < 0 {
		return "no place to insert it", false
	}
	an := check.Analyze(s.ctx, text, check.Options{Budget: s.opts.Budget.Units, Timeout: s.opts.Budget.Left()})
	for _, x := range an.Findings {
		switch x.Code {
		case diag.Syntax, diag.Name, diag.Type, diag.ExampleFailed, diag.NonexampleAdmitted:
			return fmt.Sprintf("with it, the checker reports %s: %s", x.Code, x.Message), false
		}
	}
	// An unknown inside an example, or one that stops every example (the facts or
	// initial states undecided), leaves the examples' verdicts unknown.
	for _, x := range an.Findings {
		if x.Code == diag.Unknown && (inExample(an.File, x.Span.Start) || strings.Contains(x.Message, "example")) {
			return "the checker could not decide the examples with it: " + x.Message, true
		}
	}
	return "", false
}

// inExample reports whether offset lies inside an example or nonexample block.
func inExample(f *ast.File, offset int) bool {
	for _, d := range f.Decls {
		if ex, ok := d.(*ast.ExampleDecl); ok && offset >= ex.Span.Start && offset < ex.Span.End {
			return true
		}
	}
	return false
}

// unique reports whether an example's run (the model just found) is the only one its
// steps allow: then a fitting candidate must hold along exactly that run.
func (s *synth) unique(r *run) bool {
	var same []logic.Lit
	for i, st := range r.states {
		for v, x := range st {
			same = append(same, s.b.Equal(x, r.model.states[i][v]))
		}
	}
	for i, st := range r.sites {
		for p, x := range st.args {
			same = append(same, s.b.Equal(x, r.model.sites[i].args[p]))
		}
	}
	// Unknown answers no: the run is then not taken as the only one, which asks less
	// of a candidate (it must only keep some run of the example), never more.
	res := s.solve(append(append([]logic.Lit(nil), r.prefix...), s.b.Ands(same...).Not()))
	return res.Status == logic.Unsat
}

// solve asks one question of the synthesiser's solver within the budget.
func (s *synth) solve(assumptions []logic.Lit) logic.Result {
	return s.opts.Budget.Solve(s.ctx, s.b, assumptions)
}

// unanswered counts a question the budget, the time limit or a cancellation left
// without an answer.
func (s *synth) unanswered(r logic.Result) { s.countUndecided(s.opts.Budget.Why(r)) }

// countUndecided counts a question left unanswered, for the reason why.
func (s *synth) countUndecided(why string) {
	if s.undecided == nil {
		s.undecided = map[string]int{}
	}
	s.undecided[why]++
}

// undecidedBecause counts a question that could not be asked because an encoding
// failed (the budget, a limit of the encoder, a cancellation).
func (s *synth) undecidedBecause(err error) { s.countUndecided("an encoding failed: " + err.Error()) }

// noteUndecided says, in Result.Unknown, how many questions went unanswered and why.
func (s *synth) noteUndecided() {
	whys := make([]string, 0, len(s.undecided))
	for why := range s.undecided {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	for _, why := range whys {
		n := s.undecided[why]
		s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%d question%s about candidates or alternatives went unanswered: %s", n, map[bool]string{true: "", false: "s"}[n == 1], why))
	}
}

func kindOf(ex *ast.ExampleDecl) string {
	if ex.Negative {
		return "nonexample"
	}
	return "example"
}
