package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/report"
)

type fmtCmd struct {
	Write bool     `short:"w" help:"Write the result to the file instead of standard output."`
	List  bool     `short:"l" help:"List the files whose formatting differs, and exit with status 1 if any does (unlike gofmt -l, so that CI fails)."`
	Diff  bool     `short:"d" help:"Print a unified diff of the changes instead of the result, and exit with status 1 if there is any."`
	Paths []string `arg:"" optional:"" name:"path" help:"Files, or directories to search for .specl files; none: standard input."`
}

const stdinName = "<standard input>"

// run formats like gofmt: every file is handled on its own, a file that does not parse
// is reported and left alone (exit 1), one that cannot be read or written is reported
// too (exit 2), and the rest are still formatted. Unlike gofmt, -l and -d (without -w)
// exit 1 when some file is not in canonical layout, so that a CI step fails.
func (c *fmtCmd) run(e *env) int {
	if len(c.Paths) == 0 {
		if c.Write {
			fmt.Fprintln(e.stderr, "specls: cannot use -w with standard input")
			return exitUsage
		}
		src, err := readSpec(e, stdinPath)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			return exitUsage
		}
		return c.file(e, stdinName, []byte(src), false)
	}
	paths, errs := expand(c.Paths)
	code := exitOK
	for _, msg := range errs {
		fmt.Fprintf(e.stderr, "specls: %s\n", msg)
		code = exitUsage
	}
	for _, p := range paths {
		src, err := readFile(p, e.maxBytes())
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			code = exitUsage
			continue
		}
		src, hadBOM := stripBOM(src)
		code = max(code, c.file(e, p, []byte(src), hadBOM))
	}
	return code
}

// file formats one text and does what the flags ask with the result.
// hadBOM: the file started with a byte-order mark, which -w keeps.
func (c *fmtCmd) file(e *env, path string, src []byte, hadBOM bool) int {
	out, err := format.Source(string(src))
	if err != nil {
		var se *format.SyntaxError
		if !errors.As(err, &se) {
			fmt.Fprintf(e.stderr, "specls: %s: %v\n", path, err)
			return exitUsage
		}
		report.WriteFindings(e.stderr, []report.File{{Path: path, Text: string(src), Findings: se.Findings}}, false)
		return exitFindings
	}
	changed := out != string(src)
	if c.List && changed {
		fmt.Fprintln(e.stdout, path)
	}
	if c.Write && changed {
		data := out
		if hadBOM {
			data = bom + out
		}
		if err := writeAtomic(path, []byte(data)); err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			return exitUsage
		}
	}
	if c.Diff && changed {
		e.stdout.Write(diff.Diff(path+".orig", src, path, []byte(out)))
	}
	if !c.List && !c.Write && !c.Diff {
		io.WriteString(e.stdout, out)
	}
	if changed && (c.List || c.Diff) && !c.Write {
		// A check for CI: the layout is not canonical.
		return exitFindings
	}
	return exitOK
}
