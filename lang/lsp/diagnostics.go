package lsp

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
)

// Diagnostics are published per version: the front end's findings as soon as a
// version is installed, the deep check's joined to them when it finishes for that
// same version. Clients that declare the pull capability get nothing pushed; they
// ask with textDocument/diagnostic and are told to ask again when a deep check
// finishes (workspace/diagnostic/refresh, when they accept it).

// publishLocked pushes the current findings of d. s.mu is held: publishing in lock
// order is what keeps an older version's findings from landing after a newer one's.
func (s *server) publishLocked(ctx context.Context, d *document) {
	params := &protocol.PublishDiagnosticsParams{
		URI:         d.uri,
		Version:     protocol.NewOptional(d.snap.Version),
		Diagnostics: s.diagnosticsLocked(d),
	}
	if err := s.client.PublishDiagnostics(ctx, params); err != nil {
		s.log.Warn("publishing diagnostics", "uri", string(d.uri), "error", err)
	}
}

// diagnosticsLocked converts the current findings of d, deep ones included when they
// belong to the current snapshot.
func (s *server) diagnosticsLocked(d *document) []protocol.Diagnostic {
	findings := d.snap.Findings
	if deep := d.snap.Deep(); deep != nil {
		findings = append(append([]diag.Finding(nil), findings...), deep.Findings...)
		diag.Sort(findings)
	}
	return append(d.snap.diagnostics(findings), s.mutantHints(d.snap)...)
}

// scheduleDeepLocked starts the deep check of d's current snapshot after delay. The
// next edit cancels it (stopDeep); a result is installed only if its snapshot is
// still current when it arrives, checked under the same lock the edit takes.
func (s *server) scheduleDeepLocked(d *document, delay time.Duration) {
	d.stopDeep()
	run := s.opts.DeepCheck
	if run == nil || s.state == shuttingDown {
		return
	}
	snap := d.snap
	// The session's context, not the request's: requests' contexts are pooled
	// and die with the handler.
	ctx, cancel := context.WithCancel(s.ctx)
	d.cancelDeep = cancel
	s.deep.Add(1)
	go func() {
		defer s.deep.Done()
		defer cancel()
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		// At most a few checks at once (500 open documents must not start 500
		// solvers); the others wait here, and a cancelled one leaves the queue.
		select {
		case s.deepSlots <- struct{}{}:
			defer func() { <-s.deepSlots }()
		case <-ctx.Done():
			return
		}
		// The check runs under its own context, a child of the document's: the
		// user's cancel of its progress stops the check, and its result (unknown
		// where it stopped) is still this version's; an edit cancels both.
		checkCtx, cancelCheck := context.WithCancel(ctx)
		defer cancelCheck()
		wd := s.beginWorkDone(ctx, snap, cancelCheck)
		if wd != nil {
			checkCtx = context.WithValue(checkCtx, progressKey{}, func(stage string, done, total int) {
				wd.stage(ctx, stage, done, total)
			})
		}
		result, ok := s.runDeep(checkCtx, run, snap)
		switch {
		case ctx.Err() != nil:
			wd.end(s.ctx, "superseded by an edit")
		case wd.wasCancelled():
			wd.end(ctx, "cancelled: what was not decided is reported as unknown")
		default:
			wd.end(ctx, "done")
		}
		if !ok || ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		if ctx.Err() != nil || s.docs[d.uri] != d || d.snap != snap {
			s.mu.Unlock()
			return
		}
		snap.deep.result.Store(&result)
		s.resultGen++
		d.resultID = resultID(snap.Version, s.resultGen)
		refresh, lenses, hints := s.pull && s.refresh, s.lensRefresh, s.hintRefresh
		if !s.pull {
			s.publishLocked(ctx, d)
		}
		s.mu.Unlock()
		// Lenses and hints show the verdicts that just arrived; clients that let us
		// are asked to fetch them again.
		if refresh {
			if err := s.client.DiagnosticRefresh(ctx); err != nil {
				s.log.Warn("asking the client to pull diagnostics again", "error", err)
			}
		}
		if lenses {
			if err := s.client.CodeLensRefresh(ctx); err != nil {
				s.log.Warn("asking the client for code lenses again", "error", err)
			}
		}
		if hints {
			if err := s.client.InlayHintRefresh(ctx); err != nil {
				s.log.Warn("asking the client for inlay hints again", "error", err)
			}
		}
	}()
}

// runDeep runs a deep check, turning a panic into a log line.
func (s *server) runDeep(ctx context.Context, run DeepCheck, snap *Snapshot) (result check.Result, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("deep check panicked", "uri", string(snap.URI), "version", snap.Version,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			result, ok = check.Result{}, false
		}
	}()
	start := time.Now()
	result = run(ctx, snap)
	s.log.Debug("deep check", "uri", string(snap.URI), "version", snap.Version, "ms", time.Since(start).Milliseconds(),
		"findings", len(result.Findings), "properties", len(result.Properties), "cancelled", ctx.Err() != nil)
	return result, true
}

func resultID(version int32, gen int) string {
	return strconv.Itoa(int(version)) + "." + strconv.Itoa(gen)
}

// Diagnostic answers a pull: the current version's findings, or "unchanged" when the
// client already has them.
func (s *server) Diagnostic(ctx context.Context, p *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	// The version current when the pull arrived must be built first.
	if _, err := s.snapshot(ctx, p.TextDocument.URI); ctx.Err() != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil || d.snap == nil {
		return &protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{
			Kind: "full", Items: []protocol.Diagnostic{},
		}}, nil
	}
	if p.PreviousResultID != nil && *p.PreviousResultID == d.resultID {
		return &protocol.RelatedUnchangedDocumentDiagnosticReport{UnchangedDocumentDiagnosticReport: protocol.UnchangedDocumentDiagnosticReport{
			Kind: "unchanged", ResultID: d.resultID,
		}}, nil
	}
	id := d.resultID
	return &protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{
		Kind: "full", ResultID: &id, Items: s.diagnosticsLocked(d),
	}}, nil
}

// diagnostics converts findings of s for the client: disabled codes and findings
// suppressed by `// specls:ignore CODE` are left out; a counterexample's short form
// ends the message, for clients that show nothing else.
func (s *Snapshot) diagnostics(findings []diag.Finding) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(findings))
	for _, f := range check.Suppress(s.File, s.Lines, findings) {
		if s.Settings.Disabled(f.Code) {
			continue
		}
		out = append(out, s.diagnostic(f))
	}
	return out
}

func (s *Snapshot) diagnostic(f diag.Finding) protocol.Diagnostic {
	msg := f.Message
	if short := f.Counterexample.Short(); short != "" {
		msg += " (" + short + ")"
	}
	d := protocol.Diagnostic{
		Range:    s.rangeOf(f.Span),
		Severity: severity(f.Severity),
		Code:     protocol.String(string(f.Code)),
		Source:   protocol.NewOptional("specls"),
		Message:  protocol.String(msg),
		// The code links to its section of the reference, as SARIF's helpUri does.
		CodeDescription: protocol.CodeDescription{Href: uri.URI(diag.HelpURI(f.Code))},
	}
	if f.Code == diag.Redundant || f.Code == diag.Unreachable {
		d.Tags = protocol.NewDiagnosticTags(protocol.DiagnosticTagUnnecessary)
	}
	for _, r := range f.Related {
		loc := protocol.Location{URI: s.URI, Range: s.rangeOf(r.Span)}
		if r.Path != "" {
			// Another file's text is not at hand to convert the span: point at it.
			loc = protocol.Location{URI: uri.File(r.Path)}
		}
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: loc, Message: r.Message})
	}
	return d
}

func severity(s diag.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diag.Warning:
		return protocol.DiagnosticSeverityWarning
	case diag.Info:
		return protocol.DiagnosticSeverityInformation
	case diag.Hint:
		return protocol.DiagnosticSeverityHint
	}
	return protocol.DiagnosticSeverityError
}
