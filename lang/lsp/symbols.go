package lsp

import (
	"context"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
)

// Name lookups shared by hover, definition, references, rename and the outline.

// symbolAt returns the identifier under the cursor and the symbol it declares or
// uses, or nils where the cursor is on no resolved name.
func (s *Snapshot) symbolAt(off int) (*ast.Ident, *sema.Symbol) {
	var found *ast.Ident
	ast.Inspect(s.File, func(n ast.Node) bool {
		if !n.Bounds().Contains(off) {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && s.Info.ObjectOf(id) != nil {
			// A cursor between two names (`a.b` at the dot's end) takes the later.
			found = id
		}
		return true
	})
	if found == nil {
		return nil, nil
	}
	return found, s.Info.ObjectOf(found)
}

// occurrences lists every identifier that declares or uses sym, in source order.
func (s *Snapshot) occurrences(sym *sema.Symbol) []*ast.Ident {
	var out []*ast.Ident
	for id, x := range s.Info.Defs {
		if x == sym {
			out = append(out, id)
		}
	}
	for id, x := range s.Info.Uses {
		if x == sym {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

func symbolKind(k sema.Kind) protocol.SymbolKind {
	switch k {
	case sema.KindSpec:
		return protocol.SymbolKindModule
	case sema.KindType:
		return protocol.SymbolKindClass
	case sema.KindEnum:
		return protocol.SymbolKindEnum
	case sema.KindMember:
		return protocol.SymbolKindEnumMember
	case sema.KindConst:
		return protocol.SymbolKindConstant
	case sema.KindVar:
		return protocol.SymbolKindVariable
	case sema.KindAction:
		return protocol.SymbolKindMethod
	case sema.KindPred, sema.KindFun:
		return protocol.SymbolKindFunction
	case sema.KindParam, sema.KindBound:
		return protocol.SymbolKindVariable
	case sema.KindExample, sema.KindNonexample:
		return protocol.SymbolKindEvent
	}
	return protocol.SymbolKindProperty // facts, initially, invariants, asserts, clause labels
}

// DocumentSymbol answers the outline: every named declaration, with enum members,
// action parameters and named clauses beneath their owner.
func (s *server) DocumentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := protocol.DocumentSymbolSlice{}
	for _, d := range snap.File.Decls {
		if sym := snap.declSymbol(d); sym != nil {
			out = append(out, snap.documentSymbol(sym, d))
		}
	}
	return out, nil
}

// declSymbol is the symbol a top-level declaration declares, if it has a name.
func (s *Snapshot) declSymbol(d ast.Decl) *sema.Symbol {
	var name *ast.Ident
	switch d := d.(type) {
	case *ast.SpecDecl:
		name = d.Name
	case *ast.TypeDecl:
		name = d.Name
	case *ast.EnumDecl:
		name = d.Name
	case *ast.ConstDecl:
		name = d.Name
	case *ast.VarDecl:
		name = d.Name
	case *ast.ClauseDecl:
		name = d.Name
	case *ast.ActionDecl:
		name = d.Name
	case *ast.PredDecl:
		name = d.Name
	case *ast.FunDecl:
		name = d.Name
	case *ast.ExampleDecl:
		name = d.Name
	}
	if name == nil {
		return nil
	}
	return s.Info.Defs[name]
}

func (s *Snapshot) documentSymbol(sym *sema.Symbol, n ast.Node) protocol.DocumentSymbol {
	ds := protocol.DocumentSymbol{
		Name:           sym.Name,
		Kind:           symbolKind(sym.Kind),
		Range:          s.rangeOf(n.Bounds()),
		SelectionRange: s.rangeOf(sym.Ident.Span),
	}
	if detail := symbolDetail(sym); detail != "" {
		ds.Detail = &detail
	}
	var children []*sema.Symbol
	children = append(children, sym.Members...)
	children = append(children, sym.Params...)
	children = append(children, sym.Clauses...)
	for _, c := range children {
		if c.Ident == nil {
			continue
		}
		node := c.Decl
		if node == nil || !node.Bounds().Contains(c.Ident.Span.Start) || c.Kind == sema.KindMember {
			node = c.Ident
		}
		ds.Children = append(ds.Children, s.documentSymbol(c, node))
	}
	return ds
}

// symbolDetail is the short description beside a name in the outline: its kind and,
// for values, its type.
func symbolDetail(sym *sema.Symbol) string {
	if sym.Type != nil && sym.Kind != sema.KindEnum && sym.Kind != sema.KindMember {
		return sym.Kind.String() + ": " + sym.Type.String()
	}
	return sym.Kind.String()
}

// Symbols answers workspace symbols: the top-level names of every open document
// whose name contains the query, ignoring case.
func (s *server) Symbols(ctx context.Context, p *protocol.WorkspaceSymbolParams) (protocol.WorkspaceSymbolResult, error) {
	query := strings.ToLower(p.Query)
	snaps, err := s.snapshots(ctx)
	if err != nil {
		return nil, err
	}
	out := protocol.SymbolInformationSlice{}
	for _, snap := range snaps {
		for _, sym := range snap.Info.Symbols {
			if sym.Ident == nil || !strings.Contains(strings.ToLower(sym.Name), query) {
				continue
			}
			out = append(out, protocol.SymbolInformation{
				BaseSymbolInformation: protocol.BaseSymbolInformation{Name: sym.Name, Kind: symbolKind(sym.Kind)},
				Location:              protocol.Location{URI: snap.URI, Range: snap.rangeOf(sym.Ident.Span)},
			})
		}
	}
	return out, nil
}
