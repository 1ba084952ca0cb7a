// Package ast is the syntax tree of a Specl file: declarations, clauses, types and
// expressions, each with its exact byte span, plus the file's comments. The parser
// builds it; the resolver, formatter, checker and server read it. It imports only
// lang/source.
package ast

import "github.com/specls/specls/lang/source"

// Span is a node's byte range; every node embeds one.
type Span = source.Span

// Node is anything with a span.
type Node interface {
	Bounds() Span
}

// File is one parsed .specl file. Decls holds every declaration that parsed, in source
// order (BadDecl where one did not). Spec is the `spec Name` declaration, if any (it
// is also in Decls).
type File struct {
	Span
	Spec     *SpecDecl
	Decls    []Decl
	Comments []*Comment
}

// Comment is a `//`, `///` or `/* */` comment; Text is its full source text.
type Comment struct {
	Span
	Text string
}

// IsDoc reports whether the comment is a `///` doc comment.
func (c *Comment) IsDoc() bool {
	return len(c.Text) >= 3 && c.Text[:3] == "///" && (len(c.Text) == 3 || c.Text[3] != '/')
}

// Ident is a name where it is written (declared or used).
type Ident struct {
	Span
	Name string
}

// ---- Declarations ----

// Decl is a top-level declaration.
type Decl interface {
	Node
	declNode()
}

// Doc is the text of the `///` comments right before a declaration or clause, with the
// slashes and one following space removed, lines joined by "\n". Empty when none.
type Doc struct {
	Text string
}

// Documentation gives access to the doc comment of any node that embeds Doc.
func (d *Doc) Documentation() *Doc { return d }

// Documented is a declaration or clause that carries a doc comment.
type Documented interface {
	Node
	Documentation() *Doc
}

type (
	// SpecDecl is `spec Name`.
	SpecDecl struct {
		Span
		Doc
		Name *Ident
	}
	// TypeDecl is `type Name = T`.
	TypeDecl struct {
		Span
		Doc
		Name *Ident
		Type Type
	}
	// EnumDecl is `enum Name { A, B }`.
	EnumDecl struct {
		Span
		Doc
		Name    *Ident
		Members []*Ident
	}
	// ConstDecl is `const Name: T = e`.
	ConstDecl struct {
		Span
		Doc
		Name  *Ident
		Type  Type
		Value Expr
	}
	// VarDecl is `var name: T`.
	VarDecl struct {
		Span
		Doc
		Name *Ident
		Type Type
	}
	// ClauseDecl is a top-level `fact`, `initially`, `invariant` or `assert`. Name is
	// nil when the clause is unnamed (fact and initially only).
	ClauseDecl struct {
		Span
		Doc
		Kind ClauseKind
		Name *Ident
		Body Expr
	}
	// ActionDecl is `action Name(params) { clauses }`. Params is nil without
	// parentheses.
	ActionDecl struct {
		Span
		Doc
		Name    *Ident
		Params  []*Param
		Clauses []*ActionClause
	}
	// PredDecl is `pred Name(params): e`.
	PredDecl struct {
		Span
		Doc
		Name   *Ident
		Params []*Param
		Body   Expr
	}
	// FunDecl is `fun Name(params): T = e`.
	FunDecl struct {
		Span
		Doc
		Name   *Ident
		Params []*Param
		Result Type
		Body   Expr
	}
	// ExampleDecl is `example Name { steps }` or, with Negative, `nonexample`.
	ExampleDecl struct {
		Span
		Doc
		Negative bool
		Name     *Ident
		Steps    []Step
	}
	// OptionDecl is `option name = value`.
	OptionDecl struct {
		Span
		Doc
		Name  *Ident
		Value Expr
	}
	// BadDecl stands where a declaration did not parse; its syntax finding says why.
	BadDecl struct {
		Span
	}
)

func (*SpecDecl) declNode()    {}
func (*TypeDecl) declNode()    {}
func (*EnumDecl) declNode()    {}
func (*ConstDecl) declNode()   {}
func (*VarDecl) declNode()     {}
func (*ClauseDecl) declNode()  {}
func (*ActionDecl) declNode()  {}
func (*PredDecl) declNode()    {}
func (*FunDecl) declNode()     {}
func (*ExampleDecl) declNode() {}
func (*OptionDecl) declNode()  {}
func (*BadDecl) declNode()     {}

// ClauseKind is the keyword of a clause.
type ClauseKind int

const (
	Fact ClauseKind = iota
	Initially
	Invariant
	Assert
	Requires
	Ensures
)

func (k ClauseKind) String() string {
	return [...]string{"fact", "initially", "invariant", "assert", "requires", "ensures"}[k]
}

// Param is `name: T` in a parameter list.
type Param struct {
	Span
	Name *Ident
	Type Type
}

// ActionClause is `requires [Name:] e` or `ensures [Name:] e` inside an action. A
// clause that did not parse has a nil Body (its syntax finding says why).
type ActionClause struct {
	Span
	Doc
	Kind ClauseKind
	Name *Ident
	Body Expr
}

// Step is one step of an example: *GivenStep, *DoStep, *ExpectStep or *BadStep.
type Step interface {
	Node
	stepNode()
}

type (
	// GivenStep is `given e`.
	GivenStep struct {
		Span
		Cond Expr
	}
	// DoStep is `do Action` or `do Action(a, _)`; a `_` argument is a *Wildcard.
	DoStep struct {
		Span
		Action *Ident
		Args   []Expr
		Parens bool // written with parentheses
	}
	// ExpectStep is `expect e`.
	ExpectStep struct {
		Span
		Cond Expr
	}
	// BadStep stands where a step did not parse.
	BadStep struct {
		Span
	}
)

func (*GivenStep) stepNode()  {}
func (*DoStep) stepNode()     {}
func (*ExpectStep) stepNode() {}
func (*BadStep) stepNode()    {}

// ---- Types ----

// Type is a type expression.
type Type interface {
	Node
	typeNode()
}

type (
	// BoolType is `bool`.
	BoolType struct{ Span }
	// NamedType names a type, enum or (in a range's place) nothing else.
	NamedType struct {
		Span
		Name *Ident
	}
	// RangeType is `lo..hi` with constant bounds.
	RangeType struct {
		Span
		Lo, Hi Expr
	}
	// SetType is `set of T`.
	SetType struct {
		Span
		Elem Type
	}
	// MapType is `K -> V`.
	MapType struct {
		Span
		Key, Value Type
	}
	// RecordType is `{ f: T, g: U }`.
	RecordType struct {
		Span
		Fields []*Field
	}
	// ParenType is `( T )`.
	ParenType struct {
		Span
		Type Type
	}
)

// Field is `name: T` in a record type.
type Field struct {
	Span
	Name *Ident
	Type Type
}

func (*BoolType) typeNode()   {}
func (*NamedType) typeNode()  {}
func (*RangeType) typeNode()  {}
func (*SetType) typeNode()    {}
func (*MapType) typeNode()    {}
func (*RecordType) typeNode() {}
func (*ParenType) typeNode()  {}

// ---- Expressions ----

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// BinaryOp is a binary operator.
type BinaryOp int

const (
	Iff BinaryOp = iota
	Implies
	Or
	And
	Eq
	Neq
	Lt
	Le
	Gt
	Ge
	In
	NotIn
	Subset
	Union
	Minus
	Intersect
	Add
	Sub
	Mul
)

var binaryOpText = [...]string{"iff", "implies", "or", "and", "==", "!=", "<", "<=", ">", ">=",
	"in", "not in", "subset", "union", "minus", "intersect", "+", "-", "*"}

func (op BinaryOp) String() string { return binaryOpText[op] }

// Precedence is the operator's level in the language reference (1 binds loosest).
// The range operator `..` sits between intersect (8) and + - (9); see RangePrecedence.
func (op BinaryOp) Precedence() int {
	switch op {
	case Iff:
		return 1
	case Implies:
		return 2
	case Or:
		return 3
	case And:
		return 4
	case Eq, Neq, Lt, Le, Gt, Ge, In, NotIn, Subset:
		return 6
	case Union, Minus:
		return 7
	case Intersect:
		return 8
	case Add, Sub:
		return 9
	case Mul:
		return 10
	}
	return 0
}

// IsComparison reports whether op is a level-6 (non-associative) operator.
func (op BinaryOp) IsComparison() bool { return op.Precedence() == 6 }

// QuantKind is all, some or no.
type QuantKind int

const (
	All QuantKind = iota
	Some
	No
)

func (k QuantKind) String() string { return [...]string{"all", "some", "no"}[k] }

type (
	// Name is a use of a name (var, const, enum member, type as a set, parameter,
	// bound variable, nullary pred or fun).
	Name struct {
		Span
		Ident *Ident
	}
	// Primed is `x'`: the value of var x after a step. Ident spans the name only.
	Primed struct {
		Span
		Ident *Ident
	}
	// IntLit is an integer literal.
	IntLit struct {
		Span
		Value int64
		Text  string
	}
	// BoolLit is `true` or `false`.
	BoolLit struct {
		Span
		Value bool
	}
	// Unary is `not x` or `-x`.
	Unary struct {
		Span
		Op UnaryOp
		X  Expr
	}
	// Binary is `x op y`. OpSpan is the operator's own span.
	Binary struct {
		Span
		Op     BinaryOp
		OpSpan Span
		X, Y   Expr
	}
	// Index is `m[k]`.
	Index struct {
		Span
		X   Expr
		Key Expr
	}
	// Select is `r.f`, and also a qualified enum member `Enum.Member`.
	Select struct {
		Span
		X     Expr
		Field *Ident
	}
	// Call is `P(a, b)` for a pred or fun.
	Call struct {
		Span
		Fun  *Ident
		Args []Expr
	}
	// MapUpdate is `m with [k] = v`.
	MapUpdate struct {
		Span
		X     Expr
		Key   Expr
		Value Expr
	}
	// RecordUpdate is `r with .f = v`.
	RecordUpdate struct {
		Span
		X     Expr
		Field *Ident
		Value Expr
	}
	// SetLit is `{}` or `{a, b}`.
	SetLit struct {
		Span
		Elems []Expr
	}
	// Comprehension is `{x in S where e}`.
	Comprehension struct {
		Span
		Var  *Ident
		Set  Expr
		Cond Expr
	}
	// RecordLit is `{f: e, g: e}`.
	RecordLit struct {
		Span
		Fields []*FieldValue
	}
	// RangeExpr is `lo..hi`, the set of integers from lo to hi.
	RangeExpr struct {
		Span
		Lo, Hi Expr
	}
	// Count is `count(S)`.
	Count struct {
		Span
		X Expr
	}
	// If is `if c then a else b`.
	If struct {
		Span
		Cond, Then, Else Expr
	}
	// Quant is `all x, y in S: body` (and some, no). Bindings holds one entry per
	// `vars in set` group: `all x in S, y in T: e` has two.
	Quant struct {
		Span
		Kind     QuantKind
		Bindings []*Binding
		Body     Expr
	}
	// Cases is `cases { guard => value ... else => value }`. Else is nil without one.
	Cases struct {
		Span
		Arms []*CaseArm
		Else *CaseArm
	}
	// Paren is `( e )`.
	Paren struct {
		Span
		X Expr
	}
	// Wildcard is `_`, an example step's "any value".
	Wildcard struct {
		Span
	}
)

// FieldValue is `f: e` in a record literal.
type FieldValue struct {
	Span
	Name  *Ident
	Value Expr
}

// Binding is `x, y in S` in a quantifier.
type Binding struct {
	Span
	Vars []*Ident
	Set  Expr
}

// CaseArm is `guard => value`; Guard is nil for `else`.
type CaseArm struct {
	Span
	Guard Expr
	Value Expr
}

// UnaryOp is `not` or unary minus.
type UnaryOp int

const (
	Not UnaryOp = iota
	Neg
)

func (op UnaryOp) String() string { return [...]string{"not", "-"}[op] }

func (*Name) exprNode()          {}
func (*Primed) exprNode()        {}
func (*IntLit) exprNode()        {}
func (*BoolLit) exprNode()       {}
func (*Unary) exprNode()         {}
func (*Binary) exprNode()        {}
func (*Index) exprNode()         {}
func (*Select) exprNode()        {}
func (*Call) exprNode()          {}
func (*MapUpdate) exprNode()     {}
func (*RecordUpdate) exprNode()  {}
func (*SetLit) exprNode()        {}
func (*Comprehension) exprNode() {}
func (*RecordLit) exprNode()     {}
func (*RangeExpr) exprNode()     {}
func (*Count) exprNode()         {}
func (*If) exprNode()            {}
func (*Quant) exprNode()         {}
func (*Cases) exprNode()         {}
func (*Paren) exprNode()         {}
func (*Wildcard) exprNode()      {}

// Unparen strips parentheses.
func Unparen(e Expr) Expr {
	for {
		p, ok := e.(*Paren)
		if !ok {
			return e
		}
		e = p.X
	}
}

// UnparenType strips parentheses from a type.
func UnparenType(t Type) Type {
	for {
		p, ok := t.(*ParenType)
		if !ok {
			return t
		}
		t = p.Type
	}
}
