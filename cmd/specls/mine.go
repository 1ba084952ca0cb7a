package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/specls/specls/lang/mine"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/trace"
)

type mineCmd struct {
	Spec       string `placeholder:"PATH" help:"Ask each candidate of this spec: implied (dropped), new (proved or not), or contradicted (with the run the spec allows)."`
	Format     string `enum:"text,json" default:"text" help:"Output format: text or json."`
	MinSupport int    `placeholder:"N" default:"20" help:"Show a candidate only when it held in at least N samples (states, steps of its action, or states where its premise holds); a candidate must hold in every sample it applies to, and its confidence is (n+1)/(n+2) for support n."`
	All        bool   `help:"Show the candidates the spec already implies too."`
	workFlags  `embed:""`
	strictFlag `embed:""`
	Traces     string `arg:"" name:"traces" help:"A JSON Lines trace file (the format of specls run and replay), or - for stdin (with --spec)."`
}

// mineReport is the JSON output.
type mineReport struct {
	States     int            `json:"states"`
	Steps      int            `json:"steps"`
	Runs       int            `json:"runs"`
	BadLines   int            `json:"badLines"`
	Suppressed int            `json:"suppressed"`
	MinSupport int            `json:"minSupport"`
	Candidates []mine.Verdict `json:"candidates"`
	Notes      []string       `json:"notes,omitempty"`
}

func (c *mineCmd) run(e *env) int {
	if c.MinSupport < 1 || c.valid() != nil {
		fmt.Fprintln(e.stderr, "specls: --min-support must be at least 1, and --budget and --timeout not negative")
		return exitUsage
	}
	var schema *trace.Schema
	var specText string
	if c.Spec != "" {
		if c.Spec == stdinPath && c.Traces == stdinPath {
			fmt.Fprintln(e.stderr, "specls: the spec and the traces cannot both come from standard input")
			return exitUsage
		}
		text, err := readSpec(e, c.Spec)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			return exitUsage
		}
		specText = text
		f, _ := parser.Parse(specText)
		schema = mine.SchemaOf(sema.Check(f))
	}
	// Traces stream: a regular file, or a pipe (`<(specls run …)`, standard input);
	// a device or a directory is refused, as for specs.
	open := func() (io.ReadCloser, error) {
		if c.Traces == stdinPath {
			return io.NopCloser(e.stdin), nil
		}
		st, err := os.Stat(c.Traces)
		if err != nil {
			return nil, err
		}
		if st.Mode()&fs.ModeNamedPipe == 0 {
			if err := regular(c.Traces, st.Mode()); err != nil {
				return nil, err
			}
		}
		return os.Open(c.Traces)
	}
	if schema == nil {
		if c.Traces == "-" {
			fmt.Fprintln(e.stderr, "specls: mining stdin needs --spec (without it, the vocabulary is read from a first pass over the file)")
			return exitUsage
		}
		st, err := os.Stat(c.Traces)
		if err == nil && st.Mode()&fs.ModeNamedPipe != 0 {
			fmt.Fprintf(e.stderr, "specls: %s: mining a stream needs --spec (without it, the vocabulary is read from a first pass over the file)\n", c.Traces)
			return exitUsage
		}
		r, err := open()
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %s\n", ioError(err))
			return exitUsage
		}
		schema, err = mine.InferSchema(r)
		r.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %s: %v\n", c.Traces, err)
			return exitUsage
		}
	}
	r, err := open()
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %s\n", ioError(err))
		return exitUsage
	}
	defer r.Close()
	m := mine.New(mine.Options{MinSupport: c.MinSupport})
	rep := mineReport{MinSupport: c.MinSupport, Candidates: []mine.Verdict{}}
	rd := trace.NewReader(r, c.Traces, schema)
	lastRun := ""
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *trace.LineError
		if errors.As(err, &le) {
			fmt.Fprintln(e.stderr, le.Error())
			rep.BadLines++
			continue
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %s: %v\n", c.Traces, err)
			return exitUsage
		}
		if rec.Run != lastRun || rep.States == 0 {
			rep.Runs++
			lastRun = rec.Run
		}
		if rec.Step > 0 {
			rep.Steps++
		}
		rep.States++
		m.Add(mine.Sample{Run: rec.Run, Step: rec.Step, Action: rec.Action, Args: rec.Args, State: rec.State})
	}
	cands, suppressed := m.Candidates()
	rep.Suppressed = suppressed
	rep.Notes = m.Notes
	if specText != "" {
		limits, err := c.limits(c.Spec)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			return exitUsage
		}
		vs, err := mine.Verify(context.Background(), specText, cands, limits)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %s: %v\n", c.Spec, err)
			return exitUsage
		}
		for _, v := range vs {
			if v.Status != "implied" || c.All {
				rep.Candidates = append(rep.Candidates, v)
			}
		}
		if n := len(vs) - len(rep.Candidates); n > 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d candidate%s the spec already implies %s left out (--all shows them)", n, pluralS(n), map[bool]string{true: "is", false: "are"}[n == 1]))
		}
	} else {
		for i, cd := range cands {
			v := mine.Verdict{Candidate: cd}
			if cd.Kind == "step" {
				v.Line = "ensures " + cd.Text
			} else {
				v.Line = fmt.Sprintf("invariant Mined%d: %s", i+1, cd.Text)
			}
			rep.Candidates = append(rep.Candidates, v)
		}
	}
	out := bufio.NewWriter(e.stdout)
	if c.Format == "json" {
		err = writeJSON(out, rep)
	} else {
		writeMineText(out, c, &rep)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: writing the report: %v\n", err)
		return exitUsage
	}
	if rep.BadLines > 0 {
		return exitFindings
	}
	if c.Strict {
		for _, v := range rep.Candidates {
			if v.Status == "unknown" {
				return exitFindings
			}
		}
	}
	return exitOK
}

func writeMineText(w io.Writer, c *mineCmd, rep *mineReport) {
	fmt.Fprintf(w, "%s: %d state%s, %d step%s, %d run%s", c.Traces, rep.States, pluralS(rep.States), rep.Steps, pluralS(rep.Steps), rep.Runs, pluralS(rep.Runs))
	if rep.BadLines > 0 {
		fmt.Fprintf(w, ", %d bad line%s", rep.BadLines, pluralS(rep.BadLines))
	}
	fmt.Fprintf(w, "; %d candidate%s shown", len(rep.Candidates), pluralS(len(rep.Candidates)))
	if rep.Suppressed > 0 {
		fmt.Fprintf(w, " (%d held in fewer than %d samples: suppressed)", rep.Suppressed, rep.MinSupport)
	}
	fmt.Fprintln(w)
	for _, v := range rep.Candidates {
		line := v.Line
		if v.Kind == "step" {
			line += "    // in action " + v.Action
		}
		status := ""
		switch v.Status {
		case "implied":
			status = "implied by the spec"
		case "proved":
			status = "new; proved for the spec as it stands"
		case "holds-to-depth":
			status = fmt.Sprintf("new; no counterexample in runs of at most %d steps", v.Depth)
		case "contradicted":
			status = "contradicted: the spec allows what the traces never showed"
			if v.Reason != "" {
				status += " (" + v.Reason + ")"
			}
		case "unknown":
			status = "unknown: " + v.Reason
		case "error":
			status = "does not fit the spec: " + v.Reason
		}
		if c.Spec != "" && line == "" {
			line = v.Text
		}
		fmt.Fprintf(w, "\n%s\n  support %d, confidence %.3f", line, v.Support, v.Confidence)
		if status != "" {
			fmt.Fprintf(w, "; %s", status)
		}
		fmt.Fprintln(w)
		if v.Run != nil {
			writeRun(w, v.Run, "    ")
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}
