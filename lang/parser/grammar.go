package parser

import (
	"regexp"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. These structs are the concrete syntax; convert.go turns them
// into lang/ast. Positions are relative to the start of the piece being parsed, so a
// parsed piece can be cached by its text and reused wherever it moves.
//
// Every node records Pos (its first token) and EndPos (the token after it); the real
// end is taken from the last token before EndPos, since EndPos would include
// whatever the lexer skipped.

type gFile struct {
	Decls []*gDecl `@@*`
}

type gDecl struct {
	Spec    *gSpec    `  @@`
	Type    *gTypeDef `| @@`
	Enum    *gEnum    `| @@`
	Const   *gConst   `| @@`
	Var     *gVar     `| @@`
	Clause  *gClause  `| @@`
	Action  *gAction  `| @@`
	Pred    *gPred    `| @@`
	Fun     *gFun     `| @@`
	Example *gExample `| @@`
	Option  *gOption  `| @@`
}

type gIdent struct {
	Pos  lexer.Position
	Name string `@Ident`
}

type gSpec struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `"spec" @@`
}

type gTypeDef struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `"type" @@ "="`
	Type   *gType  `@@`
}

type gEnum struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent   `"enum" @@ "{"`
	Members []*gIdent `( @@ ( "," @@ )* ","? )? "}"`
}

type gConst struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `"const" @@ ":"`
	Type   *gType  `@@ "="`
	Value  *gExpr  `@@`
}

type gVar struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `"var" @@ ":"`
	Type   *gType  `@@`
}

type gClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `@( "fact" | "initially" | "invariant" | "assert" )`
	Name   *gIdent `( @@ ":" )?`
	Body   *gExpr  `@@`
}

type gAction struct {
	Header  *gActionHeader   `@@`
	Clauses []*gActionClause `@@* "}"`
}

type gActionHeader struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `"action" @@`
	Parens bool      `( @"("`
	Params []*gParam `  ( @@ ( "," @@ )* ","? )? ")" )? "{"`
}

type gActionClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `@( "requires" | "ensures" )`
	Name   *gIdent `( @@ ":" )?`
	Body   *gExpr  `@@`
}

type gParam struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `@@ ":"`
	Type   *gType  `@@`
}

type gPred struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `"pred" @@`
	Params []*gParam `( "(" ( @@ ( "," @@ )* ","? )? ")" )? ":"`
	Body   *gExpr    `@@`
}

type gFun struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `"fun" @@`
	Params []*gParam `( "(" ( @@ ( "," @@ )* ","? )? ")" )? ":"`
	Result *gType    `@@ "="`
	Body   *gExpr    `@@`
}

type gExample struct {
	Header *gExampleHeader `@@`
	Steps  []*gStep        `@@* "}"`
}

type gExampleHeader struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `@( "example" | "nonexample" )`
	Name   *gIdent `@@ "{"`
}

type gStep struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Given  *gExpr  `  "given" @@`
	Do     *gIdent `| "do" @@`
	Parens bool    `  ( @"("`
	Args   []*gArg `    ( @@ ( "," @@ )* ","? )? ")" )?`
	Expect *gExpr  `| "expect" @@`
}

type gArg struct {
	Wildcard bool   `  @"_"`
	Expr     *gExpr `| @@`
}

type gOption struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `"option" @@ "="`
	Value  *gExpr  `@@`
}

// ---- Types ----

// gType is `TypeTerm ( "->" Type )?`: `->` binds loosest and associates to the right.
type gType struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Term   *gTypeTerm `@@`
	Value  *gType     `( "->" @@ )?`
}

type gTypeTerm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Bool   bool       `  @"bool"`
	SetOf  *gTypeTerm `| "set" "of" @@`
	Record []*gField  `| "{" @@ ( "," @@ )* ","? "}"`
	Paren  *gType     `| "(" @@ ")"`
	Lo     *gAddExpr  `| @@`
	Hi     *gAddExpr  `  ( ".." @@ )?`
}

type gField struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `@@ ":"`
	Type   *gType  `@@`
}

// ---- Expressions, loosest first ----

type gExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gImplies `@@`
	Y      *gImplies `( "iff" @@ )?`
}

type gImplies struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gOr      `@@`
	Y      *gImplies `( "implies" @@ )?`
}

type gOr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gAnd   `@@`
	Rest   []*gAnd `( "or" @@ )*`
}

type gAnd struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gNot   `@@`
	Rest   []*gNot `( "and" @@ )*`
}

type gNot struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Not    *gNot `  "not" @@`
	Cmp    *gCmp `| @@`
}

type gCmp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gUnion `@@`
	Op     string  `( @( "==" | "!=" | "<=" | "<" | ">=" | ">" | "in" | "not" "in" | "subset" )`
	Y      *gUnion `  @@ )?`
}

type gUnion struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gIntersect   `@@`
	Rest   []*gUnionTail `@@*`
}

type gUnionTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string      `@( "union" | "minus" )`
	Y      *gIntersect `@@`
}

type gIntersect struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gRange   `@@`
	Rest   []*gRange `( "intersect" @@ )*`
}

// gRange is `lo..hi`, the set of integers between; it binds tighter than the set
// operators and looser than + and -, so `1..n+1 union {0}` reads as expected.
type gRange struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gAddExpr `@@`
	Hi     *gAddExpr `( ".." @@ )?`
}

type gAddExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gMul     `@@`
	Rest   []*gAddOp `@@*`
}

type gAddOp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string `@( "+" | "-" )`
	Y      *gMul  `@@`
}

type gMul struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gUnary   `@@`
	Rest   []*gUnary `( "*" @@ )*`
}

type gUnary struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Neg     *gUnary   `  "-" @@`
	Postfix *gPostfix `| @@`
}

type gPostfix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gPrimary  `@@`
	Ops    []*gSuffix `@@*`
}

type gSuffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Index  *gExpr  `  "[" @@ "]"`
	Field  *gIdent `| "." @@`
	With   *gWith  `| @@`
}

// gWith is `with [k] = v` or `with .f = v`; v is a level-11 operand without a
// `with` of its own, so `m with [a] = 0 with [b] = 1` updates twice.
type gWith struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Key    *gExpr      `"with" ( "[" @@ "]"`
	Field  *gIdent     `        | "." @@ ) "="`
	Value  *gWithValue `@@`
}

type gWithValue struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Neg    *gWithValue     `  "-" @@`
	X      *gPrimary       `| @@`
	Ops    []*gPlainSuffix `  @@*`
}

type gPlainSuffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Index  *gExpr  `  "[" @@ "]"`
	Field  *gIdent `| "." @@`
}

type gPrimary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Int    *string `  @Int`
	True   bool    `| @"true"`
	False  bool    `| @"false"`
	Primed *string `| @Primed`
	Call   *gCall  `| @@`
	Name   *gIdent `| @@`
	Paren  *gExpr  `| "(" @@ ")"`
	Count  *gExpr  `| "count" "(" @@ ")"`
	If     *gIf    `| @@`
	Quant  *gQuant `| @@`
	Cases  *gCases `| @@`
	Brace  *gBrace `| @@`
}

type gCall struct {
	Name *gIdent  `@@ "("`
	Args []*gExpr `( @@ ( "," @@ )* ","? )? ")"`
}

type gIf struct {
	Cond *gExpr `"if" @@`
	Then *gExpr `"then" @@`
	Else *gExpr `"else" @@`
}

type gQuant struct {
	Kind     string      `@( "all" | "some" | "no" )`
	Bindings []*gBinding `@@ ( "," @@ )* ":"`
	Body     *gExpr      `@@`
}

type gBinding struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Vars   []*gIdent `@@ ( "," @@ )* "in"`
	Set    *gExpr    `@@`
}

type gCases struct {
	Arms []*gArm `"cases" "{" @@* "}"`
}

type gArm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Else   bool   `( @"else"`
	Guard  *gExpr `| @@ ) "=>"`
	Value  *gExpr `@@ ","?`
}

// gBrace covers `{}`, set literals `{a, b}`, record literals `{f: e}` and
// comprehensions `{x in S where e}`; convert.go tells them apart.
type gBrace struct {
	Elems []*gBraceElem `"{" ( @@ ( "," @@ )* ","? )? "}"`
}

type gBraceElem struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Label  *gIdent `( @@ ":" )?`
	X      *gExpr  `@@`
	Where  *gExpr  `( "where" @@ )?`
}

// The parsers, built once. Pieces of a file are parsed by production: a declaration,
// an action or example header, one action clause, one example step.
var (
	fileParser = participle.MustBuild[gFile](
		participle.Lexer(tokenDefinition{}),
		participle.UseLookahead(3),
	)
	declParser          = mustProduction[gDecl]()
	actionHeaderParser  = mustProduction[gActionHeader]()
	actionClauseParser  = mustProduction[gActionClause]()
	exampleHeaderParser = mustProduction[gExampleHeader]()
	stepParser          = mustProduction[gStep]()
)

func mustProduction[P any]() *participle.Parser[P] {
	p, err := participle.ParserForProduction[P](fileParser)
	if err != nil {
		panic(err)
	}
	return p
}

// EBNF is the grammar as participle reads it, with the Go types' g prefix dropped;
// grammar/specl.ebnf holds a copy.
func EBNF() string { return productionPrefix.ReplaceAllString(fileParser.String(), "$1") }

var productionPrefix = regexp.MustCompile(`\bG([A-Z]\w*)`)
