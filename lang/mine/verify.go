package mine

import (
	"context"
	"fmt"
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

// Verdict is what the spec says of a candidate.
type Verdict struct {
	Candidate
	// Status: "implied" (the spec's types and facts, or for a step the action's
	// clauses, already say it), "proved" (new: not said, but true in every reachable
	// state or step), "holds-to-depth" (new: no counterexample within Depth steps),
	// "contradicted" (the spec allows a state or step the traces never showed: Run
	// shows it), "unknown" (Reason says why), "error" (the candidate does not fit the
	// spec: a name it lacks, a type; Reason says which).
	Status string               `json:"status"`
	Line   string               `json:"line,omitempty"` // ready to paste
	Depth  int                  `json:"depth,omitempty"`
	Reason string               `json:"reason,omitempty"`
	Run    *diag.Counterexample `json:"run,omitempty"`
}

// stepVar and stepEnum are the names the verification adds to a copy of the spec to
// tell which action took a step (a step candidate holds for one action's steps).
const (
	stepVar    = "mined_step"
	stepEnum   = "Mined_Step"
	propPrefix = "Mined_"
)

// Verify asks the spec about each candidate. A copy of the spec gets each state
// candidate as an invariant and each step candidate of action A as the step assert
// `mined_step' == A implies …` (with a variable that each action sets to its own
// name, and one per parameter the candidate reads). Resolved, that copy tells which
// candidates fit the spec's vocabulary, and the solver which ones the spec already
// says (types and facts for a state; the action's clauses and the frame rule from any
// valid state for a step); the checker then decides the others on a copy with them
// alone: proved, holds to a depth, or violated (contradicted, with the run). Every
// question is asked within budget (Units 0: the spec's `option budget`); one it cuts
// off makes its candidate unknown, with the reason.
func Verify(ctx context.Context, src string, cands []Candidate, budget steps.Budget) ([]Verdict, error) {
	f, fs := parser.Parse(src)
	info := sema.Check(f)
	for _, x := range append(fs, info.Findings...) {
		if x.Severity == diag.Error {
			return nil, fmt.Errorf("the spec has errors (see specls check): %s", x.Message)
		}
	}
	budget = budget.UnitsOr(info.Options.Budget)
	acts := map[string]*ast.ActionDecl{}
	var order []string
	for _, d := range f.Decls {
		if a, ok := d.(*ast.ActionDecl); ok && a.Name != nil {
			acts[a.Name.Name] = a
			order = append(order, a.Name.Name)
		}
	}
	out := make([]Verdict, len(cands))
	hasSteps := false
	for i, c := range cands {
		out[i] = Verdict{Candidate: c}
		if c.Kind == "step" {
			if acts[c.Action] == nil {
				out[i].Status, out[i].Reason = "error", "the spec has no action "+c.Action
				continue
			}
			hasSteps = true
		}
	}
	// build writes the copy of the spec with the candidates include selects.
	build := func(include func(i int) bool) string {
		text := src
		// Each action sets mined_step to its name, and each parameter a step candidate
		// mentions to a variable of its own, mined_A_p, so that a step assert can read it
		// (inserted from the last action back, so earlier offsets stay valid).
		var extraVars []string
		if hasSteps {
			for k := len(order) - 1; k >= 0; k-- {
				a := acts[order[k]]
				end := strings.LastIndexByte(text[:a.Span.End], '}')
				ins := "\n  ensures " + stepVar + "' == " + stepEnum + "_" + a.Name.Name
				for _, p := range a.Params {
					if p.Name == nil || p.Type == nil || !mentionsParam(cands, a.Name.Name, p.Name.Name) {
						continue
					}
					v := paramVar(a.Name.Name, p.Name.Name)
					ins += "\n  ensures " + v + "' == " + p.Name.Name
					extraVars = append(extraVars, "var "+v+": "+src[p.Type.Bounds().Start:p.Type.Bounds().End])
				}
				text = text[:end] + ins + "\n" + text[end:]
			}
			text += "\n" + strings.Join(extraVars, "\n")
			var members []string
			for _, n := range order {
				members = append(members, stepEnum+"_"+n)
			}
			text += "\nenum " + stepEnum + " { " + strings.Join(members, ", ") + " }\nvar " + stepVar + ": " + stepEnum + "\n"
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		for i, c := range cands {
			if out[i].Status != "" {
				continue
			}
			name := fmt.Sprintf("%s%d", propPrefix, i+1)
			if c.Kind == "step" {
				q := c.Text
				for _, p := range acts[c.Action].Params {
					if p.Name != nil {
						q = replaceWord(q, p.Name.Name, paramVar(c.Action, p.Name.Name)+"'")
					}
				}
				text += fmt.Sprintf("assert %s: %s' == %s_%s implies (%s)\n", name, stepVar, stepEnum, c.Action, q)
				out[i].Line = "ensures " + c.Text
			} else {
				text += fmt.Sprintf("invariant %s: %s\n", name, c.Text)
				out[i].Line = "invariant " + freshName(info, "Mined", i+1) + ": " + c.Text
			}
		}
		return text
	}
	// First the copy with every candidate, resolved only: which ones check, and which
	// the spec already says (no reachability needed); then the checker on a copy with
	// the others alone.
	all := build(func(int) bool { return true })
	f1, _ := parser.Parse(all)
	pre := check.Analysis{File: f1, Info: sema.Check(f1)}
	decls := map[string]*ast.ClauseDecl{}
	for _, d := range pre.File.Decls {
		if cd, ok := d.(*ast.ClauseDecl); ok && cd.Name != nil && strings.HasPrefix(cd.Name.Name, propPrefix) {
			decls[cd.Name.Name] = cd
		}
	}
	for i := range out {
		v := &out[i]
		if v.Status != "" {
			continue
		}
		name := fmt.Sprintf("%s%d", propPrefix, i+1)
		cd := decls[name]
		if cd == nil || pre.Info.Broken(cd) {
			v.Status, v.Reason = "error", "it does not check against the spec: "+firstError(pre, cd)
			continue
		}
		var act *sema.Symbol
		if v.Kind == "step" {
			for _, sym := range pre.Info.Lookup(v.Action) {
				if sym.Kind == sema.KindAction {
					act = sym
				}
			}
		}
		implied, reason := impliedBySpec(ctx, pre, cd, act, budget)
		switch {
		case reason != "":
			v.Status, v.Reason = "unknown", reason
		case implied:
			v.Status = "implied"
		}
	}
	text := build(func(i int) bool { return out[i].Status == "" })
	an := check.Analyze(ctx, text, check.Options{Budget: budget.Units, Timeout: budget.Left()})
	props := map[string]diag.Property{}
	for _, p := range an.Properties {
		props[p.Name] = p
	}
	for i := range out {
		v := &out[i]
		if v.Status != "" {
			continue
		}
		name := fmt.Sprintf("%s%d", propPrefix, i+1)
		p, ok := props[name]
		if !ok {
			v.Status, v.Reason = "unknown", "the checker gave no verdict"
			continue
		}
		switch p.Status {
		case diag.Proved:
			v.Status = "proved"
		case diag.HoldsToDepth:
			v.Status, v.Depth = "holds-to-depth", p.Depth
			if p.Reason != "" {
				// The search was cut short: a depth the budget chose, not the spec.
				v.Status, v.Reason = "unknown", fmt.Sprintf("no counterexample in runs of at most %d steps, then %s", p.Depth, unknownWhy(an, p))
			}
		case diag.Violated:
			v.Status = "contradicted"
			if v.Run = counterexample(an, p); v.Run == nil {
				v.Reason = "the run that shows it could not be rebuilt within the budget"
			}
		default:
			v.Status, v.Reason = "unknown", unknownWhy(an, p)
		}
	}
	return out, nil
}

// unknownWhy is why a property of the copy went undecided: the checker's unknown
// finding on it when there is one (it says which question and why), else the
// property's reason.
func unknownWhy(an check.Analysis, p diag.Property) string {
	for _, x := range an.Findings {
		if x.Code == diag.Unknown && x.Span.Start >= p.Span.Start && x.Span.Start <= p.Span.End {
			// The copy's name for it means nothing to the reader.
			return strings.ReplaceAll(x.Message, p.Name, "the candidate")
		}
	}
	if p.Reason == "" {
		return "the checker gave no reason"
	}
	return p.Reason
}

func paramVar(act, param string) string { return "mined_" + act + "_" + param }

// mentionsParam reports whether a step candidate of act names the parameter.
func mentionsParam(cands []Candidate, act, param string) bool {
	for _, c := range cands {
		if c.Kind == "step" && c.Action == act && replaceWord(c.Text, param, "") != c.Text {
			return true
		}
	}
	return false
}

// replaceWord replaces the identifier w (not part of a longer name) in s.
func replaceWord(s, w, by string) string {
	isID := func(b byte) bool {
		return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], w) && (i == 0 || !isID(s[i-1])) && (i+len(w) == len(s) || !isID(s[i+len(w)])) {
			out.WriteString(by)
			i += len(w)
			continue
		}
		out.WriteByte(s[i])
		i++
	}
	return out.String()
}

func freshName(info *sema.Info, base string, i int) string {
	name := fmt.Sprintf("%s%d", base, i)
	for k := 2; len(info.Lookup(name)) > 0; k++ {
		name = fmt.Sprintf("%s%d_%d", base, i, k)
	}
	return name
}

func firstError(an check.Analysis, cd *ast.ClauseDecl) string {
	for _, x := range an.Findings {
		if x.Severity == diag.Error && (cd == nil || (x.Span.Start >= cd.Span.Start && x.Span.Start <= cd.Span.End)) {
			return x.Message
		}
	}
	return "a name or type it uses"
}

// counterexample is the run of a violated property, without the helper variable.
func counterexample(an check.Analysis, p diag.Property) *diag.Counterexample {
	for _, x := range an.Findings {
		if (x.Code == diag.InvariantViolated || x.Code == diag.AssertViolated) && x.Span.Start >= p.Span.Start && x.Span.Start <= p.Span.End && x.Counterexample != nil {
			cx := *x.Counterexample
			cx.States = nil
			for _, s := range x.Counterexample.States {
				var st diag.State
				for _, b := range s {
					if b.Name != stepVar && !strings.HasPrefix(b.Name, "mined_") {
						st = append(st, b)
					}
				}
				cx.States = append(cx.States, st)
			}
			return &cx
		}
	}
	return nil
}

// impliedBySpec asks whether the spec already says the candidate without
// reachability: a state candidate from the types and facts; a step candidate of
// action act from its clauses, the frame rule and the facts, from any valid state.
func impliedBySpec(ctx context.Context, an check.Analysis, cd *ast.ClauseDecl, sym *sema.Symbol, budget steps.Budget) (implied bool, reason string) {
	b := budget.Builder(ctx)
	enc := budget.Encoder(b, an.Info)
	var assume []logic.Lit
	err := func() error {
		pre := enc.NewState()
		add := func(cs []steps.Clause, err error) error {
			assume = append(assume, steps.Lits(cs)...)
			return err
		}
		if err := add(steps.Facts(enc, an.File, pre)); err != nil {
			return err
		}
		if sym == nil {
			l, err := enc.Formula(&encode.Frame{Pre: pre, Path: logic.True}, cd.Body)
			assume = append(assume, l.Not())
			return err
		}
		post := enc.NewState()
		args := map[*sema.Symbol]logic.Value{}
		for _, p := range sym.Params {
			v, err := enc.FreshLocal(p)
			if err != nil {
				return err
			}
			args[p] = v
		}
		if err := add(steps.Step(enc, sym, pre, post, args)); err != nil {
			return err
		}
		if err := add(steps.Facts(enc, an.File, post)); err != nil {
			return err
		}
		// The body is `mined_step' == Mined_Step_A implies (Q)`: Q is what is asked.
		q := cd.Body
		if bin, ok := ast.Unparen(q).(*ast.Binary); ok && bin.Op == ast.Implies {
			q = bin.Y
		}
		l, err := enc.Formula(&encode.Frame{Pre: pre, Post: post, Path: logic.True}, q)
		assume = append(assume, l.Not())
		return err
	}()
	if err != nil {
		return false, "it could not be encoded: " + err.Error()
	}
	// Only the variables' domains are asserted (satisfiable), so the question under
	// assumptions is safe from gini's trouble with clauses unsat on their own (see
	// lang/diff).
	r := budget.Solve(ctx, b, assume)
	switch r.Status {
	case logic.Unsat:
		return true, ""
	case logic.Sat:
		return false, ""
	}
	return false, "could not decide whether the spec already says it: " + budget.Why(r)
}
