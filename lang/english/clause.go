package english

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
)

// shape says how a clause reading may be embedded in a larger one.
type shape int

const (
	// atom is a simple clause with no connective of its own: "the balance is 0".
	atom shape = iota
	// list is atoms joined by one connective: "A and B", "A, B, or C".
	list
	// closed is a compound delimited at both ends: "both A and either B or C".
	closed
	// open extends as far right as the sentence goes ("for every role r, …",
	// "if A, then B"), so it may only stand last.
	open
)

// clause is the reading of a formula.
type clause struct {
	text  string
	shape shape
	conn  ast.BinaryOp // And or Or, for a list
	items []string     // a list's items
	semi  bool         // holds a semicolon list of its own
	cond  bool         // holds "if", which may not stand inside another premise
	// unmarked is an open clause whose start does not show where it begins ("A if
	// and only if B"): it may not close a sentence that began before it ("if P, then
	// A if and only if B" could be heard as (if P, then A) iff B).
	unmarked bool
	alt      string // the Specl text in backticks, for where the reading cannot go
}

// fallback is the clause read as its Specl text: an atom that fits anywhere.
func (c clause) fallback() clause {
	return clause{text: c.alt, shape: atom, alt: c.alt}
}

// guard is c fit to stand between "when"/"if" and a comma: no open end, no
// semicolons.
func (c clause) guard() clause {
	if c.shape == open || c.semi {
		return c.fallback()
	}
	return c
}

// premise is like guard, but also takes a quantifier, because "then" closes it.
func (c clause) premise() clause {
	if c.semi || c.cond {
		return c.fallback()
	}
	return c
}

// closedForm marks the extent of a two-item list with "both"/"either" so that it can
// stand inside another list or beside "if and only if".
func (c clause) closedForm() clause {
	switch {
	case c.shape == atom || c.shape == closed:
		return c
	case c.shape == list && len(c.items) == 2:
		lead := "both "
		if c.conn == ast.Or {
			lead = "either "
		}
		return clause{text: lead + c.text, shape: closed, alt: c.alt}
	}
	return c.fallback()
}

func connWord(op ast.BinaryOp) string {
	if op == ast.Or {
		return "or"
	}
	return "and"
}

func (r *reader) clause(e ast.Expr) clause {
	c := r.clauseOf(e)
	if c.alt == "" {
		c.alt = code(e)
	}
	return c
}

func (r *reader) clauseOf(e ast.Expr) clause {
	switch e := e.(type) {
	case *ast.Paren:
		return r.clause(e.X)
	case *ast.BoolLit:
		if e.Value {
			return clause{text: "true"}
		}
		return clause{text: "false"}
	case *ast.Unary:
		if e.Op == ast.Not {
			return r.neg(e.X)
		}
	case *ast.Binary:
		switch e.Op {
		case ast.And, ast.Or:
			var cs []clause
			for _, x := range flatten(e.Op, e) {
				cs = append(cs, r.clause(x))
			}
			return listOf(e.Op, cs)
		case ast.Implies:
			return implies(r.clause(e.X), r.clause(e.Y))
		case ast.Iff:
			return iff(r.clause(e.X), r.clause(e.Y))
		}
		if e.Op.IsComparison() {
			return r.compare(e, false)
		}
	case *ast.Quant:
		return r.quant(e, e.Kind, r.clause(e.Body))
	case *ast.If:
		return ifClause(r.clause(e.Cond), r.clause(e.Then), r.clause(e.Else))
	case *ast.Cases:
		return r.casesClause(e, false)
	}
	return r.boolAtom(e, false)
}

// flatten lists the operands of a chain of one associative connective, through
// parentheses: `a and (b and c)` has three.
func flatten(op ast.BinaryOp, e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.Binary); ok && b.Op == op {
		return append(flatten(op, b.X), flatten(op, b.Y)...)
	}
	return []ast.Expr{e}
}

// neg reads `not e`, pushing the negation inward where English says it better
// (De Morgan, the complement of a comparison, the dual quantifier); every step keeps
// the meaning.
func (r *reader) neg(e ast.Expr) clause {
	c := r.negOf(e)
	c.alt = code(&ast.Unary{Op: ast.Not, X: parenthesize(e)})
	return c
}

func parenthesize(e ast.Expr) ast.Expr {
	switch e.(type) {
	case *ast.Binary, *ast.Quant, *ast.If, *ast.Unary:
		return &ast.Paren{X: e}
	}
	return e
}

func (r *reader) negOf(e ast.Expr) clause {
	switch e := e.(type) {
	case *ast.Paren:
		return r.neg(e.X)
	case *ast.BoolLit:
		if e.Value {
			return clause{text: "false"}
		}
		return clause{text: "true"}
	case *ast.Unary:
		if e.Op == ast.Not {
			return r.clause(e.X)
		}
	case *ast.Binary:
		switch e.Op {
		case ast.And, ast.Or:
			dual := ast.Or
			if e.Op == ast.Or {
				dual = ast.And
			}
			var cs []clause
			for _, x := range flatten(e.Op, e) {
				cs = append(cs, r.neg(x))
			}
			return listOf(dual, cs)
		case ast.Implies:
			return listOf(ast.And, []clause{r.clause(e.X), r.neg(e.Y)})
		case ast.Iff:
			return iff(r.clause(e.X), r.neg(e.Y))
		}
		if e.Op.IsComparison() {
			return r.compare(e, true)
		}
	case *ast.Quant:
		switch e.Kind {
		case ast.All:
			return r.quant(e, ast.Some, r.neg(e.Body))
		case ast.Some:
			return r.quant(e, ast.No, r.clause(e.Body))
		default:
			return r.quant(e, ast.Some, r.clause(e.Body))
		}
	case *ast.If:
		return ifClause(r.clause(e.Cond), r.neg(e.Then), r.neg(e.Else))
	case *ast.Cases:
		return r.casesClause(e, true)
	}
	return r.boolAtom(e, true)
}

// listOf joins clauses with one connective, choosing the plainest form that keeps
// the grouping visible.
func listOf(op ast.BinaryOp, cs []clause) clause {
	// Splice lists of the same connective (they come from negations pushed inward).
	var flat []clause
	for _, c := range cs {
		if c.shape == list && c.conn == op {
			for _, it := range c.items {
				flat = append(flat, clause{text: it, alt: c.alt})
			}
			continue
		}
		flat = append(flat, c)
	}
	cs = flat
	word := connWord(op)
	texts := func() []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.text
		}
		return out
	}
	if len(cs) == 1 {
		return cs[0]
	}
	allAtoms := true
	for _, c := range cs[:len(cs)-1] {
		allAtoms = allAtoms && c.shape == atom
	}
	last := cs[len(cs)-1]
	switch {
	case allAtoms && last.shape == atom:
		items := texts()
		return clause{text: series(items, word), shape: list, conn: op, items: items}
	case allAtoms && last.shape == open && !last.semi && !last.unmarked:
		// "A, and for every role r, …": the open item comes last and runs to the end.
		items := texts()
		text := strings.Join(items[:len(items)-1], ", ") + ", " + word + " " + last.text
		return clause{text: text, shape: open, cond: last.cond}
	}
	if len(cs) == 2 && closable(cs[0]) && closable(cs[1]) {
		x, y := cs[0].closedForm(), cs[1].closedForm()
		lead := "both "
		if op == ast.Or {
			lead = "either "
		}
		sep := " "
		if x.shape == closed {
			sep = ", " // "either both A and B, or C"
		}
		return clause{text: lead + x.text + sep + word + " " + y.text, shape: closed}
	}
	lead := "all of these hold: "
	if op == ast.Or {
		lead = "at least one of these holds: "
	}
	items := make([]string, len(cs))
	cond := false
	for i, c := range cs {
		if c.semi {
			c = c.fallback()
		}
		items[i] = c.text
		cond = cond || c.cond
	}
	return clause{text: lead + strings.Join(items, "; "), shape: open, semi: true, cond: cond}
}

// closable reports whether closedForm keeps c's reading.
func closable(c clause) bool {
	return c.shape == atom || c.shape == closed || c.shape == list && len(c.items) == 2
}

// tail is c fit to end a sentence that began before it.
func (c clause) tail() clause {
	if c.unmarked {
		return c.fallback()
	}
	return c
}

func implies(p, q clause) clause {
	p, q = p.premise(), q.tail()
	return clause{text: "if " + p.text + ", then " + q.text, shape: open, cond: true, semi: q.semi}
}

func iff(a, b clause) clause {
	a, b = a.closedForm(), b.closedForm()
	return clause{text: a.text + " if and only if " + b.text, shape: open, cond: true, unmarked: true}
}

func ifClause(c, a, b clause) clause {
	c, a, b = c.guard(), a.guard(), b.tail()
	return clause{text: "if " + c.text + ", then " + a.text + ", otherwise " + b.text,
		shape: open, cond: true, semi: b.semi}
}

var quantWord = map[ast.QuantKind]string{ast.All: "every", ast.Some: "some", ast.No: "no"}

// quant reads a quantifier of the given kind over q's bindings with the body read as
// body (the kind and body differ from q's own when a negation was pushed in).
func (r *reader) quant(q *ast.Quant, kind ast.QuantKind, body clause) clause {
	var groups []string
	for _, b := range q.Bindings {
		groups = append(groups, r.binding(b))
	}
	text := "for " + quantWord[kind] + " " + strings.Join(groups, " and ") + ", " + body.text
	return clause{text: text, shape: open, semi: body.semi, cond: body.cond}
}

// binding reads `x, y in S`: "role x and role y" over a type, "k from 1 to 3" over
// a range, "x and y in S" over another set.
func (r *reader) binding(b *ast.Binding) string {
	var vars []string
	for _, v := range b.Vars {
		vars = append(vars, v.Name)
	}
	if tw, ok := r.typeSetWord(b.Set); ok {
		for i, v := range vars {
			vars[i] = tw + " " + v
		}
		return strings.Join(vars, " and ")
	}
	if rg, ok := ast.Unparen(b.Set).(*ast.RangeExpr); ok {
		return strings.Join(vars, " and ") + " from " + r.noun(rg.Lo).operand() + " to " + r.noun(rg.Hi).operand()
	}
	// The comma after the bindings (and "and" between them) delimits the set.
	return strings.Join(vars, " and ") + " in " + r.noun(b.Set).bare()
}

// typeSetWord reports the lowercase words of a type or enum name used as a set.
func (r *reader) typeSetWord(e ast.Expr) (string, bool) {
	n, ok := ast.Unparen(e).(*ast.Name)
	if !ok {
		return "", false
	}
	s := r.symbol(n.Ident)
	if s == nil || s.Kind != sema.KindType && s.Kind != sema.KindEnum {
		return "", false
	}
	if w, ok := nameWords(s.Name); ok {
		return w, true
	}
	return "`" + s.Name + "`", true
}

// casesClause reads a boolean `cases`, each arm's value negated when negate is set
// (not picks the same arm and negates its value).
func (r *reader) casesClause(c *ast.Cases, negate bool) clause {
	value := r.clause
	if negate {
		value = r.neg
	}
	var arms []string
	for _, a := range c.Arms {
		v := value(a.Value).tail()
		if v.semi {
			v = v.fallback()
		}
		arms = append(arms, "when "+r.clause(a.Guard).guard().text+", "+v.text)
	}
	if c.Else != nil {
		v := value(c.Else.Value)
		if v.semi {
			v = v.fallback()
		}
		arms = append(arms, "otherwise "+v.text)
	} else {
		arms = append(arms, "if none applies, unknown")
	}
	return clause{text: "the first of these that applies: " + strings.Join(arms, "; "), shape: open, semi: true, cond: true}
}

var (
	cmpWord = map[ast.BinaryOp]string{ast.Eq: "is", ast.Neq: "is not", ast.Lt: "is less than",
		ast.Le: "is at most", ast.Gt: "is more than", ast.Ge: "is at least"}
	// cmpNegation is the comparison that holds exactly when op does not (integers
	// and enum values are totally ordered; == and != on any type).
	cmpNegation = map[ast.BinaryOp]ast.BinaryOp{ast.Eq: ast.Neq, ast.Neq: ast.Eq, ast.Lt: ast.Ge,
		ast.Le: ast.Gt, ast.Gt: ast.Le, ast.Ge: ast.Lt, ast.In: ast.NotIn, ast.NotIn: ast.In}
)

// compare reads a level-6 operator, or its negation.
func (r *reader) compare(b *ast.Binary, negated bool) clause {
	op := b.Op
	if (op == ast.Eq || op == ast.Neq) && r.isBool(b.X) && r.isBool(b.Y) {
		return r.boolEqual(b, negated)
	}
	if op == ast.Subset {
		x, y := r.noun(b.X).operand(), r.noun(b.Y).bare()
		if negated {
			return clause{text: "some element of " + x + " is not in " + y}
		}
		return clause{text: "every element of " + x + " is in " + y}
	}
	if negated {
		op = cmpNegation[op]
	}
	xn := r.noun(b.X)
	x, be := xn.bare(), xn.be()
	if op == ast.In || op == ast.NotIn {
		not := ""
		if op == ast.NotIn {
			not = "not "
		}
		y := ast.Unparen(b.Y)
		if s, ok := y.(*ast.SetLit); ok && len(s.Elems) > 0 {
			return clause{text: x + " " + be + " " + not + "one of " + r.noun(s).text}
		}
		if n, ok := y.(*ast.Name); ok {
			if s := r.symbol(n.Ident); s != nil && (s.Kind == sema.KindType || s.Kind == sema.KindEnum) {
				return clause{text: x + " " + be + " " + not + "a " + s.Name + " value"}
			}
		}
		return clause{text: x + " " + be + " " + not + "in " + r.noun(b.Y).bare()}
	}
	return clause{text: x + " " + be + strings.TrimPrefix(cmpWord[op], "is") + " " + r.noun(b.Y).bare()}
}

// boolEqual reads == and != between formulas: against a literal as the formula or
// its negation, between two named truth values as "is", else as "if and only if".
func (r *reader) boolEqual(b *ast.Binary, negated bool) clause {
	same := (b.Op == ast.Eq) != negated
	x, y := b.X, b.Y
	if _, ok := ast.Unparen(x).(*ast.BoolLit); ok {
		x, y = y, x
	}
	if lit, ok := ast.Unparen(y).(*ast.BoolLit); ok {
		if lit.Value == same {
			return r.clause(x)
		}
		return r.neg(x)
	}
	if r.truthValue(x) && r.truthValue(y) {
		xn := r.noun(x)
		word := " " + xn.be() + " "
		if !same {
			word += "not "
		}
		return clause{text: xn.text + word + r.noun(y).text}
	}
	if same {
		return iff(r.clause(x), r.clause(y))
	}
	return iff(r.clause(x), r.neg(y))
}

// truthValue reports whether e names a truth value (a variable, entry, field or
// call) rather than stating a formula.
func (r *reader) truthValue(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Index, *ast.Select, *ast.Primed:
		return true
	case *ast.Call:
		s := r.symbol(e.Fun)
		return s != nil && s.Kind == sema.KindFun
	case *ast.Name:
		s := r.symbol(e.Ident)
		return s != nil && s.Kind.IsValue()
	}
	return false
}

// boolAtom reads a truth value as a clause: "CanWrite(Guest) holds", "the mfa of
// Admin is true".
func (r *reader) boolAtom(e ast.Expr, negated bool) clause {
	var fun *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Call:
		fun = x.Fun
	case *ast.Name:
		fun = x.Ident
	}
	if s := r.symbol(fun); s != nil && s.Kind == sema.KindPred {
		if negated {
			return clause{text: r.noun(e).text + " does not hold"}
		}
		return clause{text: r.noun(e).text + " holds"}
	}
	if c, ok := r.verbEntry(e, negated); ok {
		return c
	}
	if r.truthValue(e) {
		n := r.noun(e)
		if negated {
			return clause{text: n.text + " " + n.be() + " false"}
		}
		return clause{text: n.text + " " + n.be() + " true"}
	}
	// Not a formula (it did not type-check): quote it.
	if negated {
		return clause{text: "it is not the case that " + code(e)}
	}
	return clause{text: code(e)}
}

// verbEntry reads an entry of a boolean map whose name is a statement about its key
// (`hasVoted[n]`, `isLeader'[a]`) as that statement: "n has voted", "a is not
// leader after the step".
func (r *reader) verbEntry(e ast.Expr, negated bool) (clause, bool) {
	ix, ok := ast.Unparen(e).(*ast.Index)
	if !ok {
		return clause{}, false
	}
	var id *ast.Ident
	after := ""
	switch b := ast.Unparen(ix.X).(type) {
	case *ast.Name:
		id = b.Ident
	case *ast.Primed:
		id, after = b.Ident, " after the step"
	default:
		return clause{}, false
	}
	s := r.symbol(id)
	if s == nil || (s.Kind != sema.KindVar && s.Kind != sema.KindConst && s.Kind != sema.KindParam) || r.shared[id.Name] {
		return clause{}, false
	}
	verb, rest, ok := verbName(id.Name)
	if !ok {
		return clause{}, false
	}
	if negated {
		verb = verbs[verb]
	}
	key := r.noun(ix.Key)
	if key.weight != simple {
		return clause{}, false
	}
	return clause{text: key.text + " " + verb + " " + rest + after}, true
}
