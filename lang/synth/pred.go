package synth

import (
	"fmt"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/steps"
)

// hole is one call of the pred whose body is sought (Options.Pred), in an example's
// run: a literal left free in the run's encoding, and where the body would be read
// (the caller's state and the arguments, by parameter). A candidate body is tried by
// tying every hole to the candidate at its site.
type hole struct {
	lit logic.Lit
	at  site
}

// predSymbol finds the pred named name.
func (s *synth) predSymbol(name string) (*sema.Symbol, *ast.PredDecl, error) {
	for _, sym := range s.info.Lookup(name) {
		if sym.Kind == sema.KindPred {
			if d, ok := sym.Decl.(*ast.PredDecl); ok && d.Body != nil {
				return sym, d, nil
			}
		}
	}
	return nil, nil, fmt.Errorf("%s has no pred named %s", s.path, name)
}

// runPred synthesises the body of pred: the examples' runs are encoded with a hole at
// each call of it, whatever its body says now (its body is what is sought), and a
// candidate fits when, with every hole tied to it, every example passes and every
// nonexample is rejected. The checker then confirms the best on the spec with the body
// replaced.
func (s *synth) runPred(pred *sema.Symbol, decl *ast.PredDecl) (*Result, error) {
	s.enc.Substitute = func(callee *sema.Symbol, pre encode.State, args map[*sema.Symbol]logic.Value) (logic.Value, bool) {
		if callee != pred || s.holes == nil {
			return logic.Value{}, false
		}
		h := hole{lit: s.b.FreshValue(logic.BoolShape()).B, at: site{state: pre, args: args}}
		*s.holes = append(*s.holes, h)
		return logic.BoolValue(h.lit), true
	}
	calls := 0
	final, err := s.encodeRuns(func(ex *ast.ExampleDecl) (*run, error) {
		var holes []hole // the calls of pred in this run (see Substitute above)
		s.holes = &holes
		r, err := s.encodeRun(ex)
		s.holes = nil
		if err == nil {
			r.holes = holes
			calls += len(holes)
		}
		return r, err
	})
	if err != nil {
		return nil, err
	} else if final {
		return s.res, nil
	}
	if calls == 0 {
		s.res.Notes = append(s.res.Notes, fmt.Sprintf("no example's run calls %s (in the clauses of its steps, its givens or its expects): nothing tells its body", pred.Name))
		return s.res, nil
	}
	t := &target{pred: pred, decl: decl}
	t.terms = s.predTerms(pred.Params)
	t.atoms = s.atoms(t.terms, nil)
	fits := s.search([]*target{t})
	if len(fits) == 0 {
		s.noteUndecided()
		s.res.Notes = append(s.res.Notes, fmt.Sprintf("no body of at most 2 atoms over %s fits (%d candidates, %d asked of the solver)", s.vocabulary([]*target{t}), s.res.Tried, s.res.Checked))
		return s.res, nil
	}
	// The first fit the checker confirms is the best; the others that some example
	// tells apart from it (checked on both bodies) are the alternatives.
	var best *fit
	for i := range fits {
		f := &fits[i]
		if best != nil {
			if len(s.res.Alternatives) >= s.opts.Alternatives {
				break
			}
			ex, bestAdmits, ok := s.distinguishPred(best, f)
			if !ok || s.seenAlternative(ex, bestAdmits) {
				continue
			}
			if msg, _ := s.confirm(f); msg == "" {
				s.res.Alternatives = append(s.res.Alternatives, Alternative{Proposal: *s.proposal(f), Example: ex, BestAdmits: bestAdmits})
			}
			continue
		}
		msg, unknown := s.confirm(f)
		if msg == "" {
			best = f
			s.res.Best = s.proposal(f)
			continue
		}
		if unknown {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
		} else {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
		}
	}
	s.noteUndecided()
	return s.res, nil
}

// seenAlternative reports whether an alternative with this example is listed already
// (it would tell nothing new).
func (s *synth) seenAlternative(ex string, bestAdmits bool) bool {
	for _, a := range s.res.Alternatives {
		if a.Example == ex && a.BestAdmits == bestAdmits {
			return true
		}
	}
	return false
}

// holeLits ties each hole of a run to the candidate at its site.
func (s *synth) holeLits(r *run, c candidate) []logic.Lit {
	out := make([]logic.Lit, 0, len(r.holes))
	for _, h := range r.holes {
		out = append(out, s.b.Iff(h.lit, c.eval(s.b, h.at)))
	}
	return out
}

// replaceBody returns src with the body of decl replaced by body.
func replaceBody(src string, decl *ast.PredDecl, body string) (string, int) {
	sp := decl.Body.Bounds()
	if sp.Start < 0 || sp.End > len(src) || sp.Start > sp.End {
		return src, -1
	}
	return src[:sp.Start] + body + src[sp.End:], sp.Start
}

// predLine is the pred's declaration with body as its body, on one line.
func predLine(src string, decl *ast.PredDecl, body string) string {
	head := src[decl.Span.Start:decl.Body.Bounds().Start]
	return strings.Join(strings.Fields(head), " ") + " " + body
}

// distinguishPred asks for the shortest run (a model, for a static spec) that the spec
// with one body admits and with the other rejects: both admit its start and every
// step before the last, and they disagree on the last (on the start, for none). The
// run, written as an example block, is then judged by the checker on both specs, since
// a step one body rejects may have another next state the other allows: only a block
// that passes with one body and fails with the other is returned.
func (s *synth) distinguishPred(best, alt *fit) (string, bool, bool) {
	depth := s.info.Options.BoundedDepth()
	if !s.info.StateMachine {
		depth = 0
	}
	for k := 0; k <= depth; k++ {
		ex, bestAdmits, found := s.distinguishPredAt(best, alt, k)
		if !found {
			continue
		}
		if s.judgedApart(best, alt, ex, bestAdmits) {
			return ex, bestAdmits, true
		}
		return "", false, false
	}
	return "", false, false
}

func (s *synth) distinguishPredAt(best, alt *fit, k int) (ex string, bestAdmits, found bool) {
	b := s.opts.Budget.Builder(s.ctx)
	pred := best.t.pred
	encWith := func(body candidate) *encode.Encoder {
		enc := s.opts.Budget.Encoder(b, s.info)
		enc.Substitute = func(callee *sema.Symbol, pre encode.State, args map[*sema.Symbol]logic.Value) (logic.Value, bool) {
			if callee != pred {
				return logic.Value{}, false
			}
			return logic.BoolValue(body.eval(b, site{state: pre, args: args})), true
		}
		return enc
	}
	encs := [2]*encode.Encoder{encWith(best.c), encWith(alt.c)}
	var acts []*sema.Symbol
	var names []string
	for _, sym := range s.info.Symbols {
		if sym.Kind == sema.KindAction && !s.info.Broken(sym.Decl) {
			acts = append(acts, sym)
			names = append(names, sym.Name)
		}
	}
	var all []logic.Lit
	states := []encode.State{encs[0].NewState()}
	var sels []logic.Value
	var argsAt []map[*sema.Symbol]logic.Value
	var last [2]logic.Lit
	var err error
	func() {
		defer catch(&err)
		clauses := func(cs []steps.Clause, err error) logic.Lit {
			if err != nil {
				panic(failure{err})
			}
			return b.Ands(steps.Lits(cs)...)
		}
		for i, enc := range encs {
			last[i] = clauses(steps.Facts(enc, s.file, states[0]))
			if s.info.StateMachine {
				last[i] = b.And(last[i], clauses(steps.Initially(enc, s.file, states[0])))
			}
		}
		for i := 0; i < k; i++ {
			all = append(all, last[0], last[1])
			pre, post := states[i], encs[0].NewState()
			states = append(states, post)
			sel := b.FreshValue(logic.EnumShape(names...))
			sels = append(sels, sel)
			args := map[*sema.Symbol]logic.Value{}
			argsAt = append(argsAt, args)
			for _, a := range acts {
				for _, p := range a.Params {
					args[p] = must(encs[0].FreshLocal(p))
				}
			}
			for j, enc := range encs {
				var options []logic.Lit
				for _, a := range acts {
					taken := b.And(clauses(steps.Step(enc, a, pre, post, args)), clauses(steps.Facts(enc, s.file, post)))
					options = append(options, b.And(b.Is(sel, diag.Enum(a.Name)), taken))
				}
				last[j] = b.Ors(options...)
			}
		}
		all = append(all, b.Xor(last[0], last[1]))
	}()
	if err != nil {
		s.undecidedBecause(err)
		return "", false, false
	}
	for _, l := range all {
		b.Assert(l)
	}
	var prefer []logic.Lit
	for _, st := range states {
		for _, v := range s.vars {
			prefer = append(prefer, logic.Preferred(st[v])...)
		}
	}
	if len(prefer) > 64 {
		prefer = prefer[:64]
	}
	if r := s.opts.Budget.Solve(s.ctx, b, nil); r.Status != logic.Sat {
		if r.Status == logic.Unknown {
			s.unanswered(r)
		}
		return "", false, false
	}
	if r := s.opts.Budget.Prefer(s.ctx, b, nil, prefer); r.Status != logic.Sat {
		s.unanswered(r)
		return "", false, false
	}
	// The givens always: the spec's initially clauses may call the pred too.
	return s.exampleBlock(b, acts, states, sels, argsAt, true), b.Value(last[0]), true
}

// judgedApart has the checker judge the block on the spec with each body: the one
// said to admit it must pass it, the other must fail it.
func (s *synth) judgedApart(best, alt *fit, block string, bestAdmits bool) bool {
	verdict := func(f *fit) string {
		text, at := Insert(s.src, s.file, s.proposal(f))
		if at < 0 {
			return ""
		}
		text += "\n" + block + "\n"
		name := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(block, "{", 2)[0], "example"))
		an := check.Analyze(s.ctx, text, check.Options{Budget: s.opts.Budget.Units, Timeout: s.opts.Budget.Left(), Verdicts: true,
			Stop: func(v check.ExampleVerdict) bool { return v.Name == name }})
		for _, v := range an.Examples {
			if v.Name == name {
				return v.Status
			}
		}
		return ""
	}
	b, a := verdict(best), verdict(alt)
	if b == "unknown" || a == "unknown" {
		s.countUndecided("whether an example tells two bodies apart: the checker could not decide it")
		return false
	}
	if bestAdmits {
		return b == "passes" && a == "fails"
	}
	return b == "fails" && a == "passes"
}
