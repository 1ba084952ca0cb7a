// Package format prints Specl syntax trees as canonical text: `specls fmt`, the
// language server's formatting and the code actions that generate clauses all go
// through it. It imports lang/ast, lang/diag, lang/parser and lang/source; anything
// may import it.
//
// The canonical layout:
//
//   - One declaration per line, in source order. Blank lines between declarations are
//     kept where the author put them (a run of blank lines becomes one); none is added
//     or removed otherwise, so grouping is the author's.
//
//   - Bodies of `action`, `example`/`nonexample` and `cases` are written one clause,
//     step or arm per line, indented two spaces deeper than the line that opens them,
//     with `{` at the end of that line and `}` alone on the last; an empty body is `{}`.
//     Blank lines between clauses, steps and arms are kept (collapsed to one), never at
//     the start or end of a body.
//
//   - `cases` arms are `guard => value`, the arrows not aligned (a new arm never
//     rewrites its neighbours). An arm ends with a comma only where the next guard
//     would otherwise continue its value (it starts with `(`, `[` or `-`).
//
//   - One space around binary operators and after commas and colons; none inside
//     brackets: `x'`, `m[k]`, `r.f`, `P(a, b)`, `{A, B}`, `{f: e}`, `{x in S where e}`,
//     `lo..hi`, `count(S)`, `-x`, `not x`. Record types have spaces inside the braces,
//     `{ f: T, g: U }`, as in the language reference; `set of T`, `K -> V`.
//
//   - `action Name(p: T) {`, `action Name {` without parameters; `pred Name(p: T): e`;
//     `fun Name(p: T): T = e`; `fact Name: e`, `fact e`; `do A`, `do A(x, _)`; an
//     empty `()` stays where the author wrote one.
//     Trailing commas in lists are dropped. An enum or record type that the author
//     wrote over several lines (or that holds a comment) gets one member per line.
//
//   - Expressions stay on one line, except that a line break the author put after a
//     binary operator, a clause's or quantifier's colon, `=`, `=>`, or before `then`
//     and `else`, is kept: the continuation is indented one level deeper than the
//     clause. Long lines are not wrapped.
//
//   - Parentheses are the author's: every ast.Paren is printed, and none is added to a
//     parsed tree. Trees built by code (Node, Expr) get exactly the parentheses their
//     shape needs to read back the same.
//
//   - Every comment is kept, in order, between the same two tokens (commas aside): a
//     comment that followed code on its line stays at the end of that line (a `//`
//     comment inside an expression therefore ends the line there); a comment on its
//     own line stays on its own line, indented like the code it precedes, with the
//     author's blank line before it, if any. Trailing spaces of `//` comments are
//     dropped.
//
//   - A `// specls:ignore` comment keeps silencing what it silenced: where the new
//     layout moves a token it covered out of its reach (two declarations on its line
//     split in two, say), a copy of it goes on its own line above that token's line.
//
// The output ends with one newline and is stable: Source(Source(x)) == Source(x), and
// it parses to the same tree as x, positions aside.
package format

import (
	"fmt"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
)

// SyntaxError is returned by Source when the text does not parse: formatting a broken
// file could lose what the parser skipped, so nothing is formatted.
type SyntaxError struct {
	Findings []diag.Finding // the parser's findings with severity error, in order
	lines    *source.LineIndex
}

// Error lists every syntax error as `line:col: message`, 1-based, columns in code points.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	for i, f := range e.Findings {
		if i > 0 {
			b.WriteString("\n")
		}
		if e.lines == nil { // built by hand, without the text: byte offsets
			fmt.Fprintf(&b, "@%d: %s", f.Span.Start, f.Message)
			continue
		}
		pos := e.lines.Position(f.Span.Start, source.CodePoints)
		fmt.Fprintf(&b, "%d:%d: %s", pos.Line+1, pos.Column+1, f.Message)
	}
	return b.String()
}

// Source formats a whole file. It parses src with lang/parser; on syntax errors it
// returns a *SyntaxError and no text.
func Source(src string) (string, error) {
	f, findings := parser.Parse(src)
	var errs []diag.Finding
	for _, d := range findings {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) > 0 {
		return "", &SyntaxError{Findings: errs, lines: source.NewLineIndex(src)}
	}
	return File(f, src), nil
}

// File prints a parsed file whose spans refer to src, keeping src's comments (taken
// from f.Comments), blank lines and line breaks as Source does. The caller must make
// sure f parsed without errors: a BadDecl or BadStep would be printed as nothing.
func File(f *ast.File, src string) string {
	p := &printer{src: src, positional: true, comments: f.Comments, toks: codeTokens{sc: parser.NewScanner(src)}}
	p.file(f)
	return keepSuppressions(src, p.out.String())
}

// Node prints a node built by code (or taken from a tree) in canonical layout, with
// no comments but the `///` doc text held in ast.Doc. Positions are ignored, so the
// node may be fresh. An *ast.File ends with a newline; any other node does not, and a
// multi-line node (an action, an example, a `cases`) is indented as if it started at
// column 0: a caller inserting it deeper indents its lines itself. Between the
// declarations of a File, a blank line separates declarations of different kinds and
// surrounds actions and examples.
func Node(n ast.Node) string {
	p := &printer{}
	p.node(n)
	return p.out.String()
}

// Expr prints an expression built by code, with the parentheses its shape needs.
func Expr(e ast.Expr) string { return Node(e) }

// Type prints a type built by code.
func Type(t ast.Type) string { return Node(t) }
