package main

import (
	"context"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
)

// TestCodeHelpExamples: every code has its help, and the example of each help, checked
// as `specls check` checks it, gets a finding of that code.
func TestCodeHelpExamples(t *testing.T) {
	for _, c := range diag.Codes {
		h, ok := diag.HelpFor(c.Code)
		if !ok {
			t.Errorf("%s: no help", c.Code)
			continue
		}
		if h.Explanation == "" || h.Fix == "" || !strings.HasPrefix(h.Example, "spec ") {
			t.Errorf("%s: help incomplete", c.Code)
		}
		findings, _ := analyze(context.Background(), "example.specl", h.Example, analysisOptions{})
		found := false
		var got []string
		for _, f := range findings {
			got = append(got, string(f.Code)+": "+f.Message)
			if f.Code == c.Code {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the help's example does not trigger it; it gets:\n%s", c.Code, strings.Join(got, "\n"))
		}
	}
}
