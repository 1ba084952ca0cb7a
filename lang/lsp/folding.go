package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/source"
)

// FoldingRanges answers one range per declaration and per block comment that spans
// several lines.
func (s *server) FoldingRanges(ctx context.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.FoldingRange{}
	add := func(sp source.Span, kind protocol.FoldingRangeKind) {
		start, end := snap.Lines.Line(sp.Start), snap.Lines.Line(sp.End)
		if end > start {
			out = append(out, protocol.FoldingRange{StartLine: uint32(start), EndLine: uint32(end), Kind: kind})
		}
	}
	for _, d := range snap.File.Decls {
		if _, bad := d.(*ast.BadDecl); !bad {
			add(d.Bounds(), "")
		}
	}
	for _, c := range snap.File.Comments {
		add(c.Span, protocol.FoldingRangeKindComment)
	}
	return out, nil
}
