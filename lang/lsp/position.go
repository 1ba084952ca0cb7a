package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/source"
)

// The negotiated position encoding decides how a column counts; the conversions
// themselves are source.LineIndex's, the only place that does position arithmetic.

// encodingKinds pairs the protocol's encoding names with source's encodings (UTF-32
// columns count code points).
var encodingKinds = []struct {
	kind protocol.PositionEncodingKind
	enc  source.Encoding
}{
	{protocol.PositionEncodingKindUTF8, source.UTF8},
	{protocol.PositionEncodingKindUTF32, source.CodePoints},
	{protocol.PositionEncodingKindUTF16, source.UTF16},
}

// negotiateEncoding picks the client's most preferred encoding that the server
// speaks; UTF-16 when the client offers none (the protocol's mandatory default).
func negotiateEncoding(offered []protocol.PositionEncodingKind) (protocol.PositionEncodingKind, source.Encoding) {
	for _, o := range offered {
		for _, k := range encodingKinds {
			if o == k.kind {
				return k.kind, k.enc
			}
		}
	}
	return protocol.PositionEncodingKindUTF16, source.UTF16
}

// offset converts a protocol position to a byte offset in s.
func (s *Snapshot) offset(p protocol.Position) int {
	return s.Lines.Offset(source.Position{Line: int(p.Line), Column: int(p.Character)}, s.enc)
}

// position converts a byte offset in s to a protocol position.
func (s *Snapshot) position(off int) protocol.Position {
	p := s.Lines.Position(off, s.enc)
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Column)}
}

// rangeOf converts a span of s to a protocol range.
func (s *Snapshot) rangeOf(sp source.Span) protocol.Range {
	return protocol.Range{Start: s.position(sp.Start), End: s.position(sp.End)}
}
