package lsp

import (
	"fmt"
	"log/slog"
	"sync/atomic"

	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Snapshot is one version of one document with everything the front end learned
// about it. It is immutable: an edit makes a new snapshot, so a request or a deep
// check that holds one sees a consistent text, tree and resolution however the
// document changes meanwhile.
type Snapshot struct {
	URI      uri.URI
	Version  int32
	Text     string
	Lines    *source.LineIndex
	File     *ast.File
	Info     *sema.Info
	Findings []diag.Finding // parser and sema findings, sorted by position
	Settings Settings

	enc  source.Encoding // the session's negotiated position encoding
	deep *deepState      // the deep check's result for exactly this snapshot
}

// deepState holds a snapshot's deep check result. It is the one part of a snapshot
// that is filled in later, once, when the check of that very snapshot finishes: a
// request holding the snapshot then sees the verdicts that belong to its text.
type deepState struct {
	result atomic.Pointer[check.Result]
}

// Deep returns the deep check's findings and property verdicts for this snapshot,
// or nil while the check has not finished (or there is none).
func (s *Snapshot) Deep() *check.Result {
	if s.deep == nil {
		return nil
	}
	return s.deep.result.Load()
}

// buildSnapshot parses and checks text. The parse cache belongs to the document and
// is only ever used from the ordered notification path. A panic in the front end
// (a bug there) costs the resolution of this version, not the session.
func buildSnapshot(u uri.URI, version int32, text string, cache *parser.Cache, enc source.Encoding, settings Settings, log *slog.Logger) *Snapshot {
	s := &Snapshot{URI: u, Version: version, Text: text, Lines: source.NewLineIndex(text), Settings: settings, enc: enc, deep: &deepState{}}
	if len(text) > parser.DefaultMaxSource {
		// Too large to analyse in bounded time and memory: one finding says so, and
		// the text is kept only for positions and edits.
		s.File, s.Info = &ast.File{Span: source.Span{End: len(text)}}, emptyInfo()
		s.Findings = []diag.Finding{diag.New(diag.Syntax, source.Span{}, "the document is %d bytes, over the limit of %d bytes for a spec; it is not analysed", len(text), parser.DefaultMaxSource)}
		return s
	}
	var parseFindings []diag.Finding
	func() {
		defer func() {
			if r := recover(); r != nil {
				log.Error("parser panicked", "uri", string(u), "version", version, "panic", fmt.Sprint(r))
				s.File = &ast.File{Span: source.Span{End: len(text)}}
				parseFindings = nil
			}
		}()
		s.File, parseFindings = cache.Parse(text)
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				log.Error("sema panicked", "uri", string(u), "version", version, "panic", fmt.Sprint(r))
				s.Info = emptyInfo()
			}
		}()
		s.Info = sema.Check(s.File)
	}()
	// The parse cache keeps (and rewrites on the next parse) the Related slices of
	// the findings it hands out; a snapshot outlives that, so it holds its own.
	for i := range parseFindings {
		parseFindings[i].Related = append([]diag.Related(nil), parseFindings[i].Related...)
	}
	s.Findings = append(append([]diag.Finding(nil), parseFindings...), s.Info.Findings...)
	diag.Sort(s.Findings)
	return s
}

func emptyInfo() *sema.Info {
	return &sema.Info{
		Defs:      map[*ast.Ident]*sema.Symbol{},
		Uses:      map[*ast.Ident]*sema.Symbol{},
		Types:     map[ast.Expr]types.Type{},
		TypeExprs: map[ast.Type]types.Type{},
		Options:   sema.DefaultOptions,
	}
}

// withSettings returns a copy of s that carries other settings: same version, same
// front-end analysis, no deep result yet (depth and budget may have changed it).
func (s *Snapshot) withSettings(settings Settings) *Snapshot {
	c := *s
	c.Settings = settings
	c.deep = &deepState{}
	return &c
}
