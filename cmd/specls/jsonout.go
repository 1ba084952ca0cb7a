package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as the elicitation commands' JSON output: indented, with <, >
// and & as themselves (Specl text holds them; the output is not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
