// Package english reads typed Specl expressions and declarations aloud: template
// rules over the tree that lang/sema has checked, giving the plain-English text that
// hover in the language server and `specls explain` show. A reading never changes
// meaning: where English nesting would be ambiguous it uses explicit structure
// ("either … or …", "both … and …", lists with semicolons, parentheses around
// quantities) or falls back to the Specl text in backticks for that sub-expression.
// It imports lang/ast, lang/sema, lang/types and lang/format; lang/lsp and cmd/specls
// import it.
package english

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// Expr reads one expression. A boolean expression reads as a sentence ("If the
// status is Closed, then the balance is 0."), any other as a noun phrase ("the
// balance plus the amount").
func Expr(info *sema.Info, e ast.Expr) string {
	if e == nil {
		return ""
	}
	r := newReader(info)
	if r.isBool(e) {
		return sentence(r.clause(e).text)
	}
	return r.noun(e).text
}

type reader struct {
	info *sema.Info
	// shared holds the names whose words some other name also reads as ("maxLoad"
	// and "max_load" both give "max load"); those are quoted, never read as words.
	shared map[string]bool
}

func newReader(info *sema.Info) *reader {
	if info == nil {
		info = &sema.Info{}
	}
	r := &reader{info: info, shared: map[string]bool{}}
	byWords := map[string]string{}
	note := func(name string) {
		w, ok := nameWords(name)
		if !ok {
			return
		}
		if other, seen := byWords[w]; seen && other != name {
			r.shared[name], r.shared[other] = true, true
		}
		byWords[w] = name
	}
	for _, s := range info.Symbols {
		switch s.Kind {
		case sema.KindVar, sema.KindConst:
			note(s.Name)
		case sema.KindAction, sema.KindPred, sema.KindFun:
			for _, p := range s.Params {
				note(p.Name)
			}
		}
	}
	return r
}

// words reads a declared name as words, reporting false where it must be quoted.
func (r *reader) words(name string) (string, bool) {
	if r.shared[name] {
		return "", false
	}
	return nameWords(name)
}

// code is the fallback reading: the Specl text itself, in backticks.
func code(e ast.Node) string {
	return "`" + format.Node(e) + "`"
}

// isBool tells a formula from a value: by its checked type, and where that is
// missing or invalid, by its shape.
func (r *reader) isBool(e ast.Expr) bool {
	if t := r.info.Types[e]; t != nil && t != types.Invalid {
		return t == types.Bool
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Binary:
		return e.Op.Precedence() <= 6
	case *ast.Unary:
		return e.Op == ast.Not
	case *ast.Quant, *ast.BoolLit:
		return true
	case *ast.Call:
		if s := r.info.Uses[e.Fun]; s != nil {
			return s.Kind == sema.KindPred
		}
	case *ast.Name:
		if s := r.info.Uses[e.Ident]; s != nil {
			return s.Kind == sema.KindPred
		}
	}
	return false
}

func (r *reader) symbol(id *ast.Ident) *sema.Symbol {
	if id == nil {
		return nil
	}
	return r.info.ObjectOf(id)
}
