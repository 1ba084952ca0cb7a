package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/format"
)

// Formatting answers the formatter's text as one edit over the whole document; no
// edit when the text is already formatted or does not parse (the formatter keeps
// meaning only for text it can read).
func (s *server) Formatting(ctx context.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out, err := format.Source(snap.Text)
	if err != nil || out == snap.Text {
		return []protocol.TextEdit{}, nil
	}
	return []protocol.TextEdit{{
		Range:   protocol.Range{Start: snap.position(0), End: snap.position(len(snap.Text))},
		NewText: out,
	}}, nil
}
