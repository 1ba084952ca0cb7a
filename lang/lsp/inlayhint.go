package lsp

import (
	"context"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
)

// InlayHint shows a counterexample where it matters: for each deep finding with one,
// the value of each var, parameter and bound variable right after its first use in
// the clause the finding is about (`balance = 600`). Nothing before the deep check of
// this version has finished.
func (s *server) InlayHint(ctx context.Context, p *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	from, to := snap.offset(p.Range.Start), snap.offset(p.Range.End)
	type hint struct {
		at int
		h  protocol.InlayHint
	}
	var hints []hint
	type key struct {
		at    int
		label string
	}
	seen := map[key]bool{} // two findings on one clause show a value once
	yes := true
	for _, f := range snap.diagnosableRuns() {
		region := snap.findingRegion(f)
		if region == nil {
			continue
		}
		tip := string(f.Code) + ": " + f.Message
		for _, nv := range snap.regionValues(f, region) {
			at := nv.id.Span.End
			if nv.primed {
				at++ // after the prime
			}
			label := "= " + nv.value.String()
			k := key{at, label}
			if at < from || at > to || seen[k] {
				continue
			}
			seen[k] = true
			hints = append(hints, hint{at, protocol.InlayHint{
				Position:    snap.position(at),
				Label:       protocol.String(label),
				Tooltip:     protocol.String(tip),
				PaddingLeft: &yes,
			}})
		}
	}
	sort.SliceStable(hints, func(i, j int) bool { return hints[i].at < hints[j].at })
	out := make([]protocol.InlayHint, len(hints))
	for i, h := range hints {
		out[i] = h.h
	}
	return out, nil
}

// diagnosableRuns are the run findings the user sees: those not disabled by the
// settings nor suppressed in the text.
func (s *Snapshot) diagnosableRuns() []diag.Finding {
	var out []diag.Finding
	for _, f := range check.Suppress(s.File, s.Lines, s.runFindings()) {
		if !s.Settings.Disabled(f.Code) {
			out = append(out, f)
		}
	}
	return out
}
