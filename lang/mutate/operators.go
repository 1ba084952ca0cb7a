// Package mutate measures how tightly a spec's examples, nonexamples, invariants and
// asserts pin it down (mutation testing): it rewrites one clause at a time, asks the
// checker whether any verdict changes (killed), the solver whether the mutant is
// equivalent to the original (lang/diff for behaviour, an `iff` assert for a
// property), and for each survivor synthesises an example or nonexample block that
// kills it, checked on both specs. It imports lang/ast, lang/check, lang/diag,
// lang/diff, lang/parser, lang/sema and lang/source; the CLI and the server import it.
package mutate

import (
	"fmt"
	"strconv"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// edit is one rewrite of the source: the bytes of Span replaced by Text.
type edit struct {
	Span source.Span
	Text string
}

// candidate is a mutant before it is judged.
type candidate struct {
	Operator string      // "< to <=", "drop conjunct", …
	Clause   ast.Node    // the clause (or pred/fun) it rewrites
	Label    string      // "requires open of Deposit"
	At       source.Span // the rewritten node
	Edit     edit
	Property bool // the clause is an invariant or assert
}

// operators lists the mutants of every clause of f, in source order.
func operators(f *ast.File, info *sema.Info, src string) []candidate {
	var out []candidate
	text := func(n ast.Node) string { b := n.Bounds(); return src[b.Start:b.End] }
	add := func(c candidate, op string, at ast.Node, sp source.Span, repl string) {
		c.Operator, c.At, c.Edit = op, at.Bounds(), edit{Span: sp, Text: repl}
		out = append(out, c)
	}
	body := func(c candidate, e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Binary:
				swap := map[ast.BinaryOp]ast.BinaryOp{ast.Lt: ast.Le, ast.Le: ast.Lt, ast.Gt: ast.Ge, ast.Ge: ast.Gt,
					ast.Eq: ast.Neq, ast.Neq: ast.Eq, ast.And: ast.Or, ast.Or: ast.And}
				if to, ok := swap[n.Op]; ok {
					add(c, n.Op.String()+" to "+to.String(), n, n.OpSpan, to.String())
				}
				if n.Op == ast.And {
					add(c, "drop conjunct", n.X, n.Span, "("+text(n.Y)+")")
					add(c, "drop conjunct", n.Y, n.Span, "("+text(n.X)+")")
				}
				if n.Op == ast.Implies {
					add(c, "reverse implication", n, n.Span, "(("+text(n.Y)+") implies ("+text(n.X)+"))")
				}
				if n.Op.IsComparison() {
					add(c, "negate", n, n.Span, "(not ("+text(n)+"))")
				}
			case *ast.Call:
				if s := info.Uses[n.Fun]; s != nil && s.Kind == sema.KindPred {
					add(c, "negate", n, n.Span, "(not "+text(n)+")")
				}
			case *ast.IntLit:
				add(c, "constant +1", n, n.Span, strconv.FormatInt(n.Value+1, 10))
				if n.Value > 0 {
					add(c, "constant -1", n, n.Span, strconv.FormatInt(n.Value-1, 10))
				}
			case *ast.Name:
				s := info.Uses[n.Ident]
				if s != nil && s.Kind == sema.KindMember {
					enumMembers(info, s, func(other string) { add(c, "another member", n, n.Span, other) })
				}
				if s != nil && s.Kind == sema.KindVar && s.Type == types.Bool {
					add(c, "negate", n, n.Span, "(not "+n.Ident.Name+")")
				}
			case *ast.Select:
				if s := info.Uses[n.Field]; s != nil && s.Kind == sema.KindMember {
					enumMembers(info, s, func(other string) { add(c, "another member", n, n.Span, other) })
					return false
				}
			case *ast.Quant:
				kw := source.Span{Start: n.Span.Start, End: n.Span.Start + len(n.Kind.String())}
				switch n.Kind {
				case ast.All:
					add(c, "all to some", n, kw, "some")
				case ast.Some:
					add(c, "some to all", n, kw, "all")
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.ClauseDecl:
			if info.Broken(d) {
				continue
			}
			c := candidate{Clause: d, Label: clauseLabel(d.Kind, d.Name, ""), Property: d.Kind == ast.Invariant || d.Kind == ast.Assert}
			if d.Kind == ast.Fact || d.Kind == ast.Initially {
				add(c, "drop "+d.Kind.String(), d, d.Span, "")
			}
			body(c, d.Body)
		case *ast.ActionDecl:
			if info.Broken(d) {
				continue
			}
			for _, ac := range d.Clauses {
				if ac.Body == nil || info.Broken(ac) {
					continue
				}
				c := candidate{Clause: ac, Label: clauseLabel(ac.Kind, ac.Name, d.Name.Name)}
				add(c, "drop "+ac.Kind.String(), ac, ac.Span, "")
				body(c, ac.Body)
			}
		case *ast.PredDecl:
			if !info.Broken(d) {
				body(candidate{Clause: d, Label: "pred " + d.Name.Name}, d.Body)
			}
		case *ast.FunDecl:
			if !info.Broken(d) {
				body(candidate{Clause: d, Label: "fun " + d.Name.Name}, d.Body)
			}
		}
	}
	return out
}

func clauseLabel(k ast.ClauseKind, name *ast.Ident, action string) string {
	s := k.String()
	if name != nil {
		s += " " + name.Name
	}
	if action != "" {
		s += " of " + action
	}
	return s
}

// enumMembers calls f with the other members of s's enum (qualified where the bare
// name would be ambiguous), at most three of them.
func enumMembers(info *sema.Info, s *sema.Symbol, f func(string)) {
	if s.Owner == nil {
		return
	}
	n := 0
	for _, m := range s.Owner.Members {
		if m == s || n == 3 {
			continue
		}
		name := m.Name
		if len(info.Lookup(m.Name)) > 1 {
			name = fmt.Sprintf("%s.%s", s.Owner.Name, m.Name)
		}
		f(name)
		n++
	}
}
