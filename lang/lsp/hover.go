package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
)

// Hover answers the declaration of the name under the cursor, as Specl, with its
// doc comment; on a property, its verdict and, when it is violated, the run.
func (s *server) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	id, sym := snap.symbolAt(snap.offset(p.Position))
	if sym == nil {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString("```specl\n" + snap.signature(sym) + "\n```")
	if sym.Doc != "" {
		b.WriteString("\n\n" + sym.Doc)
	}
	if sym.Kind == sema.KindInvariant || sym.Kind == sema.KindAssert {
		b.WriteString(snap.propertyHover(sym))
	}
	r := snap.rangeOf(id.Span)
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: b.String()},
		Range:    &r,
	}, nil
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
