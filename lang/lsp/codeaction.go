package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// CodeAction offers, for each of our diagnostics in the request, the fixes its code
// has (the replacement a "did you mean X?" names; remove a redundant clause; an else or a missing arm for a non-exhaustive
// cases; a violated property's or blocked action's run pinned as a nonexample or an
// example), then to suppress it with a `// specls:ignore CODE` comment on the line
// above, indented like that line. On an example or nonexample block it also offers a
// clause proposed from the examples (see synth.go).
func (s *server) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.CommandOrCodeAction{}
	// Synthesis asks the solver many questions: only when the user asks (not on the
	// requests a client sends as the cursor moves).
	if wantsKind(p.Context.Only, protocol.CodeActionKindRefactorRewrite) && p.Context.TriggerKind != protocol.CodeActionTriggerKindAutomatic {
		out = append(out, snap.synthActions(ctx, p.Range)...)
	}
	out = append(out, s.killMutantActions(snap, p.Context.Diagnostics)...)
	for _, d := range p.Context.Diagnostics {
		code, ok := d.Code.(protocol.String)
		if !ok || code == "" {
			continue
		}
		if src, _ := d.Source.Get(); src != "specls" {
			continue
		}
		switch diag.Code(code) {
		case diag.Redundant:
			out = append(out, snap.removeRedundant(d)...)
		case diag.NonExhaustive:
			out = append(out, snap.completeCases(d)...)
		case diag.InvariantViolated, diag.AssertViolated, diag.BlockedAction:
			out = append(out, snap.pinRun(d, diag.Code(code))...)
		case diag.Syntax, diag.Name:
			out = append(out, snap.applySuggestions(d, diag.Code(code))...)
		}
		line := int(d.Range.Start.Line)
		text := snap.Lines.LineText(line)
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		at := snap.position(snap.Lines.Offset(source.Position{Line: line}, snap.enc))
		kind := protocol.CodeActionKindQuickFix
		out = append(out, &protocol.CodeAction{
			Title:       "Suppress " + string(code) + " here (// specls:ignore " + string(code) + ")",
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{d},
			Edit: &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.URI: {{
				Range:   protocol.Range{Start: at, End: at},
				NewText: indent + "// " + check.IgnorePrefix + " " + string(code) + "\n",
			}}}},
		})
	}
	return out, nil
}

// wantsKind reports whether a request restricted to the kinds only (none: any) takes
// actions of kind k.
func wantsKind(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == k || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}
