package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/specls/specls/lang/eval"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/trace"
)

type replayCmd struct {
	Format string `enum:"text,json,github" default:"text" help:"Output format: text, json (one document) or github (workflow annotations)."`
	Path   string `arg:"" name:"path" help:"The spec."`
	Trace  string `arg:"" name:"trace" help:"The trace: JSON Lines, one state per line (- for standard input)."`
}

// runResult is the verdict on one run of a trace.
type runResult struct {
	Run       string        `json:"run"`
	Status    string        `json:"status"` // accepted, rejected, unknown
	Steps     int           `json:"steps"`  // steps read (accepted) or taken before the rejected one
	Step      *int          `json:"step,omitempty"`
	Line      int           `json:"line,omitempty"` // the rejecting clause's line in the spec
	Column    int           `json:"column,omitempty"`
	Clause    string        `json:"clause,omitempty"` // "requires open", "frame", "type"
	Message   string        `json:"message,omitempty"`
	TraceLine int           `json:"traceLine,omitempty"`
	Explained []explanation `json:"explained,omitempty"`
	Omitted   int           `json:"explainedOmitted,omitempty"`

	replay *eval.Replay
}

// explanation says which actions explain a step the trace gives without an action.
type explanation struct {
	Step    int      `json:"step"`
	Actions []string `json:"actions"`
}

// maxExplained bounds the explanations kept per run, so a long trace stays in bounded
// memory; the rest are counted.
const maxExplained = 20

type badLine struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (c *replayCmd) run(e *env) int {
	m, text, ok := loadMachine(e, c.Path)
	if !ok {
		return exitUsage
	}
	var in io.Reader = e.stdin
	if c.Trace != "-" {
		f, err := os.Open(c.Trace)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %s\n", ioError(err))
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	schema := &trace.Schema{Actions: map[string][]trace.Var{}}
	for _, v := range m.Vars {
		schema.Vars = append(schema.Vars, trace.Var{Name: v.Name, Type: v.Type})
	}
	for _, a := range m.Actions {
		var ps []trace.Var
		for _, p := range a.Params {
			ps = append(ps, trace.Var{Name: p.Name, Type: p.Type})
		}
		schema.Actions[a.Name()] = ps
	}
	idx := source.NewLineIndex(text)
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	var results []*runResult
	runs := map[string]*runResult{}
	var bad []badLine
	failed := false
	report := func(line int, msg string) {
		failed = true
		switch c.Format {
		case "json":
			bad = append(bad, badLine{line, msg})
		case "github":
			fmt.Fprintf(out, "::error file=%s,line=%d,title=specls replay::%s\n", c.Trace, line, ghEscape(msg))
		default:
			fmt.Fprintf(out, "%s:%d: %s\n", c.Trace, line, msg)
		}
	}
	rd := trace.NewReader(in, c.Trace, schema)
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *trace.LineError
		if errors.As(err, &le) {
			report(le.Line, le.Msg)
			continue
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: reading %s: %v\n", c.Trace, err)
			return exitUsage
		}
		r := runs[rec.Run]
		switch {
		case rec.Step == 0 && r != nil:
			report(rec.Line, fmt.Sprintf("run %q starts again at step 0", rec.Run))
			continue
		case rec.Step > 0 && r == nil:
			report(rec.Line, fmt.Sprintf("run %q has no step 0 before step %d", rec.Run, rec.Step))
			continue
		case rec.Step > 0 && r.Status == "accepted" && rec.Step != r.Steps+1:
			report(rec.Line, fmt.Sprintf("run %q: step %d after step %d", rec.Run, rec.Step, r.Steps))
			continue
		}
		obs := eval.Observation{Action: rec.Action, Args: rec.Args, HasArgs: rec.HasArgs, State: rec.State}
		if r == nil {
			r = &runResult{Run: rec.Run, Status: "accepted", replay: m.NewReplay()}
			runs[rec.Run] = r
			results = append(results, r)
			rej, err := r.replay.Start(obs)
			r.settle(rec, rej, err, idx)
			if r.Status != "accepted" && c.Format != "json" {
				c.writeRun(out, r) // rejections stream out as they are found
			}
			continue
		}
		if r.Status != "accepted" {
			continue // a run is judged up to its first rejected step
		}
		rej, err := r.replay.Next(obs)
		if rej == nil && err == nil {
			r.Steps = rec.Step
			if rec.Action == "" {
				if len(r.Explained) < maxExplained {
					r.Explained = append(r.Explained, explanation{rec.Step, append([]string(nil), r.replay.Explained...)})
				} else {
					r.Omitted++
				}
			}
		}
		r.settle(rec, rej, err, idx)
		if r.Status != "accepted" && c.Format != "json" {
			c.writeRun(out, r)
		}
	}
	for _, r := range results {
		if r.Status != "accepted" {
			failed = true
		}
		if c.Format != "json" && r.Status == "accepted" {
			c.writeRun(out, r)
		}
		r.replay = nil
	}
	if c.Format == "json" {
		if results == nil {
			results = []*runResult{}
		}
		if bad == nil {
			bad = []badLine{}
		}
		doc := struct {
			Spec     string       `json:"spec"`
			Trace    string       `json:"trace"`
			Runs     []*runResult `json:"runs"`
			BadLines []badLine    `json:"badLines"`
		}{c.Path, c.Trace, results, bad}
		writeJSON(out, doc)
	}
	if failed {
		return exitFindings
	}
	return exitOK
}

// settle records the verdict of one line on its run.
func (r *runResult) settle(rec trace.Record, rej *eval.Rejection, err error, idx *source.LineIndex) {
	switch {
	case err != nil:
		step := rec.Step
		r.Status, r.Step, r.Message, r.TraceLine = "unknown", &step, err.Error(), rec.Line
	case rej != nil:
		step := rec.Step
		r.Status, r.Step, r.Message, r.TraceLine, r.Clause = "rejected", &step, rej.Message, rec.Line, rej.Kind
		if rej.Clause != nil {
			r.Clause = rej.Clause.Describe()
		}
		if rej.Node != nil {
			p := idx.Position(rej.Node.Bounds().Start, source.CodePoints)
			r.Line, r.Column = p.Line+1, p.Column+1
		}
	}
}

func (c *replayCmd) writeRun(w io.Writer, r *runResult) {
	switch r.Status {
	case "accepted":
		if c.Format == "github" {
			return
		}
		fmt.Fprintf(w, "run %s: accepted (%d step%s)\n", r.Run, r.Steps, pluralS(r.Steps))
		for _, x := range r.Explained {
			fmt.Fprintf(w, "  step %d by %s\n", x.Step, strings.Join(x.Actions, " or "))
		}
		if r.Omitted > 0 {
			fmt.Fprintf(w, "  (%d more steps without an action)\n", r.Omitted)
		}
	default:
		where := ""
		if r.Line > 0 {
			where = fmt.Sprintf(" (%s:%d:%d)", c.Path, r.Line, r.Column)
		}
		if c.Format == "github" {
			file, line := c.Trace, r.TraceLine
			if r.Line > 0 {
				file, line = c.Path, r.Line
			}
			fmt.Fprintf(w, "::error file=%s,line=%d,title=specls replay::run %s %s at step %d (%s:%d): %s\n",
				file, line, r.Run, r.Status, *r.Step, c.Trace, r.TraceLine, ghEscape(r.Message))
			return
		}
		fmt.Fprintf(w, "%s:%d: run %s %s at step %d: %s%s\n", c.Trace, r.TraceLine, r.Run, r.Status, *r.Step, r.Message, where)
	}
}

func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}
