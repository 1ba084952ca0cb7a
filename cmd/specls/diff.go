package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/diff"
)

type diffCmd struct {
	Format    string   `enum:"text,json,github" default:"text" help:"Output format: text, json or github."`
	Map       []string `placeholder:"A=B" help:"Pair a var or action named A in the first spec with B in the second (repeatable)."`
	Implies   bool     `help:"Check refinement only: every behaviour of the first spec is one of the second."`
	Depth     int      `placeholder:"N" help:"Bound in steps on the runs searched (default: the larger option depth of the two specs, else 10)."`
	workFlags `embed:""`
	A         string `arg:"" name:"a" help:"The first spec."`
	B         string `arg:"" name:"b" help:"The second spec."`
}

func (c *diffCmd) run(e *env) int {
	if c.Depth < 0 || c.valid() != nil {
		fmt.Fprintln(e.stderr, "specls: --depth, --budget and --timeout must not be negative")
		return exitUsage
	}
	limits, err := c.limits(c.A, c.B)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	rename, err := diff.ParseMap(c.Map)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		return exitUsage
	}
	var specs [2]*diff.Spec
	for i, p := range []string{c.A, c.B} {
		text, err := readSpec(e, p)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			return exitUsage
		}
		s, errs := diff.Load(p, text)
		if len(errs) > 0 {
			for _, m := range errs {
				fmt.Fprintln(e.stderr, m)
			}
			fmt.Fprintf(e.stderr, "specls: %s has errors; fix them (see specls check) before comparing\n", p)
			return exitUsage
		}
		specs[i] = s
	}
	res, err := diff.Compare(context.Background(), specs[0], specs[1], diff.Options{
		Rename: rename, Implies: c.Implies, Depth: c.Depth, Budget: limits})
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: cannot compare %s and %s: %v\n", c.A, c.B, err)
		return exitUsage
	}
	out := bufio.NewWriter(e.stdout)
	switch c.Format {
	case "json":
		err = writeJSON(out, res)
	case "github":
		writeDiffGitHub(out, res)
	default:
		writeDiffText(out, c.A, c.B, c.Implies, res)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: writing the report: %v\n", err)
		return exitUsage
	}
	if strings.HasPrefix(res.Verdict, "equivalent") || strings.HasPrefix(res.Verdict, "refines") {
		return exitOK
	}
	return exitFindings
}

func writeDiffText(w io.Writer, a, b string, implies bool, res *diff.Result) {
	over := "over " + strings.Join(res.Shared, ", ")
	if len(res.Shared) == 0 {
		over = "over no shared variable"
	}
	switch res.Verdict {
	case "equivalent":
		fmt.Fprintf(w, "equivalent: %s and %s admit the same behaviours %s\n", a, b, over)
	case "equivalent-to-depth":
		fmt.Fprintf(w, "equivalent to depth %d: no run of at most %d steps tells %s and %s apart %s (not proved beyond)\n", res.Depth, res.Depth, a, b, over)
	case "refines":
		fmt.Fprintf(w, "refines: every behaviour of %s is one of %s %s\n", a, b, over)
	case "refines-to-depth":
		fmt.Fprintf(w, "refines to depth %d: every run of at most %d steps of %s is one of %s %s (not proved beyond)\n", res.Depth, res.Depth, a, b, over)
	case "unknown":
		n := len(res.Unknown)
		fmt.Fprintf(w, "unknown: no difference found between %s and %s %s, but %d question%s went unanswered: not shown equivalent\n", a, b, over, n, pluralS(n))
	default:
		n := len(res.Differences)
		fmt.Fprintf(w, "different: %d difference%s between %s and %s %s", n, pluralS(n), a, b, over)
		if u := len(res.Unknown); u > 0 {
			fmt.Fprintf(w, " (%d question%s unanswered: others may be missing)", u, pluralS(u))
		}
		fmt.Fprintln(w)
	}
	if len(res.OnlyA) > 0 {
		fmt.Fprintf(w, "  %s alone has %s: not compared (any values its spec allows)\n", a, strings.Join(res.OnlyA, ", "))
	}
	if len(res.OnlyB) > 0 {
		fmt.Fprintf(w, "  %s alone has %s: not compared (any values its spec allows)\n", b, strings.Join(res.OnlyB, ", "))
	}
	for _, d := range res.Differences {
		fmt.Fprintf(w, "\n%s\n", d.Message)
		if d.Example != nil {
			writeRun(w, d.Example, "    ")
		}
		if len(d.Clauses) > 0 {
			if d.RejectedBy == a {
				fmt.Fprintf(w, "  clauses of %s not implied by %s:\n", a, b)
			} else {
				fmt.Fprintf(w, "  rejected by these clauses of %s:\n", d.RejectedBy)
			}
			for _, c := range d.Clauses {
				fmt.Fprintf(w, "    %s: %s\n", c.At(), c.What)
			}
		}
	}
	for _, u := range res.Unknown {
		fmt.Fprintf(w, "unknown: %s\n", u)
	}
}

// writeRun prints a model or run one state per line, each step before its state.
func writeRun(w io.Writer, cx *diag.Counterexample, indent string) {
	for i, s := range cx.States {
		var parts []string
		for _, b := range s {
			parts = append(parts, b.Name+" = "+b.Value.String())
		}
		line := strings.Join(parts, ", ")
		if len(parts) == 0 {
			line = "(no variables)"
		}
		switch {
		case len(cx.States) == 1:
			fmt.Fprintf(w, "%s%s\n", indent, line)
		case i == 0:
			fmt.Fprintf(w, "%ss0: %s\n", indent, line)
		default:
			fmt.Fprintf(w, "%s%s → s%d: %s\n", indent, cx.Steps[i-1], i, line)
		}
	}
}

// writeDiffGitHub writes one workflow annotation per difference, at the first clause
// responsible when there is one.
func writeDiffGitHub(w io.Writer, res *diff.Result) {
	for _, d := range res.Differences {
		msg := d.Message
		if d.Example != nil {
			msg += ": " + d.Example.Short()
		}
		msg = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(msg)
		if len(d.Clauses) > 0 {
			c := d.Clauses[0]
			fmt.Fprintf(w, "::error file=%s,line=%d,col=%d,title=specls diff::%s\n", c.Path, c.Line, c.Column, msg)
		} else {
			fmt.Fprintf(w, "::error file=%s,title=specls diff::%s\n", d.AdmittedBy, msg)
		}
	}
	for _, u := range res.Unknown {
		fmt.Fprintf(w, "::warning title=specls diff::unknown: %s\n", u)
	}
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
