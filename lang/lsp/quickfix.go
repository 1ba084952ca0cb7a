package lsp

import (
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Quick fixes that rewrite the spec: remove a redundant clause, complete a
// non-exhaustive `cases`. Each answers nothing when the text no longer has the
// shape the finding was about.

// edit makes a one-document quick fix.
func (s *Snapshot) edit(title string, d protocol.Diagnostic, edits ...protocol.TextEdit) *protocol.CodeAction {
	kind := protocol.CodeActionKindQuickFix
	return &protocol.CodeAction{
		Title:       title,
		Kind:        &kind,
		Diagnostics: []protocol.Diagnostic{d},
		Edit:        &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{s.URI: edits}},
	}
}

// removeRedundant deletes the clause a `redundant` finding points at: its whole
// lines, with the doc comment above it, when nothing else shares them; the clause's
// own text otherwise.
func (s *Snapshot) removeRedundant(d protocol.Diagnostic) []protocol.CommandOrCodeAction {
	at := s.offset(d.Range.Start)
	var clause ast.Node
	ast.Inspect(s.File, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ClauseDecl, *ast.ActionClause:
			if n.Bounds().Start == at {
				clause = n
			}
			return false
		}
		return n.Bounds().Contains(at)
	})
	if clause == nil {
		return nil
	}
	sp := clause.Bounds()
	first, last := s.Lines.Line(sp.Start), s.Lines.Line(sp.End)
	lineStart := s.Lines.LineStart(first)
	nextLine := s.Lines.LineStart(last + 1)
	del := sp
	if strings.TrimSpace(s.Text[lineStart:sp.Start]) == "" && strings.TrimSpace(s.Text[sp.End:nextLine]) == "" {
		del = source.Span{Start: lineStart, End: nextLine}
		// The doc comment above goes with its clause.
		for i := len(s.File.Comments) - 1; i >= 0; i-- {
			c := s.File.Comments[i]
			if !c.IsDoc() || c.Span.End > del.Start || s.Lines.Line(c.Span.End) != s.Lines.Line(del.Start)-1 {
				continue
			}
			if strings.TrimSpace(s.Text[s.Lines.LineStart(s.Lines.Line(c.Span.Start)):c.Span.Start]) != "" {
				break
			}
			del.Start = s.Lines.LineStart(s.Lines.Line(c.Span.Start))
		}
	}
	name := "this clause"
	switch c := clause.(type) {
	case *ast.ClauseDecl:
		name = c.Kind.String()
		if c.Name != nil {
			name += " " + c.Name.Name
		}
	case *ast.ActionClause:
		name = c.Kind.String()
		if c.Name != nil {
			name += " " + c.Name.Name
		}
	}
	return []protocol.CommandOrCodeAction{s.edit("Remove the redundant "+name, d,
		protocol.TextEdit{Range: s.rangeOf(del), NewText: ""})}
}

// completeCases offers, for a non-exhaustive `cases`, an `else` arm, and an arm for
// the values of the counterexample, each with the first value of the cases' type,
// inserted before its closing brace.
func (s *Snapshot) completeCases(d protocol.Diagnostic) []protocol.CommandOrCodeAction {
	at := s.offset(d.Range.Start)
	var cases *ast.Cases
	ast.Inspect(s.File, func(n ast.Node) bool {
		if c, ok := n.(*ast.Cases); ok && c.Span.Start == at {
			cases = c
		}
		return cases == nil
	})
	if cases == nil || cases.Else != nil || len(cases.Arms) == 0 {
		return nil
	}
	// Where none matches, a fun's cases has a value of the fun's result type; any
	// other, one in the range its arms span.
	typ := s.Info.Types[cases]
	for _, d := range s.File.Decls {
		if fd, ok := d.(*ast.FunDecl); ok && fd.Body != nil && ast.Unparen(fd.Body) == ast.Expr(cases) {
			if t := s.Info.TypeExprs[fd.Result]; !types.IsInvalid(t) {
				typ = t
			}
		}
	}
	value, ok := firstValue(typ)
	if !ok {
		return nil
	}
	var out []protocol.CommandOrCodeAction
	insert := func(title, arm string) {
		out = append(out, s.edit(title, d, s.beforeClosingBrace(cases, arm)))
	}
	insert("Add an else arm (else => "+value+")", "else => "+value)
	if f, ok := s.deepFindingAt(diag.NonExhaustive, cases.Span.Start); ok {
		var conds []string
		for _, arm := range cases.Arms {
			for _, nv := range s.regionValues(f, arm.Guard) {
				if text, ok := nv.value.Literal(); ok {
					name := nv.id.Name
					if nv.primed {
						name += "'"
					}
					conds = append(conds, name+" == "+text)
				}
			}
		}
		conds = dedupe(conds)
		if len(conds) > 0 {
			guard := strings.Join(conds, " and ")
			insert("Add an arm for "+guard, guard+" => "+value)
		}
	}
	return out
}

// beforeClosingBrace inserts an arm as the last one of cases: on its own line,
// indented like the arm above, when the brace starts its line; before the brace on
// the same line otherwise.
func (s *Snapshot) beforeClosingBrace(cases *ast.Cases, arm string) protocol.TextEdit {
	brace := cases.Span.End - 1
	lineStart := s.Lines.LineStart(s.Lines.Line(brace))
	if strings.TrimSpace(s.Text[lineStart:brace]) == "" {
		last := cases.Arms[len(cases.Arms)-1]
		armLine := s.Lines.LineText(s.Lines.Line(last.Span.Start))
		indent := armLine[:len(armLine)-len(strings.TrimLeft(armLine, " \t"))]
		p := s.position(lineStart)
		return protocol.TextEdit{Range: protocol.Range{Start: p, End: p}, NewText: indent + arm + "\n"}
	}
	p := s.position(brace)
	text := arm + " "
	if s.Text[brace-1] != ' ' {
		text = " " + text
	}
	return protocol.TextEdit{Range: protocol.Range{Start: p, End: p}, NewText: text}
}

// deepFindingAt is the deep finding with code that starts at off.
func (s *Snapshot) deepFindingAt(code diag.Code, off int) (diag.Finding, bool) {
	for _, f := range s.runFindings() {
		if f.Code == code && f.Span.Start == off {
			return f, true
		}
	}
	return diag.Finding{}, false
}

// firstValue is the smallest value of t as Specl text, if t has one that can be
// written.
func firstValue(t types.Type) (string, bool) {
	for v := range types.Values(t) {
		return v.Literal()
	}
	return "", false
}

// valueConds says "expr has value v" as equalities, going into maps entry by entry
// (and into records that hold maps) since maps have no literal.
func valueConds(expr string, v diag.Value) []string {
	if text, ok := v.Literal(); ok {
		return []string{expr + " == " + text}
	}
	var out []string
	switch v.Kind {
	case diag.MapValue:
		for _, e := range v.Entries {
			out = append(out, valueConds(expr+"["+e.Name+"]", e.Value)...)
		}
	case diag.RecordValue:
		for _, e := range v.Entries {
			out = append(out, valueConds(expr+"."+e.Name, e.Value)...)
		}
	}
	return out
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
