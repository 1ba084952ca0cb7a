package lsp

import (
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
)

// What inlay hints, code lenses, hovers and the run command share: which deep
// findings carry a run, which part of the spec a finding talks about, which state
// its names are read in, and the run as a markdown table.

// runFindings lists the deep findings of s that carry a counterexample with at least
// one state, in position order; none while the deep check has not finished.
func (s *Snapshot) runFindings() []diag.Finding {
	deep := s.Deep()
	if deep == nil {
		return nil
	}
	var out []diag.Finding
	for _, f := range deep.Findings {
		if f.Counterexample != nil && (len(f.Counterexample.States) > 0 || len(f.Counterexample.Bindings) > 0) {
			out = append(out, f)
		}
	}
	return out
}

// property returns the verdict on the invariant or assert whose name is at name, if
// the deep check gave one.
func (s *Snapshot) property(name *ast.Ident) (diag.Property, bool) {
	deep := s.Deep()
	if deep == nil || name == nil {
		return diag.Property{}, false
	}
	for _, p := range deep.Properties {
		if p.Span == name.Span {
			return p, true
		}
	}
	return diag.Property{}, false
}

// propertyFinding returns the violation finding of a property, the one that holds
// its run.
func (s *Snapshot) propertyFinding(p diag.Property) (diag.Finding, bool) {
	for _, f := range s.runFindings() {
		if (f.Code == diag.InvariantViolated || f.Code == diag.AssertViolated) && f.Span == p.Span {
			return f, true
		}
	}
	return diag.Finding{}, false
}

// statusText is a property's verdict as a lens title says it.
func statusText(p diag.Property) string {
	switch p.Status {
	case diag.HoldsToDepth:
		return "holds to depth " + strconv.Itoa(p.Depth)
	case diag.Undecided:
		if p.Reason != "" {
			return "unknown: " + p.Reason
		}
		return "unknown"
	}
	return string(p.Status)
}

// findingRegion is the part of the spec a finding talks about: the clause (top-level,
// or of an action) its range starts in; the whole action when it points at the
// action's name (blocked, dead and unreachable actions); the whole declaration
// otherwise (a pred, a fun, an example).
func (s *Snapshot) findingRegion(f diag.Finding) ast.Node {
	at := f.Span.Start
	for _, d := range s.File.Decls {
		if !d.Bounds().Contains(at) {
			continue
		}
		if a, ok := d.(*ast.ActionDecl); ok {
			for _, c := range a.Clauses {
				if c.Bounds().Contains(at) {
					return c
				}
			}
		}
		return d
	}
	return nil
}

// runStates picks the states a finding's names are read in: pre for unprimed names,
// post for primed ones (nil when there is none). A blocked action's run ends in the
// state it is blocked in, with no next state; a property with primes (a step assert)
// fails on the run's last step; everything else is about the run's last state.
func (s *Snapshot) runStates(f diag.Finding, region ast.Node) (pre, post diag.State) {
	states := f.Counterexample.States
	if len(states) == 0 {
		return nil, nil
	}
	last := states[len(states)-1]
	if f.Code != diag.BlockedAction && len(states) >= 2 && region != nil && len(s.Info.Primes(region)) > 0 {
		return states[len(states)-2], last
	}
	return last, nil
}

// lookupValue returns the value of name in a state or bindings list.
func lookupValue(bs []diag.Binding, name string) (diag.Value, bool) {
	for _, b := range bs {
		if b.Name == name {
			return b.Value, true
		}
	}
	return diag.Value{}, false
}

// nameValue is the value a name has in a finding's counterexample: a var in the
// chosen state (post for a primed one), a parameter or bound variable in the
// bindings.
type nameValue struct {
	id     *ast.Ident
	primed bool
	value  diag.Value
}

// regionValues lists, for each var, parameter and bound variable used in region, its
// first use with its counterexample value; a name with no value is left out.
func (s *Snapshot) regionValues(f diag.Finding, region ast.Node) []nameValue {
	pre, post := s.runStates(f, region)
	type key struct {
		sym    *sema.Symbol
		primed bool
	}
	seen := map[key]bool{}
	var out []nameValue
	visit := func(id *ast.Ident, primed bool) {
		sym := s.Info.Uses[id]
		if sym == nil || seen[key{sym, primed}] {
			return
		}
		var (
			v  diag.Value
			ok bool
		)
		switch sym.Kind {
		case sema.KindVar:
			if primed {
				v, ok = lookupValue(post, sym.Name)
			} else {
				v, ok = lookupValue(pre, sym.Name)
			}
		case sema.KindParam, sema.KindBound:
			v, ok = lookupValue(f.Counterexample.Bindings, sym.Name)
		}
		if ok {
			seen[key{sym, primed}] = true
			out = append(out, nameValue{id: id, primed: primed, value: v})
		}
	}
	ast.Inspect(region, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Primed:
			visit(n.Ident, true)
			return false
		case *ast.Name:
			visit(n.Ident, false)
		}
		return true
	})
	return out
}

// runMarkdown renders a finding's counterexample as markdown: a table with one row
// per state (the step that led to it, then each var's value), then the values of the
// parameters and bound variables it is about.
func (s *Snapshot) runMarkdown(f diag.Finding) string {
	cx := f.Counterexample
	var b strings.Builder
	if len(cx.States) > 0 {
		var vars []string
		for _, bd := range cx.States[0] {
			vars = append(vars, bd.Name)
		}
		b.WriteString("| step | action |")
		for _, v := range vars {
			b.WriteString(" " + cell(v) + " |")
		}
		b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(vars)) + "\n")
		for i, st := range cx.States {
			action := "(initial)"
			switch {
			case !s.Info.StateMachine:
				action = "(model)"
			case i > 0 && i-1 < len(cx.Steps):
				action = cx.Steps[i-1]
			}
			b.WriteString("| " + strconv.Itoa(i) + " | " + cell(action) + " |")
			for _, v := range vars {
				val := ""
				if x, ok := lookupValue(st, v); ok {
					val = x.String()
				}
				b.WriteString(" " + cell(val) + " |")
			}
			b.WriteString("\n")
		}
	}
	if len(cx.Bindings) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		parts := make([]string, len(cx.Bindings))
		for i, bd := range cx.Bindings {
			parts[i] = "`" + bd.Name + " = " + bd.Value.String() + "`"
		}
		b.WriteString("with " + strings.Join(parts, ", ") + "\n")
	}
	return b.String()
}

// cell keeps a table cell in its column.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
