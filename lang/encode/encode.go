// Package encode translates a checked Specl spec (lang/ast + lang/sema) into circuits
// of lang/logic: each state a set of values, each expression a value or a literal,
// quantifiers expanded over their finite ranges, preds and funs inlined per call. It
// records, per clause, where each implication premise, quantifier range, cases arm and
// if branch is reached, so the checker can ask whether it ever is. It imports
// lang/ast, lang/sema, lang/types, lang/logic and lang/diag; only lang/check imports it.
package encode

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// State is the value of each variable in one state.
type State map[*sema.Symbol]logic.Value

// Frame is where an expression is evaluated: the state before a step (Pre), the state
// after it (Post, for primed names; nil outside ensures and step asserts), the values
// of parameters and bound variables, and the path condition under which evaluation
// reaches this point (the premises, arm guards and quantifier ranges around it).
type Frame struct {
	Pre, Post State
	Locals    map[*sema.Symbol]logic.Value
	Path      logic.Lit
	// NoRecord turns recording off, for inlined pred and fun bodies: they are checked
	// once in their own context, not at each call.
	NoRecord bool
}

// with returns a copy of f with sym bound to v and path narrowed by cond.
func (f *Frame) with(b *logic.Builder, sym *sema.Symbol, v logic.Value, cond logic.Lit) *Frame {
	g := *f
	g.Locals = make(map[*sema.Symbol]logic.Value, len(f.Locals)+1)
	for k, x := range f.Locals {
		g.Locals[k] = x
	}
	if sym != nil {
		g.Locals[sym] = v
	}
	g.Path = b.And(f.Path, cond)
	return &g
}

func (f *Frame) narrow(b *logic.Builder, cond logic.Lit) *Frame {
	g := *f
	g.Path = b.And(f.Path, cond)
	return &g
}

// Hit is one way a recorded place is reached: Lit holds when it is, Locals are the
// parameters and bound variables in scope there (for the counterexample).
type Hit struct {
	Lit    logic.Lit
	Locals map[*sema.Symbol]logic.Value
}

// Record holds what encoding one clause saw.
type Record struct {
	// Reach maps an implication's premise, a quantifier's *ast.Binding, a *ast.CaseArm
	// and an if's Then or Else expression to the ways it is reached (a premise: reached
	// and true).
	Reach map[ast.Node][]Hit
	// NoMatch maps a cases without else to the ways none of its arms matches.
	NoMatch map[*ast.Cases][]Hit
}

// Encoder translates expressions into one logic.Builder.
type Encoder struct {
	B    *logic.Builder
	Info *sema.Info

	// Override replaces boolean sub-formulas by constants (vacuity by replacement).
	Override map[ast.Expr]logic.Lit

	rec    *Record
	shapes map[types.Type]*logic.Shape
	// funCases maps a cases that is a fun's whole body to the fun's result type:
	// where no arm matches, its value is some value of that type.
	funCases map[*ast.Cases]types.Type
	consts   map[*sema.Symbol]logic.Value
	depth    int
	// failAt is where the innermost failing expression stands (see bailout).
	failAt source.Span
	// calls shares the encoding of repeated pred and fun calls with the same
	// arguments within one Formula or Value (keyed by callee, state and argument
	// literals): nested preds that each call the one below several times stay linear.
	calls map[string]logic.Value
	// chooses caches whether a pred or fun body holds a cases without else, directly
	// or through the calls it makes: each evaluation of such a body chooses its
	// unmatched value afresh, so its calls are never shared.
	chooses map[*sema.Symbol]bool
	// varOK caches which variables' types encode (Vars lists only those).
	varOK map[*sema.Symbol]bool
	// vars, when set (Fork), is what Vars returns: computed once.
	vars []*sema.Symbol

	// Substitute, when set, may stand in for a call of a pred or fun: given the
	// callee, the state its body would read and the arguments' values by parameter,
	// it returns the call's value (ok true), and the body is not encoded. For tools
	// that search for a body (lang/synth: a hole at each call site).
	Substitute func(callee *sema.Symbol, pre State, args map[*sema.Symbol]logic.Value) (v logic.Value, ok bool)

	// Limit bounds the encoding work of one Formula or Value call, in steps (an
	// expression visited, a quantifier instance expanded): expansions that fold to
	// constants build no gates, so the builder's count alone cannot stop them. Past
	// it the call fails with an *Error, and so it does once the builder's context is
	// cancelled. The checker sets it to its per-question work budget.
	Limit int64
	steps int64
}

// DefaultLimit is an encoder's Limit until its user sets one: the work of the
// checker's default budget.
const DefaultLimit = 50_000_000

// stepCheckEvery is how many steps pass between two looks at the context.
const stepCheckEvery = 1 << 10

// step counts one unit of encoding work and stops the encoding when the limit is
// reached or the context is done.
func (e *Encoder) step() {
	e.steps++
	if e.Limit > 0 && e.steps > e.Limit {
		e.unsupported("encoding it takes more than %d work units (the budget per question)", e.Limit)
	}
	if e.steps%stepCheckEvery == 0 && e.B.Cancelled() {
		panic(failure{&Error{Msg: "the check was cancelled", Cancelled: true}})
	}
}

// New makes an encoder over b for a checked file.
func New(b *logic.Builder, info *sema.Info) *Encoder {
	e := &Encoder{B: b, Info: info, Limit: DefaultLimit, shapes: map[types.Type]*logic.Shape{}, consts: map[*sema.Symbol]logic.Value{},
		funCases: map[*ast.Cases]types.Type{}}
	for _, sym := range info.Symbols {
		if d, ok := sym.Decl.(*ast.FunDecl); ok && sym.Kind == sema.KindFun && d.Body != nil {
			if cs, ok := ast.Unparen(d.Body).(*ast.Cases); ok && !types.IsInvalid(sym.Type) {
				e.funCases[cs] = sym.Type
			}
		}
	}
	return e
}

// Fork is a new encoder for builder b that shares e's caches of what depends only on
// the spec (shapes, which variables encode, funs whose body is a cases): a checker
// builds many worlds, and recomputing these for each made their cost grow with the
// spec's size times the number of worlds. e and its forks must not run concurrently.
func (e *Encoder) Fork(b *logic.Builder) *Encoder {
	if e.varOK == nil {
		e.varOK = map[*sema.Symbol]bool{}
	}
	if e.vars == nil {
		e.vars = e.Vars() // computed once, for e and every fork
	}
	return &Encoder{B: b, Info: e.Info, Limit: e.Limit, shapes: e.shapes, consts: map[*sema.Symbol]logic.Value{},
		funCases: e.funCases, varOK: e.varOK, vars: e.Vars()}
}

// Begin starts recording for a new clause; End returns what was recorded.
func (e *Encoder) Begin() {
	e.rec = &Record{Reach: map[ast.Node][]Hit{}, NoMatch: map[*ast.Cases][]Hit{}}
}

// End stops recording and returns the record.
func (e *Encoder) End() *Record {
	r := e.rec
	e.rec = nil
	return r
}

func (e *Encoder) hit(f *Frame, n ast.Node, cond logic.Lit) {
	if e.rec == nil || f.NoRecord {
		return
	}
	e.rec.Reach[n] = append(e.rec.Reach[n], Hit{Lit: e.B.And(f.Path, cond), Locals: f.Locals})
}

// Error says why an expression or a type could not be encoded: a limit of the encoding
// (a set over too many values, integers beyond ±2^62, nesting too deep) or, when
// Internal, a bug of the encoder. At is the innermost expression whose encoding
// failed (zero for a type).
type Error struct {
	At        source.Span
	Msg       string
	Internal  bool
	Cancelled bool // the builder's context was done: the clause itself may be fine
}

func (e *Error) Error() string { return e.Msg }

// failure is the panic that carries an *Error from deep inside the encoding to the
// exported entry point that started it (the go/types bailout pattern): no panic leaves
// this package.
type failure struct{ err *Error }

func (e *Encoder) unsupported(format string, args ...any) {
	panic(failure{&Error{Msg: fmt.Sprintf(format, args...)}})
}

// bailout turns a failure (or a logic.RangeError, or any other panic: a bug, said as
// such) into *err. Every exported method that encodes defers it.
func (e *Encoder) bailout(err *error) {
	r := recover()
	if r == nil {
		return
	}
	e.depth = 0
	var out *Error
	switch r := r.(type) {
	case failure:
		out = r.err
	case logic.RangeError:
		out = &Error{Msg: fmt.Sprintf("it uses integers beyond ±2^62 (%d..%d), which the checker cannot decide exactly", r.Lo, r.Hi)}
	default:
		out = &Error{Msg: fmt.Sprintf("internal error in the encoder: %v", r), Internal: true}
	}
	if out.At == (source.Span{}) {
		out.At = e.failAt
	}
	e.failAt = source.Span{}
	*err = out
}

// Formula translates a boolean expression in frame f.
func (e *Encoder) Formula(f *Frame, x ast.Expr) (l logic.Lit, err error) {
	defer e.bailout(&err)
	e.calls, e.steps = map[string]logic.Value{}, 0
	return e.formula(f, x), nil
}

// Value translates any expression in frame f.
func (e *Encoder) Value(f *Frame, x ast.Expr) (v logic.Value, err error) {
	defer e.bailout(&err)
	e.calls, e.steps = map[string]logic.Value{}, 0
	return e.value(f, x), nil
}

// Shape is the encoding's shape of a finite type, or why it has none.
func (e *Encoder) Shape(t types.Type) (s *logic.Shape, err error) {
	defer e.bailout(&err)
	return e.shape(t), nil
}

// Equal holds when x and y, of compatible types, are the same value (integers of any
// ranges, sets of different element ranges, the empty set against any set, records
// whatever their field order).
func (e *Encoder) Equal(x, y logic.Value) (l logic.Lit, err error) {
	defer e.bailout(&err)
	return e.equal(x, y), nil
}

// FreshLocal makes an unknown value of a parameter's type.
func (e *Encoder) FreshLocal(sym *sema.Symbol) (v logic.Value, err error) {
	defer e.bailout(&err)
	return e.B.FreshValue(e.shape(sym.Type)), nil
}

// ---- shapes and states ----

// shape is the encoding's shape of a finite type.
func (e *Encoder) shape(t types.Type) *logic.Shape {
	if s, ok := e.shapes[t]; ok {
		return s
	}
	var s *logic.Shape
	switch t := t.(type) {
	case *types.Range:
		if t.Lo < -(1<<62) || t.Hi > 1<<62 {
			e.unsupported("the range %s reaches beyond ±2^62, beyond what the checker decides exactly", t)
		}
		s = logic.IntShape(t.Lo, t.Hi)
	case *types.Enum:
		if len(t.Members) == 0 {
			e.unsupported("enum %s has no members", t.Name)
		}
		s = logic.EnumShape(t.Members...)
	case *types.Set:
		s = logic.SetShape(e.shape(t.Elem))
		e.small(s.Elem, t)
	case *types.Map:
		s = logic.MapShape(e.shape(t.Key), e.shape(t.Value))
		e.small(s.Elem, t)
	case *types.Record:
		var fs []logic.Field
		for _, f := range t.Fields {
			fs = append(fs, logic.Field{Name: f.Name, Shape: e.shape(f.Type)})
		}
		s = logic.RecordShape(fs...)
	case *types.Basic:
		switch t {
		case types.Bool:
			s = logic.BoolShape()
		case types.Nothing:
			s = nothing
		default:
			e.unsupported("no finite encoding for type %s", t)
		}
	default:
		e.unsupported("no finite encoding for type %v", t)
	}
	e.shapes[t] = s
	return s
}

// small makes sure a set's elements or a map's keys are few enough to give each its
// own literal or value.
func (e *Encoder) small(s *logic.Shape, t types.Type) {
	if n := s.Size(logic.UniverseLimit); n < 0 {
		e.unsupported("%s has more than %d possible elements or keys, too many to encode", t, logic.UniverseLimit)
	}
}

// nothing is the element shape of `{}`: no values.
var nothing = logic.EnumShape()

// NewState makes a fresh state: one unknown value per variable, each of its type.
func (e *Encoder) NewState() State {
	s := State{}
	for _, sym := range e.Vars() {
		s[sym] = e.B.FreshValue(e.shape(sym.Type))
	}
	return s
}

// NewStateOf makes a fresh state of just the given variables, for a question that
// mentions no others.
func (e *Encoder) NewStateOf(vars map[*sema.Symbol]bool) State {
	s := State{}
	var in []*sema.Symbol
	for sym, ok := range vars {
		if ok && e.isVar(sym) {
			in = append(in, sym)
		}
	}
	// Only the given variables are looked at, so that the many small worlds of a
	// large spec (one per group of facts, one per component) cost their own size.
	for _, sym := range inDeclarationOrder(in) {
		s[sym] = e.B.FreshValue(e.shape(sym.Type))
	}
	return s
}

// isVar reports whether Vars lists sym.
func (e *Encoder) isVar(sym *sema.Symbol) bool {
	return sym.Kind == sema.KindVar && !types.IsInvalid(sym.Type) && !e.Info.Broken(sym.Decl) && e.encodes(sym)
}

// inDeclarationOrder sorts variables as Vars lists them: top-level symbols are
// declared in source order.
func inDeclarationOrder(syms []*sema.Symbol) []*sema.Symbol {
	sort.Slice(syms, func(i, j int) bool { return syms[i].Ident.Start < syms[j].Ident.Start })
	return syms
}

// encodes reports whether a variable's type has an encoding (Shape says why not).
func (e *Encoder) encodes(sym *sema.Symbol) bool {
	if e.varOK == nil {
		e.varOK = map[*sema.Symbol]bool{}
	}
	ok, done := e.varOK[sym]
	if !done {
		_, err := e.Shape(sym.Type)
		ok = err == nil
		e.varOK[sym] = ok
	}
	return ok
}

// Vars lists the spec's variables that checked and whose types encode, in
// declaration order.
func (e *Encoder) Vars() []*sema.Symbol {
	if e.vars != nil {
		return e.vars[:len(e.vars):len(e.vars)] // shared: an append copies
	}
	var out []*sema.Symbol
	for _, sym := range e.Info.Symbols {
		if e.isVar(sym) {
			out = append(out, sym)
		}
	}
	return out
}

// Decode reads a state in the last model, in declaration order.
func (e *Encoder) Decode(s State) diag.State {
	syms := make([]*sema.Symbol, 0, len(s))
	for sym := range s {
		syms = append(syms, sym) // a state holds only variables Vars lists
	}
	var out diag.State
	for _, sym := range inDeclarationOrder(syms) {
		out = append(out, diag.Binding{Name: sym.Name, Value: e.B.Decode(s[sym])})
	}
	return out
}

// ---- formulas ----

// formula translates a boolean expression.
func (e *Encoder) formula(f *Frame, x ast.Expr) logic.Lit {
	e.step()
	if l, ok := e.Override[x]; ok {
		return l
	}
	b := e.B
	switch x := x.(type) {
	case *ast.Paren:
		return e.formula(f, x.X)
	case *ast.BoolLit:
		return logic.Bool(x.Value)
	case *ast.Unary:
		return e.formula(f, x.X).Not()
	case *ast.Binary:
		switch x.Op {
		// Sibling conjuncts and disjuncts are not context (LANGUAGE.md): in
		// `x == 0 and (x > 0 implies y)` the premise is judged without `x == 0`.
		case ast.And:
			return b.And(e.formula(f, x.X), e.formula(f, x.Y))
		case ast.Or:
			return b.Or(e.formula(f, x.X), e.formula(f, x.Y))
		case ast.Implies:
			p := e.formula(f, x.X)
			e.hit(f, x.X, p)
			return b.Implies(p, e.formula(f.narrow(b, p), x.Y))
		case ast.Iff:
			return b.Iff(e.formula(f, x.X), e.formula(f, x.Y))
		case ast.Eq, ast.Neq:
			l := e.equal(e.value(f, x.X), e.value(f, x.Y))
			if x.Op == ast.Neq {
				return l.Not()
			}
			return l
		case ast.Lt:
			return b.Lt(e.intOf(f, x.X), e.intOf(f, x.Y))
		case ast.Le:
			return b.Le(e.intOf(f, x.X), e.intOf(f, x.Y))
		case ast.Gt:
			return b.Lt(e.intOf(f, x.Y), e.intOf(f, x.X))
		case ast.Ge:
			return b.Le(e.intOf(f, x.Y), e.intOf(f, x.X))
		case ast.In, ast.NotIn:
			l := e.member(e.value(f, x.X), e.value(f, x.Y))
			if x.Op == ast.NotIn {
				return l.Not()
			}
			return l
		case ast.Subset:
			s, t := e.joinSets(e.value(f, x.X), e.value(f, x.Y))
			return b.Subset(s, t)
		}
	case *ast.Quant:
		return e.quant(f, x, x.Bindings, 0)
	}
	v := e.value(f, x)
	if v.Shape.Kind != logic.BoolKind {
		e.unsupported("expected a formula, found a value of %s", v.Shape)
	}
	return v.B
}

func (e *Encoder) quant(f *Frame, q *ast.Quant, binds []*ast.Binding, vi int) logic.Lit {
	b := e.B
	if len(binds) == 0 {
		return e.formula(f, q.Body)
	}
	bind := binds[0]
	if vi == len(bind.Vars) {
		return e.quant(f, q, binds[1:], 0)
	}
	set := e.value(f, bind.Set)
	sym := e.Info.Defs[bind.Vars[vi]]
	var parts []logic.Lit
	universe := set.Shape.Elem.Universe(logic.UniverseLimit)
	ranged := false
	for i, v := range universe {
		in := set.Elems[i]
		if in == logic.Bool(false) {
			continue
		}
		ranged = true
		e.step()
		e.hit(f, bind, in)
		body := e.quant(f.with(b, sym, logic.ConstValue(set.Shape.Elem, v), in), q, binds, vi+1)
		switch q.Kind {
		case ast.All:
			parts = append(parts, b.Implies(in, body))
		default:
			parts = append(parts, b.And(in, body))
		}
	}
	if !ranged {
		// A range empty whatever the state is still a place the checker asks about:
		// it is never reached (vacuity (a)).
		e.hit(f, bind, logic.Bool(false))
	}
	switch q.Kind {
	case ast.All:
		return b.Ands(parts...)
	case ast.Some:
		return b.Ors(parts...)
	}
	if vi == 0 && len(binds) == len(q.Bindings) {
		return b.Ors(parts...).Not()
	}
	return b.Ors(parts...)
}

// ---- values ----

// intOf translates an integer expression.
func (e *Encoder) intOf(f *Frame, x ast.Expr) logic.Int {
	v := e.value(f, x)
	if v.Shape.Kind != logic.IntKind {
		e.unsupported("expected an integer, found a value of %s", v.Shape)
	}
	return v.N
}

func intValue(n logic.Int) logic.Value {
	return logic.IntValueOf(logic.IntShape(n.Lo, n.Hi), n)
}

// value translates any expression.
func (e *Encoder) value(f *Frame, x ast.Expr) logic.Value {
	e.step()
	e.depth++
	defer func() {
		e.depth--
		if r := recover(); r != nil {
			// The innermost expression whose encoding failed is where the error points.
			if e.failAt == (source.Span{}) {
				e.failAt = x.Bounds()
			}
			panic(r)
		}
	}()
	if e.depth > 10000 {
		e.unsupported("expression nests too deeply to encode")
	}
	if l, ok := e.Override[x]; ok {
		// A boolean atom replaced for vacuity (b), where it stands as a value too
		// (an if or cases branch).
		return logic.BoolValue(l)
	}
	b := e.B
	switch x := x.(type) {
	case *ast.Paren:
		return e.value(f, x.X)
	case *ast.BoolLit, *ast.Unary, *ast.Quant:
		if u, ok := x.(*ast.Unary); ok && u.Op == ast.Neg {
			return intValue(b.Neg(e.intOf(f, u.X)))
		}
		return logic.BoolValue(e.formula(f, x))
	case *ast.IntLit:
		return intValue(logic.Const(x.Value))
	case *ast.Binary:
		switch x.Op {
		case ast.Add:
			return intValue(b.Add(e.intOf(f, x.X), e.intOf(f, x.Y)))
		case ast.Sub:
			return intValue(b.Sub(e.intOf(f, x.X), e.intOf(f, x.Y)))
		case ast.Mul:
			return intValue(b.Mul(e.intOf(f, x.X), e.intOf(f, x.Y)))
		case ast.Union, ast.Intersect, ast.Minus:
			s, t := e.joinSets(e.value(f, x.X), e.value(f, x.Y))
			switch x.Op {
			case ast.Union:
				return b.Union(s, t)
			case ast.Intersect:
				return b.Intersect(s, t)
			}
			return b.Minus(s, t)
		}
		return logic.BoolValue(e.formula(f, x))
	case *ast.Name:
		return e.name(f, x)
	case *ast.Primed:
		sym := e.Info.Uses[x.Ident]
		if f.Post == nil {
			e.unsupported("%s' outside a step", x.Ident.Name)
		}
		v, ok := f.Post[sym]
		if !ok {
			e.unsupported("unknown variable %s", x.Ident.Name)
		}
		return v
	case *ast.Index:
		m := e.value(f, x.X)
		k := e.coerce(e.value(f, x.Key), m.Shape.Elem)
		return b.Lookup(m, k)
	case *ast.Select:
		if sym := e.Info.Uses[x.Field]; sym != nil && sym.Kind == sema.KindMember {
			return e.member_(sym)
		}
		return e.value(f, x.X).Field(x.Field.Name)
	case *ast.Call:
		return e.call(f, e.Info.Uses[x.Fun], x.Args)
	case *ast.MapUpdate:
		m := e.value(f, x.X)
		k := e.coerce(e.value(f, x.Key), m.Shape.Elem)
		v := e.coerce(e.value(f, x.Value), m.Shape.Val)
		return b.Update(m, k, v)
	case *ast.RecordUpdate:
		r := e.value(f, x.X)
		v := e.value(f, x.Value)
		return r.WithField(x.Field.Name, e.coerce(v, r.Field(x.Field.Name).Shape))
	case *ast.SetLit:
		shape := e.shape(e.typeOf(x))
		var elems []logic.Value
		for _, el := range x.Elems {
			elems = append(elems, e.coerce(e.value(f, el), shape.Elem))
		}
		return b.SetOf(shape, elems...)
	case *ast.Comprehension:
		set := e.value(f, x.Set)
		sym := e.Info.Defs[x.Var]
		out := logic.Value{Shape: set.Shape, Elems: make([]logic.Lit, len(set.Elems))}
		for i, v := range set.Shape.Elem.Universe(logic.UniverseLimit) {
			in := set.Elems[i]
			if in == logic.Bool(false) {
				out.Elems[i] = in
				continue
			}
			out.Elems[i] = b.And(in, e.formula(f.with(b, sym, logic.ConstValue(set.Shape.Elem, v), in), x.Cond))
		}
		return out
	case *ast.RecordLit:
		shape := e.shape(e.typeOf(x))
		out := logic.Value{Shape: shape}
		for _, fd := range shape.Fields {
			for _, fv := range x.Fields {
				if fv.Name.Name == fd.Name {
					out.Parts = append(out.Parts, e.coerce(e.value(f, fv.Value), fd.Shape))
				}
			}
		}
		return out
	case *ast.RangeExpr:
		shape := e.shape(e.typeOf(x))
		lo, hi := e.intOf(f, x.Lo), e.intOf(f, x.Hi)
		out := logic.Value{Shape: shape}
		for _, v := range shape.Elem.Universe(logic.UniverseLimit) {
			k := logic.Const(v.Int)
			out.Elems = append(out.Elems, b.And(b.Le(lo, k), b.Le(k, hi)))
		}
		return out
	case *ast.Count:
		return intValue(b.Card(e.value(f, x.X)))
	case *ast.If:
		c := e.formula(f, x.Cond)
		e.hit(f, x.Then, c)
		e.hit(f, x.Else, c.Not())
		t := e.value(f.narrow(b, c), x.Then)
		el := e.value(f.narrow(b, c.Not()), x.Else)
		t, el = e.join(t, el)
		return b.IteValue(c, t, el)
	case *ast.Cases:
		return e.cases(f, x)
	case *ast.Wildcard:
		e.unsupported("_ outside a do step")
	}
	e.unsupported("cannot encode %T", x)
	return logic.Value{}
}

func (e *Encoder) typeOf(x ast.Expr) types.Type {
	t, ok := e.Info.Types[x]
	if !ok || types.IsInvalid(t) {
		e.unsupported("expression did not type-check")
	}
	return t
}

func (e *Encoder) name(f *Frame, x *ast.Name) logic.Value {
	sym := e.Info.Uses[x.Ident]
	if sym == nil && x.Ident.Name == "bool" {
		return logic.Value{Shape: e.shape(e.typeOf(x)), Elems: []logic.Lit{logic.Bool(true), logic.Bool(true)}}
	}
	if sym == nil {
		e.unsupported("unresolved name %s", x.Ident.Name)
	}
	switch sym.Kind {
	case sema.KindVar:
		v, ok := f.Pre[sym]
		if !ok {
			e.unsupported("variable %s has no value here", sym.Name)
		}
		return v
	case sema.KindParam, sema.KindBound:
		v, ok := f.Locals[sym]
		if !ok {
			e.unsupported("%s has no value here", sym.Name)
		}
		return v
	case sema.KindMember:
		return e.member_(sym)
	case sema.KindConst:
		return e.constant(sym)
	case sema.KindType, sema.KindEnum:
		shape := e.shape(e.typeOf(x))
		all := make([]logic.Lit, len(shape.Elem.Universe(logic.UniverseLimit)))
		for i := range all {
			all[i] = logic.Bool(true)
		}
		return logic.Value{Shape: shape, Elems: all}
	case sema.KindPred, sema.KindFun:
		return e.call(f, sym, nil)
	}
	e.unsupported("%s %s is not a value", sym.Kind, sym.Name)
	return logic.Value{}
}

func (e *Encoder) member_(sym *sema.Symbol) logic.Value {
	shape := e.shape(sym.Type)
	return logic.ConstValue(shape, diag.Enum(sym.Name))
}

func (e *Encoder) constant(sym *sema.Symbol) logic.Value {
	if v, ok := e.consts[sym]; ok {
		return v
	}
	c, ok := e.Info.ConstValue(sym)
	if !ok {
		e.unsupported("constant %s did not check", sym.Name)
	}
	var v logic.Value
	if c.Kind == diag.IntValue {
		v = intValue(logic.Const(c.Int))
	} else {
		v = logic.ConstValue(e.shape(sym.Type), c)
	}
	e.consts[sym] = v
	return v
}

// call inlines a pred or fun: its body, evaluated in the caller's states with the
// parameters bound to the arguments. Nothing inside is recorded: bodies are checked
// once, in their own context.
func (e *Encoder) call(f *Frame, sym *sema.Symbol, args []ast.Expr) logic.Value {
	if sym == nil || e.Info.Broken(sym.Decl) {
		e.unsupported("call of something that did not check")
	}
	g := &Frame{Pre: f.Pre, Post: nil, Locals: map[*sema.Symbol]logic.Value{}, Path: f.Path, NoRecord: true}
	var key strings.Builder
	fmt.Fprintf(&key, "%p %p", sym, f.Pre)
	for i, p := range sym.Params {
		if i < len(args) {
			g.Locals[p] = e.coerce(e.value(f, args[i]), e.shape(p.Type))
			key.WriteByte('|')
			writeKey(&key, g.Locals[p])
		}
	}
	// The body reads only the parameters and the state, and records nothing: a call
	// with the same arguments in the same state is the same value, unless the body
	// chooses a value (a cases without else), which each evaluation does afresh.
	share := e.calls != nil && !e.choosesValue(sym)
	if v, ok := e.calls[key.String()]; ok && share {
		return v
	}
	var out logic.Value
	if e.Substitute != nil {
		if v, ok := e.Substitute(sym, f.Pre, g.Locals); ok {
			if share {
				e.calls[key.String()] = v
			}
			return v
		}
	}
	switch d := sym.Decl.(type) {
	case *ast.PredDecl:
		out = logic.BoolValue(e.formula(g, d.Body))
	case *ast.FunDecl:
		out = e.value(g, d.Body)
	default:
		e.unsupported("%s is not a pred or fun", sym.Name)
	}
	if share {
		e.calls[key.String()] = out
	}
	return out
}

// choosesValue reports whether sym's body holds a cases without else, directly or in
// a pred or fun it calls (recursion is a name error, so the walk ends).
func (e *Encoder) choosesValue(sym *sema.Symbol) bool {
	if v, ok := e.chooses[sym]; ok {
		return v
	}
	if e.chooses == nil {
		e.chooses = map[*sema.Symbol]bool{}
	}
	e.chooses[sym] = false // a cycle (reported as a name error) adds nothing
	found := false
	ast.Inspect(sym.Decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Cases:
			found = found || n.Else == nil
		case *ast.Ident:
			if c := e.Info.Uses[n]; c != nil && c != sym && (c.Kind == sema.KindPred || c.Kind == sema.KindFun) {
				found = found || e.choosesValue(c)
			}
		}
		return !found
	})
	e.chooses[sym] = found
	return found
}

// writeKey writes the literals of v, which identify it within one builder.
func writeKey(w *strings.Builder, v logic.Value) {
	w.WriteString(strconv.Itoa(int(v.B)))
	for _, l := range v.N.Bits {
		w.WriteByte(',')
		w.WriteString(strconv.Itoa(int(l)))
	}
	fmt.Fprintf(w, "/%d/%d/%d/%d", v.N.Off, v.N.Lo, v.N.Hi, len(v.Elems))
	for _, l := range v.Elems {
		w.WriteByte(',')
		w.WriteString(strconv.Itoa(int(l)))
	}
	for _, p := range v.Parts {
		w.WriteByte('(')
		writeKey(w, p)
		w.WriteByte(')')
	}
}

func (e *Encoder) cases(f *Frame, x *ast.Cases) logic.Value {
	b := e.B
	type arm struct {
		guard logic.Lit
		value logic.Value
	}
	var arms []arm
	none := logic.Bool(true) // no earlier arm matched
	for _, a := range x.Arms {
		g := e.formula(f.narrow(b, none), a.Guard)
		taken := b.And(none, g)
		e.hit(f, a, taken)
		arms = append(arms, arm{taken, e.value(f.narrow(b, taken), a.Value)})
		none = b.And(none, g.Not())
	}
	var rest logic.Value
	if x.Else != nil {
		e.hit(f, x.Else, none)
		rest = e.value(f.narrow(b, none), x.Else.Value)
	} else {
		if e.rec != nil && !f.NoRecord {
			e.rec.NoMatch[x] = append(e.rec.NoMatch[x], Hit{Lit: b.And(f.Path, none), Locals: f.Locals})
		}
		// No arm matches: some value of the type, unknown, chosen afresh here.
		var shape *logic.Shape
		if t, ok := e.funCases[x]; ok {
			shape = e.shape(t)
		} else if t, ok := e.Info.Types[x]; ok && !types.IsInvalid(t) && t != types.Int {
			shape = e.shape(t)
		} else {
			shape = arms[0].value.Shape
			for _, a := range arms[1:] {
				shape = joinShape(shape, a.value.Shape)
			}
		}
		rest = e.B.FreshValue(shape)
	}
	for i := len(arms) - 1; i >= 0; i-- {
		v, r := e.join(arms[i].value, rest)
		rest = b.IteValue(arms[i].guard, v, r)
	}
	return rest
}

// ---- shapes meeting ----

func (e *Encoder) member(el, set logic.Value) logic.Lit {
	if set.Shape.Elem == nothing {
		return logic.Bool(false)
	}
	return e.B.Member(e.coerceLoose(el, set.Shape.Elem), set)
}

// coerceLoose coerces an element towards a set's element shape; an integer outside
// the set's range stays as is (Member answers false for it).
func (e *Encoder) coerceLoose(v logic.Value, to *logic.Shape) logic.Value {
	if v.Shape.Kind == logic.IntKind && to.Kind == logic.IntKind {
		return v
	}
	return e.coerce(v, to)
}

func (e *Encoder) equal(x, y logic.Value) logic.Lit {
	if x.Shape.Kind == logic.IntKind && y.Shape.Kind == logic.IntKind {
		return e.B.Eq(x.N, y.N)
	}
	x, y = e.join(x, y)
	return e.B.Equal(x, y)
}

func (e *Encoder) joinSets(x, y logic.Value) (logic.Value, logic.Value) { return e.join(x, y) }

// join brings two values of compatible types to one shape (integer ranges widen).
func (e *Encoder) join(x, y logic.Value) (logic.Value, logic.Value) {
	if logic.SameShape(x.Shape, y.Shape) {
		return x, y
	}
	s := joinShape(x.Shape, y.Shape)
	return e.coerce(x, s), e.coerce(y, s)
}

func joinShape(s, t *logic.Shape) *logic.Shape {
	if s == nothing {
		return t
	}
	if t == nothing {
		return s
	}
	switch s.Kind {
	case logic.IntKind:
		return logic.IntShape(min(s.Lo, t.Lo), max(s.Hi, t.Hi))
	case logic.SetKind:
		return logic.SetShape(joinShape(s.Elem, t.Elem))
	case logic.MapKind:
		return logic.MapShape(s.Elem, joinShape(s.Val, t.Val))
	case logic.RecordKind:
		// Fields meet by name: a record literal may list them in any order; the
		// result keeps s's order.
		fs := make([]logic.Field, len(s.Fields))
		for i, f := range s.Fields {
			fs[i] = logic.Field{Name: f.Name, Shape: joinShape(f.Shape, t.Fields[fieldIndex(t, f.Name)].Shape)}
		}
		return logic.RecordShape(fs...)
	}
	return s
}

// fieldIndex is the position of the field called name in a record shape. Types
// have checked that both records have the same field names, so a miss is a bug.
func fieldIndex(s *logic.Shape, name string) int {
	for i, f := range s.Fields {
		if f.Name == name {
			return i
		}
	}
	panic(fmt.Sprintf("encode: record %s has no field %s", s, name))
}

// coerce re-expresses v in shape to: integers keep their bits, sets of integers move
// their membership literals to the new universe (False outside the old one).
func (e *Encoder) coerce(v logic.Value, to *logic.Shape) logic.Value {
	if logic.SameShape(v.Shape, to) {
		return v
	}
	switch to.Kind {
	case logic.IntKind:
		return logic.Value{Shape: to, N: v.N}
	case logic.SetKind:
		if v.Shape.Elem == nothing {
			out := logic.Value{Shape: to, Elems: make([]logic.Lit, len(to.Elem.Universe(logic.UniverseLimit)))}
			for i := range out.Elems {
				out.Elems[i] = logic.Bool(false)
			}
			return out
		}
		if to.Elem.Kind == logic.IntKind && v.Shape.Elem.Kind == logic.IntKind {
			out := logic.Value{Shape: to}
			for k := to.Elem.Lo; k <= to.Elem.Hi; k++ {
				if k >= v.Shape.Elem.Lo && k <= v.Shape.Elem.Hi {
					out.Elems = append(out.Elems, v.Elems[k-v.Shape.Elem.Lo])
				} else {
					out.Elems = append(out.Elems, logic.Bool(false))
				}
			}
			return out
		}
		// Sets of composite elements: test each target element against the source.
		out := logic.Value{Shape: to}
		for _, c := range to.Elem.Universe(logic.UniverseLimit) {
			out.Elems = append(out.Elems, e.member(logic.ConstValue(to.Elem, c), v))
		}
		return out
	case logic.MapKind:
		out := logic.Value{Shape: to}
		for _, p := range v.Parts {
			out.Parts = append(out.Parts, e.coerce(p, to.Val))
		}
		return out
	case logic.RecordKind:
		// Fields by name, in to's order.
		out := logic.Value{Shape: to}
		for _, f := range to.Fields {
			out.Parts = append(out.Parts, e.coerce(v.Parts[fieldIndex(v.Shape, f.Name)], f.Shape))
		}
		return out
	}
	return v
}
