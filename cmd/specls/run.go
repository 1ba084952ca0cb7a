package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/eval"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/report"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/trace"
)

type runCmd struct {
	Runs         int      `placeholder:"N" default:"100" help:"How many random runs (0 with --until-covered: until nothing new is seen)."`
	Steps        int      `placeholder:"K" default:"20" help:"Steps per run at most."`
	Seed         *uint64  `placeholder:"S" help:"Seed of the random choices (default: from the clock; printed either way)."`
	Action       []string `placeholder:"NAME" help:"Take only steps of this action (repeatable)."`
	Format       string   `enum:"text,json" default:"text" help:"Output format: text (run tables) or json (JSON Lines trace on stdout, coverage on stderr)."`
	UntilCovered bool     `help:"Stop when 10 runs in a row take no action, arm or branch not seen before."`
	Path         string   `arg:"" name:"path" help:"The spec to run."`
}

// loadMachine reads, parses and resolves a spec and prepares it to run; a spec with
// errors is reported on stderr and cannot run.
func loadMachine(e *env, path string) (*eval.Machine, string, bool) {
	text, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %s\n", ioError(err))
		return nil, "", false
	}
	f, findings := parser.Parse(string(text))
	info := sema.Check(f)
	findings = append(findings, info.Findings...)
	var errs []diag.Finding
	for _, x := range findings {
		if x.Severity == diag.Error {
			errs = append(errs, x)
		}
	}
	if len(errs) > 0 {
		diag.Sort(errs)
		report.WriteFindings(e.stderr, []report.File{{Path: path, Text: string(text), Findings: errs}}, false)
		fmt.Fprintf(e.stderr, "specls: %s has errors; fix them (see specls check) first\n", path)
		return nil, "", false
	}
	m, err := eval.New(f, info)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %s: %v\n", path, err)
		return nil, "", false
	}
	return m, string(text), true
}

func (c *runCmd) run(e *env) int {
	if c.Runs < 0 || c.Steps < 0 {
		fmt.Fprintln(e.stderr, "specls: --runs and --steps must not be negative")
		return exitUsage
	}
	if c.Runs == 0 && !c.UntilCovered {
		fmt.Fprintln(e.stderr, "specls: --runs 0 needs --until-covered")
		return exitUsage
	}
	m, text, ok := loadMachine(e, c.Path)
	if !ok {
		return exitUsage
	}
	seed := uint64(time.Now().UnixNano())
	if c.Seed != nil {
		seed = *c.Seed
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	var runs []*eval.Run
	var failing *eval.Run
	ctx := context.Background()
	cov, err := m.Random(ctx, eval.RandomOptions{Runs: c.Runs, Steps: c.Steps, Seed: seed, Actions: c.Action, UntilCovered: c.UntilCovered},
		func(r *eval.Run) bool {
			if r.Failure != nil {
				failing = r
				return false
			}
			// Runs are printed as they end, so a long session shows progress; a
			// failing run replaces them in the text output only at its end.
			runs = append(runs, r)
			if c.Format == "json" {
				writeTraceRun(out, m, r)
			}
			return true
		})
	if err != nil {
		out.Flush()
		fmt.Fprintf(e.stderr, "specls: run %s (seed %d): %v\n", c.Path, seed, err)
		return exitUsage
	}
	idx := source.NewLineIndex(text)
	if failing != nil {
		long := len(failing.Steps)
		failing = m.Shorten(ctx, failing, c.Action, 100_000)
		if c.Format == "json" {
			writeTraceRun(out, m, failing)
		} else {
			if m.StateMachine() {
				fmt.Fprintf(out, "%s: run %s breaks %s after %d step%s (seed %d)\n", c.Path, failing.ID,
					describeClause(idx, failing.Failure), len(failing.Steps), pluralS(len(failing.Steps)), seed)
			} else {
				fmt.Fprintf(out, "%s: model %s breaks %s (seed %d)\n", c.Path, failing.ID, describeClause(idx, failing.Failure), seed)
			}
			if len(failing.Steps) < long {
				fmt.Fprintf(out, "(shortened from %d steps)\n", long)
			}
			writeRunTable(out, m, failing)
		}
		out.Flush()
		writeCoverage(e.stderr, m, idx, cov, seed)
		if c.Format == "json" {
			fmt.Fprintf(e.stderr, "FAIL: run %s breaks %s after %d steps (seed %d)\n", failing.ID, describeClause(idx, failing.Failure), len(failing.Steps), seed)
		}
		return exitFindings
	}
	if c.Format != "json" {
		for _, r := range runs {
			if !m.StateMachine() {
				// A static spec's run is one model.
				fmt.Fprintf(out, "model %s:\n", r.ID)
				writeRunTable(out, m, r)
				out.WriteString("\n")
				continue
			}
			fmt.Fprintf(out, "run %s: %d step%s", r.ID, len(r.Steps), pluralS(len(r.Steps)))
			if r.Deadlock {
				out.WriteString(", then no step can be taken")
			}
			out.WriteString("\n")
			writeRunTable(out, m, r)
			out.WriteString("\n")
		}
	}
	out.Flush()
	writeCoverage(e.stderr, m, idx, cov, seed)
	return exitOK
}

// describeClause names a property and where it is: "invariant NeverNegative (12:1)".
func describeClause(idx *source.LineIndex, c *eval.Clause) string {
	p := idx.Position(c.Node.Bounds().Start, source.CodePoints)
	return fmt.Sprintf("%s (line %d)", c.Describe(), p.Line+1)
}

func writeRunTable(w io.Writer, m *eval.Machine, r *eval.Run) {
	for _, line := range report.RunTable(m.Counterexample(r), true) {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

// writeTraceRun writes a run as trace lines, one state per line.
func writeTraceRun(w io.Writer, m *eval.Machine, r *eval.Run) {
	for i, s := range r.States {
		rec := trace.Record{Run: r.ID, Step: i, State: m.Bindings(s)}
		if i > 0 {
			st := r.Steps[i-1]
			rec.Action, rec.HasArgs = st.Action.Name(), true
			for j, p := range st.Action.Params {
				rec.Args = append(rec.Args, diag.Binding{Name: p.Name, Value: st.Args[j]})
			}
		}
		trace.Write(w, rec)
	}
}

// writeCoverage prints what the runs exercised: actions fired and blocked, arms and
// branches taken (and those never taken, with their lines), distinct states.
func writeCoverage(w io.Writer, m *eval.Machine, idx *source.LineIndex, cov *eval.Coverage, seed uint64) {
	if cov == nil {
		return
	}
	fmt.Fprintf(w, "%d run%s, seed %d, %d distinct state%s\n", cov.Runs, pluralS(cov.Runs), seed, cov.Distinct, pluralS(cov.Distinct))
	if len(m.Actions) > 0 {
		var parts []string
		for _, a := range m.Actions {
			part := fmt.Sprintf("%s %d", a.Name(), cov.Fired[a.Name()])
			if b := cov.Blocks[a.Name()]; b > 0 {
				part += fmt.Sprintf(" (blocked %d)", b)
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(w, "actions: %s\n", strings.Join(parts, ", "))
		var never []string
		for _, a := range m.Actions {
			if cov.Fired[a.Name()] == 0 {
				never = append(never, a.Name())
			}
		}
		if len(never) > 0 {
			fmt.Fprintf(w, "never fired: %s\n", strings.Join(never, ", "))
		}
	}
	if len(cov.Sites) > 0 {
		taken := 0
		var missed []string
		for _, s := range cov.Sites {
			if cov.Hits[s] > 0 {
				taken++
			} else {
				p := idx.Position(s.Bounds().Start, source.CodePoints)
				missed = append(missed, fmt.Sprintf("%d:%d", p.Line+1, p.Column+1))
			}
		}
		fmt.Fprintf(w, "arms and branches: %d of %d taken", taken, len(cov.Sites))
		if len(missed) > 0 {
			fmt.Fprintf(w, "; never taken at %s", strings.Join(missed, ", "))
		}
		fmt.Fprintln(w)
	}
}
