package parser

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

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
	Decls []*gDecl `parser:"@@*"`
}

type gDecl struct {
	Spec    *gSpec    `parser:"  @@"`
	Type    *gTypeDef `parser:"| @@"`
	Enum    *gEnum    `parser:"| @@"`
	Const   *gConst   `parser:"| @@"`
	Var     *gVar     `parser:"| @@"`
	Clause  *gClause  `parser:"| @@"`
	Action  *gAction  `parser:"| @@"`
	Pred    *gPred    `parser:"| @@"`
	Fun     *gFun     `parser:"| @@"`
	Example *gExample `parser:"| @@"`
	Option  *gOption  `parser:"| @@"`
}

type gIdent struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type gSpec struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"spec\" @@"`
}

type gTypeDef struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"type\" @@ \"=\""`
	Type   *gType  `parser:"@@"`
}

type gEnum struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent   `parser:"\"enum\" @@ \"{\""`
	Members []*gIdent `parser:"( @@ ( \",\" @@ )* \",\"? )? \"}\""`
}

type gConst struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"const\" @@ \":\""`
	Type   *gType  `parser:"@@ \"=\""`
	Value  *gExpr  `parser:"@@"`
}

type gVar struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"var\" @@ \":\""`
	Type   *gType  `parser:"@@"`
}

type gClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `parser:"@( \"fact\" | \"initially\" | \"invariant\" | \"assert\" )"`
	Name   *gIdent `parser:"( (?= Ident \":\") @@ \":\" )?"`
	Body   *gExpr  `parser:"@@"`
}

type gAction struct {
	Header  *gActionHeader   `parser:"@@"`
	Clauses []*gActionClause `parser:"@@* \"}\""`
}

type gActionHeader struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `parser:"\"action\" @@"`
	Parens bool      `parser:"( @\"(\""`
	Params []*gParam `parser:"  ( @@ ( \",\" @@ )* \",\"? )? \")\" )? \"{\""`
}

type gActionClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `parser:"@( \"requires\" | \"ensures\" )"`
	Name   *gIdent `parser:"( (?= Ident \":\") @@ \":\" )?"`
	Body   *gExpr  `parser:"@@"`
}

type gParam struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"@@ \":\""`
	Type   *gType  `parser:"@@"`
}

type gPred struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `parser:"\"pred\" @@"`
	Params []*gParam `parser:"( \"(\" ( @@ ( \",\" @@ )* \",\"? )? \")\" )? \":\""`
	Body   *gExpr    `parser:"@@"`
}

type gFun struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent   `parser:"\"fun\" @@"`
	Params []*gParam `parser:"( \"(\" ( @@ ( \",\" @@ )* \",\"? )? \")\" )? \":\""`
	Result *gType    `parser:"@@ \"=\""`
	Body   *gExpr    `parser:"@@"`
}

type gExample struct {
	Header *gExampleHeader `parser:"@@"`
	Steps  []*gStep        `parser:"@@* \"}\""`
}

type gExampleHeader struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string  `parser:"@( \"example\" | \"nonexample\" )"`
	Name   *gIdent `parser:"@@ \"{\""`
}

type gStep struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Given  *gExpr  `parser:"  \"given\" @@"`
	Do     *gIdent `parser:"| \"do\" @@"`
	Parens bool    `parser:"  ( @\"(\""`
	Args   []*gArg `parser:"    ( @@ ( \",\" @@ )* \",\"? )? \")\" )?"`
	Expect *gExpr  `parser:"| \"expect\" @@"`
}

type gArg struct {
	Wildcard bool   `parser:"  @\"_\""`
	Expr     *gExpr `parser:"| @@"`
}

type gOption struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"option\" @@ \"=\""`
	Value  *gExpr  `parser:"@@"`
}

// ---- Types ----

// gType is `TypeTerm ( "->" Type )?`: `->` binds loosest and associates to the right.
type gType struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Term   *gTypeTerm `parser:"@@"`
	Value  *gType     `parser:"( \"->\" @@ )?"`
}

type gTypeTerm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Bool   bool       `parser:"  @\"bool\""`
	SetOf  *gTypeTerm `parser:"| \"set\" \"of\" @@"`
	Record []*gField  `parser:"| \"{\" @@ ( \",\" @@ )* \",\"? \"}\""`
	Paren  *gType     `parser:"| \"(\" @@ \")\""`
	Lo     *gAddExpr  `parser:"| @@"`
	Hi     *gAddExpr  `parser:"  ( \"..\" @@ )?"`
}

type gField struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"@@ \":\""`
	Type   *gType  `parser:"@@"`
}

// ---- Expressions ----

// gExpr is a flat run of operands and binary operators; convert.go applies the
// precedence and associativity of the language reference to it (precedence
// climbing). One grammar level instead of twelve keeps participle's reflective
// descent short for every atom. From loosest to tightest: iff (non-associative),
// implies (right), or, and, prefix not, comparisons, in, not in, subset
// (non-associative), union and minus, intersect, the range `..` (non-associative),
// + and -, *, prefix minus, then postfix operators.
type gExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gOperand  `parser:"@@"`
	Rest   []*gBinary `parser:"@@*"`
}

type gBinary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string    `parser:"( @Op | @\"not\" @\"in\" )"`
	Y      *gOperand `parser:"@@"`
}

// gOperand is a postfix expression with its prefix operators (not, unary minus).
type gOperand struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Prefix []*gPrefix `parser:"@@*"`
	X      *gPostfix  `parser:"@@"`
}

type gPrefix struct {
	Pos lexer.Position
	Op  string `parser:"@( \"not\" | \"-\" )"`
}

// gAddExpr, gMul and gUnary are the arithmetic of range bounds in types (`0..N-1`).
type gAddExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gMul     `parser:"@@"`
	Rest   []*gAddOp `parser:"@@*"`
}

type gAddOp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string `parser:"@( \"+\" | \"-\" )"`
	Y      *gMul  `parser:"@@"`
}

type gMul struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gUnary   `parser:"@@"`
	Rest   []*gUnary `parser:"( \"*\" @@ )*"`
}

type gUnary struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Neg     *gUnary   `parser:"  \"-\" @@"`
	Postfix *gPostfix `parser:"| @@"`
}

type gPostfix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	X      *gPrimary  `parser:"@@"`
	Ops    []*gSuffix `parser:"@@*"`
}

type gSuffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Index  *gExpr  `parser:"  \"[\" @@ \"]\""`
	Field  *gIdent `parser:"| \".\" @@"`
	With   *gWith  `parser:"| @@"`
}

// gWith is `with [k] = v` or `with .f = v`; v is a level-11 operand without a
// `with` of its own, so `m with [a] = 0 with [b] = 1` updates twice.
type gWith struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Key    *gExpr      `parser:"\"with\" ( \"[\" @@ \"]\""`
	Field  *gIdent     `parser:"        | \".\" @@ ) \"=\""`
	Value  *gWithValue `parser:"@@"`
}

type gWithValue struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Neg    *gWithValue     `parser:"  \"-\" @@"`
	X      *gPrimary       `parser:"| @@"`
	Ops    []*gPlainSuffix `parser:"  @@*"`
}

type gPlainSuffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Index  *gExpr  `parser:"  \"[\" @@ \"]\""`
	Field  *gIdent `parser:"| \".\" @@"`
}

type gPrimary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gName  `parser:"  @@"`
	Int    *string `parser:"| @Int"`
	Paren  *gExpr  `parser:"| \"(\" @@ \")\""`
	Primed *string `parser:"| @Primed"`
	True   bool    `parser:"| @\"true\""`
	Bool   bool    `parser:"| @\"bool\""`
	False  bool    `parser:"| @\"false\""`
	Count  *gExpr  `parser:"| \"count\" \"(\" @@ \")\""`
	If     *gIf    `parser:"| @@"`
	Quant  *gQuant `parser:"| @@"`
	Cases  *gCases `parser:"| @@"`
	Brace  *gBrace `parser:"| @@"`
}

// gName is a name, or a call when arguments follow.
type gName struct {
	Name *gIdent  `parser:"@@"`
	Call bool     `parser:"( @\"(\""`
	Args []*gExpr `parser:"  ( @@ ( \",\" @@ )* \",\"? )? \")\" )?"`
}

type gIf struct {
	Cond *gExpr `parser:"\"if\" @@"`
	Then *gExpr `parser:"\"then\" @@"`
	Else *gExpr `parser:"\"else\" @@"`
}

type gQuant struct {
	Kind     string      `parser:"@( \"all\" | \"some\" | \"no\" )"`
	Bindings []*gBinding `parser:"@@ ( \",\" @@ )* \":\""`
	Body     *gExpr      `parser:"@@"`
}

type gBinding struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Vars   []*gIdent `parser:"@@ ( \",\" @@ )* \"in\""`
	Set    *gExpr    `parser:"@@"`
}

type gCases struct {
	Arms []*gArm `parser:"\"cases\" \"{\" @@* \"}\""`
}

type gArm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Else   bool   `parser:"( @\"else\""`
	Guard  *gExpr `parser:"| @@ ) \"=>\""`
	Value  *gExpr `parser:"@@ \",\"?"`
}

// gBrace covers `{}`, set literals `{a, b}`, record literals `{f: e}` and
// comprehensions `{x in S where e}`; convert.go tells them apart.
type gBrace struct {
	Elems []*gBraceElem `parser:"\"{\" ( @@ ( \",\" @@ )* \",\"? )? \"}\""`
}

type gBraceElem struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Label  *gIdent `parser:"( (?= Ident \":\") @@ \":\" )?"`
	X      *gExpr  `parser:"@@"`
	Where  *gExpr  `parser:"( \"where\" @@ )?"`
}

// The parsers, built once. Pieces of a file are parsed by production: a declaration,
// an action or example header, one action clause, one example step.
var (
	fileParser = participle.MustBuild[gFile](
		participle.Lexer(tokenDefinition{}),
		participle.UseLookahead(1),
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
func EBNF() string {
	g := productionPrefix.ReplaceAllString(fileParser.String(), "$1")
	// participle sees every binary operator as one token type (Op, see
	// binaryOperators); the printed grammar names them all, level by level.
	g = strings.ReplaceAll(g, "<op>", "BinaryOp")
	return g + "\n" + binaryOpProduction()
}

// binaryOpProduction lists the binary operators, loosest first, with a comment line
// per precedence level: an Expr is a flat run of operands and operators that the
// parser groups by these levels.
func binaryOpProduction() string {
	byLevel := map[int][]string{}
	var levels []int
	for op := range binaryOps {
		l := level(op)
		if byLevel[l] == nil {
			levels = append(levels, l)
		}
		byLevel[l] = append(byLevel[l], op)
	}
	sort.Ints(levels)
	var b strings.Builder
	b.WriteString("// BinaryOp by precedence, loosest first (prefix not binds between and and the comparisons):\n")
	var all []string
	for _, l := range levels {
		ops := byLevel[l]
		sort.Slice(ops, func(i, j int) bool { return opOrder(ops[i]) < opOrder(ops[j]) })
		assoc := "left-associative"
		switch {
		case ops[0] == "implies":
			assoc = "right-associative"
		case nonAssociative(ops[0]):
			assoc = "non-associative"
		}
		var quoted []string
		for _, op := range ops {
			quoted = append(quoted, opText(op))
			if op != "notin" { // Binary spells `not in` out itself
				all = append(all, strconv.Quote(op))
			}
		}
		fmt.Fprintf(&b, "//   %s  (%s)\n", strings.Join(quoted, " "), assoc)
	}
	b.WriteString("BinaryOp = " + strings.Join(all, " | ") + " .")
	return b.String()
}

// opOrder orders the operators of one level as the reference lists them.
func opOrder(op string) int {
	return strings.Index(" iff implies or and == != < <= > >= in notin subset union minus intersect .. + - * ", " "+op+" ")
}

var productionPrefix = regexp.MustCompile(`\bG([A-Z]\w*)`)
