package lsp

import (
	"context"
	"encoding/json"
	"sort"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
)

// showRunCommand is the command behind a "show run" lens: it answers the run as
// markdown and shows it with window/showMessage.
const showRunCommand = "specls.showRun"

// runRef names a run in a command's argument: the finding's code and the name it
// points at (a property, an action, an example). Names survive edits that move
// text around, so a lens clicked a moment after an edit still finds its run.
type runRef struct {
	URI  string `json:"uri"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// CodeLens answers, above each invariant and assert, its verdict (proved, holds to
// depth N, violated, unknown: why) and, above each property, action or example whose
// finding has a run, a "show run" lens. Nothing until the deep check of this version
// has finished.
func (s *server) CodeLens(ctx context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.CodeLens{}
	if snap.Deep() == nil {
		return out, nil
	}
	for _, d := range snap.File.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || (cd.Kind != ast.Invariant && cd.Kind != ast.Assert) || cd.Name == nil {
			continue
		}
		if prop, ok := snap.property(cd.Name); ok {
			out = append(out, protocol.CodeLens{
				Range: snap.rangeOf(cd.Name.Span),
				// No command: the lens is a label.
				Command: protocol.Command{Title: statusText(prop)},
			})
		}
	}
	for _, f := range snap.diagnosableRuns() {
		if len(f.Counterexample.States) == 0 {
			continue
		}
		arg, err := json.Marshal(runRef{URI: string(snap.URI), Code: string(f.Code), Name: snap.Text[f.Span.Start:f.Span.End]})
		if err != nil {
			return nil, err
		}
		out = append(out, protocol.CodeLens{
			Range:   snap.rangeOf(f.Span),
			Command: protocol.Command{Title: "show run", Command: showRunCommand, Arguments: []protocol.LSPAny{arg}},
		})
	}
	out = append(out, s.elicitLenses(snap)...)
	// A property's verdict, then its run, line by line.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Line < out[j].Range.Start.Line })
	return out, nil
}

// ExecuteCommand runs specls.showRun: the run of the named finding, as markdown,
// both as the answer (for clients with an extension of ours) and in a
// window/showMessage (for the others).
func (s *server) ExecuteCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	if out, ok, err := s.elicitCommand(ctx, p); ok {
		return out, err
	}
	if p.Command != showRunCommand {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", p.Command)
	}
	if len(p.Arguments) != 1 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes one argument, {uri, code, name}", showRunCommand)
	}
	var ref runRef
	if err := json.Unmarshal(p.Arguments[0], &ref); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", showRunCommand, err)
	}
	snap, err := s.snapshot(ctx, uri.URI(ref.URI))
	if err != nil {
		return nil, err
	}
	f, ok := snap.findRun(diag.Code(ref.Code), ref.Name)
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "no %s run for %s in the current version", ref.Code, ref.Name)
	}
	md := "**" + f.Message + "**\n\n" + snap.runMarkdown(f)
	if err := s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: md}); err != nil {
		s.log.Warn("showing a run", "error", err)
	}
	out, err := json.Marshal(md)
	return protocol.LSPAny(out), err
}

// findRun returns the deep finding with code whose range covers name.
func (s *Snapshot) findRun(code diag.Code, name string) (diag.Finding, bool) {
	for _, f := range s.runFindings() {
		if f.Code == code && s.Text[f.Span.Start:f.Span.End] == name {
			return f, true
		}
	}
	return diag.Finding{}, false
}
