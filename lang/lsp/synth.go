package lsp

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/steps"
	"github.com/specls/specls/lang/synth"
)

// Synthesis in the editor: on an example or nonexample block, "propose a clause from
// the examples" inserts the clause lang/synth proposes (a fact at the end, or a
// requires in its action); each alternative's distinguishing example can be added as
// an example (keeping the best) or a nonexample (ruling the best out), for the next
// round.

// synthActions offers the proposal and the distinguishing examples when rng touches
// an example or nonexample block of a file without errors.
func (s *Snapshot) synthActions(ctx context.Context, rng protocol.Range) []protocol.CommandOrCodeAction {
	start, end := s.offset(rng.Start), s.offset(rng.End)
	on := false
	for _, d := range s.File.Decls {
		if ex, ok := d.(*ast.ExampleDecl); ok && ex.Span.Start <= end && start <= ex.Span.End {
			on = true
			break
		}
	}
	if !on {
		return nil
	}
	for _, f := range s.Findings {
		if f.Severity == diag.Error {
			return nil // a spec that does not check has no runs to learn from
		}
	}
	// The editor's budget, as for the check and mutate.
	res, err := synth.Synthesize(ctx, string(s.URI), s.Text, synth.Options{Budget: steps.Budget{Units: s.Settings.Budget}})
	if err != nil || res.Best == nil {
		return nil
	}
	kind := protocol.CodeActionKindRefactorRewrite
	edit := func(title string, e protocol.TextEdit) *protocol.CodeAction {
		return &protocol.CodeAction{Title: title, Kind: &kind,
			Edit: &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{s.URI: {e}}}}
	}
	var out []protocol.CommandOrCodeAction
	if at, text, ok := synth.Edit(s.Text, s.File, res.Best); ok {
		where := ""
		if res.Best.Target != "fact" {
			where = " in " + res.Best.Target
		}
		p := s.position(at)
		out = append(out, edit("Propose a clause from the examples: "+res.Best.Line+where,
			protocol.TextEdit{Range: protocol.Range{Start: p, End: p}, NewText: text}))
	}
	for _, a := range res.Alternatives {
		keep, other := "keeps "+res.Best.Clause, "keeps "+a.Clause
		if !a.BestAdmits {
			keep, other = other, keep
		}
		out = append(out,
			edit("Add the example that tells "+res.Best.Clause+" from "+a.Clause+" (as an example: "+keep+")", s.appendDecl(a.Example)),
			edit("Add the example that tells "+res.Best.Clause+" from "+a.Clause+" (as a nonexample: "+other+")", s.appendDecl("non"+a.Example)))
	}
	return out
}
