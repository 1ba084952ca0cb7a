package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/alecthomas/kong"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
)

type helpCmd struct {
	Topic string `arg:"" optional:"" name:"command-or-code" help:"A command (its flags) or a finding code (what it means, an example, how to fix it)."`
}

func (h helpCmd) run(e *env) int {
	if h.Topic == "" {
		return run([]string{"--help"}, e)
	}
	if hp, ok := diag.HelpFor(diag.Code(h.Topic)); ok {
		writeCodeHelp(e.stdout, hp)
		return exitOK
	}
	// A command, or kong says it is none.
	return run([]string{h.Topic, "--help"}, e)
}

// writeCodeHelp prints a code's help as `specls help CODE` shows it, like
// `rustc --explain`: the code, its severity and summary, the explanation, a spec that
// triggers it, how to fix it, and the reference's section.
func writeCodeHelp(w io.Writer, h diag.Help) {
	for _, c := range diag.Codes {
		if c.Code == h.Code {
			fmt.Fprintf(w, "%s (%s): %s\n\n", c.Code, c.Severity, c.Summary)
		}
	}
	fmt.Fprintf(w, "%s\nReference: %s\n", h.Text(), diag.HelpURI(h.Code))
}

// writeCodes prints the codes of findings with their severities and meanings, as
// `specls help` shows them.
func writeCodes(w io.Writer) {
	fmt.Fprintln(w, "Codes of findings:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range diag.Codes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Code, c.Severity, c.Summary)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'specls help CODE' for what a code means, an example and how to fix it.")
	fmt.Fprintln(w, "Exit status: 0 no errors, 1 errors found (with --strict: warnings, or anything unknown, too), 2 the command could not run.")
	fmt.Fprintln(w, "Limits: check, diff, synth, mine --spec and mutate take --budget N (work per question, in thousands of")
	fmt.Fprintln(w, "solver propagations and gates built: the same answers on any machine) and --timeout DUR (wall clock);")
	fmt.Fprintln(w, "what they cut off is reported as unknown, never as a pass, and --strict then exits 1 (diff exits 1 anyway).")
}

// helpDefaults fills the defaults that `check --help` shows from the analysis's own
// defaults, so that the help cannot drift from what a check does.
func helpDefaults() kong.Vars {
	depth := "none: reachability is exact"
	if d := sema.DefaultOptions.Depth; d > 0 {
		depth = strconv.Itoa(d) + " steps"
	}
	return kong.Vars{
		"depthDefault":  depth,
		"budgetDefault": strconv.Itoa(sema.DefaultOptions.Budget),
	}
}
