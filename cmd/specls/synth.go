package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/specls/specls/lang/synth"
)

type synthCmd struct {
	Format       string `enum:"text,json" default:"text" help:"Output format: text or json."`
	workFlags    `embed:""`
	strictFlag   `embed:""`
	Alternatives int    `placeholder:"N" default:"3" help:"Alternatives to show besides the best clause."`
	Pred         string `placeholder:"NAME" help:"Propose the body of this pred instead of a new clause, learnt from the examples whose runs call it (its body now is ignored)."`
	Path         string `arg:"" name:"path" help:"The spec whose examples and nonexamples to learn from."`
}

func (c *synthCmd) run(e *env) int {
	if c.valid() != nil || c.Alternatives < 0 {
		fmt.Fprintln(e.stderr, "specls: --budget, --timeout and --alternatives must not be negative")
		return exitUsage
	}
	limits, err := c.limits(c.Path)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	text, err := readSpec(e, c.Path)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	res, err := synth.Synthesize(context.Background(), c.Path, text, synth.Options{
		Budget: limits, Alternatives: c.Alternatives, Pred: c.Pred})
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	out := bufio.NewWriter(e.stdout)
	if c.Format == "json" {
		err = writeJSON(out, res)
	} else {
		writeSynthText(out, res)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: writing the report: %v\n", err)
		return exitUsage
	}
	if res.Best == nil || c.Strict && len(res.Unknown) > 0 {
		return exitFindings
	}
	return exitOK
}

func writeSynthText(w io.Writer, res *synth.Result) {
	if res.Best == nil {
		if len(res.Unknown) > 0 {
			// Not "none fits": some candidates were never decided.
			fmt.Fprintf(w, "unknown: no clause found for the %d example%s and %d nonexample%s, but not every question was answered\n", res.Examples, pluralS(res.Examples), res.Nonexamples, pluralS(res.Nonexamples))
		} else {
			fmt.Fprintf(w, "no clause fits the %d example%s and %d nonexample%s\n", res.Examples, pluralS(res.Examples), res.Nonexamples, pluralS(res.Nonexamples))
		}
		for _, n := range res.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
		for _, u := range res.Unknown {
			fmt.Fprintf(w, "  unknown: %s\n", u)
		}
		return
	}
	fmt.Fprintln(w, placed(res.Best))
	checked := "checked with the clause added"
	if res.Best.Target == "pred" {
		checked = "checked with this body in place"
	}
	fmt.Fprintf(w, "  admits the %d example%s and rejects the %d nonexample%s (%s)\n", res.Examples, pluralS(res.Examples), res.Nonexamples, pluralS(res.Nonexamples), checked)
	for _, a := range res.Alternatives {
		fmt.Fprintf(w, "\nalternative: %s\n", placed(&a.Proposal))
		who := "the alternative"
		if a.BestAdmits {
			who = "the best"
		}
		fmt.Fprintf(w, "  only %s admits this; label it (example or nonexample) to choose:\n", who)
		for _, l := range strings.Split(a.Example, "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, u := range res.Unknown {
		fmt.Fprintf(w, "unknown: %s\n", u)
	}
}

// placed is a proposal as one line ready to paste, with where it goes.
func placed(p *synth.Proposal) string {
	if p.Target == "fact" || p.Target == "pred" {
		return p.Line
	}
	return p.Line + "    // in action " + p.Target
}
