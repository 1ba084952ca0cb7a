package format

import (
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
)

func (p *printer) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.File:
		p.file(n)
	case ast.Decl:
		p.decl(n)
	case *ast.ActionClause:
		p.actionClause(n)
	case ast.Step:
		p.step(n)
	case ast.Type:
		p.typ(n)
	case ast.Expr:
		p.expr(n, 0, true)
	case *ast.Param:
		p.param(n)
	case *ast.Field:
		p.field(n)
	case *ast.FieldValue:
		p.ident(n.Name)
		p.word(":")
		p.space()
		p.expr(n.Value, 0, true)
	case *ast.Binding:
		p.binding(n)
	case *ast.CaseArm:
		p.arm(n, true)
	case *ast.Ident:
		p.ident(n)
	case *ast.Comment:
		p.word(n.Text)
	}
}

func (p *printer) file(f *ast.File) {
	for i, d := range f.Decls {
		if i > 0 {
			p.line(true)
			if !p.positional && separate(f.Decls[i-1], d) {
				p.out.WriteByte('\n')
			}
		}
		p.decl(d)
	}
	p.finish()
}

// separate decides the blank lines of a file built by code, where there is no author's
// layout to keep.
func separate(a, b ast.Decl) bool {
	block := func(d ast.Decl) bool {
		switch d.(type) {
		case *ast.ActionDecl, *ast.ExampleDecl, *ast.SpecDecl:
			return true
		}
		return false
	}
	if block(a) || block(b) {
		return true
	}
	if x, ok := a.(*ast.ClauseDecl); ok {
		if y, ok := b.(*ast.ClauseDecl); ok {
			return x.Kind != y.Kind
		}
	}
	return kindOf(a) != kindOf(b)
}

func kindOf(d ast.Decl) string {
	switch d.(type) {
	case *ast.TypeDecl, *ast.EnumDecl:
		return "type"
	case *ast.ConstDecl:
		return "const"
	case *ast.VarDecl:
		return "var"
	case *ast.PredDecl, *ast.FunDecl:
		return "pred"
	case *ast.OptionDecl:
		return "option"
	}
	return "other"
}

// doc writes a node's doc text as `///` lines when printing a tree built by code; a
// parsed file's doc comments are among its comments and are written from there.
func (p *printer) doc(d ast.Doc) {
	if p.positional || d.Text == "" {
		return
	}
	for _, l := range strings.Split(d.Text, "\n") {
		if l == "" {
			p.word("///")
		} else {
			p.word("/// " + l)
		}
		p.line(false)
	}
}

func (p *printer) ident(id *ast.Ident) {
	if id == nil {
		return
	}
	p.tok(id.Start, id.Name)
}

// keyword writes a node's leading keyword, anchored at the node's start.
func (p *printer) keyword(start int, kw string) { p.tok(start, kw) }

func (p *printer) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.SpecDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "spec")
		p.space()
		p.ident(d.Name)
	case *ast.TypeDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "type")
		p.space()
		p.ident(d.Name)
		p.space()
		p.word("=")
		p.space()
		p.typ(d.Type)
	case *ast.EnumDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "enum")
		p.space()
		p.ident(d.Name)
		p.list(end(nil, d.Name), d.Span, len(d.Members), func(i int) { p.ident(d.Members[i]) })
	case *ast.ConstDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "const")
		p.space()
		p.ident(d.Name)
		if d.Type != nil {
			p.word(":")
			p.space()
			p.typ(d.Type)
		}
		p.space()
		p.word("=")
		p.softBreak(end(d.Type, d.Name), start(d.Value))
		p.expr(d.Value, 0, true)
	case *ast.VarDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "var")
		p.space()
		p.ident(d.Name)
		p.word(":")
		p.space()
		p.typ(d.Type)
	case *ast.ClauseDecl:
		p.doc(d.Doc)
		p.clause(d.Start, d.Kind, d.Name, d.Body)
	case *ast.ActionDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "action")
		p.space()
		p.ident(d.Name)
		if d.Params != nil {
			p.params(d.Params)
		}
		p.body(d.End-1, len(d.Clauses), func(i int) { p.actionClause(d.Clauses[i]) })
	case *ast.PredDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "pred")
		p.space()
		p.ident(d.Name)
		if len(d.Params) > 0 || p.peek("(") >= 0 {
			p.params(d.Params)
		}
		p.word(":")
		p.softBreak(lastParamEnd(d.Name, d.Params), start(d.Body))
		p.expr(d.Body, 0, true)
	case *ast.FunDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "fun")
		p.space()
		p.ident(d.Name)
		if len(d.Params) > 0 || p.peek("(") >= 0 {
			p.params(d.Params)
		}
		p.word(":")
		p.space()
		p.typ(d.Result)
		p.space()
		p.word("=")
		p.softBreak(end(d.Result, d.Name), start(d.Body))
		p.expr(d.Body, 0, true)
	case *ast.ExampleDecl:
		p.doc(d.Doc)
		kw := "example"
		if d.Negative {
			kw = "nonexample"
		}
		p.keyword(d.Start, kw)
		p.space()
		p.ident(d.Name)
		p.body(d.End-1, len(d.Steps), func(i int) { p.step(d.Steps[i]) })
	case *ast.OptionDecl:
		p.doc(d.Doc)
		p.keyword(d.Start, "option")
		p.space()
		p.ident(d.Name)
		p.space()
		p.word("=")
		p.space()
		p.expr(d.Value, 0, true)
	}
}

// clause writes `kind [Name:] body` for top-level clauses and action clauses.
func (p *printer) clause(pos int, kind ast.ClauseKind, name *ast.Ident, body ast.Expr) {
	p.keyword(pos, kind.String())
	from := pos + len(kind.String())
	if name != nil {
		p.space()
		p.ident(name)
		p.word(":")
		from = name.End
	}
	if body == nil {
		return
	}
	p.softBreak(from, start(body))
	p.expr(body, 0, true)
}

func (p *printer) actionClause(c *ast.ActionClause) {
	p.doc(c.Doc)
	p.clause(c.Start, c.Kind, c.Name, c.Body)
}

func (p *printer) params(ps []*ast.Param) {
	p.word("(")
	for i, q := range ps {
		if i > 0 {
			p.word(",")
			p.space()
		}
		p.param(q)
	}
	p.word(")")
}

func (p *printer) param(q *ast.Param) {
	p.ident(q.Name)
	p.word(":")
	p.space()
	p.typ(q.Type)
}

func (p *printer) field(f *ast.Field) {
	p.ident(f.Name)
	p.word(":")
	p.space()
	p.typ(f.Type)
}

func (p *printer) step(s ast.Step) {
	switch s := s.(type) {
	case *ast.GivenStep:
		p.keyword(s.Start, "given")
		p.space()
		p.expr(s.Cond, 0, true)
	case *ast.ExpectStep:
		p.keyword(s.Start, "expect")
		p.space()
		p.expr(s.Cond, 0, true)
	case *ast.DoStep:
		p.keyword(s.Start, "do")
		p.space()
		p.ident(s.Action)
		if s.Parens || len(s.Args) > 0 {
			p.word("(")
			p.exprs(s.Args)
			p.tok(s.End-1, ")")
		}
	}
}

// list writes the braced members of an enum or record type: on one line, `{ A, B }`,
// unless the author spread them over lines or put comments among them, then one
// member per line.
// from is where the braces open (or start before).
func (p *printer) list(from int, span ast.Span, n int, item func(i int)) {
	close := p.at(span.End-1, "}")
	if p.positional && close >= 0 && 0 <= from && from <= close &&
		(strings.Contains(p.src[from:close], "\n") || p.commentBefore(close)) {
		p.body(close, n, func(i int) {
			item(i)
			if i < n-1 {
				p.word(",")
			}
		})
		return
	}
	p.space()
	if n == 0 {
		p.word("{")
		p.tok(close, "}")
		return
	}
	p.word("{")
	for i := 0; i < n; i++ {
		if i > 0 {
			p.word(",")
		}
		p.space()
		item(i)
	}
	p.space()
	p.tok(close, "}")
}

// ---- types ----

func (p *printer) typ(t ast.Type) {
	switch t := t.(type) {
	case *ast.BoolType:
		p.tok(t.Start, "bool")
	case *ast.NamedType:
		p.ident(t.Name)
	case *ast.RangeType:
		p.expr(t.Lo, precAdd, false)
		p.word("..")
		p.expr(t.Hi, precAdd, true)
	case *ast.SetType:
		p.keyword(t.Start, "set")
		p.space()
		p.word("of")
		p.space()
		p.typeOperand(t.Elem)
	case *ast.MapType:
		p.typeOperand(t.Key)
		p.space()
		p.word("->")
		p.space()
		p.typ(t.Value)
	case *ast.RecordType:
		p.list(t.Start, t.Span, len(t.Fields), func(i int) { p.field(t.Fields[i]) })
	case *ast.ParenType:
		p.tok(t.Start, "(")
		p.typ(t.Type)
		p.tok(t.End-1, ")")
	}
}

// typeOperand writes the key of a map or the element of a set, where a bare map type
// would read differently (`->` binds loosest and associates to the right).
func (p *printer) typeOperand(t ast.Type) {
	if _, ok := t.(*ast.MapType); ok && p.adding() {
		p.word("(")
		p.typ(t)
		p.word(")")
		return
	}
	p.typ(t)
}

// ---- expressions ----

// Precedence levels of the language reference, times ten, with the range operator
// between intersect and + -, and the postfix and atom levels on top.
const (
	precIff       = 10
	precImplies   = 20
	precOr        = 30
	precAnd       = 40
	precNot       = 50
	precCmp       = 60
	precUnion     = 70
	precIntersect = 80
	precRange     = 85
	precAdd       = 90
	precMul       = 100
	precNeg       = 110
	precPostfix   = 120
	precAtom      = 130
)

func prec(e ast.Expr) int {
	switch e := e.(type) {
	case *ast.Binary:
		return e.Op.Precedence() * 10
	case *ast.Unary:
		if e.Op == ast.Not {
			return precNot
		}
		return precNeg
	case *ast.RangeExpr:
		return precRange
	case *ast.Index, *ast.Select, *ast.MapUpdate, *ast.RecordUpdate:
		return precPostfix
	}
	return precAtom
}

// openEnded reports whether e ends in an `if` or quantifier whose last part would
// swallow whatever followed it.
func openEnded(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.If, *ast.Quant:
		return true
	case *ast.Unary:
		return openEnded(e.X)
	case *ast.Binary:
		return openEnded(e.Y)
	case *ast.RangeExpr:
		return openEnded(e.Hi)
	case *ast.MapUpdate:
		return openEnded(e.Value)
	case *ast.RecordUpdate:
		return openEnded(e.Value)
	}
	return false
}

// isUpdate reports whether e is a `with` update, possibly under unary minus: the value
// of another update may not be one unparenthesised, and a suffix after one would
// attach to its value.
func isUpdate(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.MapUpdate, *ast.RecordUpdate:
		return true
	case *ast.Unary:
		return e.Op == ast.Neg && isUpdate(e.X)
	}
	return false
}

// expr writes e where the grammar wants an operand of at least level min; last says
// whether nothing of the enclosing expression follows e (so an open-ended e may stand
// bare). Parentheses are added only where the tree could not be read back otherwise,
// which never happens for a parsed tree: its parentheses are ast.Paren nodes.
func (p *printer) expr(e ast.Expr, min int, last bool) {
	if e == nil {
		return
	}
	if p.adding() && (prec(e) < min || (!last && openEnded(e))) {
		p.word("(")
		p.expr1(e, true)
		p.word(")")
		return
	}
	p.expr1(e, last)
}

// adding reports whether the printer may add parentheses: only for trees built by
// code. A parsed tree is printed with exactly its own tokens, which the parser has
// already read as this tree (its parentheses are ast.Paren nodes).
func (p *printer) adding() bool { return !p.positional }

// postfixOperand writes the X of an index, field selection or prime-free suffix.
func (p *printer) postfixOperand(x ast.Expr) {
	if isUpdate(x) && p.adding() {
		p.word("(")
		p.expr1(x, true)
		p.word(")")
		return
	}
	p.expr(x, precPostfix, false)
}

func (p *printer) expr1(e ast.Expr, last bool) {
	switch e := e.(type) {
	case *ast.Name:
		p.ident(e.Ident)
	case *ast.Primed:
		if e.Ident != nil {
			p.tok(e.Start, e.Ident.Name+"'")
		}
	case *ast.IntLit:
		text := e.Text
		if text == "" {
			text = strconv.FormatInt(e.Value, 10)
		}
		p.tok(e.Start, text)
	case *ast.BoolLit:
		p.tok(e.Start, strconv.FormatBool(e.Value))
	case *ast.Wildcard:
		p.tok(e.Start, "_")
	case *ast.Unary:
		if e.Op == ast.Not {
			p.keyword(e.Start, "not")
			p.space()
			p.expr(e.X, precNot, last)
			return
		}
		p.tok(e.Start, "-")
		if startsWithMinus(e.X) {
			p.space() // `- -x`, never `--x`
		}
		p.expr(e.X, precNeg, last)
	case *ast.Binary:
		p.binary(e, last)
	case *ast.Index:
		p.postfixOperand(e.X)
		p.word("[")
		p.expr(e.Key, 0, true)
		p.tok(e.End-1, "]")
	case *ast.Select:
		p.postfixOperand(e.X)
		p.word(".")
		p.ident(e.Field)
	case *ast.Call:
		p.ident(e.Fun)
		p.word("(")
		p.exprs(e.Args)
		p.tok(e.End-1, ")")
	case *ast.MapUpdate:
		p.updateOperand(e.X)
		p.space()
		p.word("with")
		p.space()
		p.word("[")
		p.expr(e.Key, 0, true)
		p.word("]")
		p.space()
		p.word("=")
		p.space()
		p.updateValue(e.Value, last)
	case *ast.RecordUpdate:
		p.updateOperand(e.X)
		p.space()
		p.word("with")
		p.space()
		p.word(".")
		p.ident(e.Field)
		p.space()
		p.word("=")
		p.space()
		p.updateValue(e.Value, last)
	case *ast.SetLit:
		p.tok(e.Start, "{")
		p.exprs(e.Elems)
		p.tok(e.End-1, "}")
	case *ast.Comprehension:
		p.tok(e.Start, "{")
		p.ident(e.Var)
		p.space()
		p.word("in")
		p.space()
		p.expr(e.Set, precUnion, true)
		p.space()
		p.word("where")
		p.space()
		p.expr(e.Cond, 0, true)
		p.tok(e.End-1, "}")
	case *ast.RecordLit:
		p.tok(e.Start, "{")
		for i, f := range e.Fields {
			if i > 0 {
				p.word(",")
				p.space()
			}
			p.ident(f.Name)
			p.word(":")
			p.space()
			p.expr(f.Value, 0, true)
		}
		p.tok(e.End-1, "}")
	case *ast.RangeExpr:
		p.expr(e.Lo, precAdd, false)
		p.word("..")
		p.expr(e.Hi, precAdd, last)
	case *ast.Count:
		p.keyword(e.Start, "count")
		p.word("(")
		p.expr(e.X, 0, true)
		p.tok(e.End-1, ")")
	case *ast.If:
		p.keyword(e.Start, "if")
		p.space()
		p.expr(e.Cond, 0, true)
		p.softBreak(end(e.Cond, nil), start(e.Then))
		p.word("then")
		p.space()
		p.expr(e.Then, 0, true)
		p.softBreak(end(e.Then, nil), start(e.Else))
		p.word("else")
		p.space()
		p.expr(e.Else, 0, last)
	case *ast.Quant:
		p.keyword(e.Start, e.Kind.String())
		quantLine := p.lineIndent
		p.space()
		for i, b := range e.Bindings {
			if i > 0 {
				p.word(",")
				p.space()
			}
			p.binding(b)
		}
		p.word(":")
		if n := len(e.Bindings); n > 0 {
			p.softBreak(end(e.Bindings[n-1].Set, nil), start(e.Body))
		} else {
			p.space()
		}
		if p.pend.kind == pendLine {
			// A body on lines of its own is nested under its quantifier's line.
			saved := p.contLevel
			p.contLevel = quantLine + 1
			defer func() { p.contLevel = saved }()
		}
		p.expr(e.Body, 0, last)
	case *ast.Cases:
		p.cases(e)
	case *ast.Paren:
		p.tok(e.Start, "(")
		p.expr(e.X, 0, true)
		p.tok(e.End-1, ")")
	}
}

func (p *printer) binary(e *ast.Binary, last bool) {
	level := e.Op.Precedence() * 10
	left, right := level, level+1 // levels 7-10 associate to the left
	switch e.Op {
	case ast.Implies: // to the right
		left, right = level+1, level
	case ast.And, ast.Or: // associative: either shape reads the same
		left, right = level, level
	}
	if e.Op == ast.Iff || e.Op.IsComparison() {
		left, right = level+1, level+1
	}
	p.expr(e.X, left, false)
	p.space()
	if e.Op == ast.NotIn { // two tokens, which a comment may separate
		p.tok(e.OpSpan.Start, "not")
		p.space()
		p.word("in")
	} else {
		p.tok(e.OpSpan.Start, e.Op.String())
	}
	p.softBreak(e.OpSpan.End, start(e.Y))
	p.expr(e.Y, right, last)
}

func (p *printer) binding(b *ast.Binding) {
	for i, v := range b.Vars {
		if i > 0 {
			p.word(",")
			p.space()
		}
		p.ident(v)
	}
	p.space()
	p.word("in")
	p.space()
	p.expr(b.Set, 0, true)
}

// updateOperand writes the X of `X with …`: a chain of updates needs no parentheses.
func (p *printer) updateOperand(x ast.Expr) {
	if !p.adding() || (isUpdate(x) && prec(x) == precPostfix && !openEnded(x)) {
		p.expr1(x, false)
		return
	}
	p.expr(x, precPostfix, false)
}

// updateValue writes the v of `with [k] = v`: a level-11 operand with no update of its
// own.
func (p *printer) updateValue(v ast.Expr, last bool) {
	if p.adding() && (isUpdate(v) || prec(v) < precNeg) {
		p.word("(")
		p.expr1(v, true)
		p.word(")")
		return
	}
	p.expr(v, precNeg, last)
}

func (p *printer) exprs(es []ast.Expr) {
	for i, e := range es {
		if i > 0 {
			p.word(",")
			p.space()
		}
		p.expr(e, 0, true)
	}
}

func (p *printer) cases(c *ast.Cases) {
	p.keyword(c.Start, "cases")
	arms := c.Arms
	if c.Else != nil {
		arms = append(arms[:len(arms):len(arms)], c.Else)
	}
	p.body(c.End-1, len(arms), func(i int) {
		p.arm(arms[i], true)
		if i+1 < len(arms) && arms[i+1].Guard != nil && continues(arms[i+1].Guard) {
			p.word(",")
		}
	})
}

// continues reports whether a guard written after an arm's value would read as part
// of that value: a call's or index's bracket, or a subtraction.
func continues(guard ast.Expr) bool {
	s := Expr(guard)
	return s != "" && strings.ContainsRune("([-", rune(s[0]))
}

func (p *printer) arm(a *ast.CaseArm, last bool) {
	from := -1
	if a.Guard == nil {
		p.keyword(a.Start, "else")
		from = a.Start + len("else")
	} else {
		p.expr(a.Guard, 0, true)
		from = a.Guard.Bounds().End
	}
	p.space()
	p.word("=>")
	p.softBreak(from, start(a.Value))
	p.expr(a.Value, 0, last)
}

// start and end are a node's source offsets, or -1 when it is absent.
func start(n ast.Node) int {
	if n == nil {
		return -1
	}
	return n.Bounds().Start
}

func end(n ast.Node, or *ast.Ident) int {
	if n != nil {
		return n.Bounds().End
	}
	if or != nil {
		return or.End
	}
	return -1
}

func lastParamEnd(name *ast.Ident, ps []*ast.Param) int {
	if len(ps) > 0 {
		return ps[len(ps)-1].End
	}
	if name != nil {
		return name.End
	}
	return -1
}

func startsWithMinus(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Unary:
		return e.Op == ast.Neg
	case *ast.IntLit:
		return strings.HasPrefix(e.Text, "-") || (e.Text == "" && e.Value < 0)
	}
	return false
}
