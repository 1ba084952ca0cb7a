package lsp

import (
	"context"
	"regexp"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// identRE is the language reference's identifier (a lone `_` is the wildcard).
var identRE = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9_]+)$`)

// renamable reports whether a symbol's name can be changed everywhere it is written.
// Every kind can: names are visible in the whole file and nothing outside it refers
// to them.
func renamable(sym *sema.Symbol) bool { return sym != nil && sym.Ident != nil }

// PrepareRename answers the range of the name under the cursor, or null where
// there is none to rename.
func (s *server) PrepareRename(ctx context.Context, p *protocol.PrepareRenameParams) (protocol.PrepareRenameResult, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	id, sym := snap.symbolAt(snap.offset(p.Position))
	if !renamable(sym) {
		return nil, nil
	}
	r := snap.rangeOf(id.Span)
	return &r, nil
}

// Rename rewrites every occurrence of the symbol under the cursor. A new name that
// is not an identifier, is reserved, or is already declared at the top is refused:
// the result would not mean the same.
func (s *server) Rename(ctx context.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	_, sym := snap.symbolAt(snap.offset(p.Position))
	if !renamable(sym) {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "there is no name to rename here")
	}
	switch {
	case !identRE.MatchString(p.NewName):
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%q is not an identifier", p.NewName)
	case parser.IsKeyword(p.NewName):
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%q is a reserved word", p.NewName)
	case p.NewName != sym.Name && len(snap.Info.Lookup(p.NewName)) > 0:
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%q is already declared", p.NewName)
	}
	edits := []protocol.TextEdit{}
	for _, id := range snap.occurrences(sym) {
		edits = append(edits, protocol.TextEdit{Range: snap.rangeOf(id.Span), NewText: p.NewName})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.URI: edits}}, nil
}
