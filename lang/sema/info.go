// Package sema resolves names and checks types of a parsed Specl file, go/types style:
// Check walks an *ast.File once and records what every name means (Defs, Uses), the
// type of every expression (Types), the top-level symbols, the options, the constant
// values and the `name` and `type` findings. It imports lang/ast, lang/types,
// lang/diag and lang/source; the checker, the formatter's consumers, the readers and
// the language server import it.
package sema

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// Kind says what a symbol names.
type Kind int

const (
	KindSpec       Kind = iota // `spec Name` (not in the name space: nothing refers to it)
	KindType                   // `type Name = T`; Type is T
	KindEnum                   // `enum Name {…}`; Type is the *types.Enum
	KindMember                 // an enum member; Type is its enum, Owner its enum symbol
	KindConst                  // `const`
	KindVar                    // `var`
	KindFact                   // a named `fact`
	KindInitially              // a named `initially`
	KindInvariant              // `invariant`
	KindAssert                 // `assert`
	KindRequires               // a named `requires`; Owner is the action
	KindEnsures                // a named `ensures`; Owner is the action
	KindAction                 // `action`
	KindPred                   // `pred`; Type is bool
	KindFun                    // `fun`; Type is its result type
	KindParam                  // a parameter; Owner is the action, pred or fun
	KindBound                  // a variable bound by a quantifier or comprehension
	KindExample                // `example`
	KindNonexample             // `nonexample`
)

var kindText = [...]string{"spec", "type", "enum", "enum member", "const", "var", "fact",
	"initially", "invariant", "assert", "requires", "ensures", "action", "pred", "fun",
	"parameter", "bound variable", "example", "nonexample"}

func (k Kind) String() string { return kindText[k] }

// IsValue reports whether a name of this kind stands for a value in an expression
// (types and enums stand for the set of their values, preds and funs for a call).
func (k Kind) IsValue() bool {
	switch k {
	case KindMember, KindConst, KindVar, KindParam, KindBound:
		return true
	}
	return false
}

// Symbol is a declared name.
type Symbol struct {
	Kind  Kind
	Name  string
	Ident *ast.Ident // where it is declared
	// Decl is the declaring node: the *ast.XxxDecl for top-level names, the
	// *ast.EnumDecl for a member, the *ast.ActionClause for a requires/ensures label,
	// the *ast.Param for a parameter, the *ast.Binding or *ast.Comprehension for a
	// bound variable.
	Decl ast.Node
	// Type is the value's type (const, var, param, bound variable, member), the
	// denoted type (type, enum), bool for a pred, the result type of a fun; nil for
	// the kinds that have none (spec, clauses, action, examples). types.Invalid when
	// it did not check.
	Type    types.Type
	Owner   *Symbol
	Params  []*Symbol // action, pred, fun: parameters in order
	Members []*Symbol // enum: members in order
	Clauses []*Symbol // action: its named requires/ensures in order
	Doc     string    // the `///` comment text
}

// Options are the spec's `option` settings.
type Options struct {
	Depth  int // explicit bound on run length; NoDepth (the default) when none: reachability is exact
	Budget int // work budget per question, in thousands of work units (solver propagations, gates built); default 50000
}

// BudgetUnit is how many work units (solver propagations, gates built) one unit of
// Options.Budget (`option budget`, `--budget`) stands for.
const BudgetUnit = 1000

// NoDepth is Options.Depth without `option depth`: no bound, reachability is exact.
const NoDepth = -1

// DefaultOptions are the values without any `option` declaration.
var DefaultOptions = Options{Depth: NoDepth, Budget: 50000}

// Info is what Check learned about a file.
type Info struct {
	// Defs maps each declaring identifier to its symbol (a duplicate declaration
	// still gets its own symbol here; uses resolve to the first one).
	Defs map[*ast.Ident]*Symbol
	// Uses maps each identifier that refers to a symbol: names in expressions and
	// types, both parts of a qualified member `Status.Open` (the enum and the member),
	// primed vars, called preds and funs, do-step actions. Record field names are not
	// symbols: `r.f`, `{f: e}` and `r with .f = v` leave their field identifier out
	// (the record's type is in Types). Option names are not symbols either.
	Uses map[*ast.Ident]*Symbol
	// Types gives the type of every expression that was checked (types.Invalid where
	// it did not check). A wildcard `_` in a do step gets its parameter's type. An
	// integer expression's type is a *types.Range containing all its values when the
	// operands' ranges bound it (literals are n..n), else types.Int.
	Types map[ast.Expr]types.Type
	// TypeExprs gives the meaning of every type expression.
	TypeExprs map[ast.Type]types.Type
	// Symbols lists the top-level symbols in declaration order (not members, params,
	// labels of action clauses or bound variables: reach those through their owner).
	Symbols []*Symbol
	// Spec is the `spec Name` symbol, or nil.
	Spec *Symbol
	// Options holds the option values (defaults where not set).
	Options Options
	// StateMachine reports whether the spec has an action or an initially.
	StateMachine bool
	// Findings are the `name` and `type` findings, sorted by position.
	Findings []diag.Finding

	top    map[string][]*Symbol
	broken map[ast.Node]bool
	consts map[*Symbol]diag.Value
}

// Broken reports whether a node did not check (or depends on something that did not)
// and must be left out of every solver question. It answers for top-level
// declarations, action clauses, example steps and examples. An action is broken when
// its name or parameters did not check (then every clause of it is broken); a clause
// of a sound action can be broken on its own. An example is broken when any step is.
// Duplicate declarations are broken; so is anything that uses a broken declaration.
func (info *Info) Broken(n ast.Node) bool { return info.broken[n] }

// Lookup returns the top-level symbols declared with name (several for an enum member
// name shared by enums or with another declaration), in declaration order.
func (info *Info) Lookup(name string) []*Symbol { return info.top[name] }

// ObjectOf returns the symbol an identifier declares or refers to, or nil.
func (info *Info) ObjectOf(id *ast.Ident) *Symbol {
	if s := info.Defs[id]; s != nil {
		return s
	}
	return info.Uses[id]
}

// ConstValue returns the value of a const symbol, if it checked.
func (info *Info) ConstValue(sym *Symbol) (diag.Value, bool) {
	v, ok := info.consts[sym]
	return v, ok
}

// ConstInt evaluates e, an expression of the checked file, as an integer constant
// (literals, consts, unary minus, + - *, count and if over constants). It reports
// false when e is not constant or not an integer.
func (info *Info) ConstInt(e ast.Expr) (int64, bool) {
	ev := evaluator{info: info, constOf: info.ConstValue}
	v, ok := ev.eval(e, nil)
	if !ok || v.Kind != diag.IntValue {
		return 0, false
	}
	return v.Int, true
}

// Primes lists the vars that appear primed inside n, in order of first appearance.
// An action's ensures that mention `x'` constrain x; the other vars keep their values
// (the frame rule). An assert with primes is a step assert.
func (info *Info) Primes(n ast.Node) []*Symbol {
	var out []*Symbol
	seen := map[*Symbol]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if p, ok := n.(*ast.Primed); ok {
			if s := info.Uses[p.Ident]; s != nil && s.Kind == KindVar && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return true
	})
	return out
}

// DefaultBound is the run length searched, without `option depth`, by the tools that
// search bounded runs only (diff, synth): the checker's own reachability is exact.
const DefaultBound = 10

// BoundedDepth is the explicit depth, else DefaultBound.
func (o Options) BoundedDepth() int {
	if o.Depth < 0 {
		return DefaultBound
	}
	return o.Depth
}
