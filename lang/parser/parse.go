// Package parser turns Specl text into a syntax tree (lang/ast) and syntax findings.
// It never fails: the file is lexed once by a hand-written, total lexer, cut into
// declarations at the declaration keywords (reserved, legal only at the top), actions
// and examples further into clauses and steps, and each piece is parsed on its own
// with a participle grammar. A syntax error costs only its piece. It imports
// lang/ast, lang/diag and lang/source; everything that reads Specl text imports it.
package parser

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// MaxNesting bounds how deeply brackets may nest in one declaration. Real specs stay
// far below it; it keeps every later recursive stage (and the grammar) off
// pathological inputs.
const MaxNesting = 200

// DefaultMaxSource is the largest text the CLI and the language server give the
// front end unless told otherwise (specls --max-bytes). Parse itself takes any length
// in memory proportional to it (about 45 bytes of peak heap per byte with the
// resolver: the tree, symbols and types, plus the garbage of parsing one declaration
// at a time); time is what the limit keeps short: participle takes about 1.5 µs per
// byte, and the checks after it grow faster than the text (one solver question or
// more per clause).
const DefaultMaxSource = 1 << 20

// Parse parses a whole file. The tree holds every declaration that parsed (a BadDecl
// where one did not) and the findings every syntax error, in source order.
func Parse(src string) (*ast.File, []diag.Finding) {
	return parse(src, nil)
}

// Cache remembers parsed pieces by their text, so that after an edit only the changed
// declarations are parsed again. It is safe for concurrent use.
type Cache struct {
	mu     sync.Mutex
	pieces map[string]*parsedPiece
}

// NewCache makes an empty cache.
func NewCache() *Cache { return &Cache{pieces: map[string]*parsedPiece{}} }

// Parse is parser.Parse, reusing the pieces of earlier calls whose text is unchanged.
// Pieces not seen in this call are dropped afterwards, so the cache holds one file.
func (c *Cache) Parse(src string) (*ast.File, []diag.Finding) {
	return parse(src, c)
}

func (c *Cache) get(text string) *parsedPiece {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pieces[text]
}

func (c *Cache) keep(used map[string]*parsedPiece) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.pieces = used
	c.mu.Unlock()
}

// parsedPiece is the result of parsing one declaration's tokens, with every position
// relative to the piece's start, so that it can be reused wherever the piece moves.
type parsedPiece struct {
	toks  []Token // code tokens, relative spans
	decl  *gDecl  // a simple declaration
	head  any     // *gActionHeader or *gExampleHeader
	parts []parsedPart
	errs  []diag.Finding // syntax errors, relative spans

	// The last conversion, reused as is while the piece stays where it was: trees are
	// immutable once built, so an unchanged declaration keeps its nodes. Once
	// converted, a cached piece drops its parse (converted): a move copies the tree.
	converted bool
	convErrs  []diag.Finding // the conversion's findings, relative spans
	mu        sync.Mutex
	lastBase  int
	lastNext  source.Span // what followed the piece: an "unexpected end" points at it
	lastDecl  ast.Decl
	lastErrs  []diag.Finding
}

// parsedPart is one clause of an action or one step of an example.
type parsedPart struct {
	span   source.Span // relative
	kw     string
	clause *gActionClause
	step   *gStep
}

type fileParse struct {
	src      string
	comments []*ast.Comment
	findings []diag.Finding
	decls    []ast.Decl
	rel      []Token // the current piece's tokens relative to its start, when not cached
}

func parse(src string, cache *Cache) (*ast.File, []diag.Finding) {
	p := &fileParse{src: src}
	var used map[string]*parsedPiece
	if cache != nil {
		used = map[string]*parsedPiece{}
	}
	// The file is lexed as it is parsed: only the current declaration's code tokens
	// are held (in one buffer, reused), and a piece parsed without a cache is dropped
	// once converted, so the memory the parse needs beyond the tree it returns is that
	// of the largest declaration, not of the file.
	var code []Token
	flush := func(next source.Span) {
		if len(code) == 0 {
			return
		}
		if code[0].Kind == Keyword && declKeywords[code[0].Text] {
			p.piece(code, next, cache, used)
		} else {
			p.strayTokens(code) // code before the first declaration
		}
		code = code[:0]
	}
	sc := NewScanner(src)
	for {
		t, ok := sc.Next()
		if !ok {
			break
		}
		switch t.Kind {
		case Comment:
			p.comments = append(p.comments, &ast.Comment{Span: t.Span, Text: t.Text})
			if bad := invalidUTF8(t.Text); bad >= 0 {
				at := t.Span.Start + bad
				p.findings = append(p.findings, diag.New(diag.Syntax, source.Span{Start: at, End: at + 1}, "invalid UTF-8 in a comment: Specl files are UTF-8"))
			}
			continue
		case Error:
			p.findings = append(p.findings, lexError(t))
		case Keyword:
			if declKeywords[t.Text] {
				flush(t.Span)
			}
		}
		code = append(code, t)
	}
	flush(source.Span{Start: len(src), End: len(src)})
	cache.keep(used)

	f := &ast.File{Span: source.Span{Start: 0, End: len(src)}, Decls: p.decls, Comments: p.comments}
	for _, d := range p.decls {
		if s, ok := d.(*ast.SpecDecl); ok && f.Spec == nil {
			f.Spec = s
		}
	}
	diag.Sort(p.findings)
	return f, p.findings
}

// invalidUTF8 is the offset of the first byte of s that is not valid UTF-8, or -1.
func invalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func lexError(t Token) diag.Finding {
	switch {
	case strings.HasPrefix(t.Text, "/*"):
		return diag.New(diag.Syntax, source.Span{Start: t.Span.Start, End: t.Span.Start + 2}, "unterminated comment: /* has no closing */")
	case t.Text[0] >= '0' && t.Text[0] <= '9':
		return diag.New(diag.Syntax, t.Span, "malformed number %q: a name cannot start with a digit", t.Text)
	}
	r, _ := utf8.DecodeRuneInString(t.Text)
	if r == utf8.RuneError {
		return diag.New(diag.Syntax, t.Span, "invalid UTF-8: Specl files are UTF-8")
	}
	if msg, fix, ok := lexHint(t); ok {
		f := diag.New(diag.Syntax, t.Span, "%s", msg)
		if fix != "" {
			f = f.WithSuggestion(t.Span, fix)
		}
		return f
	}
	if r == '\'' {
		return diag.New(diag.Syntax, t.Span, "a prime must follow a variable's name directly, as in x'")
	}
	return diag.New(diag.Syntax, t.Span, "unexpected character %q", r)
}

// strayTokens reports code before the first declaration.
func (p *fileParse) strayTokens(toks []Token) {
	sp := source.Span{Start: toks[0].Span.Start, End: toks[len(toks)-1].Span.End}
	if toks[0].Kind == Error {
		return // already reported by the lexer
	}
	p.findings = append(p.findings, diag.New(diag.Syntax, sp,
		"expected a declaration (spec, type, enum, const, var, fact, initially, invariant, assert, action, pred, fun, example, nonexample, option), found %s", describe(toks[0])))
	p.decls = append(p.decls, &ast.BadDecl{Span: sp})
}

// piece parses one declaration's tokens (absolute spans), from the cache if it can.
func (p *fileParse) piece(toks []Token, next source.Span, cache *Cache, used map[string]*parsedPiece) {
	base := toks[0].Span.Start
	end := toks[len(toks)-1].Span.End
	text := p.src[base:end]
	pp := cache.get(text)
	if pp == nil {
		if cache == nil {
			// Parsed, converted and dropped: its tokens can go in the file's buffer.
			p.rel = relativeTo(p.rel[:0], toks, base)
			pp = parsePiece(text, p.rel)
		} else {
			pp = parsePiece(text, relativeTo(nil, toks, base))
		}
	}
	if used != nil {
		used[text] = pp
	}
	doc := p.docBefore(base)

	// One conversion at a time per piece: the first drops the parse it converts.
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pp.lastDecl != nil && pp.lastBase == base && pp.lastNext == next && docOf(pp.lastDecl) == doc {
		p.decls = append(p.decls, pp.lastDecl)
		p.findings = append(p.findings, pp.lastErrs...)
		return
	}

	nfind := len(p.findings)
	c := &converter{base: base, toks: pp.toks}
	for _, e := range pp.errs {
		e.Span = c.shift(e.Span)
		if e.Span.Start == end && e.Span.End == end {
			// "Unexpected end": point at what ended the piece, as go/parser does.
			e.Span = next
		}
		// The cached finding's Related belongs to the cache: shift a copy.
		related := make([]diag.Related, len(e.Related))
		for i, r := range e.Related {
			r.Span = c.shift(r.Span)
			related[i] = r
		}
		if len(related) > 0 {
			e.Related = related
		}
		// So are its suggestions.
		if len(e.Suggestions) > 0 {
			fixes := make([]diag.Suggestion, len(e.Suggestions))
			for i, f := range e.Suggestions {
				fixes[i] = diag.Suggestion{Span: c.shift(f.Span), Text: f.Text}
			}
			e.Suggestions = fixes
		}
		p.findings = append(p.findings, e)
	}
	if pp.lastDecl != nil && pp.converted {
		// The piece moved (or what precedes or follows it changed) and its parse was
		// dropped: move the tree it made and the conversion's findings.
		for _, e := range pp.convErrs {
			e.Span = c.shift(e.Span)
			p.findings = append(p.findings, e)
		}
		d := ast.Shift(pp.lastDecl, base-pp.lastBase).(ast.Decl)
		setDoc(d, doc)
		p.decls = append(p.decls, d)
		pp.lastBase, pp.lastNext, pp.lastDecl, pp.lastErrs = base, next, d, append([]diag.Finding(nil), p.findings[nfind:]...)
		return
	}
	sp := source.Span{Start: base, End: end}
	var d ast.Decl
	switch h := pp.head.(type) {
	case *gActionHeader:
		a := &ast.ActionDecl{Span: sp, Name: c.ident(h.Name), Params: c.params(h.Params)}
		if h.Parens && a.Params == nil {
			a.Params = []*ast.Param{}
		}
		for _, part := range pp.parts {
			clause := &ast.ActionClause{Span: c.shift(part.span), Kind: clauseKind(part.kw)}
			if part.clause != nil {
				// A clause whose conversion finds an error (a chained comparison, a
				// mixed brace literal) is as broken as one that did not parse.
				before := len(c.errs)
				if conv := c.actionClause(part.clause); len(c.errs) == before {
					clause = conv
				} else {
					clause.Name = conv.Name
				}
			}
			clause.Doc = p.docBefore(clause.Span.Start)
			a.Clauses = append(a.Clauses, clause)
		}
		d = a
	case *gExampleHeader:
		e := &ast.ExampleDecl{Span: sp, Negative: h.Kind == "nonexample", Name: c.ident(h.Name)}
		for _, part := range pp.parts {
			before := len(c.errs)
			var step ast.Step
			if part.step != nil {
				step = c.step(part.step)
			}
			if step != nil && len(c.errs) == before {
				e.Steps = append(e.Steps, step)
			} else {
				e.Steps = append(e.Steps, &ast.BadStep{Span: c.shift(part.span)})
			}
		}
		d = e
	default:
		if pp.decl != nil {
			if conv := c.decl(pp.decl); len(c.errs) == 0 {
				d = conv
			}
		}
	}
	p.findings = append(p.findings, c.errs...)
	if d == nil {
		d = &ast.BadDecl{Span: sp}
	}
	setDoc(d, doc)
	p.decls = append(p.decls, d)

	if cache == nil {
		return // the piece is dropped
	}
	// A copy: the file's findings are sorted in place later.
	pp.lastBase, pp.lastNext, pp.lastDecl, pp.lastErrs = base, next, d, append([]diag.Finding(nil), p.findings[nfind:]...)
	// The cache keeps the tree, not the parse (participle's trees and the tokens take
	// about eight times the tree's memory): a piece that moves gets its tree moved.
	for _, e := range c.errs {
		e.Span = source.Span{Start: e.Span.Start - base, End: e.Span.End - base}
		pp.convErrs = append(pp.convErrs, e)
	}
	pp.decl, pp.head, pp.parts, pp.toks, pp.converted = nil, nil, nil, nil, true
}

// relativeTo appends toks to out with spans relative to base.
func relativeTo(out, toks []Token, base int) []Token {
	for _, t := range toks {
		t.Span.Start -= base
		t.Span.End -= base
		out = append(out, t)
	}
	return out
}

// parsePiece parses one declaration; toks have spans relative to its start.
func parsePiece(text string, toks []Token) *parsedPiece {
	pp := &parsedPiece{toks: toks}
	if at, ok := tooDeep(toks); ok {
		pp.errs = append(pp.errs, diag.New(diag.Syntax, toks[at].Span, "brackets nest deeper than %d levels here", MaxNesting))
		return pp
	}
	switch toks[0].Text {
	case "action":
		pp.body(text, toks, actionHeaderParser, []string{"requires", "ensures"}, "action")
	case "example", "nonexample":
		pp.body(text, toks, exampleHeaderParser, []string{"given", "do", "expect"}, toks[0].Text)
	default:
		g, err := declParser.ParseFromLexer(peek(toks))
		if err != nil {
			pp.fail(toks, err, "")
			return pp
		}
		pp.decl = g
	}
	return pp
}

// body parses an action or example: its header up to `{`, then each clause or step on
// its own, cut at the keywords that start them, then the closing `}`.
func (pp *parsedPiece) body(text string, toks []Token, header any, starters []string, what string) {
	open := -1
	depth := 0
	for i, t := range toks {
		if t.Text == "(" {
			depth++
		} else if t.Text == ")" {
			depth--
		} else if t.Text == "{" && depth <= 0 {
			open = i
			break
		}
	}
	if open < 0 {
		open = len(toks) - 1
	}
	var err error
	switch h := header.(type) {
	case *participle.Parser[gActionHeader]:
		var g *gActionHeader
		g, err = h.ParseFromLexer(peek(toks[:open+1]))
		pp.head = g
	case *participle.Parser[gExampleHeader]:
		var g *gExampleHeader
		g, err = h.ParseFromLexer(peek(toks[:open+1]))
		pp.head = g
	}
	if err != nil {
		pp.head = nil
		pp.fail(toks[:open+1], err, what+" header")
		return
	}

	// The last `}` closes the body when the braces say so, and also when a brace inside
	// is left open but the last `}` starts its line unindented (the layout of a closing
	// brace): then the clause with the open brace fails on its own and the rest still
	// parses.
	body := toks[open+1:]
	balance := 0
	for _, t := range body {
		switch t.Text {
		case "{":
			balance++
		case "}":
			balance--
		}
	}
	if len(body) > 0 && body[len(body)-1].Text == "}" && (balance < 0 || closesLayout(text, toks, len(toks)-1)) {
		body = body[:len(body)-1]
	} else {
		last := toks[len(toks)-1].Span
		pp.errs = append(pp.errs, diag.New(diag.Syntax, source.Span{Start: last.End, End: last.End},
			"missing } at the end of the %s", what))
	}

	isStarter := func(t Token) bool {
		for _, s := range starters {
			if t.Kind == Keyword && t.Text == s {
				return true
			}
		}
		return false
	}
	i := 0
	if len(body) > 0 && !isStarter(body[0]) {
		j := 0
		for j < len(body) && !isStarter(body[j]) {
			j++
		}
		sp := source.Span{Start: body[0].Span.Start, End: body[j-1].Span.End}
		if body[0].Kind != Error {
			pp.errs = append(pp.errs, diag.New(diag.Syntax, sp, "expected %s, found %s", orList(starters), describe(body[0])))
		}
		i = j
	}
	for i < len(body) {
		j := i + 1
		for j < len(body) && !isStarter(body[j]) {
			j++
		}
		part := parsedPart{span: source.Span{Start: body[i].Span.Start, End: body[j-1].Span.End}, kw: body[i].Text}
		if what == "action" {
			g, err := actionClauseParser.ParseFromLexer(peek(body[i:j]))
			if err != nil {
				pp.fail(body[i:j], err, "")
			} else {
				part.clause = g
			}
		} else {
			g, err := stepParser.ParseFromLexer(peek(body[i:j]))
			if err != nil {
				pp.fail(body[i:j], err, "")
			} else {
				part.step = g
			}
		}
		pp.parts = append(pp.parts, part)
		i = j
	}
}

// fail records a parse error of toks, unless the lexer already reported the token it
// stopped at.
func (pp *parsedPiece) fail(toks []Token, err error, what string) {
	end := toks[len(toks)-1].Span.End
	var perr participle.Error
	i := len(toks)
	if errors.As(err, &perr) {
		off := perr.Position().Offset
		i = sort.Search(len(toks), func(i int) bool { return toks[i].Span.Start >= off })
		if i < len(toks) && toks[i].Kind == Error {
			return // the lexer already reported the token the parser stopped at
		}
	}
	// A header ends with the { that opens its body, which is not left open.
	if opener, ok := unclosed(toks); ok && !strings.HasSuffix(what, "header") {
		// The piece ends inside brackets: that is the error, wherever participle
		// stopped trying. It is reported at the piece's last token, the end of the
		// incomplete clause, rather than at what ended it.
		last := toks[len(toks)-1]
		f := diag.New(diag.Syntax, last.Span, "unexpected end of the %s: %s is never closed", firstWord(toks[0].Text, what), describe(opener))
		if msg := cutShort(last, ""); strings.HasPrefix(msg, "expected") {
			f.Message = msg + ", and " + describe(opener) + " is never closed"
		}
		f.Related = []diag.Related{{Span: opener.Span, Message: "opened here"}}
		pp.errs = append(pp.errs, f)
		return
	}
	if perr == nil {
		pp.errs = append(pp.errs, diag.New(diag.Syntax, source.Span{Start: toks[0].Span.Start, End: end}, "%v", err))
		return
	}
	if i >= len(toks) {
		// Cut short: reported at the end of the incomplete clause, on its own line,
		// not at the next declaration's keyword.
		last := toks[len(toks)-1]
		msg := cutShort(last, firstWord(toks[0].Text, what))
		var unexpected *participle.UnexpectedTokenError
		if !strings.HasPrefix(msg, "expected") && errors.As(err, &unexpected) && unexpected.Expect != "" {
			msg += "; expected " + readableExpect(unexpected.Expect)
		}
		pp.errs = append(pp.errs, diag.New(diag.Syntax, last.Span, "%s", msg))
		return
	}
	sp := toks[i].Span
	msg := "unexpected " + describe(toks[i])
	var unexpected *participle.UnexpectedTokenError
	if errors.As(err, &unexpected) && unexpected.Expect != "" {
		msg += "; expected " + readableExpect(unexpected.Expect)
	} else if !strings.HasPrefix(perr.Message(), "unexpected token") {
		msg += ": " + perr.Message()
	}
	if toks[i].Text == "," && strings.Contains(msg, "=>") {
		msg += " (cases arms need no commas unless the next guard starts with (, [ or -)"
	}
	msg, sp, fix := parseHint(toks, i, sp, msg)
	f := diag.New(diag.Syntax, sp, "%s", msg)
	if fix != "" {
		f = f.WithSuggestion(sp, fix)
	}
	pp.errs = append(pp.errs, f)
}

// closesLayout reports whether toks[i] (relative to text) starts its line with no
// indentation, as the brace that closes a top-level declaration does.
func closesLayout(text string, toks []Token, i int) bool {
	start := toks[i].Span.Start
	return start > 0 && text[start-1] == '\n'
}

// unclosed finds the innermost bracket left open at the end of toks.
func unclosed(toks []Token) (Token, bool) {
	var stack []Token
	for _, t := range toks {
		switch t.Text {
		case "(", "[", "{":
			stack = append(stack, t)
		case ")", "]", "}":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return Token{}, false
	}
	return stack[len(stack)-1], true
}

func firstWord(kw, what string) string {
	if what != "" {
		return what
	}
	switch kw {
	case "requires", "ensures", "given", "do", "expect":
		return "`" + kw + "` " + map[bool]string{true: "clause", false: "step"}[kw == "requires" || kw == "ensures"]
	}
	return "`" + kw + "` declaration"
}

// readableExpect turns participle's grammar fragment into words a user can act on.
func readableExpect(s string) string {
	s = strings.ReplaceAll(s, "<ident>", "a name")
	s = strings.ReplaceAll(s, "<int>", "an integer")
	s = strings.ReplaceAll(s, "<primed>", "a primed name")
	if len(s) > 80 {
		return "an expression"
	}
	return s
}

func describe(t Token) string {
	switch t.Kind {
	case Ident:
		return fmt.Sprintf("name %q", t.Text)
	case Int:
		return "integer " + t.Text
	case Keyword:
		return "keyword `" + t.Text + "`"
	case Primed:
		return "primed name " + t.Text
	}
	return fmt.Sprintf("%q", t.Text)
}

func orList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "`" + w + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// tooDeep finds the first bracket that nests deeper than MaxNesting.
func tooDeep(toks []Token) (int, bool) {
	depth := 0
	for i, t := range toks {
		switch t.Text {
		case "(", "[", "{":
			depth++
			if depth > MaxNesting {
				return i, true
			}
		case ")", "]", "}":
			depth--
		}
	}
	return 0, false
}

// docBefore collects the `///` comments that end right before offset, with nothing but
// whitespace (and no blank line) between them and it.
func (p *fileParse) docBefore(offset int) ast.Doc {
	i := sort.Search(len(p.comments), func(i int) bool { return p.comments[i].Start >= offset })
	var lines []string
	next := offset
	for i--; i >= 0; i-- {
		c := p.comments[i]
		gap := p.src[c.End:next]
		if !c.IsDoc() || strings.TrimSpace(gap) != "" || strings.Count(gap, "\n") > 1 {
			break
		}
		text := strings.TrimPrefix(c.Text, "///")
		text = strings.TrimPrefix(text, " ")
		lines = append(lines, text)
		next = c.Start
	}
	for l, r := 0, len(lines)-1; l < r; l, r = l+1, r-1 {
		lines[l], lines[r] = lines[r], lines[l]
	}
	return ast.Doc{Text: strings.Join(lines, "\n")}
}

func docOf(d ast.Decl) ast.Doc {
	if d, ok := d.(ast.Documented); ok {
		return *d.Documentation()
	}
	return ast.Doc{}
}

func setDoc(d ast.Decl, doc ast.Doc) {
	if d, ok := d.(ast.Documented); ok {
		*d.Documentation() = doc
	}
}

// ---- participle plumbing ----

const (
	ttIdent lexer.TokenType = -2 - iota
	ttPrimed
	ttInt
	ttKeyword
	ttPunct
	ttError
	ttOp
)

// binaryOperators reach participle as one token type, Op, so that the grammar matches
// an operator with one type test instead of trying twenty literals in turn.
var binaryOperators = map[string]bool{"iff": true, "implies": true, "or": true, "and": true,
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "in": true,
	"subset": true, "union": true, "minus": true, "intersect": true, "..": true, "+": true,
	"-": true, "*": true}

var tokenTypes = map[TokenKind]lexer.TokenType{EOF: lexer.EOF, Ident: ttIdent, Primed: ttPrimed,
	Int: ttInt, Keyword: ttKeyword, Punct: ttPunct, Error: ttError}

// tokenDefinition tells participle our token types; pieces are fed to it already lexed.
type tokenDefinition struct{}

func (tokenDefinition) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{"EOF": lexer.EOF, "Ident": ttIdent, "Primed": ttPrimed,
		"Int": ttInt, "Keyword": ttKeyword, "Punct": ttPunct, "Error": ttError, "Op": ttOp}
}

func (tokenDefinition) Lex(_ string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var toks []Token
	for _, t := range Lex(string(src)) {
		if t.Kind != Comment {
			toks = append(toks, t)
		}
	}
	return &sliceLexer{toks: toks}, nil
}

// sliceLexer hands participle tokens we already have.
type sliceLexer struct {
	toks []Token
	i    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.toks) {
		end := 0
		if len(l.toks) > 0 {
			end = l.toks[len(l.toks)-1].Span.End
		}
		return lexer.Token{Type: lexer.EOF, Pos: lexer.Position{Offset: end}}, nil
	}
	t := l.toks[l.i]
	l.i++
	typ := tokenTypes[t.Kind]
	if binaryOperators[t.Text] && (t.Kind == Keyword || t.Kind == Punct) {
		typ = ttOp
	}
	return lexer.Token{Type: typ, Value: t.Text, Pos: lexer.Position{Offset: t.Span.Start}}, nil
}

func peek(toks []Token) *lexer.PeekingLexer {
	pl, err := lexer.Upgrade(&sliceLexer{toks: toks})
	if err != nil {
		panic(err) // sliceLexer never fails
	}
	return pl
}
