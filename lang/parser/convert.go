package parser

import (
	"sort"
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// converter turns one parsed piece into lang/ast nodes. Grammar positions are
// relative to the piece; base moves them to the file.
type converter struct {
	base int
	toks []Token // the piece's tokens, spans relative to the piece
	errs []diag.Finding
}

// end is the end of the last token that starts before endPos: participle's EndPos is
// the position of the token after the node.
func (c *converter) end(pos, endPos lexer.Position) int {
	i := sort.Search(len(c.toks), func(i int) bool { return c.toks[i].Span.Start >= endPos.Offset })
	if i == 0 {
		return pos.Offset
	}
	if e := c.toks[i-1].Span.End; e > pos.Offset {
		return e
	}
	return pos.Offset
}

func (c *converter) span(pos, endPos lexer.Position) source.Span {
	return source.Span{Start: c.base + pos.Offset, End: c.base + c.end(pos, endPos)}
}

// tokenAt is the first token starting at or after the relative offset.
func (c *converter) tokenAt(rel int) (Token, bool) {
	i := sort.Search(len(c.toks), func(i int) bool { return c.toks[i].Span.Start >= rel })
	if i == len(c.toks) {
		return Token{}, false
	}
	return c.toks[i], true
}

func (c *converter) shift(s source.Span) source.Span {
	return source.Span{Start: s.Start + c.base, End: s.End + c.base}
}

func (c *converter) ident(g *gIdent) *ast.Ident {
	if g == nil {
		return nil
	}
	start := c.base + g.Pos.Offset
	return &ast.Ident{Span: source.Span{Start: start, End: start + len(g.Name)}, Name: g.Name}
}

func (c *converter) errorf(span source.Span, format string, args ...any) {
	c.errs = append(c.errs, diag.New(diag.Syntax, span, format, args...))
}

// ---- declarations ----

func (c *converter) decl(g *gDecl) ast.Decl {
	switch {
	case g.Spec != nil:
		return &ast.SpecDecl{Span: c.span(g.Spec.Pos, g.Spec.EndPos), Name: c.ident(g.Spec.Name)}
	case g.Type != nil:
		return &ast.TypeDecl{Span: c.span(g.Type.Pos, g.Type.EndPos), Name: c.ident(g.Type.Name), Type: c.typ(g.Type.Type)}
	case g.Enum != nil:
		d := &ast.EnumDecl{Span: c.span(g.Enum.Pos, g.Enum.EndPos), Name: c.ident(g.Enum.Name)}
		for _, m := range g.Enum.Members {
			d.Members = append(d.Members, c.ident(m))
		}
		return d
	case g.Const != nil:
		return &ast.ConstDecl{Span: c.span(g.Const.Pos, g.Const.EndPos), Name: c.ident(g.Const.Name),
			Type: c.typ(g.Const.Type), Value: c.expr(g.Const.Value)}
	case g.Var != nil:
		return &ast.VarDecl{Span: c.span(g.Var.Pos, g.Var.EndPos), Name: c.ident(g.Var.Name), Type: c.typ(g.Var.Type)}
	case g.Clause != nil:
		d := &ast.ClauseDecl{Span: c.span(g.Clause.Pos, g.Clause.EndPos), Kind: clauseKind(g.Clause.Kind),
			Name: c.ident(g.Clause.Name), Body: c.expr(g.Clause.Body)}
		if d.Name == nil && (d.Kind == ast.Invariant || d.Kind == ast.Assert) {
			// Properties are reported by name: `invariant Name: e`, `assert Name: e`.
			c.errorf(source.Span{Start: d.Start, End: d.Start + len(g.Clause.Kind)}, "%s needs a name: %s Name: e", g.Clause.Kind, g.Clause.Kind)
		}
		return d
	case g.Pred != nil:
		return &ast.PredDecl{Span: c.span(g.Pred.Pos, g.Pred.EndPos), Name: c.ident(g.Pred.Name),
			Params: c.params(g.Pred.Params), Body: c.expr(g.Pred.Body)}
	case g.Fun != nil:
		return &ast.FunDecl{Span: c.span(g.Fun.Pos, g.Fun.EndPos), Name: c.ident(g.Fun.Name),
			Params: c.params(g.Fun.Params), Result: c.typ(g.Fun.Result), Body: c.expr(g.Fun.Body)}
	case g.Option != nil:
		return &ast.OptionDecl{Span: c.span(g.Option.Pos, g.Option.EndPos), Name: c.ident(g.Option.Name), Value: c.expr(g.Option.Value)}
	}
	return nil // actions and examples are parsed clause by clause (see parse.go)
}

func clauseKind(kw string) ast.ClauseKind {
	switch kw {
	case "fact":
		return ast.Fact
	case "initially":
		return ast.Initially
	case "invariant":
		return ast.Invariant
	case "assert":
		return ast.Assert
	case "requires":
		return ast.Requires
	}
	return ast.Ensures
}

func (c *converter) params(gs []*gParam) []*ast.Param {
	var out []*ast.Param
	for _, p := range gs {
		out = append(out, &ast.Param{Span: c.span(p.Pos, p.EndPos), Name: c.ident(p.Name), Type: c.typ(p.Type)})
	}
	return out
}

func (c *converter) actionClause(g *gActionClause) *ast.ActionClause {
	return &ast.ActionClause{Span: c.span(g.Pos, g.EndPos), Kind: clauseKind(g.Kind), Name: c.ident(g.Name), Body: c.expr(g.Body)}
}

func (c *converter) step(g *gStep) ast.Step {
	sp := c.span(g.Pos, g.EndPos)
	switch {
	case g.Given != nil:
		return &ast.GivenStep{Span: sp, Cond: c.expr(g.Given)}
	case g.Expect != nil:
		return &ast.ExpectStep{Span: sp, Cond: c.expr(g.Expect)}
	}
	d := &ast.DoStep{Span: sp, Action: c.ident(g.Do), Parens: g.Parens}
	for _, a := range g.Args {
		if a.Wildcard {
			// The wildcard is the only token of its argument: find it after the
			// previous argument.
			from := sp.Start - c.base
			if len(d.Args) > 0 {
				from = d.Args[len(d.Args)-1].Bounds().End - c.base
			}
			for i := from; ; i++ {
				t, ok := c.tokenAt(i)
				if !ok {
					break
				}
				if t.Text == "_" {
					d.Args = append(d.Args, &ast.Wildcard{Span: c.shift(t.Span)})
					break
				}
				i = t.Span.Start
			}
			continue
		}
		d.Args = append(d.Args, c.expr(a.Expr))
	}
	return d
}

// ---- types ----

func (c *converter) typ(g *gType) ast.Type {
	if g == nil {
		return nil
	}
	key := c.typeTerm(g.Term)
	if g.Value == nil {
		return key
	}
	return &ast.MapType{Span: c.span(g.Pos, g.EndPos), Key: key, Value: c.typ(g.Value)}
}

func (c *converter) typeTerm(g *gTypeTerm) ast.Type {
	sp := c.span(g.Pos, g.EndPos)
	switch {
	case g.Bool:
		return &ast.BoolType{Span: sp}
	case g.SetOf != nil:
		return &ast.SetType{Span: sp, Elem: c.typeTerm(g.SetOf)}
	case g.Record != nil:
		t := &ast.RecordType{Span: sp}
		for _, f := range g.Record {
			t.Fields = append(t.Fields, &ast.Field{Span: c.span(f.Pos, f.EndPos), Name: c.ident(f.Name), Type: c.typ(f.Type)})
		}
		return t
	case g.Paren != nil:
		return &ast.ParenType{Span: sp, Type: c.typ(g.Paren)}
	}
	lo := c.addExpr(g.Lo)
	if g.Hi != nil {
		return &ast.RangeType{Span: sp, Lo: lo, Hi: c.addExpr(g.Hi)}
	}
	if n, ok := lo.(*ast.Name); ok {
		return &ast.NamedType{Span: sp, Name: n.Ident}
	}
	c.errorf(sp, "expected a type (a name, bool, lo..hi, set of T, K -> V or a record), found an expression")
	return &ast.NamedType{Span: sp, Name: &ast.Ident{Span: sp, Name: "_"}}
}

// ---- expressions ----

func (c *converter) binary(op ast.BinaryOp, x, y ast.Expr, opTokStart int) ast.Expr {
	opSpan := source.Span{Start: opTokStart, End: opTokStart}
	if t, ok := c.tokenAt(opTokStart - c.base); ok {
		opSpan = c.shift(t.Span)
		if op == ast.NotIn { // two tokens: not in
			if t2, ok := c.tokenAt(t.Span.End); ok {
				opSpan.End = c.base + t2.Span.End
			}
		}
	}
	return &ast.Binary{Span: x.Bounds().Join(y.Bounds()), Op: op, OpSpan: opSpan, X: x, Y: y}
}

func (c *converter) expr(g *gExpr) ast.Expr {
	if g == nil {
		return nil
	}
	p := &climber{c: c, g: g}
	return p.expr(0)
}

// binaryOps gives each binary operator of the flat grammar its node and level.
var binaryOps = map[string]struct {
	op    ast.BinaryOp
	level int
}{
	"iff": {ast.Iff, 1}, "implies": {ast.Implies, 2}, "or": {ast.Or, 3}, "and": {ast.And, 4},
	"==": {ast.Eq, 6}, "!=": {ast.Neq, 6}, "<": {ast.Lt, 6}, "<=": {ast.Le, 6}, ">": {ast.Gt, 6},
	">=": {ast.Ge, 6}, "in": {ast.In, 6}, "notin": {ast.NotIn, 6}, "subset": {ast.Subset, 6},
	"union": {ast.Union, 7}, "minus": {ast.Minus, 7}, "intersect": {ast.Intersect, 8},
	"..": {-1, rangeLevel}, "+": {ast.Add, 9}, "-": {ast.Sub, 9}, "*": {ast.Mul, 10},
}

// Levels of the language reference, times ten, so that the range operator, which
// the reference does not list, fits between intersect (80) and + - (90).
const (
	notLevel   = 50 // prefix not: looser than comparisons, tighter than and
	rangeLevel = 85
)

// level orders the binary operators.
func level(op string) int {
	if l := binaryOps[op].level; l != rangeLevel {
		return l * 10
	}
	return rangeLevel
}

func nonAssociative(op string) bool {
	l := binaryOps[op].level
	return l == 1 || l == 6 || l == rangeLevel
}

// climber applies precedence and associativity to a flat run of operands and
// operators: g.X, then each g.Rest[i].Op with its operand g.Rest[i].Y.
type climber struct {
	c *converter
	g *gExpr
	i int // operators consumed; the next operand is operand(i)
	// prefix counts how many prefix operators of the current operand are consumed.
	prefix int
}

func (p *climber) operand(i int) *gOperand {
	if i == 0 {
		return p.g.X
	}
	return p.g.Rest[i-1].Y
}

// expr parses operators of at least level min, in the scale of level().
func (p *climber) expr(min int) ast.Expr {
	lhs := p.unary()
	for p.i < len(p.g.Rest) {
		b := p.g.Rest[p.i]
		l := level(b.Op)
		if l < min {
			break
		}
		p.i++
		p.prefix = 0
		next := l + 1
		if binaryOps[b.Op].op == ast.Implies && binaryOps[b.Op].level == 2 {
			next = l // right-associative
		}
		rhs := p.expr(next)
		lhs = p.combine(b, lhs, rhs)
		if nonAssociative(b.Op) && p.i < len(p.g.Rest) && level(p.g.Rest[p.i].Op) == l {
			nb := p.g.Rest[p.i]
			p.c.errorf(p.c.span(nb.Pos, nb.EndPos), "%s does not associate: parenthesise, as in (a %s b) %s c", opText(nb.Op), opText(b.Op), opText(nb.Op))
		}
	}
	return lhs
}

func opText(op string) string {
	if op == "notin" {
		return "not in"
	}
	return op
}

func (p *climber) combine(b *gBinary, x, y ast.Expr) ast.Expr {
	if b.Op == ".." {
		return &ast.RangeExpr{Span: x.Bounds().Join(y.Bounds()), Lo: x, Hi: y}
	}
	return p.c.binary(binaryOps[b.Op].op, x, y, p.c.base+b.Pos.Offset)
}

// unary reads the current operand: its prefix operators, then its postfix expression.
// Unary minus binds tightest; not takes everything tighter than itself.
func (p *climber) unary() ast.Expr {
	o := p.operand(p.i)
	if p.prefix < len(o.Prefix) {
		pre := o.Prefix[p.prefix]
		p.prefix++
		start := p.c.base + pre.Pos.Offset
		var x ast.Expr
		op := ast.Neg
		if pre.Op == "not" {
			op = ast.Not
			x = p.expr(notLevel + 1)
		} else {
			x = p.unary()
		}
		return &ast.Unary{Span: source.Span{Start: start, End: x.Bounds().End}, Op: op, X: x}
	}
	return p.c.postfix(o.X)
}

func (c *converter) addExpr(g *gAddExpr) ast.Expr {
	x := c.mul(g.X)
	for _, r := range g.Rest {
		op := ast.Add
		if r.Op == "-" {
			op = ast.Sub
		}
		x = c.binary(op, x, c.mul(r.Y), c.base+r.Pos.Offset)
	}
	return x
}

func (c *converter) mul(g *gMul) ast.Expr {
	x := c.unary(g.X)
	for _, r := range g.Rest {
		x = c.binary(ast.Mul, x, c.unary(r), x.Bounds().End)
	}
	return x
}

func (c *converter) unary(g *gUnary) ast.Expr {
	if g.Neg != nil {
		return &ast.Unary{Span: c.span(g.Pos, g.EndPos), Op: ast.Neg, X: c.unary(g.Neg)}
	}
	return c.postfix(g.Postfix)
}

func (c *converter) postfix(g *gPostfix) ast.Expr {
	x := c.primary(g.X)
	for _, s := range g.Ops {
		sp := source.Span{Start: x.Bounds().Start, End: c.base + c.end(s.Pos, s.EndPos)}
		switch {
		case s.Index != nil:
			x = &ast.Index{Span: sp, X: x, Key: c.expr(s.Index)}
		case s.Field != nil:
			x = &ast.Select{Span: sp, X: x, Field: c.ident(s.Field)}
		case s.With.Key != nil:
			x = &ast.MapUpdate{Span: sp, X: x, Key: c.expr(s.With.Key), Value: c.withValue(s.With.Value)}
		default:
			x = &ast.RecordUpdate{Span: sp, X: x, Field: c.ident(s.With.Field), Value: c.withValue(s.With.Value)}
		}
	}
	return x
}

func (c *converter) withValue(g *gWithValue) ast.Expr {
	if g.Neg != nil {
		return &ast.Unary{Span: c.span(g.Pos, g.EndPos), Op: ast.Neg, X: c.withValue(g.Neg)}
	}
	x := c.primary(g.X)
	for _, s := range g.Ops {
		sp := source.Span{Start: x.Bounds().Start, End: c.base + c.end(s.Pos, s.EndPos)}
		if s.Index != nil {
			x = &ast.Index{Span: sp, X: x, Key: c.expr(s.Index)}
		} else {
			x = &ast.Select{Span: sp, X: x, Field: c.ident(s.Field)}
		}
	}
	return x
}

func (c *converter) primary(g *gPrimary) ast.Expr {
	sp := c.span(g.Pos, g.EndPos)
	switch {
	case g.Int != nil:
		v, err := strconv.ParseInt(*g.Int, 10, 64)
		if err != nil {
			c.errorf(sp, "integer %s is too large (at most %d)", *g.Int, int64(1<<63-1))
		}
		return &ast.IntLit{Span: sp, Value: v, Text: *g.Int}
	case g.True:
		return &ast.BoolLit{Span: sp, Value: true}
	case g.Bool:
		// The type bool used as an expression: the set {false, true}, like any type
		// name. It resolves to no symbol (it is a keyword).
		return &ast.Name{Span: sp, Ident: &ast.Ident{Span: sp, Name: "bool"}}
	case g.False:
		return &ast.BoolLit{Span: sp, Value: false}
	case g.Primed != nil:
		name := (*g.Primed)[:len(*g.Primed)-1]
		return &ast.Primed{Span: sp, Ident: &ast.Ident{Span: source.Span{Start: sp.Start, End: sp.Start + len(name)}, Name: name}}
	case g.Name != nil && g.Name.Call:
		call := &ast.Call{Span: sp, Fun: c.ident(g.Name.Name)}
		for _, a := range g.Name.Args {
			call.Args = append(call.Args, c.expr(a))
		}
		return call
	case g.Name != nil:
		return &ast.Name{Span: sp, Ident: c.ident(g.Name.Name)}
	case g.Paren != nil:
		return &ast.Paren{Span: sp, X: c.expr(g.Paren)}
	case g.Count != nil:
		return &ast.Count{Span: sp, X: c.expr(g.Count)}
	case g.If != nil:
		return &ast.If{Span: sp, Cond: c.expr(g.If.Cond), Then: c.expr(g.If.Then), Else: c.expr(g.If.Else)}
	case g.Quant != nil:
		q := &ast.Quant{Span: sp, Kind: map[string]ast.QuantKind{"all": ast.All, "some": ast.Some, "no": ast.No}[g.Quant.Kind]}
		for _, b := range g.Quant.Bindings {
			bind := &ast.Binding{Span: c.span(b.Pos, b.EndPos), Set: c.expr(b.Set)}
			for _, v := range b.Vars {
				bind.Vars = append(bind.Vars, c.ident(v))
			}
			q.Bindings = append(q.Bindings, bind)
		}
		q.Body = c.expr(g.Quant.Body)
		return q
	case g.Cases != nil:
		cs := &ast.Cases{Span: sp}
		for i, a := range g.Cases.Arms {
			arm := &ast.CaseArm{Span: c.span(a.Pos, a.EndPos), Value: c.expr(a.Value)}
			arm.Span.End = arm.Value.Bounds().End // not at a separating comma
			if !a.Else {
				arm.Guard = c.expr(a.Guard)
			}
			if a.Else {
				if i != len(g.Cases.Arms)-1 {
					c.errorf(arm.Span, "`else` must be the last arm of `cases`")
				}
				if cs.Else != nil {
					c.errorf(arm.Span, "`cases` has more than one `else` arm")
				}
				cs.Else = arm
				continue
			}
			cs.Arms = append(cs.Arms, arm)
		}
		return cs
	case g.Brace != nil:
		return c.brace(sp, g.Brace)
	}
	c.errorf(sp, "expected an expression")
	return &ast.BoolLit{Span: sp}
}

// brace tells apart `{}`, set literals, record literals and comprehensions, which all
// start with `{`.
func (c *converter) brace(sp source.Span, g *gBrace) ast.Expr {
	labelled := 0
	for _, e := range g.Elems {
		if e.Label != nil {
			labelled++
		}
	}
	switch {
	case len(g.Elems) > 0 && labelled == len(g.Elems):
		r := &ast.RecordLit{Span: sp}
		for _, e := range g.Elems {
			r.Fields = append(r.Fields, &ast.FieldValue{Span: c.span(e.Pos, e.EndPos), Name: c.ident(e.Label), Value: c.expr(e.X)})
		}
		for _, e := range g.Elems {
			if e.Where != nil {
				c.errorf(c.span(e.Pos, e.EndPos), "`where` belongs in a comprehension {x in S where e}, not in a record literal")
			}
		}
		return r
	case labelled > 0:
		c.errorf(sp, "mixed record fields and set elements in one literal: a record literal labels every field ({f: e, g: e}), a set literal none")
	}
	for i, e := range g.Elems {
		if e.Where == nil {
			continue
		}
		in, ok := c.expr(e.X).(*ast.Binary)
		var v *ast.Name
		if ok && in.Op == ast.In {
			v, _ = in.X.(*ast.Name)
		}
		if v == nil || len(g.Elems) != 1 || i != 0 {
			c.errorf(c.span(e.Pos, e.EndPos), "a comprehension is {x in S where e}: one variable, its set, then `where`")
			break
		}
		return &ast.Comprehension{Span: sp, Var: v.Ident, Set: in.Y, Cond: c.expr(e.Where)}
	}
	s := &ast.SetLit{Span: sp}
	for _, e := range g.Elems {
		s.Elems = append(s.Elems, c.expr(e.X))
	}
	return s
}
