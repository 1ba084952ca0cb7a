package synth

import (
	"fmt"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
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
	for _, d := range s.file.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Name == nil {
			continue
		}
		var holes []hole
		s.holes = &holes
		r, err := s.encodeRun(ex)
		s.holes = nil
		if err != nil {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%s %s could not be encoded: %v", kindOf(ex), ex.Name.Name, err))
			return s.res, nil
		}
		r.holes = holes
		calls += len(holes)
		s.runs = append(s.runs, r)
		if ex.Negative {
			s.res.Nonexamples++
		} else {
			s.res.Examples++
		}
	}
	if len(s.runs) == 0 {
		return nil, fmt.Errorf("%s has no example or nonexample to learn from", s.path)
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
	// The first fit the checker confirms; alternatives would need an example that
	// tells two bodies apart through the calls, which is not sought.
	for i := range fits {
		f := &fits[i]
		msg, unknown := s.confirm(f)
		if msg == "" {
			s.res.Best = s.proposal(f)
			break
		}
		if unknown {
			s.res.Unknown = append(s.res.Unknown, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
		} else {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("%s was left out: %s", f.c.text, msg))
		}
	}
	if s.res.Best != nil {
		s.res.Notes = append(s.res.Notes, "alternatives are not sought for a pred's body")
	}
	s.noteUndecided()
	return s.res, nil
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
