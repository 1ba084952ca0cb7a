package lsp

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"

	"go.lsp.dev/uri"

	"github.com/specls/specls/internal/project"
	"github.com/specls/specls/lang/diag"
)

// Settings are the user's choices, from initializationOptions and
// workspace/didChangeConfiguration. Zero Depth or Budget means "the spec's own
// `option` or the default"; the deep check decides the precedence.
type Settings struct {
	Depth         int         // bound for reachability checks
	Budget        int         // work budget per question, in thousands of work units (check.BudgetUnit)
	DisabledCodes []diag.Code // findings with these codes are not shown
	MutationHints bool        // surviving mutants as hint diagnostics (elicit.go); off by default
}

// Disabled reports whether findings with code c are hidden.
func (s Settings) Disabled(c diag.Code) bool { return slices.Contains(s.DisabledCodes, c) }

// settingsJSON is the wire form. Clients nest it under "specls" in
// didChangeConfiguration (VS Code style sections) or send it bare.
type settingsJSON struct {
	Depth         *int     `json:"depth"`
	Budget        *int     `json:"budget"`
	DisabledCodes []string `json:"disabledCodes"`
	MutationHints *bool    `json:"mutationHints"`
}

// applySettings returns base updated with the fields present in raw. Absent fields
// keep their value; a field of the wrong type or a negative bound is an error and
// changes nothing.
func applySettings(base Settings, raw []byte) (Settings, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return base, nil
	}
	var wrapped struct {
		Specls json.RawMessage `json:"specls"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && len(wrapped.Specls) > 0 && string(wrapped.Specls) != "null" {
		raw = wrapped.Specls
	}
	var in settingsJSON
	if err := json.Unmarshal(raw, &in); err != nil {
		return base, fmt.Errorf("settings: %w", err)
	}
	out := base
	if in.Depth != nil {
		if *in.Depth < 0 {
			return base, fmt.Errorf("settings: depth %d is negative", *in.Depth)
		}
		out.Depth = *in.Depth
	}
	if in.Budget != nil {
		if *in.Budget < 0 {
			return base, fmt.Errorf("settings: budget %d is negative", *in.Budget)
		}
		out.Budget = *in.Budget
	}
	if in.MutationHints != nil {
		out.MutationHints = *in.MutationHints
	}
	if in.DisabledCodes != nil {
		out.DisabledCodes = make([]diag.Code, len(in.DisabledCodes))
		for i, c := range in.DisabledCodes {
			out.DisabledCodes[i] = diag.Code(c)
		}
	}
	return out, nil
}

// over fills what the client left unset from the project file (.specls.json) of a
// document, as `specls check` does: the client's depth and budget win, and the codes
// either disables are hidden.
func (s Settings) over(p project.Config) Settings {
	out := s
	if out.Depth == 0 {
		out.Depth = p.Depth
	}
	if out.Budget == 0 {
		out.Budget = p.Budget
	}
	if len(p.Disable) > 0 {
		out.DisabledCodes = append(slices.Clip(s.DisabledCodes), p.Disable...)
	}
	return out
}

// projectOf reads the project file that governs a document: the first .specls.json
// found walking up from its folder. A document that is no file, or a broken project
// file (logged), gets none.
func projectOf(u uri.URI, log *slog.Logger) project.Config {
	if !u.IsFile() {
		return project.Config{}
	}
	p, err := project.ForSpec(u.FsPath())
	if err != nil {
		log.Warn("project file not used", "uri", string(u), "error", err.Error())
		return project.Config{}
	}
	return p
}
