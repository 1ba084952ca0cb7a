package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// Definition answers where the name under the cursor is declared.
func (s *server) Definition(ctx context.Context, p *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	_, sym := snap.symbolAt(snap.offset(p.Position))
	if sym == nil || sym.Ident == nil {
		return protocol.LocationSlice{}, nil
	}
	return &protocol.Location{URI: snap.URI, Range: snap.rangeOf(sym.Ident.Span)}, nil
}

// References answers every use of the name under the cursor (and its declaration
// when asked).
func (s *server) References(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	_, sym := snap.symbolAt(snap.offset(p.Position))
	out := []protocol.Location{}
	if sym == nil {
		return out, nil
	}
	for _, id := range snap.occurrences(sym) {
		if id == sym.Ident && !p.Context.IncludeDeclaration {
			continue
		}
		out = append(out, protocol.Location{URI: snap.URI, Range: snap.rangeOf(id.Span)})
	}
	return out, nil
}
