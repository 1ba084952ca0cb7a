package sema

import (
	"fmt"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Check resolves the names of f and checks its types. It never fails: every problem is
// a finding in Info.Findings, and the parts that did not check are marked Broken.
func Check(f *ast.File) *Info {
	info := &Info{
		Defs:      map[*ast.Ident]*Symbol{},
		Uses:      map[*ast.Ident]*Symbol{},
		Types:     map[ast.Expr]types.Type{},
		TypeExprs: map[ast.Type]types.Type{},
		Options:   DefaultOptions,
		top:       map[string][]*Symbol{},
		broken:    map[ast.Node]bool{},
		consts:    map[*Symbol]diag.Value{},
	}
	c := &checker{
		info:    info,
		state:   map[*Symbol]resolveState{},
		valueSt: map[*Symbol]resolveState{},
		deps:    map[ast.Node][]*Symbol{},
		unitOf:  map[*Symbol]ast.Node{},
		calls:   map[*Symbol][]callEdge{},
		setOf:   map[*Symbol]types.Type{},
	}
	c.ev = evaluator{info: info, constOf: c.constValue}
	c.collect(f)
	c.stateBits(f)
	c.checkDecls(f)
	c.checkRecursion()
	c.propagateBroken(f)
	diag.Sort(info.Findings)
	return info
}

type resolveState int

const (
	unresolved resolveState = iota
	resolving
	resolved
)

type callEdge struct {
	callee *Symbol
	site   *ast.Ident
	unit   ast.Node
}

type checker struct {
	info    *Info
	ev      evaluator
	state   map[*Symbol]resolveState // declared types of types, consts and vars
	valueSt map[*Symbol]resolveState // values of consts
	stack   []*Symbol                // symbols being resolved, for cycle messages
	deps    map[ast.Node][]*Symbol   // unit -> symbols it uses
	unitOf  map[*Symbol]ast.Node     // symbol -> the unit that declares it
	calls   map[*Symbol][]callEdge   // pred/fun -> preds/funs its body calls
	setOf   map[*Symbol]types.Type   // type or enum symbol -> the set of its values
	order   []*Symbol                // preds and funs in declaration order
	actions []*ast.ActionDecl
}

// ctx is what an expression is checked against.
type ctx struct {
	unit ast.Node // marked broken on an error
	// noPrime, when set, is why a prime may not stand here.
	noPrime string
	// constant, when set, names what must be constant here ("a const value").
	constant string
	caller   *Symbol // the pred or fun whose body this is
	scope    *scope
}

type scope struct {
	parent *scope
	names  map[string]*Symbol
}

func (s *scope) lookup(name string) *Symbol {
	for ; s != nil; s = s.parent {
		if sym := s.names[name]; sym != nil {
			return sym
		}
	}
	return nil
}

func (x ctx) with(s *scope) ctx {
	x.scope = s
	return x
}

func (c *checker) errorf(x ctx, code diag.Code, span source.Span, format string, args ...any) {
	c.info.Findings = append(c.info.Findings, diag.New(code, span, format, args...))
	if x.unit != nil {
		c.info.broken[x.unit] = true
	}
}

// unknownf reports a `name` finding at sp for name, not found among candidates: the
// message ends with "; did you mean X?" when one is close enough to be a likely
// typo, and the finding carries X in place of sp as its suggestion (a quick fix).
func (c *checker) unknownf(x ctx, sp source.Span, name string, candidates []string, format string, args ...any) {
	f := diag.New(diag.Name, sp, format, args...)
	if best := closest(name, candidates); best != "" {
		f.Message += "; did you mean " + best + "?"
		f = f.WithSuggestion(sp, best)
	}
	c.info.Findings = append(c.info.Findings, f)
	if x.unit != nil {
		c.info.broken[x.unit] = true
	}
}

// use records that id refers to sym inside the unit being checked.
func (c *checker) use(x ctx, id *ast.Ident, sym *Symbol) {
	c.info.Uses[id] = sym
	if x.unit != nil {
		c.deps[x.unit] = append(c.deps[x.unit], sym)
	}
}

// ---- collecting declarations ----

func (c *checker) define(kind Kind, id *ast.Ident, decl ast.Node, doc string) *Symbol {
	s := &Symbol{Kind: kind, Name: id.Name, Ident: id, Decl: decl, Doc: doc}
	c.info.Defs[id] = s
	return s
}

// declareTop enters a top-level name. Enum members may share a name with other
// declarations (the clash is reported where the name is used unqualified); any other
// repeat is a duplicate, reported on the second declaration, which is then broken.
func (c *checker) declareTop(s *Symbol, unit ast.Node) {
	c.unitOf[s] = unit
	c.info.Symbols = appendTop(c.info.Symbols, s)
	prev := c.info.top[s.Name]
	for _, p := range prev {
		if p.Kind == KindMember && s.Kind == KindMember && p.Owner == s.Owner ||
			p.Kind != KindMember && s.Kind != KindMember {
			f := diag.New(diag.Name, s.Ident.Span, "%s is declared twice (first as %s %s)", s.Name, article(p.Kind.String()), p.Kind)
			f.Related = []diag.Related{{Span: p.Ident.Span, Message: "first declared here"}}
			c.info.Findings = append(c.info.Findings, f)
			c.info.broken[unit] = true
			return
		}
	}
	c.info.top[s.Name] = append(prev, s)
}

func appendTop(list []*Symbol, s *Symbol) []*Symbol {
	if s.Kind == KindMember {
		return list
	}
	return append(list, s)
}

func (c *checker) collect(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.SpecDecl:
			if d.Name != nil {
				s := c.define(KindSpec, d.Name, d, d.Doc.Text)
				c.info.Spec = s
				c.info.Symbols = append(c.info.Symbols, s)
			}
		case *ast.TypeDecl:
			if d.Name != nil {
				c.declareTop(c.define(KindType, d.Name, d, d.Doc.Text), d)
			}
		case *ast.EnumDecl:
			var es *Symbol
			enum := &types.Enum{}
			if d.Name != nil {
				enum.Name = d.Name.Name
				es = c.define(KindEnum, d.Name, d, d.Doc.Text)
				es.Type = enum
				c.declareTop(es, d)
			}
			for _, m := range d.Members {
				ms := c.define(KindMember, m, d, "")
				ms.Type = enum
				ms.Owner = es
				c.declareTop(ms, d)
				if es != nil {
					es.Members = append(es.Members, ms)
				}
				if enum.Index(m.Name) < 0 {
					enum.Members = append(enum.Members, m.Name)
				}
			}
			if len(d.Members) == 0 && d.Name != nil {
				// Like an empty range: a type with no values, so nothing of it could
				// exist. Whatever uses it is left out with it.
				c.info.Findings = append(c.info.Findings, diag.New(diag.Type, d.Name.Span, "enum %s has no members: nothing can be of this type", d.Name.Name))
				c.info.broken[d] = true
			}
		case *ast.ConstDecl:
			if d.Name != nil {
				c.declareTop(c.define(KindConst, d.Name, d, d.Doc.Text), d)
			}
		case *ast.VarDecl:
			if d.Name != nil {
				c.declareTop(c.define(KindVar, d.Name, d, d.Doc.Text), d)
			}
		case *ast.ClauseDecl:
			if d.Kind == ast.Initially {
				c.info.StateMachine = true
			}
			if d.Name != nil {
				kind := map[ast.ClauseKind]Kind{ast.Fact: KindFact, ast.Initially: KindInitially,
					ast.Invariant: KindInvariant, ast.Assert: KindAssert}[d.Kind]
				c.declareTop(c.define(kind, d.Name, d, d.Doc.Text), d)
			}
		case *ast.ActionDecl:
			c.info.StateMachine = true
			if d.Name != nil {
				c.declareTop(c.define(KindAction, d.Name, d, d.Doc.Text), d)
			}
		case *ast.PredDecl:
			if d.Name != nil {
				s := c.define(KindPred, d.Name, d, d.Doc.Text)
				s.Type = types.Bool
				c.declareTop(s, d)
				c.order = append(c.order, s)
			}
		case *ast.FunDecl:
			if d.Name != nil {
				s := c.define(KindFun, d.Name, d, d.Doc.Text)
				c.declareTop(s, d)
				c.order = append(c.order, s)
			}
		case *ast.ExampleDecl:
			if d.Name != nil {
				kind := KindExample
				if d.Negative {
					kind = KindNonexample
				}
				c.declareTop(c.define(kind, d.Name, d, d.Doc.Text), d)
			}
		case *ast.BadDecl:
			c.info.broken[d] = true
		}
	}
}

// ---- checking declarations ----

func (c *checker) checkDecls(f *ast.File) {
	optionSeen := map[string]*ast.Ident{}
	// Examples come last: their steps read the actions' parameters, which an action
	// declares when it is checked, and names are visible everywhere in the file.
	var examples []*ast.ExampleDecl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.TypeDecl:
			if s := c.info.Defs[d.Name]; s != nil {
				c.resolveDeclared(s)
			} else {
				c.typ(ctx{unit: d}, d.Type)
			}
		case *ast.ConstDecl:
			if s := c.info.Defs[d.Name]; s != nil {
				c.resolveDeclared(s)
				c.constValue(s)
			}
		case *ast.VarDecl:
			if s := c.info.Defs[d.Name]; s != nil {
				c.resolveDeclared(s)
			}
		case *ast.ClauseDecl:
			c.clause(d)
		case *ast.ActionDecl:
			c.action(d)
		case *ast.PredDecl:
			c.predOrFun(d, d.Name, d.Params, nil, d.Body)
		case *ast.FunDecl:
			c.predOrFun(d, d.Name, d.Params, d.Result, d.Body)
		case *ast.ExampleDecl:
			examples = append(examples, d)
		case *ast.OptionDecl:
			c.option(d, optionSeen)
		}
	}
	for _, d := range examples {
		c.example(d)
	}
}

// symType returns the declared type of a type, const or var symbol, resolving it on
// first need so that declarations may come in any order.
func (c *checker) symType(s *Symbol) types.Type {
	switch s.Kind {
	case KindType, KindConst, KindVar:
		c.resolveDeclared(s)
	case KindFun, KindPred, KindParam, KindBound, KindMember, KindEnum:
	default:
		return nil
	}
	if s.Type == nil {
		return types.Invalid
	}
	return s.Type
}

func (c *checker) resolveDeclared(s *Symbol) {
	switch c.state[s] {
	case resolved:
		return
	case resolving:
		return // reported by cycleAt, where the cycle closes
	}
	c.state[s] = resolving
	c.stack = append(c.stack, s)
	unit := c.unitOf[s]
	var t types.Type = types.Invalid
	switch d := s.Decl.(type) {
	case *ast.TypeDecl:
		t = c.declType(ctx{unit: unit}, d.Type)
	case *ast.ConstDecl:
		t = c.declType(ctx{unit: unit}, d.Type)
	case *ast.VarDecl:
		t = c.declType(ctx{unit: unit}, d.Type)
	}
	c.stack = c.stack[:len(c.stack)-1]
	if s.Type == nil { // a cycle through s may have set it to Invalid already
		s.Type = t
	}
	c.state[s] = resolved
}

// cycleAt reports a definition that reaches itself through types and const values, at
// the use that closes the cycle, and reports whether there was one.
func (c *checker) cycleAt(x ctx, id *ast.Ident, s *Symbol, st map[*Symbol]resolveState) bool {
	if st[s] != resolving {
		return false
	}
	var path []string
	start := -1
	for i, t := range c.stack {
		if t == s {
			start = i
		}
	}
	for _, t := range c.stack[max(start, 0):] {
		path = append(path, t.Name)
	}
	path = append(path, s.Name)
	c.errorf(x, diag.Name, id.Span, "%s is defined in terms of itself: %s", s.Name, strings.Join(path, " -> "))
	s.Type = types.Invalid
	c.info.broken[c.unitOf[s]] = true
	return true
}

// constValue evaluates a const on first need (range bounds may use consts declared
// further down).
func (c *checker) constValue(s *Symbol) (diag.Value, bool) {
	switch c.valueSt[s] {
	case resolved, resolving:
		v, ok := c.info.consts[s]
		return v, ok
	}
	d, ok := s.Decl.(*ast.ConstDecl)
	if !ok || d.Value == nil {
		c.valueSt[s] = resolved
		return diag.Value{}, false
	}
	// The value stays "resolving" until it is computed: evaluation reaches the consts
	// it names, and a const reached again closes a cycle.
	c.valueSt[s] = resolving
	c.stack = append(c.stack, s)
	defer func() {
		c.stack = c.stack[:len(c.stack)-1]
		c.valueSt[s] = resolved
	}()
	declared := c.symType(s)
	x := ctx{unit: d, constant: "a const value", noPrime: "a const takes no primes"}
	t := c.expr(x, d.Value)
	if types.IsInvalid(t) || types.IsInvalid(declared) || c.info.broken[d] {
		return diag.Value{}, false
	}
	if !types.Compatible(declared, t) {
		c.errorf(x, diag.Type, d.Value.Bounds(), "%s is %s, but the const %s is %s", show(d.Value), t, s.Name, declared)
		return diag.Value{}, false
	}
	v, ok := c.ev.eval(d.Value, nil)
	if c.info.broken[d] {
		return diag.Value{}, false
	}
	if !ok {
		c.errorf(x, diag.Type, d.Value.Bounds(), "the value of %s cannot be computed: %s leaves 64-bit integers or builds a set of more than %d values", s.Name, show(d.Value), maxConstSet)
		return diag.Value{}, false
	}
	if !types.Contains(declared, v) {
		c.errorf(x, diag.Type, d.Value.Bounds(), "%s is %s, outside the type of %s (%s)", show(d.Value), v, s.Name, declared)
		return diag.Value{}, false
	}
	v = inOrderOf(declared, v)
	c.info.consts[s] = v
	return v, true
}

func (c *checker) option(d *ast.OptionDecl, seen map[string]*ast.Ident) {
	x := ctx{unit: d, constant: "an option value", noPrime: "an option takes no primes"}
	if d.Name == nil {
		return
	}
	name := d.Name.Name
	if name != "depth" && name != "budget" {
		c.unknownf(x, d.Name.Span, name, []string{"depth", "budget"}, "unknown option %s (the options are depth and budget)", name)
		if d.Value != nil {
			c.expr(x, d.Value)
		}
		return
	}
	if first := seen[name]; first != nil {
		f := diag.New(diag.Name, d.Name.Span, "option %s is set twice", name)
		f.Related = []diag.Related{{Span: first.Span, Message: "first set here"}}
		c.info.Findings = append(c.info.Findings, f)
		c.info.broken[d] = true
		return
	}
	seen[name] = d.Name
	if d.Value == nil {
		return
	}
	n, ok := c.constInt(x, d.Value, "option "+name)
	if !ok {
		return
	}
	if n < 0 || n > 1<<31-1 {
		c.errorf(x, diag.Type, d.Value.Bounds(), "option %s needs a whole number from 0 up, found %d", name, n)
		return
	}
	if name == "depth" {
		c.info.Options.Depth = int(n)
	} else {
		c.info.Options.Budget = int(n)
	}
}

// constInt checks e as an integer constant and returns its value.
func (c *checker) constInt(x ctx, e ast.Expr, what string) (int64, bool) {
	t := c.expr(x, e)
	if types.IsInvalid(t) {
		return 0, false
	}
	if !types.IsInteger(t) {
		c.errorf(x, diag.Type, e.Bounds(), "%s needs an integer, found %s", what, t)
		return 0, false
	}
	v, ok := c.ev.eval(e, nil)
	if !ok || v.Kind != diag.IntValue {
		if !c.info.broken[x.unit] {
			c.errorf(x, diag.Type, e.Bounds(), "%s must be a constant integer; %s cannot be computed", what, show(e))
		}
		return 0, false
	}
	return v.Int, true
}

// ---- types ----

// declType is the type of a declaration (type, const, var, param, fun result): t
// checked, and judged by its encoded size before anything downstream builds a value
// of it. A type too large to encode is a `type` finding here, and Invalid, so that
// every clause that reads it is broken (and unknown), never encoded.
func (c *checker) declType(x ctx, t ast.Type) types.Type {
	r := c.typ(x, t)
	if types.IsInvalid(r) {
		return r
	}
	if n := types.Bits(r); n > types.MaxBits {
		c.errorf(x, diag.Type, t.Bounds(), "%s is too large to encode: one value takes %s, over the limit of %d bits for a declared type", cut(r.String()), bitsText(n), types.MaxBits)
		return types.Invalid
	}
	return r
}

// cut shortens a type's text for a message, as show does an expression's.
func cut(s string) string {
	if r := []rune(s); len(r) > maxShown {
		s = string(r[:maxShown-1]) + "…"
	}
	return s
}

// bitsText says how many bits n is, "more than 2^64 bits" when it saturated.
func bitsText(n uint64) string {
	if n == types.Unbounded {
		return "more than 2^64 bits"
	}
	return fmt.Sprintf("%d bits", n)
}

// stateBits checks the variables together: every step copies a whole state, so their
// sum is bounded too. A var that takes the sum past the limit is a `type` finding,
// and Invalid.
func (c *checker) stateBits(f *ast.File) {
	total := uint64(0)
	for _, d := range f.Decls {
		d, ok := d.(*ast.VarDecl)
		if !ok {
			continue
		}
		s := c.info.Defs[d.Name]
		if s == nil || s.Kind != KindVar || d.Type == nil {
			continue
		}
		c.resolveDeclared(s) // before any clause reads its type
		if types.IsInvalid(s.Type) {
			continue
		}
		n := types.Bits(s.Type)
		if total+n > types.MaxStateBits {
			c.errorf(ctx{unit: d}, diag.Type, d.Type.Bounds(), "the state is too large to encode: with %s (%s) the variables take %d bits, over the limit of %d bits for a state", s.Name, bitsText(n), total+n, types.MaxStateBits)
			s.Type = types.Invalid
			continue
		}
		total += n
	}
}

func (c *checker) typ(x ctx, t ast.Type) types.Type {
	if t == nil {
		if x.unit != nil {
			c.info.broken[x.unit] = true
		}
		return types.Invalid
	}
	r := c.typ0(x, t)
	c.info.TypeExprs[t] = r
	return r
}

func (c *checker) typ0(x ctx, t ast.Type) types.Type {
	switch t := t.(type) {
	case *ast.BoolType:
		return types.Bool
	case *ast.ParenType:
		return c.typ(x, t.Type)
	case *ast.NamedType:
		s := c.lookupTop(x, t.Name, "a type", func(s *Symbol) bool { return s.Kind == KindType || s.Kind == KindEnum })
		if s == nil {
			return types.Invalid
		}
		if s.Kind != KindType && s.Kind != KindEnum {
			c.errorf(x, diag.Type, t.Name.Span, "%s is a %s, not a type", s.Name, s.Kind)
			return types.Invalid
		}
		if c.cycleAt(x, t.Name, s, c.state) {
			return types.Invalid
		}
		return c.symType(s)
	case *ast.RangeType:
		bx := x
		bx.constant, bx.noPrime = "a range bound", "a range bound takes no primes"
		lo, ok1 := c.constInt(bx, t.Lo, "a range bound")
		hi, ok2 := c.constInt(bx, t.Hi, "a range bound")
		if !ok1 || !ok2 {
			return types.Invalid
		}
		if lo > hi {
			c.errorf(x, diag.Type, t.Span, "empty range %d..%d: the low bound must not exceed the high bound", lo, hi)
			return types.Invalid
		}
		return &types.Range{Lo: lo, Hi: hi}
	case *ast.SetType:
		e := c.typ(x, t.Elem)
		if types.IsInvalid(e) {
			return types.Invalid
		}
		return &types.Set{Elem: e}
	case *ast.MapType:
		k, v := c.typ(x, t.Key), c.typ(x, t.Value)
		if types.IsInvalid(k) || types.IsInvalid(v) {
			return types.Invalid
		}
		return &types.Map{Key: k, Value: v}
	case *ast.RecordType:
		r := &types.Record{}
		ok := true
		seen := map[string]*ast.Ident{}
		for _, f := range t.Fields {
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
			ft := c.typ(x, f.Type)
			ok = ok && !types.IsInvalid(ft)
			r.Fields = append(r.Fields, types.Field{Name: f.Name.Name, Type: ft})
		}
		if !ok {
			return types.Invalid
		}
		return r
	}
	return types.Invalid
}

func (c *checker) dupField(x ctx, id, first *ast.Ident) {
	c.errorf(x, diag.Name, id.Span, "field %s appears twice", id.Name)
	last := &c.info.Findings[len(c.info.Findings)-1]
	last.Related = []diag.Related{{Span: first.Span, Message: "first here"}}
}

// ---- clauses, actions, preds, funs, examples ----

var noPrimeIn = map[ast.ClauseKind]string{
	ast.Fact:      "facts take no primes; a fact holds in each state on its own",
	ast.Initially: "initially takes no primes; it describes the initial states",
	ast.Invariant: "invariants take no primes; for a property of steps write an assert with primes",
	ast.Requires:  "requires takes no primes; it reads the state before the step (constrain the next state with ensures)",
}

func (c *checker) clause(d *ast.ClauseDecl) {
	x := ctx{unit: d, noPrime: noPrimeIn[d.Kind]}
	if d.Kind == ast.Assert && !c.info.StateMachine {
		x.noPrime = "primes need steps, and this spec has no action or initially"
	}
	c.boolBody(x, d.Body, article(d.Kind.String())+" "+d.Kind.String())
}

// boolBody checks a clause's formula.
func (c *checker) boolBody(x ctx, e ast.Expr, what string) {
	if e == nil {
		c.info.broken[x.unit] = true
		return
	}
	t := c.expr(x, e)
	if !types.IsInvalid(t) && t != types.Bool {
		c.errorf(x, diag.Type, e.Bounds(), "%s must be a bool formula, found %s (%s)", what, show(e), t)
	}
}

// params declares a parameter list in a fresh scope.
func (c *checker) params(x ctx, owner *Symbol, ps []*ast.Param) *scope {
	sc := &scope{names: map[string]*Symbol{}}
	for _, p := range ps {
		if p.Name == nil {
			c.info.broken[x.unit] = true
			continue
		}
		s := c.define(KindParam, p.Name, p, "")
		s.Owner = owner
		s.Type = c.declType(x, p.Type)
		if owner != nil {
			owner.Params = append(owner.Params, s)
		}
		c.unitOf[s] = x.unit
		c.declareLocal(x, sc, s)
	}
	return sc
}

// declareLocal enters a parameter or bound variable, which may reuse no top-level name
// and no name bound around it.
func (c *checker) declareLocal(x ctx, sc *scope, s *Symbol) {
	if tops := c.info.top[s.Name]; len(tops) > 0 {
		c.errorf(x, diag.Name, s.Ident.Span, "%s is already declared at the top (the %s %s); a %s needs a name of its own", s.Name, tops[0].Kind, describe(tops[0]), s.Kind)
		c.info.Findings[len(c.info.Findings)-1].Related = []diag.Related{{Span: tops[0].Ident.Span, Message: "declared here"}}
	} else if prev := sc.lookup(s.Name); prev != nil {
		c.errorf(x, diag.Name, s.Ident.Span, "%s is already bound here (a %s); choose another name", s.Name, prev.Kind)
		c.info.Findings[len(c.info.Findings)-1].Related = []diag.Related{{Span: prev.Ident.Span, Message: "bound here"}}
	}
	sc.names[s.Name] = s
}

// describe names a symbol for messages: members are qualified.
func describe(s *Symbol) string {
	if s.Kind == KindMember && s.Owner != nil {
		return s.Owner.Name + "." + s.Name
	}
	return s.Name
}

func (c *checker) action(d *ast.ActionDecl) {
	c.actions = append(c.actions, d)
	sym := c.info.Defs[d.Name]
	x := ctx{unit: d}
	sc := c.params(x, sym, d.Params)
	labels := map[string]*ast.Ident{}
	for _, cl := range d.Clauses {
		cx := ctx{unit: cl, scope: sc}
		if cl.Kind == ast.Requires {
			cx.noPrime = noPrimeIn[ast.Requires]
		}
		if cl.Name != nil {
			kind := KindRequires
			if cl.Kind == ast.Ensures {
				kind = KindEnsures
			}
			ls := c.define(kind, cl.Name, cl, cl.Doc.Text)
			ls.Owner = sym
			if first := labels[cl.Name.Name]; first != nil {
				c.errorf(cx, diag.Name, cl.Name.Span, "%s names two clauses of this action", cl.Name.Name)
				c.info.Findings[len(c.info.Findings)-1].Related = []diag.Related{{Span: first.Span, Message: "first here"}}
			} else {
				labels[cl.Name.Name] = cl.Name
				if sym != nil {
					sym.Clauses = append(sym.Clauses, ls)
				}
			}
		}
		c.boolBody(cx, cl.Body, article(cl.Kind.String())+" "+cl.Kind.String())
	}
}

func (c *checker) predOrFun(d ast.Decl, name *ast.Ident, ps []*ast.Param, result ast.Type, body ast.Expr) {
	sym := c.info.Defs[name]
	if sym == nil {
		c.info.broken[d] = true
		return
	}
	c.signature(sym)
	x := ctx{unit: d, caller: sym}
	_, isFun := d.(*ast.FunDecl)
	kind := "pred"
	if isFun {
		kind = "fun"
	}
	x.noPrime = kind + " bodies take no primes; pass x' as an argument"
	sc := &scope{names: map[string]*Symbol{}}
	for _, p := range sym.Params {
		c.declareLocal(x, sc, p)
	}
	if len(sym.Params) != len(ps) {
		c.info.broken[d] = true
	}
	x.scope = sc
	if !isFun {
		c.boolBody(x, body, "a pred body")
		return
	}
	if body == nil {
		c.info.broken[d] = true
		return
	}
	t := c.expr(x, body)
	rt := c.resultOf(sym)
	if !types.IsInvalid(t) && !types.IsInvalid(rt) && !types.Compatible(rt, t) {
		c.errorf(x, diag.Type, body.Bounds(), "the body of %s must be %s, found %s (%s)", name.Name, rt, show(body), t)
	}
}

func (c *checker) example(d *ast.ExampleDecl) {
	seenDo := false
	for _, st := range d.Steps {
		x := ctx{unit: st, noPrime: "example steps take no primes; they read the state at their point in the run"}
		switch st := st.(type) {
		case *ast.GivenStep:
			if seenDo {
				c.errorf(x, diag.Type, st.Span, "given steps come before the first do: a given constrains the initial state")
			}
			c.boolBody(x, st.Cond, "a given")
		case *ast.ExpectStep:
			if d.Negative {
				c.errorf(x, diag.Type, st.Span, "a nonexample has no expect: it names a run that must be impossible")
			}
			c.boolBody(x, st.Cond, "an expect")
		case *ast.DoStep:
			seenDo = true
			c.do(x, st)
		case *ast.BadStep:
			c.info.broken[st] = true
		}
	}
}

func (c *checker) do(x ctx, st *ast.DoStep) {
	if st.Action == nil {
		c.info.broken[st] = true
		return
	}
	s := c.lookupTop(x, st.Action, "an action", func(s *Symbol) bool { return s.Kind == KindAction })
	if s == nil {
		for _, a := range st.Args {
			if _, ok := a.(*ast.Wildcard); !ok {
				c.expr(x, a)
			}
		}
		return
	}
	if s.Kind != KindAction {
		c.errorf(x, diag.Type, st.Action.Span, "%s is a %s; do takes an action", s.Name, s.Kind)
		return
	}
	if len(st.Args) != len(s.Params) {
		switch {
		case !st.Parens:
			c.errorf(x, diag.Type, st.Action.Span, "%s takes %s (%s); write do %s(%s) to allow any values", s.Name, plural(len(s.Params), "argument"), paramList(s), s.Name, wildcards(len(s.Params)))
		default:
			c.errorf(x, diag.Type, st.Span, "%s takes %s (%s), found %d", s.Name, plural(len(s.Params), "argument"), paramList(s), len(st.Args))
		}
	}
	for i, a := range st.Args {
		var pt types.Type = types.Invalid
		if i < len(s.Params) {
			pt = s.Params[i].Type
		}
		if w, ok := a.(*ast.Wildcard); ok {
			c.info.Types[w] = pt
			continue
		}
		t := c.expr(x, a)
		if !types.IsInvalid(t) && !types.IsInvalid(pt) && !types.Compatible(pt, t) {
			c.errorf(x, diag.Type, a.Bounds(), "argument %s of %s must be %s, found %s (%s)", s.Params[i].Name, s.Name, pt, show(a), t)
		}
	}
}

func paramList(s *Symbol) string {
	parts := make([]string, len(s.Params))
	for i, p := range s.Params {
		parts[i] = p.Name + ": " + typeText(p.Type)
	}
	return strings.Join(parts, ", ")
}

func typeText(t types.Type) string {
	if t == nil {
		return "invalid"
	}
	return t.String()
}

func wildcards(n int) string {
	return strings.TrimSuffix(strings.Repeat("_, ", n), ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ---- recursion and broken propagation ----

// checkRecursion reports each cycle among preds and funs once, at the call that
// closes it (the first such call met in a depth-first walk in declaration order).
func (c *checker) checkRecursion() {
	color := map[*Symbol]int{} // 0 white, 1 on the stack, 2 done
	var stack []*Symbol
	var visit func(s *Symbol)
	visit = func(s *Symbol) {
		color[s] = 1
		stack = append(stack, s)
		for _, e := range c.calls[s] {
			switch color[e.callee] {
			case 0:
				visit(e.callee)
			case 1:
				var path []string
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i] == e.callee {
						for _, t := range stack[i:] {
							path = append(path, t.Name)
						}
						break
					}
				}
				path = append(path, e.callee.Name)
				c.errorf(ctx{unit: e.unit}, diag.Name, e.site.Span, "recursion: %s (preds and funs may not call themselves, directly or through others)", strings.Join(path, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		color[s] = 2
	}
	for _, s := range c.order {
		if color[s] == 0 {
			visit(s)
		}
	}
}

// propagateBroken marks broken every unit that uses a symbol declared by a broken
// unit, until nothing changes, then closes actions over their clauses and examples
// over their steps.
func (c *checker) propagateBroken(f *ast.File) {
	b := c.info.broken
	var units []ast.Node
	for u := range c.deps {
		units = append(units, u)
	}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if b[u] {
				continue
			}
			for _, s := range c.deps[u] {
				if du := c.unitOf[s]; du != nil && du != u && b[du] {
					b[u] = true
					changed = true
					break
				}
			}
		}
		// A clause of a broken action is broken, which can break nothing further (no
		// one uses a clause), so this need not join the fixpoint beyond one pass.
		for _, a := range c.actions {
			if b[a] {
				for _, cl := range a.Clauses {
					b[cl] = true
				}
			}
		}
	}
	for _, d := range f.Decls {
		if e, ok := d.(*ast.ExampleDecl); ok {
			for _, st := range e.Steps {
				if b[st] {
					b[e] = true
				}
			}
		}
	}
}
