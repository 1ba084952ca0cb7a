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

// document is an open file: its latest text, the snapshot of the latest version
// built so far, the parse cache that makes the next version cheap, and the deep check
// of the installed version.
//
// Text sync notifications are handled in order on the read loop, but they only record
// the text: parsing and resolving (seconds for a file of megabytes) happen on a
// builder goroutine of the document, so the read loop goes on reading, and requests
// for other documents are answered meanwhile. A request waits only for the snapshot
// of its own document's version (pending).
type document struct {
	uri     uri.URI
	cache   *parser.Cache  // used by the builder only: one at a time per document
	snap    *Snapshot      // the latest snapshot built and installed; nil before the first
	project project.Config // the .specls.json above it, read when it opens

	text     string     // the latest text (read loop only)
	version  int32      // its version
	pend     *pending   // the latest version's snapshot, built or to be built
	queue    []*pending // older versions a request waits for, to build first
	building bool       // a builder goroutine runs for this document

	cancelDeep context.CancelFunc
	resultID   string // the pulled report's id for the current state
}

// pending is one version's snapshot, which requests that arrived after that version
// wait for. A version superseded before its build began is built only if a request
// waits for it (wanted); else it is dropped unbuilt, so fast typing in a large file
// costs one build at a time, not one per keystroke.
type pending struct {
	version int32
	text    string
	wanted  bool          // a request arrived while this was the latest version
	taken   bool          // the builder has started on it
	done    chan struct{} // closed once snap is set (nil: superseded or closed)
	snap    *Snapshot
}

func newPending(version int32, text string) *pending {
	return &pending{version: version, text: text, done: make(chan struct{})}
}

func (p *pending) resolve(snap *Snapshot) {
	p.snap = snap
	close(p.done)
}

func (d *document) stopDeep() {
	if d.cancelDeep != nil {
		d.cancelDeep()
		d.cancelDeep = nil
	}
}

// enqueueLocked makes text the document's latest version and has it built.
func (s *server) enqueueLocked(d *document, version int32, text string) {
	if old := d.pend; old != nil && !old.taken {
		if old.wanted {
			d.queue = append(d.queue, old) // a request waits for exactly this version
		} else {
			old.resolve(nil) // superseded before its build began, and nobody waits
		}
	}
	d.text, d.version = text, version
	d.pend = newPending(version, text)
	if !d.building {
		d.building = true
		go s.build(d)
	}
}

// build builds the document's latest pending version until none is left, installing
// each snapshot that is still the latest when it is done.
func (s *server) build(d *document) {
	for {
		s.mu.Lock()
		p := d.pend
		if len(d.queue) > 0 {
			p, d.queue = d.queue[0], d.queue[1:]
		}
		if p == nil || p.taken || s.docs[d.uri] != d {
			d.building = false
			s.mu.Unlock()
			return
		}
		p.taken = true
		enc, settings := s.enc, s.settings.over(d.project)
		s.mu.Unlock()

		snap := buildSnapshot(d.uri, p.version, p.text, d.cache, enc, settings, s.log)

		s.mu.Lock()
		if s.docs[d.uri] == d && d.pend == p {
			d.snap = snap
			s.installedLocked(s.ctx, d, s.opts.DeepCheckDelay)
		}
		p.resolve(snap) // valid for its version, current or not
		s.mu.Unlock()
	}
}

func (s *server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	td := p.TextDocument
	d := &document{uri: td.URI, cache: parser.NewCache(), project: projectOf(td.URI, s.log)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[td.URI]; old != nil {
		old.stopDeep()
		for _, p := range append(old.queue, old.pend) {
			if p != nil && !p.taken {
				p.resolve(nil)
			}
		}
	}
	s.docs[td.URI] = d
	s.enqueueLocked(d, td.Version, td.Text)
	return nil
}

func (s *server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	u := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[u]
	enc := s.enc
	s.mu.Unlock()
	if d == nil {
		s.log.Warn("change to a document that is not open", "uri", string(u))
		return nil
	}
	if p.TextDocument.Version <= d.version {
		s.log.Warn("version did not increase", "uri", string(u), "from", d.version, "to", p.TextDocument.Version)
	}
	text := applyChanges(d.text, p.ContentChanges, enc)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[u] != d {
		return nil // closed meanwhile: impossible on the ordered path, harmless anyway
	}
	s.enqueueLocked(d, p.TextDocument.Version, text)
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
	for _, p := range append(d.queue, d.pend) {
		if p != nil && !p.taken {
			p.resolve(nil)
		}
	}
	d.pend, d.queue = nil, nil
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
	if d == nil || d.snap == nil {
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
