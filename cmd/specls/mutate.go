package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/specls/specls/lang/mutate"
)

type mutateCmd struct {
	MinScore   *float64 `placeholder:"N" name:"min-score" help:"Exit with status 1 when the score is below N percent (for CI)."`
	Format     string   `enum:"text,json" default:"text" help:"Output format: text or json (one document)."`
	workFlags  `embed:""`
	strictFlag `embed:""`
	Path       string `arg:"" name:"path" help:"The spec whose examples, nonexamples and properties to test."`
}

func (c *mutateCmd) run(e *env) int {
	if c.valid() != nil || c.MinScore != nil && (*c.MinScore < 0 || *c.MinScore > 100) {
		fmt.Fprintln(e.stderr, "specls: --budget and --timeout must not be negative; --min-score is a percentage from 0 to 100")
		return exitUsage
	}
	units, err := c.units(c.Path)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	text, err := os.ReadFile(c.Path)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %s\n", ioError(err))
		return exitUsage
	}
	res, err := mutate.Run(context.Background(), c.Path, string(text), mutate.Options{Budget: units, Timeout: c.Timeout})
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	out := bufio.NewWriter(e.stdout)
	if c.Format == "json" {
		err = writeJSON(out, res)
	} else {
		writeMutateText(out, c.Path, res)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: writing the report: %v\n", err)
		return exitUsage
	}
	if c.MinScore != nil && res.Score < *c.MinScore {
		fmt.Fprintf(e.stderr, "specls: mutation score %.1f%% is below --min-score %g%%\n", res.Score, *c.MinScore)
		return exitFindings
	}
	if c.Strict && (res.Unknown > 0 || len(res.Notes) > 0) {
		return exitFindings
	}
	return exitOK
}

func writeMutateText(w io.Writer, path string, res *mutate.Result) {
	live := res.Total - res.Equivalent
	fmt.Fprintf(w, "%s: mutation score %d/%d (%.1f%%): %d killed, %d survived, %d equivalent (left out)", path, res.Killed, live, res.Score, res.Killed, res.Survived, res.Equivalent)
	if res.Unknown > 0 {
		fmt.Fprintf(w, ", %d unknown", res.Unknown)
	}
	fmt.Fprintln(w)
	if res.Invalid > 0 {
		fmt.Fprintf(w, "(%d rewrite%s that did not type-check left out)\n", res.Invalid, pluralS(res.Invalid))
	}
	var ms int64
	for _, m := range res.Mutants {
		ms += m.Millis
	}
	if n := len(res.Mutants); n > 0 {
		fmt.Fprintf(w, "%d mutants in %d ms (%d ms per mutant on average)\n", n, res.Millis, ms/int64(n))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, m := range res.Mutants {
		if m.Status != "survived" && m.Status != "unknown" {
			continue
		}
		fmt.Fprintf(w, "\n%s:%d:%d: mutant %d %s: %s: `%s` → `%s` in %s\n", path, m.Line, m.Column, m.ID, m.Status, m.Operator, oneLine(m.Original), oneLine(m.Replacement), m.Clause)
		if m.Kill != "" {
			fmt.Fprintln(w, "  killed by this block (checked: the spec passes it, the mutant fails it):")
			for _, l := range strings.Split(m.Kill, "\n") {
				fmt.Fprintf(w, "    %s\n", l)
			}
		} else if m.Why != "" {
			fmt.Fprintf(w, "  %s\n", m.Why)
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
