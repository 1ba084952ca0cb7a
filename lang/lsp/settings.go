package lsp

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/specls/specls/lang/diag"
)

// Settings are the user's choices, from initializationOptions and
// workspace/didChangeConfiguration. Zero Depth or Budget means "the spec's own
// `option` or the default"; the deep check decides the precedence.
type Settings struct {
	Depth         int         // bound for reachability checks
	Budget        int         // solver budget per question, in milliseconds
	DisabledCodes []diag.Code // findings with these codes are not shown
}

// Disabled reports whether findings with code c are hidden.
func (s Settings) Disabled(c diag.Code) bool { return slices.Contains(s.DisabledCodes, c) }

// settingsJSON is the wire form. Clients nest it under "specls" in
// didChangeConfiguration (VS Code style sections) or send it bare.
type settingsJSON struct {
	Depth         *int     `json:"depth"`
	Budget        *int     `json:"budget"`
	DisabledCodes []string `json:"disabledCodes"`
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
	if in.DisabledCodes != nil {
		out.DisabledCodes = make([]diag.Code, len(in.DisabledCodes))
		for i, c := range in.DisabledCodes {
			out.DisabledCodes[i] = diag.Code(c)
		}
	}
	return out, nil
}
