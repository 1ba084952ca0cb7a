package lsp

import (
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/parser"
)

// Pinning a counterexample: the run of a violated property or of a blocked action
// becomes a `nonexample` (the run must become impossible: it stays in the spec as a
// regression check once the spec is fixed) or an `example` (the run as it is, with
// the state it ends in), appended to the file.

// pinRun offers the nonexample and the example for a finding with a run.
func (s *Snapshot) pinRun(d protocol.Diagnostic, code diag.Code) []protocol.CommandOrCodeAction {
	f, ok := s.deepFindingAt(code, s.offset(d.Range.Start))
	if !ok || len(f.Counterexample.States) == 0 {
		return nil
	}
	cx := f.Counterexample
	subject := s.Text[f.Span.Start:f.Span.End]
	givens := s.stateConds(cx.States[0])
	steps := make([]string, 0, len(cx.Steps)+1)
	for _, st := range cx.Steps {
		steps = append(steps, doStep(st, nil))
	}
	final := s.stateConds(cx.States[len(cx.States)-1])

	var nonSteps []string
	nonName, exName := subject+"Violation", subject+"Run"
	if code == diag.BlockedAction {
		// The step the action cannot take, from the state the run ends in.
		nonSteps = append(append([]string(nil), steps...), doStep(subject, cx.Bindings))
		nonName, exName = subject+"Blocked", subject+"BlockedState"
	} else {
		nonSteps = steps
	}
	var lines []string
	for _, g := range givens {
		lines = append(lines, "given "+g)
	}
	var out []protocol.CommandOrCodeAction
	add := func(title, kind, name string, body []string) {
		text, ok := s.block(kind, s.freshName(name), body)
		if ok {
			out = append(out, s.edit(title, d, s.appendDecl(text)))
		}
	}
	add("Pin this counterexample as a nonexample", "nonexample", nonName, append(append([]string(nil), lines...), nonSteps...))
	exBody := append(append([]string(nil), lines...), steps...)
	if s.Info.StateMachine {
		for _, e := range final {
			exBody = append(exBody, "expect "+e)
		}
	}
	add("Pin this run as an example", "example", exName, exBody)
	return out
}

// stateConds says a state as equalities, one per var.
func (s *Snapshot) stateConds(st diag.State) []string {
	var out []string
	for _, b := range st {
		out = append(out, valueConds(b.Name, b.Value)...)
	}
	return out
}

// doStep turns a step of a run, "Deposit(amount: 3)" or "Close", into a do step; a
// blocked step is the action's name with its bindings. An argument with no literal
// (a map) becomes `_`.
func doStep(step string, bindings []diag.Binding) string {
	name, args, hasArgs := strings.Cut(step, "(")
	var vals []string
	if bindings != nil {
		for _, b := range bindings {
			vals = append(vals, argText(b.Value))
		}
	} else if hasArgs {
		for _, a := range splitTop(strings.TrimSuffix(args, ")")) {
			_, v, _ := strings.Cut(a, ": ")
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return "do " + name
	}
	return "do " + name + "(" + strings.Join(vals, ", ") + ")"
}

// argText writes an argument value, `_` where Specl has no literal for it.
func argText(v diag.Value) string {
	if t, ok := v.Literal(); ok {
		return t
	}
	return "_"
}

// splitTop splits at the commas outside brackets.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	for i, a := range out {
		// A map argument prints as "[k -> v]": no literal, any value.
		if _, v, ok := strings.Cut(a, ": "); ok && strings.HasPrefix(v, "[") {
			out[i] = a[:len(a)-len(v)] + "_"
		}
	}
	return out
}

// block writes an example or nonexample through the parser and the formatter, so
// that what is inserted is canonical and known to parse.
func (s *Snapshot) block(kind, name string, steps []string) (string, bool) {
	src := kind + " " + name + " {\n" + strings.Join(steps, "\n") + "\n}\n"
	f, findings := parser.Parse(src)
	if len(findings) > 0 || len(f.Decls) != 1 {
		return "", false
	}
	if _, ok := f.Decls[0].(*ast.ExampleDecl); !ok {
		return "", false
	}
	return format.Node(f.Decls[0]), true
}

// freshName is base, or base2, base3… when base is taken.
func (s *Snapshot) freshName(base string) string {
	name := base
	for i := 2; len(s.Info.Lookup(name)) > 0; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// appendDecl adds a declaration at the end of the file, after a blank line.
func (s *Snapshot) appendDecl(text string) protocol.TextEdit {
	end := s.position(len(s.Text))
	sep := "\n"
	switch {
	case s.Text == "":
		sep = ""
	case !strings.HasSuffix(s.Text, "\n"):
		sep = "\n\n"
	}
	return protocol.TextEdit{Range: protocol.Range{Start: end, End: end}, NewText: sep + text + "\n"}
}
