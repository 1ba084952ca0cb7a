package sema

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// expr checks e and records its type. Operands that did not check are Invalid and
// silence the checks of their parents (one cause, one finding); an operator whose
// result type does not depend on its operands still gives that type, so the checks
// further up go on.
func (c *checker) expr(x ctx, e ast.Expr) types.Type {
	if e == nil {
		if x.unit != nil {
			c.info.broken[x.unit] = true
		}
		return types.Invalid
	}
	t := c.expr0(x, e)
	if t == nil {
		t = types.Invalid
	}
	c.info.Types[e] = t
	return t
}

func (c *checker) expr0(x ctx, e ast.Expr) types.Type {
	switch e := e.(type) {
	case *ast.IntLit:
		return &types.Range{Lo: e.Value, Hi: e.Value}
	case *ast.BoolLit:
		return types.Bool
	case *ast.Paren:
		return c.expr(x, e.X)
	case *ast.Name:
		if e.Ident.Name == "bool" { // the keyword as a set, as a type name is
			return &types.Set{Elem: types.Bool}
		}
		s := c.resolve(x, e.Ident)
		if s == nil {
			return types.Invalid
		}
		return c.valueOf(x, e.Ident, s)
	case *ast.Primed:
		return c.primed(x, e)
	case *ast.Unary:
		t := c.expr(x, e.X)
		if e.Op == ast.Not {
			if !c.want(x, e.X, t, types.Bool, "not") {
				return types.Invalid
			}
			return types.Bool
		}
		if !c.wantInt(x, e.X, t, "unary -") {
			return types.Invalid
		}
		if r, ok := t.(*types.Range); ok && r.Lo != math.MinInt64 {
			return &types.Range{Lo: -r.Hi, Hi: -r.Lo}
		}
		return types.Int
	case *ast.Binary:
		return c.binary(x, e)
	case *ast.Index:
		mt := c.expr(x, e.X)
		kt := c.expr(x, e.Key)
		if types.IsInvalid(mt) {
			return types.Invalid
		}
		m, ok := mt.(*types.Map)
		if !ok {
			c.errorf(x, diag.Type, e.X.Bounds(), "%s: only maps take [ ], and %s is %s", show(e), show(e.X), mt)
			return types.Invalid
		}
		if types.IsInvalid(kt) {
			return types.Invalid
		}
		if !types.Compatible(m.Key, kt) {
			c.errorf(x, diag.Type, e.Key.Bounds(), "%s: the key must be %s, found %s (%s)", show(e), m.Key, show(e.Key), kt)
			return types.Invalid
		}
		return m.Value
	case *ast.Select:
		return c.selectExpr(x, e)
	case *ast.Call:
		return c.call(x, e)
	case *ast.MapUpdate:
		mt := c.expr(x, e.X)
		kt := c.expr(x, e.Key)
		vt := c.expr(x, e.Value)
		if types.IsInvalid(mt) {
			return types.Invalid
		}
		m, ok := mt.(*types.Map)
		if !ok {
			c.errorf(x, diag.Type, e.X.Bounds(), "%s: with [k] updates a map, and %s is %s", show(e), show(e.X), mt)
			return types.Invalid
		}
		ok = !types.IsInvalid(kt) && !types.IsInvalid(vt)
		if !types.IsInvalid(kt) && !types.Compatible(m.Key, kt) {
			c.errorf(x, diag.Type, e.Key.Bounds(), "the key must be %s, found %s (%s)", m.Key, show(e.Key), kt)
			ok = false
		}
		if !types.IsInvalid(vt) && !types.Compatible(m.Value, vt) {
			c.errorf(x, diag.Type, e.Value.Bounds(), "the new value must be %s, found %s (%s)", m.Value, show(e.Value), vt)
			ok = false
		}
		if !ok {
			return types.Invalid
		}
		return mt
	case *ast.RecordUpdate:
		rt := c.expr(x, e.X)
		vt := c.expr(x, e.Value)
		if types.IsInvalid(rt) || e.Field == nil {
			return types.Invalid
		}
		r, ok := rt.(*types.Record)
		if !ok {
			c.errorf(x, diag.Type, e.X.Bounds(), "%s: with .f updates a record, and %s is %s", show(e), show(e.X), rt)
			return types.Invalid
		}
		f, ok := c.field(x, r, e.Field)
		if !ok || types.IsInvalid(vt) {
			return types.Invalid
		}
		if !types.Compatible(f.Type, vt) {
			c.errorf(x, diag.Type, e.Value.Bounds(), "field %s must be %s, found %s (%s)", f.Name, f.Type, show(e.Value), vt)
			return types.Invalid
		}
		return rt
	case *ast.SetLit:
		var elem types.Type = types.Nothing
		var first ast.Expr
		for _, el := range e.Elems {
			t := c.expr(x, el)
			if types.IsInvalid(t) || types.IsInvalid(elem) {
				elem = types.Invalid
				continue
			}
			if !types.Compatible(elem, t) {
				c.errorf(x, diag.Type, el.Bounds(), "the elements of a set have one type: %s is %s, but %s is %s", show(el), t, show(first), elem)
				elem = types.Invalid
				continue
			}
			if first == nil {
				first = el
			}
			elem = types.Join(elem, t)
		}
		if types.IsInvalid(elem) {
			return types.Invalid
		}
		return &types.Set{Elem: elem}
	case *ast.Comprehension:
		if x.constant != "" {
			c.errorf(x, diag.Type, e.Span, "%s must be constant, and a comprehension is not", x.constant)
			return types.Invalid
		}
		st := c.expr(x, e.Set)
		elem := c.elemOf(x, e.Set, st, "a comprehension")
		sc := &scope{parent: x.scope, names: map[string]*Symbol{}}
		if e.Var != nil {
			s := c.define(KindBound, e.Var, e, "")
			s.Type = elem
			c.unitOf[s] = x.unit
			c.declareLocal(x, sc, s)
		}
		okCond := c.boolOperand(x.with(sc), e.Cond, "the condition of a comprehension")
		if types.IsInvalid(elem) || !okCond {
			return types.Invalid
		}
		return &types.Set{Elem: elem}
	case *ast.RecordLit:
		r := &types.Record{}
		ok := true
		seen := map[string]*ast.Ident{}
		for _, f := range e.Fields {
			t := c.expr(x, f.Value)
			if f.Name == nil {
				ok = false
				continue
			}
			if first := seen[f.Name.Name]; first != nil {
				c.dupField(x, f.Name, first)
				ok = false
				continue
			}
			seen[f.Name.Name] = f.Name
			ok = ok && !types.IsInvalid(t)
			r.Fields = append(r.Fields, types.Field{Name: f.Name.Name, Type: t})
		}
		if !ok {
			return types.Invalid
		}
		return r
	case *ast.RangeExpr:
		lt := c.expr(x, e.Lo)
		ht := c.expr(x, e.Hi)
		ok1 := c.wantInt(x, e.Lo, lt, "..")
		ok2 := c.wantInt(x, e.Hi, ht, "..")
		if !ok1 || !ok2 {
			return types.Invalid
		}
		lr, ok1 := lt.(*types.Range)
		hr, ok2 := ht.(*types.Range)
		if !ok1 || !ok2 {
			return &types.Set{Elem: types.Int}
		}
		// Every element lies between the least low bound and the greatest high bound.
		if lr.Lo > hr.Hi {
			return &types.Set{Elem: types.Nothing}
		}
		return &types.Set{Elem: &types.Range{Lo: lr.Lo, Hi: hr.Hi}}
	case *ast.Count:
		t := c.expr(x, e.X)
		elem := c.elemOf(x, e.X, t, "count")
		if types.IsInvalid(elem) {
			return types.Invalid
		}
		if n := types.Size(elem); n != types.Unbounded && n <= math.MaxInt64 {
			return &types.Range{Lo: 0, Hi: int64(n)}
		}
		return types.Int
	case *ast.If:
		okCond := c.boolOperand(x, e.Cond, "the condition of an if")
		tt := c.expr(x, e.Then)
		et := c.expr(x, e.Else)
		t := c.branches(x, []ast.Expr{e.Then, e.Else}, []types.Type{tt, et}, "the branches of an if")
		if !okCond {
			return types.Invalid
		}
		return t
	case *ast.Cases:
		var vals []ast.Expr
		var ts []types.Type
		arms := e.Arms
		if e.Else != nil {
			arms = append(arms[:len(arms):len(arms)], e.Else)
		}
		okGuards := true
		for _, arm := range arms {
			if arm.Guard != nil && !c.boolOperand(x, arm.Guard, "a guard of cases") {
				okGuards = false
			}
			vals = append(vals, arm.Value)
			ts = append(ts, c.expr(x, arm.Value))
		}
		t := c.branches(x, vals, ts, "the arms of cases")
		if !okGuards {
			return types.Invalid
		}
		return t
	case *ast.Quant:
		if x.constant != "" {
			c.errorf(x, diag.Type, e.Span, "%s must be constant, and a quantifier is not", x.constant)
			return types.Invalid
		}
		sc := &scope{parent: x.scope, names: map[string]*Symbol{}}
		inner := x.with(sc)
		ok := true
		for _, b := range e.Bindings {
			st := c.expr(inner, b.Set)
			elem := c.elemOf(inner, b.Set, st, e.Kind.String())
			ok = ok && !types.IsInvalid(elem)
			for _, v := range b.Vars {
				s := c.define(KindBound, v, b, "")
				s.Type = elem
				c.unitOf[s] = x.unit
				c.declareLocal(x, sc, s)
			}
		}
		if !c.boolOperand(inner, e.Body, "the body of "+e.Kind.String()) || !ok {
			return types.Invalid
		}
		return types.Bool
	case *ast.Wildcard:
		c.errorf(x, diag.Type, e.Span, "_ stands only as an argument of a do step")
		return types.Invalid
	}
	return types.Invalid
}

// branches joins the types of if branches or cases arms.
func (c *checker) branches(x ctx, es []ast.Expr, ts []types.Type, what string) types.Type {
	var joined types.Type = types.Nothing
	var first ast.Expr
	for i, t := range ts {
		if types.IsInvalid(t) {
			return types.Invalid
		}
		if !types.Compatible(joined, t) {
			c.errorf(x, diag.Type, es[i].Bounds(), "%s have one type: %s is %s, but %s is %s", what, show(es[i]), t, show(first), joined)
			return types.Invalid
		}
		if first == nil {
			first = es[i]
		}
		joined = types.Join(joined, t)
	}
	return joined
}

func (c *checker) boolOperand(x ctx, e ast.Expr, what string) bool {
	t := c.expr(x, e)
	if types.IsInvalid(t) {
		return false
	}
	if t != types.Bool {
		c.errorf(x, diag.Type, e.Bounds(), "%s must be bool, found %s (%s)", what, show(e), t)
		return false
	}
	return true
}

// want reports an operand of op that is not of type want.
func (c *checker) want(x ctx, e ast.Expr, t, want types.Type, op string) bool {
	if types.IsInvalid(t) {
		return false
	}
	if t != want {
		c.errorf(x, diag.Type, e.Bounds(), "%s needs %s, found %s (%s)", op, want, show(e), t)
		return false
	}
	return true
}

func (c *checker) wantInt(x ctx, e ast.Expr, t types.Type, op string) bool {
	if types.IsInvalid(t) {
		return false
	}
	if !types.IsInteger(t) {
		hint := ""
		if target, value, ok := updateParts(e); ok {
			// `m with [k] = m[k] + 1` reads as `(m with [k] = m[k]) + 1`: say so, and
			// how to write what was meant.
			hint = fmt.Sprintf("; the value after `with … =` is one operand, so this reads as `(%s = %s) %s …`: write `%s = (%s %s …)`",
				target, value, op, target, value, op)
		}
		c.errorf(x, diag.Type, e.Bounds(), "%s needs integers, found %s (%s)%s", op, show(e), t, hint)
		return false
	}
	return true
}

// elemOf is the element type of a set operand (quantifier ranges, count, in).
func (c *checker) elemOf(x ctx, e ast.Expr, t types.Type, what string) types.Type {
	if types.IsInvalid(t) {
		return types.Invalid
	}
	s, ok := t.(*types.Set)
	if !ok {
		c.errorf(x, diag.Type, e.Bounds(), "%s needs a set, found %s (%s)", what, show(e), t)
		return types.Invalid
	}
	return s.Elem
}

func (c *checker) binary(x ctx, e *ast.Binary) types.Type {
	xt := c.expr(x, e.X)
	yt := c.expr(x, e.Y)
	op := e.Op.String()
	// Both operands are checked (each may hold its own error); an expression with an
	// error in it, or at it, is Invalid so that no parent reports again.
	invalid := types.IsInvalid(xt) || types.IsInvalid(yt)
	switch e.Op {
	case ast.Iff, ast.Implies, ast.Or, ast.And:
		ok1 := c.want(x, e.X, xt, types.Bool, op)
		ok2 := c.want(x, e.Y, yt, types.Bool, op)
		if !ok1 || !ok2 {
			return types.Invalid
		}
		return types.Bool
	case ast.Eq, ast.Neq:
		if invalid {
			return types.Invalid
		}
		if !types.Compatible(xt, yt) {
			c.errorf(x, diag.Type, e.Span, "%s: %s compares values of one type, found %s and %s", show(e), op, xt, yt)
			return types.Invalid
		}
		return types.Bool
	case ast.Lt, ast.Le, ast.Gt, ast.Ge:
		ok1 := c.wantInt(x, e.X, xt, op)
		ok2 := c.wantInt(x, e.Y, yt, op)
		if !ok1 || !ok2 {
			return types.Invalid
		}
		return types.Bool
	case ast.In, ast.NotIn:
		elem := c.elemOf(x, e.Y, yt, op)
		if types.IsInvalid(xt) || types.IsInvalid(elem) {
			return types.Invalid
		}
		if !types.Compatible(elem, xt) {
			c.errorf(x, diag.Type, e.Span, "%s: %s is %s, not an element of %s", show(e), show(e.X), xt, yt)
			return types.Invalid
		}
		return types.Bool
	case ast.Subset, ast.Union, ast.Intersect, ast.Minus:
		a := c.elemOf(x, e.X, xt, op)
		b := c.elemOf(x, e.Y, yt, op)
		if types.IsInvalid(a) || types.IsInvalid(b) {
			return types.Invalid
		}
		if !types.Compatible(a, b) {
			c.errorf(x, diag.Type, e.Span, "%s: %s needs sets of one type, found %s and %s", show(e), op, xt, yt)
			return types.Invalid
		}
		switch e.Op {
		case ast.Subset:
			return types.Bool
		case ast.Minus:
			// What remains lies in the left set; `{} minus s` is as empty as `{}`.
			return xt
		}
		return &types.Set{Elem: types.Join(a, b)}
	case ast.Add, ast.Sub, ast.Mul:
		ok1 := c.wantInt(x, e.X, xt, op)
		ok2 := c.wantInt(x, e.Y, yt, op)
		if !ok1 || !ok2 {
			return types.Invalid
		}
		return interval(e.Op, xt, yt)
	}
	return types.Invalid
}

// interval bounds + - * of two integer types; Int when a bound is unknown or does not
// fit in int64.
func interval(op ast.BinaryOp, a, b types.Type) types.Type {
	ra, ok1 := a.(*types.Range)
	rb, ok2 := b.(*types.Range)
	if !ok1 || !ok2 {
		return types.Int
	}
	var cands [][2]int64
	switch op {
	case ast.Add:
		cands = [][2]int64{{ra.Lo, rb.Lo}, {ra.Hi, rb.Hi}}
	case ast.Sub:
		cands = [][2]int64{{ra.Lo, rb.Hi}, {ra.Hi, rb.Lo}}
	case ast.Mul:
		cands = [][2]int64{{ra.Lo, rb.Lo}, {ra.Lo, rb.Hi}, {ra.Hi, rb.Lo}, {ra.Hi, rb.Hi}}
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, p := range cands {
		v, ok := arith(op, p[0], p[1])
		if !ok {
			return types.Int
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	return &types.Range{Lo: lo, Hi: hi}
}

// ---- names ----

// resolve finds what a name in an expression refers to: a local (parameter or bound
// variable), else a top-level declaration. It reports unknown and ambiguous names.
func (c *checker) resolve(x ctx, id *ast.Ident) *Symbol {
	if s := x.scope.lookup(id.Name); s != nil {
		c.use(x, id, s)
		return s
	}
	return c.lookupTop(x, id, "", nil)
}

// lookupTop resolves a top-level name. want, if set, says what kind of thing is
// expected ("a type") and prefer picks the suggestions for an unknown name.
func (c *checker) lookupTop(x ctx, id *ast.Ident, want string, prefer func(*Symbol) bool) *Symbol {
	syms := c.info.top[id.Name]
	switch len(syms) {
	case 0:
		var names []string
		for name, ss := range c.info.top {
			if prefer == nil || prefer(ss[0]) {
				names = append(names, name)
			}
		}
		for s := x.scope; s != nil; s = s.parent {
			for name := range s.names {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		what := "unknown name"
		if want != "" {
			what = "unknown " + strings.TrimPrefix(strings.TrimPrefix(want, "an "), "a ")
		}
		c.unknownf(x, id.Span, id.Name, names, "%s %s", what, id.Name)
		return nil
	case 1:
		c.use(x, id, syms[0])
		return syms[0]
	}
	// Several declarations share the name; at least one is an enum member.
	var alts []string
	var related []diag.Related
	for _, s := range syms {
		if s.Kind == KindMember {
			alts = append(alts, describe(s))
		} else {
			alts = append(alts, "the "+s.Kind.String()+" "+s.Name)
		}
		related = append(related, diag.Related{Span: s.Ident.Span, Message: describe(s) + " is declared here"})
	}
	c.errorf(x, diag.Name, id.Span, "%s is ambiguous: %s; qualify it", id.Name, strings.Join(alts, " or "))
	c.info.Findings[len(c.info.Findings)-1].Related = related
	return nil
}

// valueOf is the type of a resolved name used as a value.
func (c *checker) valueOf(x ctx, id *ast.Ident, s *Symbol) types.Type {
	switch s.Kind {
	case KindVar, KindParam, KindBound:
		if x.constant != "" {
			c.errorf(x, diag.Type, id.Span, "%s must be constant, and %s is a %s", x.constant, s.Name, s.Kind)
			return types.Invalid
		}
		return c.symType(s)
	case KindConst:
		if c.cycleAt(x, id, s, c.state) {
			return types.Invalid
		}
		if x.constant != "" && c.cycleAt(x, id, s, c.valueSt) {
			return types.Invalid
		}
		return c.symType(s)
	case KindMember:
		return s.Type
	case KindType, KindEnum:
		if c.cycleAt(x, id, s, c.state) {
			return types.Invalid
		}
		return c.setOfType(s)
	case KindPred, KindFun:
		if len(s.Params) > 0 || c.paramCount(s) > 0 {
			c.errorf(x, diag.Type, id.Span, "%s takes %s; call it as %s(…)", s.Name, plural(c.paramCount(s), "argument"), s.Name)
			return types.Invalid
		}
		if x.constant != "" {
			c.errorf(x, diag.Type, id.Span, "%s must be constant, and %s is a %s", x.constant, s.Name, s.Kind)
			return types.Invalid
		}
		c.callEdge(x, s, id)
		return c.resultOf(s)
	}
	c.errorf(x, diag.Type, id.Span, "%s is %s %s, not a value", s.Name, article(s.Kind.String()), s.Kind)
	return types.Invalid
}

func article(w string) string {
	if strings.ContainsAny(w[:1], "aeiou") {
		return "an"
	}
	return "a"
}

func (c *checker) setOfType(s *Symbol) types.Type {
	t := c.symType(s)
	if types.IsInvalid(t) {
		return types.Invalid
	}
	if st := c.setOf[s]; st != nil {
		return st
	}
	st := &types.Set{Elem: t}
	c.setOf[s] = st
	return st
}

// paramCount is the arity of a pred or fun from its declaration, so that a call
// checked before the callee's signature still sees the right count.
func (c *checker) paramCount(s *Symbol) int {
	switch d := s.Decl.(type) {
	case *ast.PredDecl:
		return len(d.Params)
	case *ast.FunDecl:
		return len(d.Params)
	}
	return 0
}

// signature resolves a pred's or fun's parameter and result types before its body is
// checked, so that calls may come before the declaration.
func (c *checker) signature(s *Symbol) {
	if c.state[s] == resolved {
		return
	}
	c.state[s] = resolved
	var ps []*ast.Param
	var result ast.Type
	switch d := s.Decl.(type) {
	case *ast.PredDecl:
		ps = d.Params
	case *ast.FunDecl:
		ps, result = d.Params, d.Result
	}
	x := ctx{unit: s.Decl}
	for _, p := range ps {
		if p.Name == nil {
			continue
		}
		ps := c.define(KindParam, p.Name, p, "")
		ps.Owner = s
		ps.Type = c.declType(x, p.Type)
		c.unitOf[ps] = s.Decl
		s.Params = append(s.Params, ps)
	}
	if _, ok := s.Decl.(*ast.FunDecl); ok {
		s.Type = c.declType(x, result)
	}
}

func (c *checker) resultOf(s *Symbol) types.Type {
	c.signature(s)
	if s.Type == nil {
		return types.Invalid
	}
	return s.Type
}

func (c *checker) callEdge(x ctx, callee *Symbol, site *ast.Ident) {
	if x.caller != nil {
		c.calls[x.caller] = append(c.calls[x.caller], callEdge{callee: callee, site: site, unit: x.unit})
	}
}

func (c *checker) call(x ctx, e *ast.Call) types.Type {
	if e.Fun == nil {
		return types.Invalid
	}
	s := c.resolve(x, e.Fun)
	var argTypes []types.Type
	for _, a := range e.Args {
		argTypes = append(argTypes, c.expr(x, a))
	}
	if s == nil {
		return types.Invalid
	}
	if s.Kind != KindPred && s.Kind != KindFun {
		hint := "only preds and funs take arguments"
		if s.Kind == KindAction {
			hint = "an action is taken by a do step of an example"
		}
		c.errorf(x, diag.Type, e.Fun.Span, "%s is %s %s; %s", s.Name, article(s.Kind.String()), s.Kind, hint)
		return types.Invalid
	}
	if x.constant != "" {
		c.errorf(x, diag.Type, e.Span, "%s must be constant, and a call of %s is not", x.constant, s.Name)
		return types.Invalid
	}
	c.callEdge(x, s, e.Fun)
	result := c.resultOf(s)
	if len(e.Args) != len(s.Params) {
		c.errorf(x, diag.Type, e.Span, "%s takes %s (%s), found %d", s.Name, plural(len(s.Params), "argument"), paramList(s), len(e.Args))
		return types.Invalid
	}
	for i, a := range e.Args {
		pt := s.Params[i].Type
		if types.IsInvalid(argTypes[i]) || types.IsInvalid(pt) {
			result = types.Invalid
			continue
		}
		if !types.Compatible(pt, argTypes[i]) {
			c.errorf(x, diag.Type, a.Bounds(), "argument %s of %s must be %s, found %s (%s)", s.Params[i].Name, s.Name, pt, show(a), argTypes[i])
			result = types.Invalid
		}
	}
	return result
}

func (c *checker) primed(x ctx, e *ast.Primed) types.Type {
	s := c.resolve(x, e.Ident)
	if s == nil {
		return types.Invalid
	}
	if s.Kind != KindVar {
		c.errorf(x, diag.Type, e.Span, "only variables take primes; %s is %s %s", s.Name, article(s.Kind.String()), s.Kind)
		return types.Invalid
	}
	if x.constant != "" {
		c.errorf(x, diag.Type, e.Span, "%s must be constant, and %s is a var", x.constant, s.Name)
		return types.Invalid
	}
	if x.noPrime != "" {
		c.errorf(x, diag.Type, e.Span, "%s'%s", s.Name, ": "+x.noPrime)
		return types.Invalid
	}
	return c.symType(s)
}

func (c *checker) selectExpr(x ctx, e *ast.Select) types.Type {
	if e.Field == nil {
		c.expr(x, e.X)
		return types.Invalid
	}
	// A qualified member: the operand names an enum (or a type that is one), not
	// shadowed by a local.
	if n, ok := e.X.(*ast.Name); ok && x.scope.lookup(n.Ident.Name) == nil {
		if enumSym := c.enumNamed(n.Ident.Name); enumSym != nil {
			c.use(x, n.Ident, enumSym)
			c.info.Types[n] = c.setOfType(enumSym)
			enum := c.symType(enumSym).(*types.Enum)
			for _, m := range c.enumSymbolOf(enum).Members {
				if m.Name == e.Field.Name {
					c.use(x, e.Field, m)
					return enum
				}
			}
			c.unknownf(x, e.Field.Span, e.Field.Name, enum.Members, "%s has no member %s", enum.Name, e.Field.Name)
			return types.Invalid
		}
	}
	t := c.expr(x, e.X)
	if types.IsInvalid(t) {
		return types.Invalid
	}
	r, ok := t.(*types.Record)
	if !ok {
		c.errorf(x, diag.Type, e.X.Bounds(), "%s: only records have fields, and %s is %s", show(e), show(e.X), t)
		return types.Invalid
	}
	f, ok := c.field(x, r, e.Field)
	if !ok {
		return types.Invalid
	}
	return f.Type
}

// enumNamed returns the single top-level enum (or type naming an enum) called name.
func (c *checker) enumNamed(name string) *Symbol {
	syms := c.info.top[name]
	if len(syms) != 1 {
		for _, s := range syms {
			if s.Kind == KindEnum {
				return s
			}
		}
		return nil
	}
	s := syms[0]
	switch s.Kind {
	case KindEnum:
		return s
	case KindType:
		if c.state[s] == resolving {
			return nil
		}
		if _, ok := c.symType(s).(*types.Enum); ok {
			return s
		}
	}
	return nil
}

func (c *checker) enumSymbolOf(e *types.Enum) *Symbol {
	for _, s := range c.info.top[e.Name] {
		if s.Kind == KindEnum && s.Type == e {
			return s
		}
	}
	return &Symbol{}
}

func (c *checker) field(x ctx, r *types.Record, id *ast.Ident) (types.Field, bool) {
	if f, ok := r.Field(id.Name); ok {
		return f, true
	}
	names := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		names[i] = f.Name
	}
	c.unknownf(x, id.Span, id.Name, names, "%s has no field %s", r, id.Name)
	return types.Field{}, false
}

// updateParts prints a map or record update as its target (`m with [k]`) and its
// new value, for the hint on an update read as an operand.
func updateParts(e ast.Expr) (target, value string, ok bool) {
	var t, v strings.Builder
	switch u := e.(type) {
	case *ast.MapUpdate:
		write(&t, u.X)
		t.WriteString(" with [")
		write(&t, u.Key)
		t.WriteString("]")
		write(&v, u.Value)
	case *ast.RecordUpdate:
		write(&t, u.X)
		t.WriteString(" with .")
		if u.Field != nil {
			t.WriteString(u.Field.Name)
		}
		write(&v, u.Value)
	default:
		return "", "", false
	}
	return t.String(), v.String(), true
}
