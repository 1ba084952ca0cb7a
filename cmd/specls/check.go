package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/specls/specls/internal/project"
	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/report"
)

type checkCmd struct {
	Format    string `placeholder:"FORMAT" help:"Output format: text, json, sarif or github (default: the project file's format, else text)."`
	Strict    bool   `help:"Exit with status 1 on warnings, and on anything unknown (a finding or a property the checker could not decide), too."`
	Verbose   bool   `help:"Show every variable of a counterexample's run, not only those the finding reads and those that change."`
	workFlags `embed:""`
	Depth     int      `placeholder:"N" help:"Bound on run length (overrides option depth; default: ${depthDefault})."`
	Paths     []string `arg:"" name:"path" help:"Files, or directories to search for .specl files; - reads a spec from standard input."`
}

// analysisOptions are the command line's overrides of a spec's options; zero keeps the
// spec's own value.
type analysisOptions struct {
	Depth    int
	Budget   int
	Timeout  time.Duration
	Progress func(stage string, done, total int) // told as each stage starts; may be nil
}

// analyze is the whole analysis of one file: every finding (front end and solver,
// suppressions applied), sorted, and the verdict on each property. It does no I/O.
func analyze(ctx context.Context, path, text string, opts analysisOptions) ([]diag.Finding, []diag.Property) {
	a := check.Analyze(ctx, text, check.Options{Depth: opts.Depth, Budget: opts.Budget, Timeout: opts.Timeout, Progress: opts.Progress})
	return a.Findings, a.Properties
}

func (c *checkCmd) run(e *env) int {
	if c.Depth < 0 || c.Budget < 0 || c.Timeout < 0 {
		fmt.Fprintln(e.stderr, "specls: --depth, --budget and --timeout must not be negative")
		return exitUsage
	}
	// Not kong's enum: an unset --format falls back to the project file's.
	if c.Format != "" && !slices.Contains(report.Formats, report.Format(c.Format)) {
		fmt.Fprintf(e.stderr, "specls: --format must be one of \"text\",\"json\",\"sarif\",\"github\" but got %q\n", c.Format)
		return exitUsage
	}
	paths, errs, empty := expandSpecs(c.Paths)
	for _, dir := range empty {
		// Checking nothing is no pass: the command could not do what was asked.
		errs = append(errs, dir+": no .specl files here (nothing to check)")
	}
	var files []report.File
	var projects []project.Config // the project file of each file
	for _, p := range paths {
		text, err := readSpec(e, p)
		name := p
		if p == stdinPath {
			name = stdinName
		}
		if f, ok := tooLargeFile(err, name); ok {
			files = append(files, f) // checked as far as it can be: one finding
			projects = append(projects, project.Config{})
			continue
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		proj, err := projectOf(p)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		p = name
		files = append(files, report.File{Path: p, Text: text})
		projects = append(projects, proj)
	}
	// An unreadable file means the check did not run: no partial report, which a CI
	// job could mistake for the whole answer.
	if len(errs) > 0 {
		for _, msg := range errs {
			fmt.Fprintf(e.stderr, "specls: %s\n", msg)
		}
		return exitUsage
	}
	// Ctrl-C cancels the questions under way; the report would then be partial, so
	// none is printed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	prog := startProgress(e, len(files))
	start := time.Now()
	for i := range files {
		prog.file(i, files[i].Path)
		if files[i].Findings != nil {
			continue // not read (too large): its finding is all there is
		}
		// The command line's flags win over the project file, which gives defaults to
		// them (and so overrides the spec's own options, as the flags do).
		proj := projects[i]
		opts := analysisOptions{Depth: cmp.Or(c.Depth, proj.Depth), Budget: cmp.Or(c.Budget, proj.Budget), Progress: prog.stage}
		if c.Timeout > 0 {
			// One limit for the whole run: each file gets what is left of it.
			opts.Timeout = max(c.Timeout-time.Since(start), time.Nanosecond)
		}
		findings, props := analyze(ctx, files[i].Path, files[i].Text, opts)
		files[i].Findings = slices.DeleteFunc(findings, func(f diag.Finding) bool { return proj.Disabled(f.Code) })
		files[i].Properties = props
	}
	prog.stop()
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "specls: interrupted: no report")
		return exitUsage
	}
	format := c.Format
	if format == "" {
		format = string(report.Text)
		if len(projects) > 0 && projects[0].Format != "" {
			format = projects[0].Format
		}
	}
	out := bufio.NewWriter(e.stdout)
	err := report.Write(out, report.Format(format), files, report.Options{
		Color:       format == string(report.Text) && useColor(e),
		ToolVersion: version(),
		Verbose:     c.Verbose,
	})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: writing the report: %v\n", err)
		return exitUsage
	}
	status := exitStatus(report.Summarize(files), c.Strict)
	if c.Strict && anyUnknown(files) {
		status = exitFindings
	}
	return status
}

// anyUnknown reports whether some question went unanswered: an unknown finding, or a
// property that is unknown or holds only as far as the budget let the search go.
func anyUnknown(files []report.File) bool {
	for _, f := range files {
		for _, d := range f.Findings {
			if d.Code == diag.Unknown {
				return true
			}
		}
		for _, p := range f.Properties {
			if p.Status == diag.Undecided || (p.Status == diag.HoldsToDepth && p.Reason != "") {
				return true
			}
		}
	}
	return false
}

// exitStatus is 1 when errors were found, or warnings under --strict; hints never fail.
func exitStatus(s report.Summary, strict bool) int {
	if s.Errors > 0 || (strict && s.Warnings > 0) {
		return exitFindings
	}
	return exitOK
}

// expand turns the command line's paths into files: a file stands for itself, whatever
// its name; a directory for the .specl files under it, sorted, skipping directories
// whose name starts with "." (.git and the like). A file named twice is read once.
// It returns the problems it met as messages naming the path.
func expand(args []string) (paths []string, errs []string) {
	paths, errs, _ = expandSpecs(args)
	return paths, errs
}

// expandSpecs is expand that also lists the directories in which it found no spec.
func expandSpecs(args []string) (paths []string, errs []string, empty []string) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, arg := range args {
		if arg == "-" {
			add(stdinPath)
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, ioError(err))
			continue
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != arg && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(d.Name(), ".specl") && d.Type().IsRegular() {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, ioError(err))
			continue
		}
		if len(found) == 0 {
			empty = append(empty, arg)
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return paths, errs, empty
}

// useColor reports whether text output may be coloured: stdout is a terminal (a
// character device: /dev/null is one too, where colour does no harm) and the user has
// not asked for no colour (https://no-color.org: NO_COLOR set and not empty).
func useColor(e *env) bool {
	if e.getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// stdinPath names standard input where a path is expected: `specls check -`.
const stdinPath = "-"

// readSpec reads a spec's text from its path, or from standard input for "-", within
// the size limit (readFile says what it refuses), without a leading byte-order mark.
func readSpec(e *env, path string) (string, error) {
	var text string
	var err error
	if path == stdinPath {
		text, err = readLimited(e.stdin, "standard input", e.maxBytes())
	} else {
		text, err = readFile(path, e.maxBytes())
	}
	text, _ = stripBOM(text)
	return text, err
}

// projectOf is the project file (.specls.json) that governs the spec at path: the first
// found walking up from its directory, or from the working directory for standard
// input. It is found anew for each spec, so specs of several projects can be checked
// together; the output format is the first spec's project's.
func projectOf(path string) (project.Config, error) {
	if path == stdinPath {
		return project.Find(".")
	}
	return project.ForSpec(path)
}
