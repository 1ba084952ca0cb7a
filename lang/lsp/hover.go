package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/english"
	"github.com/specls/specls/lang/sema"
)

// Hover answers the declaration of the name under the cursor, as Specl, with its
// doc comment (on a property, its verdict and, when it is violated, the run), then
// the plain-English reading of the clause under the cursor.
func (s *server) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	off := snap.offset(p.Position)
	id, sym := snap.symbolAt(off)
	clause, reading := snap.reading(off)
	var parts []string
	var r protocol.Range
	if sym != nil {
		text := "```specl\n" + snap.signature(sym) + "\n```"
		if sym.Doc != "" {
			text += "\n\n" + sym.Doc
		}
		if sym.Kind == sema.KindInvariant || sym.Kind == sema.KindAssert {
			text += snap.propertyHover(sym)
		}
		parts = append(parts, strings.TrimRight(text, "\n"))
		r = snap.rangeOf(id.Span)
	} else if clause != nil {
		r = snap.rangeOf(clause.Bounds())
	}
	if reading != "" {
		parts = append(parts, reading)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    &r,
	}, nil
}

// reading is the plain-English reading of the clause under the cursor: an action's
// requires or ensures, or the top-level declaration (a whole action when the cursor
// is on its header). Its doc comment is left out: the hover shows it already where
// it belongs. Nothing for a declaration that did not parse or check.
func (s *Snapshot) reading(off int) (ast.Node, string) {
	var node ast.Node
	for _, d := range s.File.Decls {
		if !d.Bounds().Contains(off) {
			continue
		}
		switch d := d.(type) {
		case *ast.BadDecl, *ast.SpecDecl, *ast.ExampleDecl, *ast.OptionDecl:
			return nil, ""
		case *ast.ActionDecl:
			node = d
			for _, c := range d.Clauses {
				if c.Bounds().Contains(off) {
					node = c
				}
			}
		default:
			node = d
		}
	}
	if node == nil || s.Info.Broken(node) {
		return nil, ""
	}
	if c, ok := node.(*ast.ActionClause); ok && c.Body == nil {
		return nil, ""
	}
	text := english.Clause(s.Info, node)
	if d, ok := node.(ast.Documented); ok && d.Documentation().Text != "" {
		text = strings.TrimSuffix(text, "\n\n"+d.Documentation().Text)
	}
	return node, text
}

// signature renders a symbol the way it is declared: `var balance: Money // 0..1000`,
// `action Deposit(amount: 1..500)`, `Open: Status` for an enum member.
func (s *Snapshot) signature(sym *sema.Symbol) string {
	typ := s.typeText(sym)
	params := func() string {
		parts := make([]string, len(sym.Params))
		for i, p := range sym.Params {
			parts[i] = p.Name + ": " + s.typeText(p)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	switch sym.Kind {
	case sema.KindType:
		return "type " + sym.Name + " = " + typ
	case sema.KindEnum:
		names := make([]string, len(sym.Members))
		for i, m := range sym.Members {
			names[i] = m.Name
		}
		return "enum " + sym.Name + " { " + strings.Join(names, ", ") + " }"
	case sema.KindMember:
		return sym.Name + ": " + typ
	case sema.KindConst, sema.KindVar:
		return sym.Kind.String() + " " + sym.Name + ": " + typ
	case sema.KindParam, sema.KindBound:
		text := sym.Name + ": " + typ
		if sym.Owner != nil {
			text = "(" + sym.Kind.String() + " of " + sym.Owner.Name + ") " + text
		}
		return text
	case sema.KindAction:
		if len(sym.Params) == 0 {
			return "action " + sym.Name
		}
		return "action " + sym.Name + params()
	case sema.KindPred:
		return "pred " + sym.Name + params()
	case sema.KindFun:
		return "fun " + sym.Name + params() + ": " + typ
	case sema.KindRequires, sema.KindEnsures:
		if sym.Owner != nil {
			return sym.Kind.String() + " " + sym.Name + " (in " + sym.Owner.Name + ")"
		}
	}
	return sym.Kind.String() + " " + sym.Name
}

// typeText is a symbol's type as written in its declaration, followed by what it
// stands for when that differs (`Money // 0..1000`); the checked type where nothing
// is written (enum members, bound variables).
func (s *Snapshot) typeText(sym *sema.Symbol) string {
	resolved := "?"
	if sym.Type != nil {
		resolved = sym.Type.String()
	}
	var written ast.Type
	switch d := sym.Decl.(type) {
	case *ast.VarDecl:
		written = d.Type
	case *ast.ConstDecl:
		written = d.Type
	case *ast.Param:
		written = d.Type
	case *ast.FunDecl:
		written = d.Result
	case *ast.TypeDecl:
		written = d.Type
	}
	if written == nil {
		return resolved
	}
	text := s.Text[written.Bounds().Start:written.Bounds().End]
	if text != resolved && sym.Kind != sema.KindType {
		return text + " // " + resolved
	}
	return text
}

// propertyHover is the verdict on a property once the deep check has given one, and
// the run that violates it.
func (s *Snapshot) propertyHover(sym *sema.Symbol) string {
	prop, ok := s.property(sym.Ident)
	if !ok {
		return ""
	}
	out := "\n\n**Status:** " + statusText(prop)
	if f, ok := s.propertyFinding(prop); ok && len(f.Counterexample.States) > 0 {
		out += "\n\n" + s.runMarkdown(f)
	}
	return out
}
