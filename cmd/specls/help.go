package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"text/tabwriter"

	"github.com/specls/specls/lang/diag"
)

type versionCmd struct{}

func (versionCmd) run(e *env) int {
	fmt.Fprintf(e.stdout, "specls %s (%s)\n", version(), runtime.Version())
	return exitOK
}

// version is the module version the binary was built at (`go install …@v1.2.3`), or
// "devel" for a build from a checkout, where Go records "(devel)".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

type helpCmd struct {
	Command string `arg:"" optional:"" help:"Show the help of this command."`
}

func (h helpCmd) run(e *env) int {
	args := []string{"--help"}
	if h.Command != "" {
		args = []string{h.Command, "--help"}
	}
	return run(args, e)
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
	fmt.Fprintln(w, "Exit status: 0 no errors, 1 errors found (warnings too with --strict), 2 the command could not run.")
}
