// Package smt writes Specl questions as SMT-LIB 2 straight from the typed tree
// (lang/ast with lang/sema's Info), not from the circuits of lang/logic, so that an
// outside solver (z3) judges the meaning of a spec rather than our encoding of it: the
// independent second opinion that the checker's tests and benchmarks ask for. It also
// runs z3 on what it writes (z3.go, the package's only I/O). It imports lang/ast,
// lang/sema, lang/types and lang/diag; only tests, benchmarks and tools import it.
package smt

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// The translation, in the words of LANGUAGE.md:
//
//   - bool is Bool; an integer is an Int (mathematical: + - * never overflow), and a
//     var, parameter value or fresh value of a range type gets its bounds asserted;
//     an enum value is the Int index of its member, bounded by the member count.
//   - `set of T` is one Bool per value of T (types.Values enumerates them); `K -> V` is
//     one V per key; a record is its fields. These finite expansions stay in QF_LIA
//     (QF_NIA where two unknowns are multiplied).
//   - Quantifiers expand over the values v of the element type of their set S:
//     `all x in S: P` is the conjunction of `v in S implies P[x:=v]`, `some` the
//     disjunction of `v in S and P[x:=v]`, `no` the negation of `some`.
//   - Preds and funs are inlined per call with their arguments as given.
//   - `cases` takes the first arm whose guard holds; with no else and no arm matching,
//     the value is a fresh unknown of the fun's result type when the cases is a fun's
//     body, else of the cases' own type (the range spanned by its arms), chosen afresh
//     at each place the cases is expanded.
//   - `count(S)` is a sum of ite over S's element values.
//   - A lookup at a value that is no key of the map reads the last entry (the language
//     leaves it open; lang/logic does the same).

// Clause is one assumption of a query: a boolean expression of the file (evaluated in
// one state, the pre state; primed names read a second, post state), or, with Negate,
// its negation (a property to refute). A clause may instead pin variables to values
// (State non-nil, Body nil): `x == v` for each binding, to check a model.
type Clause struct {
	Name   string // the assertion's name (`:named`); unique within a query
	Body   ast.Expr
	Negate bool
	State  diag.State
}

// Query is a set of clauses, each asserted under its own activation literal, and the
// checks to run: each check assumes the clauses at the given indices and is one
// `check-sat-assuming`. With Checks nil there is one check that assumes every clause.
type Query struct {
	Clauses []Clause
	Checks  [][]int
}

// Error is a construct that has no translation (a set over an unbounded element type,
// an expression that did not type-check).
type Error struct{ Msg string }

func (e Error) Error() string { return "smt: " + e.Msg }

func fail(format string, args ...any) { panic(Error{fmt.Sprintf(format, args...)}) }

// universeLimit bounds the values a set, map or quantifier expands over.
const universeLimit = 1 << 14

// Write writes q as an SMT-LIB 2 script: declarations with the types' bounds, one
// named assertion `(! (=> act body) :named Name)` per clause, and one
// `(check-sat-assuming (...))` per check. z3 answers one line per check.
func Write(w io.Writer, file *ast.File, info *sema.Info, q Query) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	x := &writer{info: info, pre: map[*sema.Symbol]val{}, post: map[*sema.Symbol]val{}, universes: map[types.Type][]diag.Value{}}
	for _, sym := range info.Symbols {
		if sym.Kind == sema.KindVar && !types.IsInvalid(sym.Type) && !info.Broken(sym.Decl) {
			x.pre[sym] = x.declare(sym.Type, "v!"+sym.Name)
		}
	}
	var body bytes.Buffer
	names := map[string]bool{}
	for i, cl := range q.Clauses {
		if names[cl.Name] || cl.Name == "" {
			fail("clause %d: name %q is empty or repeated", i, cl.Name)
		}
		names[cl.Name] = true
		var t string
		if cl.State != nil {
			t = x.pin(cl.State)
		} else {
			if cl.Body == nil {
				fail("clause %s has no body", cl.Name)
			}
			t = x.formula(&env{}, cl.Body)
		}
		if cl.Negate {
			t = "(not " + t + ")"
		}
		fmt.Fprintf(&body, "(declare-const %s Bool)\n", act(i))
		fmt.Fprintf(&body, "(assert (! (=> %s %s) :named %s))\n", act(i), t, quote(cl.Name))
	}
	checks := q.Checks
	if checks == nil {
		all := make([]int, len(q.Clauses))
		for i := range all {
			all[i] = i
		}
		checks = [][]int{all}
	}
	for _, c := range checks {
		parts := make([]string, len(c))
		for j, i := range c {
			if i < 0 || i >= len(q.Clauses) {
				fail("check names clause %d of %d", i, len(q.Clauses))
			}
			parts[j] = act(i)
		}
		fmt.Fprintf(&body, "(check-sat-assuming (%s))\n", strings.Join(parts, " "))
	}
	logic := "QF_LIA"
	if x.nonlinear {
		logic = "QF_NIA"
	}
	bw := &errWriter{w: w}
	fmt.Fprintf(bw, "(set-option :produce-unsat-cores true)\n(set-logic %s)\n", logic)
	bw.Write(x.decls.Bytes())
	bw.Write(body.Bytes())
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func act(i int) string { return "|act!" + strconv.Itoa(i) + "|" }

// quote makes an SMT-LIB symbol of any name (| and \ cannot appear inside |…|).
func quote(s string) string {
	s = strings.NewReplacer("|", "!", `\`, "!", " ", "").Replace(s)
	return "|" + s + "|"
}

// val is a Specl value as SMT terms, shaped by its type: term for bool, integer and
// enum (member index) values; elems for sets (one per value of the element type, in
// its order); keys and parts for maps; parts for records (in t's field order).
type val struct {
	t     types.Type
	term  string
	elems []elem
	keys  []diag.Value
	parts []val
}

type elem struct {
	v  diag.Value
	in string
}

type kind int

const (
	scalar kind = iota // bool, integer, enum
	setK
	mapK
	recordK
)

func kindOf(t types.Type) kind {
	switch t.(type) {
	case *types.Set:
		return setK
	case *types.Map:
		return mapK
	case *types.Record:
		return recordK
	case *types.Basic, *types.Range, *types.Enum:
		if types.IsInvalid(t) || t == types.Nothing {
			fail("no translation for a value of type %s", t)
		}
		return scalar
	}
	fail("no translation for type %v", t)
	return 0
}

func elemType(t types.Type) types.Type {
	s, ok := t.(*types.Set)
	if !ok {
		fail("%s is not a set", t)
	}
	return s.Elem
}

type writer struct {
	info       *sema.Info
	decls      bytes.Buffer
	pre, post  map[*sema.Symbol]val
	universes  map[types.Type][]diag.Value
	nfresh     int
	nshared    int
	nonlinear  bool
	callDepth  int
	sharedTerm map[string]string
}

// env holds the values of parameters and bound variables.
type env struct {
	locals map[*sema.Symbol]val
}

func (e *env) with(sym *sema.Symbol, v val) *env {
	m := make(map[*sema.Symbol]val, len(e.locals)+1)
	for k, x := range e.locals {
		m[k] = x
	}
	m[sym] = v
	return &env{locals: m}
}

func (x *writer) universe(t types.Type) []diag.Value {
	if t == types.Nothing {
		return nil
	}
	if u, ok := x.universes[t]; ok {
		return u
	}
	if !types.IsFinite(t) || types.Size(t) > universeLimit {
		fail("cannot expand over the values of %s", t)
	}
	var u []diag.Value
	for v := range types.Values(t) {
		u = append(u, v)
	}
	x.universes[t] = u
	return u
}

// declare makes unknowns for a value of type t named after path, with the type's
// bounds asserted (they are the type, not a clause: every query has them).
func (x *writer) declare(t types.Type, path string) val {
	switch t := t.(type) {
	case *types.Basic:
		if t != types.Bool {
			fail("no finite translation for type %s", t)
		}
		n := quote(path)
		fmt.Fprintf(&x.decls, "(declare-const %s Bool)\n", n)
		return val{t: t, term: n}
	case *types.Range:
		n := quote(path)
		fmt.Fprintf(&x.decls, "(declare-const %s Int)\n(assert (and (<= %s %s) (<= %s %s)))\n", n, num(t.Lo), n, n, num(t.Hi))
		return val{t: t, term: n}
	case *types.Enum:
		if len(t.Members) == 0 {
			fail("enum %s has no members", t.Name)
		}
		n := quote(path)
		fmt.Fprintf(&x.decls, "(declare-const %s Int)\n(assert (and (<= 0 %s) (< %s %d)))\n", n, n, n, len(t.Members))
		return val{t: t, term: n}
	case *types.Set:
		v := val{t: t}
		for _, e := range x.universe(t.Elem) {
			n := quote(path + "{" + e.String() + "}")
			fmt.Fprintf(&x.decls, "(declare-const %s Bool)\n", n)
			v.elems = append(v.elems, elem{e, n})
		}
		return v
	case *types.Map:
		v := val{t: t}
		for _, k := range x.universe(t.Key) {
			v.keys = append(v.keys, k)
			v.parts = append(v.parts, x.declare(t.Value, path+"["+k.String()+"]"))
		}
		return v
	case *types.Record:
		v := val{t: t}
		for _, f := range t.Fields {
			v.parts = append(v.parts, x.declare(f.Type, path+"."+f.Name))
		}
		return v
	}
	fail("no finite translation for type %v", t)
	return val{}
}

func num(n int64) string {
	if n < 0 {
		return "(- " + strconv.FormatUint(uint64(-(n+1))+1, 10) + ")"
	}
	return strconv.FormatInt(n, 10)
}

// lit reports whether a scalar term is a literal (a boolean or an integer).
func lit(t string) bool { return t == "true" || t == "false" || isNum(t) }

// numValue is the value of an integer literal term (as num writes them).
func numValue(t string) (int64, bool) {
	if !isNum(t) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.NewReplacer("(- ", "-", ")", "").Replace(t), 10, 64)
	return n, err == nil
}

// isNum reports whether an integer term is a literal.
func isNum(t string) bool {
	t = strings.TrimSuffix(strings.TrimPrefix(t, "(- "), ")")
	if t == "" {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// share names a long term once, so that repeated sub-terms (a quantifier's body
// instance, an inlined call) are written once. Every term is closed (no SMT binders
// are ever used), so a global definition is exact.
func (x *writer) share(sort, t string) string {
	if len(t) < 80 {
		return t
	}
	if x.sharedTerm == nil {
		x.sharedTerm = map[string]string{}
	}
	if n, ok := x.sharedTerm[t]; ok {
		return n
	}
	x.nshared++
	n := "|t!" + strconv.Itoa(x.nshared) + "|"
	fmt.Fprintf(&x.decls, "(define-fun %s () %s %s)\n", n, sort, t)
	x.sharedTerm[t] = n
	return n
}

func boolVal(t string) val { return val{t: types.Bool, term: t} }

func and(ts ...string) string {
	var keep []string
	for _, t := range ts {
		switch t {
		case "true":
			continue
		case "false":
			return "false"
		}
		keep = append(keep, t)
	}
	switch len(keep) {
	case 0:
		return "true"
	case 1:
		return keep[0]
	}
	return "(and " + strings.Join(keep, " ") + ")"
}

func or(ts ...string) string {
	var keep []string
	for _, t := range ts {
		switch t {
		case "false":
			continue
		case "true":
			return "true"
		}
		keep = append(keep, t)
	}
	switch len(keep) {
	case 0:
		return "false"
	case 1:
		return keep[0]
	}
	return "(or " + strings.Join(keep, " ") + ")"
}

func not(t string) string {
	switch t {
	case "true":
		return "false"
	case "false":
		return "true"
	}
	return "(not " + t + ")"
}

func ite(c, a, b string) string {
	switch {
	case c == "true" || a == b:
		return a
	case c == "false":
		return b
	}
	return "(ite " + c + " " + a + " " + b + ")"
}

// constant is the value c of type t.
func (x *writer) constant(t types.Type, c diag.Value) val {
	switch t := t.(type) {
	case *types.Basic:
		switch {
		case t == types.Bool && c.Kind == diag.BoolValue:
			return boolVal(strconv.FormatBool(c.Bool))
		case t == types.Int && c.Kind == diag.IntValue:
			return val{t: t, term: num(c.Int)}
		}
	case *types.Range:
		if c.Kind == diag.IntValue {
			return val{t: t, term: num(c.Int)}
		}
	case *types.Enum:
		if i := t.Index(c.Name); c.Kind == diag.EnumValue && i >= 0 {
			return val{t: t, term: strconv.Itoa(i)}
		}
	case *types.Set:
		if c.Kind == diag.SetValue {
			v := val{t: t}
			for _, u := range x.universe(t.Elem) {
				in := "false"
				for _, e := range c.Elems {
					if sameValue(e, u) {
						in = "true"
					}
				}
				v.elems = append(v.elems, elem{u, in})
			}
			return v
		}
	case *types.Map:
		if c.Kind == diag.MapValue {
			v := val{t: t}
			for _, k := range x.universe(t.Key) {
				found := false
				for _, e := range c.Entries {
					if e.Name == k.String() {
						v.keys = append(v.keys, k)
						v.parts = append(v.parts, x.constant(t.Value, e.Value))
						found = true
						break
					}
				}
				if !found {
					fail("map value %s has no entry for %s", c, k)
				}
			}
			return v
		}
	case *types.Record:
		if c.Kind == diag.RecordValue {
			v := val{t: t}
			for _, f := range t.Fields {
				found := false
				for _, e := range c.Entries {
					if e.Name == f.Name {
						v.parts = append(v.parts, x.constant(f.Type, e.Value))
						found = true
						break
					}
				}
				if !found {
					fail("record value %s has no field %s", c, f.Name)
				}
			}
			return v
		}
	}
	fail("%s is not a value of %s", c, t)
	return val{}
}

// sameValue compares two values of one type by their text, which is canonical for
// the values types.Values yields.
func sameValue(a, b diag.Value) bool { return a.Kind == b.Kind && a.String() == b.String() }

// pin says that each bound var has the given value.
func (x *writer) pin(st diag.State) string {
	var parts []string
	for _, b := range st {
		syms := x.info.Lookup(b.Name)
		var v val
		found := false
		for _, s := range syms {
			if pv, ok := x.pre[s]; ok {
				v, found = pv, true
			}
		}
		if !found {
			fail("no var %s to pin", b.Name)
		}
		parts = append(parts, x.eq(v, x.constant(v.t, b.Value)))
	}
	return x.share("Bool", and(parts...))
}

// ---- equality, membership and the set operations ----

func (x *writer) eq(a, b val) string {
	switch kindOf(a.t) {
	case scalar:
		if a.term == b.term {
			return "true"
		}
		if m, ok := numValue(a.term); ok {
			if n, ok := numValue(b.term); ok {
				return strconv.FormatBool(m == n)
			}
		}
		if lit(a.term) && lit(b.term) {
			return "false" // two different boolean literals
		}
		return "(= " + a.term + " " + b.term + ")"
	case setK:
		var parts []string
		for _, k := range mergeKeys(a.elems, b.elems) {
			parts = append(parts, "(= "+inOf(a, k)+" "+inOf(b, k)+")")
		}
		return x.share("Bool", and(simplifyEqs(parts)...))
	case mapK:
		if len(a.keys) != len(b.keys) {
			return "false"
		}
		var parts []string
		for i, k := range a.keys {
			j := keyIndex(b.keys, k)
			if j < 0 {
				return "false"
			}
			parts = append(parts, x.eq(a.parts[i], b.parts[j]))
		}
		return x.share("Bool", and(parts...))
	case recordK:
		var parts []string
		for i, f := range a.t.(*types.Record).Fields {
			parts = append(parts, x.eq(a.parts[i], field(b, f.Name)))
		}
		return x.share("Bool", and(parts...))
	}
	return "false"
}

// simplifyEqs folds `(= t t)`, `(= true p)` and the like that set literals produce.
func simplifyEqs(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		inner := strings.TrimSuffix(strings.TrimPrefix(p, "(= "), ")")
		switch {
		case inner == "true true" || inner == "false false":
			continue
		case inner == "true false" || inner == "false true":
			return []string{"false"}
		case strings.HasPrefix(inner, "true ") && !strings.Contains(inner[5:], " "):
			p = inner[5:]
		case strings.HasPrefix(inner, "false ") && !strings.Contains(inner[6:], " "):
			p = not(inner[6:])
		case strings.HasSuffix(inner, " true") && !strings.Contains(inner[:len(inner)-5], " "):
			p = inner[:len(inner)-5]
		case strings.HasSuffix(inner, " false") && !strings.Contains(inner[:len(inner)-6], " "):
			p = not(inner[:len(inner)-6])
		}
		out = append(out, p)
	}
	return out
}

func keyIndex(keys []diag.Value, k diag.Value) int {
	for i, x := range keys {
		if sameValue(x, k) {
			return i
		}
	}
	return -1
}

func mergeKeys(a, b []elem) []diag.Value {
	var out []diag.Value
	seen := map[string]bool{}
	for _, es := range [][]elem{a, b} {
		for _, e := range es {
			if s := e.v.String(); !seen[s] {
				seen[s] = true
				out = append(out, e.v)
			}
		}
	}
	return out
}

func inOf(s val, k diag.Value) string {
	for _, e := range s.elems {
		if sameValue(e.v, k) {
			return e.in
		}
	}
	return "false"
}

func field(r val, name string) val {
	rt, ok := r.t.(*types.Record)
	if !ok {
		fail("%s is not a record", r.t)
	}
	for i, f := range rt.Fields {
		if f.Name == name {
			return r.parts[i]
		}
	}
	fail("%s has no field %s", r.t, name)
	return val{}
}

// member is `e in s`: e equals one of s's element values that s holds.
func (x *writer) member(e, s val) string {
	var parts []string
	et := elemType(s.t)
	for _, el := range s.elems {
		if el.in == "false" {
			continue
		}
		parts = append(parts, and(el.in, x.eq(e, x.constant(et, el.v))))
	}
	return x.share("Bool", or(parts...))
}

// setOp combines two sets over the union of their element values.
func setOp(a, b val, t types.Type, op func(p, q string) string) val {
	out := val{t: t}
	for _, k := range mergeKeys(a.elems, b.elems) {
		out.elems = append(out.elems, elem{k, op(inOf(a, k), inOf(b, k))})
	}
	return out
}

// iteVal is `if c then a else b` for values of compatible types; t is the result's
// type.
func (x *writer) iteVal(c string, a, b val, t types.Type) val {
	switch kindOf(t) {
	case scalar:
		sort := "Int"
		if t == types.Bool {
			sort = "Bool"
		}
		return val{t: t, term: x.share(sort, ite(c, a.term, b.term))}
	case setK:
		return setOp(a, b, t, func(p, q string) string { return x.share("Bool", ite(c, p, q)) })
	case mapK:
		mt := t.(*types.Map)
		out := val{t: t}
		for i, k := range a.keys {
			j := keyIndex(b.keys, k)
			if j < 0 {
				fail("maps over different keys meet in one value")
			}
			out.keys = append(out.keys, k)
			out.parts = append(out.parts, x.iteVal(c, a.parts[i], b.parts[j], mt.Value))
		}
		return out
	case recordK:
		out := val{t: t}
		for _, f := range t.(*types.Record).Fields {
			out.parts = append(out.parts, x.iteVal(c, field(a, f.Name), field(b, f.Name), f.Type))
		}
		return out
	}
	return val{}
}

// ---- expressions ----

func (x *writer) typeOf(e ast.Expr) types.Type {
	t, ok := x.info.Types[e]
	if !ok || types.IsInvalid(t) {
		fail("an expression did not type-check")
	}
	return t
}

func (x *writer) formula(en *env, e ast.Expr) string {
	v := x.value(en, e)
	if v.t != types.Bool {
		fail("expected a formula, found a value of %s", v.t)
	}
	return v.term
}

func (x *writer) intTerm(en *env, e ast.Expr) string {
	v := x.value(en, e)
	if !types.IsInteger(v.t) {
		fail("expected an integer, found a value of %s", v.t)
	}
	return v.term
}

func (x *writer) value(en *env, e ast.Expr) val {
	switch e := e.(type) {
	case *ast.Paren:
		return x.value(en, e.X)
	case *ast.BoolLit:
		return boolVal(strconv.FormatBool(e.Value))
	case *ast.IntLit:
		return val{t: x.typeOf(e), term: num(e.Value)}
	case *ast.Unary:
		if e.Op == ast.Not {
			return boolVal(not(x.formula(en, e.X)))
		}
		t := x.intTerm(en, e.X)
		if n, ok := numValue(t); ok {
			return val{t: x.typeOf(e), term: num(-n)}
		}
		return val{t: x.typeOf(e), term: "(- " + t + ")"}
	case *ast.Binary:
		return x.binary(en, e)
	case *ast.Name:
		return x.name(en, e)
	case *ast.Primed:
		sym := x.info.Uses[e.Ident]
		if sym == nil || sym.Kind != sema.KindVar {
			fail("%s' is not a primed var", e.Ident.Name)
		}
		if _, ok := x.pre[sym]; !ok {
			fail("var %s did not check", sym.Name)
		}
		v, ok := x.post[sym]
		if !ok {
			v = x.declare(sym.Type, "v!"+sym.Name+"'")
			x.post[sym] = v
		}
		return v
	case *ast.Index:
		m := x.value(en, e.X)
		if kindOf(m.t) != mapK {
			fail("lookup in %s", m.t)
		}
		return x.lookup(m, x.value(en, e.Key))
	case *ast.Select:
		if sym := x.info.Uses[e.Field]; sym != nil && sym.Kind == sema.KindMember {
			return x.constant(sym.Type, diag.Enum(sym.Name))
		}
		return field(x.value(en, e.X), e.Field.Name)
	case *ast.Call:
		return x.call(en, x.info.Uses[e.Fun], e.Args)
	case *ast.MapUpdate:
		m := x.value(en, e.X)
		mt, ok := m.t.(*types.Map)
		if !ok {
			fail("update of %s", m.t)
		}
		k := x.value(en, e.Key)
		v := x.value(en, e.Value)
		out := val{t: m.t}
		for i, key := range m.keys {
			hit := x.eq(k, x.constant(mt.Key, key))
			out.keys = append(out.keys, key)
			out.parts = append(out.parts, x.iteVal(hit, v, m.parts[i], mt.Value))
		}
		return out
	case *ast.RecordUpdate:
		r := x.value(en, e.X)
		rt, ok := r.t.(*types.Record)
		if !ok {
			fail("update of %s", r.t)
		}
		v := x.value(en, e.Value)
		out := val{t: r.t}
		for i, f := range rt.Fields {
			if f.Name == e.Field.Name {
				out.parts = append(out.parts, v)
			} else {
				out.parts = append(out.parts, r.parts[i])
			}
		}
		return out
	case *ast.SetLit:
		t := x.typeOf(e)
		et := elemType(t)
		var members []val
		for _, el := range e.Elems {
			members = append(members, x.value(en, el))
		}
		out := val{t: t}
		for _, u := range x.universe(et) {
			c := x.constant(et, u)
			var parts []string
			for _, m := range members {
				parts = append(parts, x.eq(m, c))
			}
			out.elems = append(out.elems, elem{u, x.share("Bool", or(parts...))})
		}
		return out
	case *ast.Comprehension:
		s := x.value(en, e.Set)
		sym := x.info.Defs[e.Var]
		et := elemType(s.t)
		out := val{t: s.t}
		for _, el := range s.elems {
			in := el.in
			if in != "false" {
				in = x.share("Bool", and(in, x.formula(en.with(sym, x.constant(et, el.v)), e.Cond)))
			}
			out.elems = append(out.elems, elem{el.v, in})
		}
		return out
	case *ast.RecordLit:
		t := x.typeOf(e)
		rt, ok := t.(*types.Record)
		if !ok {
			fail("record literal of type %s", t)
		}
		out := val{t: t}
		for _, f := range rt.Fields {
			found := false
			for _, fv := range e.Fields {
				if fv.Name.Name == f.Name {
					out.parts = append(out.parts, x.value(en, fv.Value))
					found = true
					break
				}
			}
			if !found {
				fail("record literal without field %s", f.Name)
			}
		}
		return out
	case *ast.RangeExpr:
		t := x.typeOf(e)
		lo, hi := x.intTerm(en, e.Lo), x.intTerm(en, e.Hi)
		out := val{t: t}
		for _, u := range x.universe(elemType(t)) {
			k := num(u.Int)
			out.elems = append(out.elems, elem{u, x.share("Bool", and(le(lo, k), le(k, hi)))})
		}
		return out
	case *ast.Count:
		s := x.value(en, e.X)
		var parts []string
		for _, el := range s.elems {
			switch el.in {
			case "false":
			case "true":
				parts = append(parts, "1")
			default:
				parts = append(parts, "(ite "+el.in+" 1 0)")
			}
		}
		switch len(parts) {
		case 0:
			return val{t: x.typeOf(e), term: "0"}
		case 1:
			return val{t: x.typeOf(e), term: parts[0]}
		}
		return val{t: x.typeOf(e), term: x.share("Int", "(+ "+strings.Join(parts, " ")+")")}
	case *ast.If:
		c := x.formula(en, e.Cond)
		return x.iteVal(c, x.value(en, e.Then), x.value(en, e.Else), x.typeOf(e))
	case *ast.Quant:
		return boolVal(x.quant(en, e, e.Bindings, 0))
	case *ast.Cases:
		return x.cases(en, e, nil)
	case *ast.Wildcard:
		fail("_ outside a do step")
	}
	fail("cannot translate %T", e)
	return val{}
}

func le(a, b string) string {
	if x, ok := numValue(a); ok {
		if y, ok := numValue(b); ok {
			return strconv.FormatBool(x <= y)
		}
	}
	return "(<= " + a + " " + b + ")"
}

func (x *writer) binary(en *env, e *ast.Binary) val {
	switch e.Op {
	case ast.And:
		return boolVal(x.share("Bool", and(x.formula(en, e.X), x.formula(en, e.Y))))
	case ast.Or:
		return boolVal(x.share("Bool", or(x.formula(en, e.X), x.formula(en, e.Y))))
	case ast.Implies:
		return boolVal(x.share("Bool", or(not(x.formula(en, e.X)), x.formula(en, e.Y))))
	case ast.Iff:
		return boolVal(x.share("Bool", "(= "+x.formula(en, e.X)+" "+x.formula(en, e.Y)+")"))
	case ast.Eq, ast.Neq:
		t := x.eq(x.value(en, e.X), x.value(en, e.Y))
		if e.Op == ast.Neq {
			t = not(t)
		}
		return boolVal(t)
	case ast.Lt, ast.Le, ast.Gt, ast.Ge:
		a, b := x.intTerm(en, e.X), x.intTerm(en, e.Y)
		op := map[ast.BinaryOp]string{ast.Lt: "<", ast.Le: "<=", ast.Gt: ">", ast.Ge: ">="}[e.Op]
		return boolVal("(" + op + " " + a + " " + b + ")")
	case ast.In, ast.NotIn:
		s := x.value(en, e.Y)
		if kindOf(s.t) != setK {
			fail("membership in %s", s.t)
		}
		t := x.member(x.value(en, e.X), s)
		if e.Op == ast.NotIn {
			t = not(t)
		}
		return boolVal(t)
	case ast.Subset:
		a, b := x.value(en, e.X), x.value(en, e.Y)
		var parts []string
		for _, el := range a.elems {
			parts = append(parts, or(not(el.in), inOf(b, el.v)))
		}
		return boolVal(x.share("Bool", and(parts...)))
	case ast.Union, ast.Intersect, ast.Minus:
		a, b := x.value(en, e.X), x.value(en, e.Y)
		t := x.typeOf(e)
		switch e.Op {
		case ast.Union:
			return setOp(a, b, t, func(p, q string) string { return x.share("Bool", or(p, q)) })
		case ast.Intersect:
			return setOp(a, b, t, func(p, q string) string { return x.share("Bool", and(p, q)) })
		}
		return setOp(a, b, t, func(p, q string) string { return x.share("Bool", and(p, not(q))) })
	case ast.Add, ast.Sub, ast.Mul:
		a, b := x.intTerm(en, e.X), x.intTerm(en, e.Y)
		op := map[ast.BinaryOp]string{ast.Add: "+", ast.Sub: "-", ast.Mul: "*"}[e.Op]
		if e.Op == ast.Mul && !isNum(a) && !isNum(b) {
			x.nonlinear = true
		}
		return val{t: x.typeOf(e), term: x.share("Int", "("+op+" "+a+" "+b+")")}
	}
	fail("cannot translate operator %s", e.Op)
	return val{}
}

func (x *writer) name(en *env, e *ast.Name) val {
	sym := x.info.Uses[e.Ident]
	if sym == nil {
		fail("unresolved name %s", e.Ident.Name)
	}
	switch sym.Kind {
	case sema.KindVar:
		v, ok := x.pre[sym]
		if !ok {
			fail("var %s did not check", sym.Name)
		}
		return v
	case sema.KindParam, sema.KindBound:
		v, ok := en.locals[sym]
		if !ok {
			fail("%s has no value here", sym.Name)
		}
		return v
	case sema.KindMember:
		return x.constant(sym.Type, diag.Enum(sym.Name))
	case sema.KindConst:
		c, ok := x.info.ConstValue(sym)
		if !ok {
			fail("const %s did not check", sym.Name)
		}
		if c.Kind == diag.IntValue {
			return val{t: types.Int, term: num(c.Int)}
		}
		return x.constant(sym.Type, c)
	case sema.KindType, sema.KindEnum:
		t := x.typeOf(e)
		out := val{t: t}
		for _, u := range x.universe(elemType(t)) {
			out.elems = append(out.elems, elem{u, "true"})
		}
		return out
	case sema.KindPred, sema.KindFun:
		return x.call(en, sym, nil)
	}
	fail("%s %s is not a value", sym.Kind, sym.Name)
	return val{}
}

// lookup is m[k]; a k that is no key reads the last entry.
func (x *writer) lookup(m, k val) val {
	mt := m.t.(*types.Map)
	if len(m.parts) == 0 {
		fail("lookup in a map without keys")
	}
	out := m.parts[len(m.parts)-1]
	for i := len(m.parts) - 2; i >= 0; i-- {
		out = x.iteVal(x.eq(k, x.constant(mt.Key, m.keys[i])), m.parts[i], out, mt.Value)
	}
	return out
}

// call inlines a pred or fun with its parameters bound to the arguments.
func (x *writer) call(en *env, sym *sema.Symbol, args []ast.Expr) val {
	if sym == nil || x.info.Broken(sym.Decl) {
		fail("call of something that did not check")
	}
	x.callDepth++
	defer func() { x.callDepth-- }()
	if x.callDepth > 100 {
		fail("calls nest too deeply")
	}
	inner := &env{locals: map[*sema.Symbol]val{}}
	for i, p := range sym.Params {
		if i >= len(args) {
			fail("call of %s with too few arguments", sym.Name)
		}
		inner.locals[p] = x.value(en, args[i])
	}
	switch d := sym.Decl.(type) {
	case *ast.PredDecl:
		return boolVal(x.formula(inner, d.Body))
	case *ast.FunDecl:
		if c, ok := ast.Unparen(d.Body).(*ast.Cases); ok && c.Else == nil {
			return x.cases(inner, c, sym.Type)
		}
		return x.value(inner, d.Body)
	}
	fail("%s is not a pred or fun", sym.Name)
	return val{}
}

// cases is the first arm whose guard holds; with none and no else, a fresh value of
// result (the fun's result type) or of the cases' own type.
func (x *writer) cases(en *env, e *ast.Cases, result types.Type) val {
	t := x.typeOf(e)
	if result != nil && !types.IsInvalid(result) {
		t = types.Join(t, result)
		if types.IsInvalid(t) {
			fail("cases arms do not fit the result type")
		}
	}
	var rest val
	if e.Else != nil {
		rest = x.value(en, e.Else.Value)
	} else {
		ft := t
		if result != nil && !types.IsInvalid(result) {
			ft = result
		}
		x.nfresh++
		rest = x.declare(ft, "fresh!"+strconv.Itoa(x.nfresh))
		rest.t = t
	}
	type arm struct {
		guard string
		value val
	}
	arms := make([]arm, len(e.Arms))
	for i, a := range e.Arms {
		arms[i] = arm{x.formula(en, a.Guard), x.value(en, a.Value)}
	}
	for i := len(arms) - 1; i >= 0; i-- {
		rest = x.iteVal(arms[i].guard, arms[i].value, rest, t)
	}
	return rest
}

func (x *writer) quant(en *env, q *ast.Quant, binds []*ast.Binding, vi int) string {
	if len(binds) == 0 {
		return x.formula(en, q.Body)
	}
	b := binds[0]
	if vi == len(b.Vars) {
		return x.quant(en, q, binds[1:], 0)
	}
	s := x.value(en, b.Set)
	if kindOf(s.t) != setK {
		fail("quantifier over %s", s.t)
	}
	et := elemType(s.t)
	sym := x.info.Defs[b.Vars[vi]]
	var parts []string
	for _, el := range s.elems {
		if el.in == "false" {
			continue
		}
		body := x.quant(en.with(sym, x.constant(et, el.v)), q, binds, vi+1)
		if q.Kind == ast.All {
			parts = append(parts, or(not(el.in), body))
		} else {
			parts = append(parts, and(el.in, body))
		}
	}
	switch {
	case q.Kind == ast.All:
		return x.share("Bool", and(parts...))
	case q.Kind == ast.No && vi == 0 && len(binds) == len(q.Bindings):
		return x.share("Bool", not(or(parts...)))
	}
	return x.share("Bool", or(parts...))
}

// ---- clauses of a file ----

// Facts lists the file's facts that checked, in source order, named `F_Name` (an
// unnamed fact `F_@offset`, by its byte offset).
func Facts(file *ast.File, info *sema.Info) []Clause {
	return clauses(file, info, ast.Fact, "F_", false)
}

// Claims lists the file's asserts and invariants without primes that checked, each
// negated (a model of the facts and a claim's clause is a state where the claim
// fails), named `A_Name` and `I_Name`.
func Claims(file *ast.File, info *sema.Info) []Clause {
	var out []Clause
	for _, d := range file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Body == nil || cd.Name == nil || info.Broken(cd) || len(info.Primes(cd.Body)) > 0 {
			continue
		}
		switch cd.Kind {
		case ast.Assert:
			out = append(out, Clause{Name: "A_" + cd.Name.Name, Body: cd.Body, Negate: true})
		case ast.Invariant:
			out = append(out, Clause{Name: "I_" + cd.Name.Name, Body: cd.Body, Negate: true})
		}
	}
	return out
}

// Initially lists the file's initially clauses that checked, named like facts with
// the prefix `Init_`.
func Initially(file *ast.File, info *sema.Info) []Clause {
	return clauses(file, info, ast.Initially, "Init_", false)
}

func clauses(file *ast.File, info *sema.Info, kind ast.ClauseKind, prefix string, negate bool) []Clause {
	var out []Clause
	for _, d := range file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || cd.Kind != kind || cd.Body == nil || info.Broken(cd) {
			continue
		}
		name := prefix + "@" + strconv.Itoa(cd.Span.Start)
		if cd.Name != nil {
			name = prefix + cd.Name.Name
		}
		out = append(out, Clause{Name: name, Body: cd.Body, Negate: negate})
	}
	return out
}
