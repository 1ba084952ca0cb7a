package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/eval"
	"github.com/specls/specls/lang/mutate"
)

// The elicitation features: a mutation score lens on the first line ("mutation score
// 12/15 — show survivors"), surviving mutants as hint diagnostics with an action that
// adds the example that kills each (behind the mutationHints setting), and a "run 100
// random runs" lens whose answer is the first failing run, as "show run" shows runs.

const (
	showSurvivorsCommand = "specls.showSurvivors"
	randomRunsCommand    = "specls.randomRuns"
	mutantSource         = "specls mutate"
)

// randomRuns shapes the lens's runs: fixed, so the same text gives the same answer.
var randomRuns = eval.RandomOptions{Runs: 100, Steps: 20, Seed: 1}

// elicitation holds each document's mutation result, computed in the background once
// the deep check of a version is done, for that version's text.
type elicitation struct {
	mu      sync.Mutex
	results map[uri.URI]*mutation
}

type mutation struct {
	text   string
	cancel context.CancelFunc
	result *mutate.Result // nil while running, or when it could not run
	err    string
}

// mutationFor returns the mutation of snap's text: done, running, or nothing yet.
func (s *server) mutationFor(snap *Snapshot) *mutation {
	s.elicit.mu.Lock()
	defer s.elicit.mu.Unlock()
	if m := s.elicit.results[snap.URI]; m != nil && m.text == snap.Text {
		return m
	}
	return nil
}

// ensureMutation starts the mutation of snap's text when its deep check is done and
// nothing has started for this text; an older text's run is cancelled.
func (s *server) ensureMutation(snap *Snapshot) {
	if snap.Deep() == nil || len(snap.Findings) > 0 && hasError(snap.Findings) {
		return
	}
	s.elicit.mu.Lock()
	if s.elicit.results == nil {
		s.elicit.results = map[uri.URI]*mutation{}
	}
	if old := s.elicit.results[snap.URI]; old != nil {
		if old.text == snap.Text {
			s.elicit.mu.Unlock()
			return
		}
		old.cancel()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	m := &mutation{text: snap.Text, cancel: cancel}
	s.elicit.results[snap.URI] = m
	s.elicit.mu.Unlock()
	s.deep.Add(1)
	go func() {
		defer s.deep.Done()
		defer cancel()
		res, err := s.runMutation(ctx, snap)
		if ctx.Err() != nil {
			return
		}
		s.elicit.mu.Lock()
		m.result = res
		if err != nil {
			m.err = err.Error()
		}
		s.elicit.mu.Unlock()
		s.mu.Lock()
		d := s.docs[snap.URI]
		lenses, pull, refresh := s.lensRefresh, s.pull, s.refresh
		if d != nil && d.snap != nil && d.snap.Text == snap.Text && d.snap.Settings.MutationHints && !pull {
			s.publishLocked(ctx, d)
		}
		hints := d != nil && d.snap != nil && d.snap.Settings.MutationHints
		s.mu.Unlock()
		if lenses {
			if err := s.client.CodeLensRefresh(ctx); err != nil {
				s.log.Warn("asking the client for code lenses again", "error", err)
			}
		}
		if hints && pull && refresh {
			if err := s.client.DiagnosticRefresh(ctx); err != nil {
				s.log.Warn("asking the client to pull diagnostics again", "error", err)
			}
		}
	}()
}

func hasError(fs []diag.Finding) bool {
	for _, f := range fs {
		if f.Severity == diag.Error {
			return true
		}
	}
	return false
}

func (s *server) runMutation(ctx context.Context, snap *Snapshot) (res *mutate.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("mutation panicked", "uri", string(snap.URI), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("internal error")
		}
	}()
	// One worker: the editor's checks share the machine.
	return mutate.Run(ctx, string(snap.URI), snap.Text, mutate.Options{Workers: 1, Budget: snap.Settings.Budget})
}

// elicitLenses are the lenses of the first line.
func (s *server) elicitLenses(snap *Snapshot) []protocol.CodeLens {
	if hasError(snap.Findings) {
		return nil
	}
	first := protocol.Range{}
	arg, _ := json.Marshal(map[string]string{"uri": string(snap.URI)})
	var out []protocol.CodeLens
	s.ensureMutation(snap)
	if m := s.mutationFor(snap); m != nil {
		s.elicit.mu.Lock()
		res, errText := m.result, m.err
		s.elicit.mu.Unlock()
		switch {
		case res != nil:
			title := fmt.Sprintf("mutation score %d/%d", res.Killed, res.Total-res.Equivalent)
			if res.Survived+res.Unknown > 0 {
				title += " — show survivors"
			}
			out = append(out, protocol.CodeLens{Range: first, Command: protocol.Command{Title: title, Command: showSurvivorsCommand, Arguments: []protocol.LSPAny{arg}}})
		case errText != "":
			out = append(out, protocol.CodeLens{Range: first, Command: protocol.Command{Title: "mutation score: unknown (" + errText + ")"}})
		default:
			out = append(out, protocol.CodeLens{Range: first, Command: protocol.Command{Title: "mutation score: computing…"}})
		}
	}
	if snap.Info.StateMachine {
		out = append(out, protocol.CodeLens{Range: first, Command: protocol.Command{
			Title: fmt.Sprintf("run %d random runs", randomRuns.Runs), Command: randomRunsCommand, Arguments: []protocol.LSPAny{arg}}})
	}
	return out
}

// elicitCommand answers the commands of this file; ok false for any other.
func (s *server) elicitCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (protocol.LSPAny, bool, error) {
	if p.Command != showSurvivorsCommand && p.Command != randomRunsCommand {
		return nil, false, nil
	}
	var ref struct {
		URI string `json:"uri"`
	}
	if len(p.Arguments) != 1 || json.Unmarshal(p.Arguments[0], &ref) != nil {
		return nil, true, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes one argument, {uri}", p.Command)
	}
	snap, err := s.snapshot(ctx, uri.URI(ref.URI))
	if err != nil {
		return nil, true, err
	}
	var md string
	if p.Command == showSurvivorsCommand {
		md, err = s.survivorsMarkdown(snap)
	} else {
		md, err = snap.randomRunsMarkdown(ctx)
	}
	if err != nil {
		return nil, true, err
	}
	if err := s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: md}); err != nil {
		s.log.Warn("showing a result", "error", err)
	}
	out, err := json.Marshal(md)
	return protocol.LSPAny(out), true, err
}

func (s *server) survivorsMarkdown(snap *Snapshot) (string, error) {
	m := s.mutationFor(snap)
	if m == nil {
		return "", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "no mutation result for the current version yet")
	}
	s.elicit.mu.Lock()
	res := m.result
	s.elicit.mu.Unlock()
	if res == nil {
		return "", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "the mutation of the current version has not finished")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**mutation score %d/%d**: %d killed, %d survived, %d equivalent (left out)", res.Killed, res.Total-res.Equivalent, res.Killed, res.Survived, res.Equivalent)
	if res.Unknown > 0 {
		fmt.Fprintf(&b, ", %d unknown", res.Unknown)
	}
	b.WriteString("\n")
	for _, mu := range res.Mutants {
		if mu.Status != "survived" && mu.Status != "unknown" {
			continue
		}
		fmt.Fprintf(&b, "\n- line %d, %s: `%s` → `%s` (%s, %s)\n", mu.Line, mu.Clause, oneLine(mu.Original), oneLine(mu.Replacement), mu.Operator, mu.Status)
		if mu.Kill != "" {
			b.WriteString("\n  ```specl\n")
			for _, l := range strings.Split(mu.Kill, "\n") {
				b.WriteString("  " + l + "\n")
			}
			b.WriteString("  ```\n")
		} else if mu.Why != "" {
			b.WriteString("  " + mu.Why + "\n")
		}
	}
	return b.String(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// randomRunsMarkdown makes the lens's random runs: the first failing one, shortened,
// as the run table "show run" shows; or, when none fails, what was covered.
func (snap *Snapshot) randomRunsMarkdown(ctx context.Context) (string, error) {
	m, err := eval.New(snap.File, snap.Info)
	if err != nil {
		return "", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	var failing *eval.Run
	cov, err := m.Random(ctx, randomRuns, func(r *eval.Run) bool {
		if r.Failure != nil {
			failing = r
		}
		return true
	})
	if err != nil {
		return fmt.Sprintf("**random runs stopped**: %v (seed %d)", err, randomRuns.Seed), nil
	}
	if failing != nil {
		failing = m.Shorten(ctx, failing, nil, 100_000)
		head := fmt.Sprintf("**run %s breaks %s after %s** (%s, seed %d)\n\n",
			failing.ID, failing.Failure.Describe(), count(len(failing.Steps), "step"), count(cov.Runs, "random run"), randomRuns.Seed)
		return head + snap.runMarkdown(diag.Finding{Counterexample: m.Counterexample(failing)}), nil
	}
	var fired []string
	for _, a := range m.Actions {
		part := fmt.Sprintf("%s %d", a.Name(), cov.Fired[a.Name()])
		if b := cov.Blocks[a.Name()]; b > 0 {
			part += fmt.Sprintf(" (blocked %d)", b)
		}
		fired = append(fired, part)
	}
	taken := 0
	for _, site := range cov.Sites {
		if cov.Hits[site] > 0 {
			taken++
		}
	}
	return fmt.Sprintf("**%d random runs of up to %d steps: no invariant or assert broken** (seed %d)\n\n"+
		"%d distinct states; steps: %s; arms and branches taken: %d of %d\n",
		cov.Runs, randomRuns.Steps, randomRuns.Seed, cov.Distinct, strings.Join(fired, ", "), taken, len(cov.Sites)), nil
}

// mutantHints are the surviving mutants of the current text as hint diagnostics, when
// the mutationHints setting is on.
func (s *server) mutantHints(snap *Snapshot) []protocol.Diagnostic {
	if !snap.Settings.MutationHints {
		return nil
	}
	s.ensureMutation(snap)
	m := s.mutationFor(snap)
	if m == nil {
		return nil
	}
	s.elicit.mu.Lock()
	res := m.result
	s.elicit.mu.Unlock()
	if res == nil {
		return nil
	}
	var out []protocol.Diagnostic
	for _, mu := range res.Mutants {
		if mu.Status != "survived" {
			continue
		}
		msg := fmt.Sprintf("mutant %d survives: `%s` → `%s` (%s) changes no verdict of an example, nonexample or property", mu.ID, oneLine(mu.Original), oneLine(mu.Replacement), mu.Operator)
		if mu.Kill == "" && mu.Why != "" {
			msg += "; " + mu.Why
		}
		out = append(out, protocol.Diagnostic{
			Range:    snap.rangeOf(mu.Span),
			Severity: protocol.DiagnosticSeverityHint,
			Code:     protocol.String(fmt.Sprintf("mutant-%d", mu.ID)),
			Source:   protocol.NewOptional(mutantSource),
			Message:  protocol.String(msg),
		})
	}
	return out
}

// killMutantActions offers, for each surviving-mutant hint in the request, to add the
// example (or nonexample) that kills it at the end of the spec.
func (s *server) killMutantActions(snap *Snapshot, diags []protocol.Diagnostic) []protocol.CommandOrCodeAction {
	var out []protocol.CommandOrCodeAction
	m := s.mutationFor(snap)
	if m == nil {
		return nil
	}
	s.elicit.mu.Lock()
	res := m.result
	s.elicit.mu.Unlock()
	if res == nil {
		return nil
	}
	end := snap.position(len(snap.Text))
	for _, d := range diags {
		if src, _ := d.Source.Get(); src != mutantSource {
			continue
		}
		code, _ := d.Code.(protocol.String)
		for _, mu := range res.Mutants {
			if string(code) != fmt.Sprintf("mutant-%d", mu.ID) || mu.Kill == "" {
				continue
			}
			sep := "\n"
			if !strings.HasSuffix(snap.Text, "\n") {
				sep = "\n\n"
			}
			kind := protocol.CodeActionKindQuickFix
			out = append(out, &protocol.CodeAction{
				Title:       "Add the example that kills this mutant",
				Kind:        &kind,
				Diagnostics: []protocol.Diagnostic{d},
				Edit: &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.URI: {{
					Range:   protocol.Range{Start: end, End: end},
					NewText: sep + mu.Kill + "\n",
				}}}},
			})
		}
	}
	return out
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
