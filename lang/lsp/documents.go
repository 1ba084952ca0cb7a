package lsp

import (
	"context"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/internal/project"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
)

// document is an open file: its current snapshot, the parse cache that makes the
// next version cheap, and the deep check of the current version.
type document struct {
	uri     uri.URI
	cache   *parser.Cache
	snap    *Snapshot
	project project.Config // the .specls.json above it, read when it opens

	cancelDeep context.CancelFunc
	resultID   string // the pulled report's id for the current state
}

func (d *document) stopDeep() {
	if d.cancelDeep != nil {
		d.cancelDeep()
		d.cancelDeep = nil
	}
}

func (s *server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	td := p.TextDocument
	s.mu.Lock()
	enc, settings := s.enc, s.settings
	if old := s.docs[td.URI]; old != nil {
		old.stopDeep()
	}
	s.mu.Unlock()

	d := &document{uri: td.URI, cache: parser.NewCache(), project: projectOf(td.URI, s.log)}
	d.snap = buildSnapshot(td.URI, td.Version, td.Text, d.cache, enc, settings.over(d.project), s.log)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[td.URI] = d
	s.installedLocked(ctx, d, s.opts.DeepCheckDelay)
	return nil
}

func (s *server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	u := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[u]
	enc, settings := s.enc, s.settings
	s.mu.Unlock()
	if d == nil {
		s.log.Warn("change to a document that is not open", "uri", string(u))
		return nil
	}
	if p.TextDocument.Version <= d.snap.Version {
		s.log.Warn("version did not increase", "uri", string(u), "from", d.snap.Version, "to", p.TextDocument.Version)
	}
	text := applyChanges(d.snap.Text, p.ContentChanges, enc)
	snap := buildSnapshot(u, p.TextDocument.Version, text, d.cache, enc, settings.over(d.project), s.log)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[u] != d {
		return nil // closed meanwhile: impossible on the ordered path, harmless anyway
	}
	d.snap = snap
	s.installedLocked(ctx, d, s.opts.DeepCheckDelay)
	return nil
}

// applyChanges applies content changes in order, each to the result of the one
// before (as the protocol says), with positions in the session's encoding.
func applyChanges(text string, changes []protocol.TextDocumentContentChangeEvent, enc source.Encoding) string {
	for _, c := range changes {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = c.Text
		case *protocol.TextDocumentContentChangePartial:
			lines := source.NewLineIndex(text)
			start := lines.Offset(source.Position{Line: int(c.Range.Start.Line), Column: int(c.Range.Start.Character)}, enc)
			end := lines.Offset(source.Position{Line: int(c.Range.End.Line), Column: int(c.Range.End.Character)}, enc)
			if end < start {
				start, end = end, start
			}
			text = text[:start] + c.Text + text[end:]
		}
	}
	return text
}

func (s *server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	u := p.TextDocument.URI
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[u]
	if d == nil {
		return nil
	}
	d.stopDeep()
	delete(s.docs, u)
	if !s.pull {
		// A closed file's problems are no longer the editor's to show.
		return s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
	}
	return nil
}

// DidSave starts the deep check of the saved version at once: saving is a natural
// pause.
func (s *server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return nil
	}
	if d.snap.Deep() == nil {
		s.scheduleDeepLocked(d, 0)
	}
	return nil
}

// installedLocked follows a new current snapshot of d: the front end's findings go
// out at once and the deep check of the previous version gives way to this one's.
func (s *server) installedLocked(ctx context.Context, d *document, delay time.Duration) {
	d.stopDeep()
	s.resultGen++
	d.resultID = resultID(d.snap.Version, s.resultGen)
	if !s.pull {
		s.publishLocked(ctx, d)
	}
	s.scheduleDeepLocked(d, delay)
}
