// Package steps encodes the meaning of a checked spec over states its caller makes:
// the facts in a state, the initially clauses, and one action's step (requires,
// ensures, the frame rule), one literal per clause instance, so that a core names
// clauses. It serves the tools that put specs, examples and candidates side by side
// (lang/diff, lang/synth, lang/mine), and the Budget under which they ask their
// questions; lang/check builds its own worlds. It imports lang/ast,
// lang/sema, lang/encode, lang/logic and lang/source.
package steps

import (
	"fmt"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Clause is one clause instance: its literal, where it stands and what it is
// ("fact Positive", "requires Room of Deposit", "frame rule of Close: keeps balance").
type Clause struct {
	Lit  logic.Lit
	Span source.Span
	What string
}

// Lits lists the clauses' literals.
func Lits(cs []Clause) []logic.Lit {
	out := make([]logic.Lit, len(cs))
	for i, c := range cs {
		out[i] = c.Lit
	}
	return out
}

// Vars lists the spec's variables that checked, in declaration order.
func Vars(info *sema.Info) []*sema.Symbol {
	var out []*sema.Symbol
	for _, sym := range info.Symbols {
		if sym.Kind == sema.KindVar && !types.IsInvalid(sym.Type) && !info.Broken(sym.Decl) {
			out = append(out, sym)
		}
	}
	return out
}

// Name is a clause's keyword and its name when it has one.
func Name(kind ast.ClauseKind, name *ast.Ident) string {
	if name == nil {
		return kind.String()
	}
	return kind.String() + " " + name.Name
}

// Facts encodes every fact in state s.
func Facts(enc *encode.Encoder, file *ast.File, s encode.State) ([]Clause, error) {
	return top(enc, file, s, ast.Fact)
}

// Initially encodes every initially clause in state s.
func Initially(enc *encode.Encoder, file *ast.File, s encode.State) ([]Clause, error) {
	return top(enc, file, s, ast.Initially)
}

func top(enc *encode.Encoder, file *ast.File, s encode.State, kind ast.ClauseKind) (out []Clause, err error) {
	for _, d := range file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Kind != kind || cd.Body == nil || enc.Info.Broken(cd) {
			continue
		}
		lit, err := enc.Formula(&encode.Frame{Pre: s, Path: logic.True}, cd.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, Clause{Lit: lit, Span: cd.Span, What: Name(cd.Kind, cd.Name)})
	}
	return out, nil
}

// Step encodes a step of an action from pre to post with the given arguments (one
// value per parameter): its requires (read pre), its ensures (read both) and the frame
// rule (each variable primed in none of its clauses keeps its value). The facts of
// post are the caller's to add.
func Step(enc *encode.Encoder, act *sema.Symbol, pre, post encode.State, args map[*sema.Symbol]logic.Value) (out []Clause, err error) {
	decl, ok := act.Decl.(*ast.ActionDecl)
	if !ok {
		return nil, fmt.Errorf("%s is not an action", act.Name)
	}
	b := enc.B
	primed := map[*sema.Symbol]bool{}
	for _, cl := range decl.Clauses {
		if cl.Body == nil || enc.Info.Broken(cl) {
			continue
		}
		for _, s := range enc.Info.Primes(cl) {
			primed[s] = true
		}
		f := &encode.Frame{Pre: pre, Locals: args, Path: logic.True}
		if cl.Kind == ast.Ensures {
			f.Post = post
		}
		lit, err := enc.Formula(f, cl.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, Clause{Lit: lit, Span: cl.Span, What: Name(cl.Kind, cl.Name) + " of " + act.Name})
	}
	for _, v := range Vars(enc.Info) {
		x, ok1 := pre[v]
		y, ok2 := post[v]
		if !primed[v] && ok1 && ok2 {
			out = append(out, Clause{Lit: b.Equal(x, y), Span: decl.Name.Span, What: fmt.Sprintf("frame rule of %s: keeps %s", act.Name, v.Name)})
		}
	}
	return out, nil
}
