package lsp

import (
	"context"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Completion reads the cursor's context from the tokens before it, not from the tree:
// the text being typed rarely parses. The tree and the resolver still answer what
// the names mean wherever the text around did parse.

var (
	declKeywords   = []string{"spec", "type", "enum", "const", "var", "fact", "initially", "invariant", "assert", "action", "pred", "fun", "example", "nonexample", "option"}
	actionKeywords = []string{"requires", "ensures"}
	stepKeywords   = []string{"given", "do", "expect"}
	exprKeywords   = []string{"and", "or", "not", "implies", "iff", "in", "subset", "union", "intersect", "minus",
		"all", "some", "no", "if", "then", "else", "cases", "with", "where", "count", "true", "false"}
	typeKeywords = []string{"bool", "set of"}
)

var isDeclKeyword = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range declKeywords {
		m[k] = true
	}
	return m
}()

// cursor is what the tokens before a position say about it.
type cursor struct {
	toks   []parser.Token // the file's tokens without comments
	before int            // index of the last token that ends at or before the word being typed; -1 if none
	word   source.Span    // the identifier being typed (empty at a fresh position)
	decl   int            // index of the keyword of the enclosing top-level declaration; -1 if none
	depth  int            // unclosed `{` since that keyword
	parens []int          // indexes of the unclosed `(` since that keyword, innermost last
	inText bool           // inside a comment: nothing to complete
}

// cursorAt reads the context of offset off.
func (s *Snapshot) cursorAt(off int) cursor {
	c := cursor{before: -1, decl: -1, word: source.Span{Start: off, End: off}}
	for _, t := range parser.Lex(s.Text) {
		if t.Kind == parser.Comment {
			closed := len(t.Text) >= 4 && t.Text[:2] == "/*" && t.Text[len(t.Text)-2:] == "*/"
			if t.Span.Start < off && off <= t.Span.End && !(t.Span.End == off && closed) {
				c.inText = true
			}
			continue
		}
		c.toks = append(c.toks, t)
	}
	for i, t := range c.toks {
		if t.Span.Start >= off {
			break
		}
		if (t.Kind == parser.Ident || t.Kind == parser.Keyword) && t.Span.End >= off {
			c.word = source.Span{Start: t.Span.Start, End: off}
			break
		}
		c.before = i
	}
	for i := 0; i <= c.before; i++ {
		t := c.toks[i]
		switch {
		case t.Kind == parser.Keyword && isDeclKeyword[t.Text]:
			c.decl, c.depth, c.parens = i, 0, nil
		case t.Text == "{":
			c.depth++
		case t.Text == "}":
			c.depth--
		case t.Text == "(":
			c.parens = append(c.parens, i)
		case t.Text == ")" && len(c.parens) > 0:
			c.parens = c.parens[:len(c.parens)-1]
		}
	}
	return c
}

// tok returns the i-th token before the word (0 is the one right before), or a zero
// token.
func (c cursor) tok(i int) parser.Token {
	if c.before-i < 0 {
		return parser.Token{}
	}
	return c.toks[c.before-i]
}

// declKeyword is the keyword of the enclosing declaration, "" at the top.
func (c cursor) declKeyword() string {
	if c.decl < 0 {
		return ""
	}
	return c.toks[c.decl].Text
}

// startsLine reports whether the word is the first token on its line and the line
// before does not leave an expression open (`a and` continues on the next line).
func (s *Snapshot) startsLine(c cursor) bool {
	prev := c.tok(0)
	if c.before < 0 {
		return true
	}
	if s.Lines.Line(prev.Span.End) == s.Lines.Line(c.word.Start) {
		return false
	}
	switch prev.Kind {
	case parser.Ident, parser.Primed, parser.Int:
		return true
	case parser.Keyword:
		return prev.Text == "true" || prev.Text == "false" || prev.Text == "bool" || isDeclKeyword[prev.Text]
	}
	return prev.Text == ")" || prev.Text == "]" || prev.Text == "}" || prev.Text == "{"
}

// Completion answers what may be typed at the cursor: declaration keywords at the
// start of a line at the top; requires/ensures, or given/do/expect, at the start of a
// line in an action's or example's body; the actions after `do`; an enum's members
// after `Enum.`; a record's fields after `r.`; types where a type goes; elsewhere the
// names in scope (top-level values, the parameters of the enclosing declaration, the
// bound variables around the cursor) and the expression keywords.
func (s *server) Completion(ctx context.Context, p *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	items := snap.completions(snap.offset(p.Position))
	return &protocol.CompletionList{Items: items}, nil
}

func (s *Snapshot) completions(off int) []protocol.CompletionItem {
	c := s.cursorAt(off)
	out := []protocol.CompletionItem{}
	if c.inText {
		return out
	}
	keywords := func(ws []string) {
		for _, w := range ws {
			out = append(out, protocol.CompletionItem{Label: w, Kind: protocol.CompletionItemKindKeyword})
		}
	}
	prev := c.tok(0)
	kw := c.declKeyword()
	switch {
	case prev.Text == "." && c.before > 0:
		return append(out, s.selectCompletions(c)...)
	case prev.Text == "do":
		for _, sym := range s.Info.Symbols {
			if sym.Kind == sema.KindAction {
				out = append(out, s.symbolItem(sym))
			}
		}
		return out
	case s.startsLine(c) && (c.depth == 0 || kw == ""):
		keywords(declKeywords)
		return out
	case s.startsLine(c) && c.depth == 1 && kw == "action":
		keywords(actionKeywords)
		return out
	case s.startsLine(c) && c.depth == 1 && (kw == "example" || kw == "nonexample"):
		keywords(stepKeywords)
		return out
	case s.typePosition(c):
		keywords(typeKeywords)
		for _, sym := range s.Info.Symbols {
			if sym.Kind == sema.KindType || sym.Kind == sema.KindEnum {
				out = append(out, s.symbolItem(sym))
			}
		}
		return out
	}
	keywords(exprKeywords)
	for _, sym := range s.scope(c, off) {
		out = append(out, s.symbolItem(sym))
	}
	return out
}

// typePosition reports whether a type goes at the cursor: after `of` or `->`, after
// `type Name =`, after the colon of a var, a const, a parameter or a fun's result.
func (s *Snapshot) typePosition(c cursor) bool {
	prev := c.tok(0)
	kw := c.declKeyword()
	switch prev.Text {
	case "of", "->":
		return true
	case "=":
		return kw == "type" && c.before-c.decl == 2
	case ":":
		switch {
		case kw == "var" || kw == "const":
			return c.depth == 0
		case len(c.parens) > 0 && c.depth == 0 && (kw == "action" || kw == "pred" || kw == "fun"):
			return true
		case kw == "fun" && c.depth == 0 && c.tok(1).Text == ")":
			return true
		}
	}
	return false
}

// selectCompletions answers after a dot: the members of an enum named before it, or
// the fields of the record value before it.
func (s *Snapshot) selectCompletions(c cursor) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	dot := c.tok(0)
	base := c.tok(1)
	if base.Kind == parser.Ident {
		for _, sym := range s.Info.Lookup(base.Text) {
			if sym.Kind == sema.KindEnum {
				for _, m := range sym.Members {
					out = append(out, s.symbolItem(m))
				}
				return out
			}
		}
	}
	rec, ok := s.typeBefore(c, dot.Span.Start).(*types.Record)
	if !ok {
		return out
	}
	for _, f := range rec.Fields {
		detail := f.Type.String()
		out = append(out, protocol.CompletionItem{Label: f.Name, Kind: protocol.CompletionItemKindField, Detail: protocol.NewOptional(detail)})
	}
	return out
}

// typeBefore is the type of the expression that ends at end: from the resolver when
// the text there checked, else from the name (or `name[key]`) written before it.
func (s *Snapshot) typeBefore(c cursor, end int) types.Type {
	var best ast.Expr
	for e := range s.Info.Types {
		if e.Bounds().End == end && (best == nil || e.Bounds().Start < best.Bounds().Start) {
			best = e
		}
	}
	if best != nil && !types.IsInvalid(s.Info.Types[best]) {
		return s.Info.Types[best]
	}
	// Walk back over `[...]` lookups to the name they start from.
	i, lookups := c.before-1, 0
	for i >= 0 && c.toks[i].Text == "]" {
		depth := 0
		for ; i >= 0; i-- {
			if c.toks[i].Text == "]" {
				depth++
			} else if c.toks[i].Text == "[" {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		i--
		lookups++
	}
	if i < 0 || (c.toks[i].Kind != parser.Ident && c.toks[i].Kind != parser.Primed) {
		return nil
	}
	name := nameOf(c.toks[i].Text)
	var t types.Type
	for _, sym := range s.scope(c, c.toks[i].Span.Start) {
		if sym.Name == name && sym.Kind.IsValue() {
			t = sym.Type
			break
		}
	}
	for ; lookups > 0 && t != nil; lookups-- {
		m, ok := t.(*types.Map)
		if !ok {
			return nil
		}
		t = m.Value
	}
	return t
}

// scope lists the names visible at off: the parameters of the enclosing action,
// pred or fun, the variables bound by quantifiers and comprehensions written before
// the cursor in its declaration, then the top-level values, preds, funs, types and
// enums with every enum member.
func (s *Snapshot) scope(c cursor, off int) []*sema.Symbol {
	var out []*sema.Symbol
	seen := map[string]bool{}
	add := func(sym *sema.Symbol) {
		if sym != nil && !seen[sym.Name] {
			seen[sym.Name] = true
			out = append(out, sym)
		}
	}
	var enclosing ast.Decl
	for _, d := range s.File.Decls {
		if b := d.Bounds(); b.Start <= off && off <= b.End {
			enclosing = d
		}
	}
	if enclosing != nil {
		if sym := s.declSymbol(enclosing); sym != nil {
			for _, p := range sym.Params {
				add(p)
			}
		}
		// Bound variables whose binder encloses the cursor, from the tree.
		ast.Inspect(enclosing, func(n ast.Node) bool {
			if !n.Bounds().Contains(off) && n.Bounds().End != off {
				return false
			}
			switch n := n.(type) {
			case *ast.Quant:
				for _, b := range n.Bindings {
					for _, v := range b.Vars {
						add(s.Info.Defs[v])
					}
				}
			case *ast.Comprehension:
				add(s.Info.Defs[n.Var])
			}
			return true
		})
	}
	// Parameters and bound variables of text that did not parse: `pred P(x: T, y: U)`,
	// `all x, y in`, `{x in`.
	if c.decl >= 0 {
		if kw := c.declKeyword(); kw == "action" || kw == "pred" || kw == "fun" {
			depth := 0
			for i := c.decl + 2; i <= c.before && c.toks[c.decl+2].Text == "("; i++ {
				switch c.toks[i].Text {
				case "(", "[", "{":
					depth++
				case ")", "]", "}":
					depth--
				}
				if depth == 0 {
					break
				}
				if depth == 1 && c.toks[i].Kind == parser.Ident && i+1 <= c.before && c.toks[i+1].Text == ":" && !seen[c.toks[i].Text] {
					add(&sema.Symbol{Kind: sema.KindParam, Name: c.toks[i].Text, Type: types.Invalid})
				}
			}
		}
		for i := c.decl; i <= c.before; i++ {
			t := c.toks[i]
			var names []parser.Token
			switch {
			case t.Kind == parser.Keyword && (t.Text == "all" || t.Text == "some" || t.Text == "no"):
				j := i + 1
				for ; j <= c.before && c.toks[j].Kind == parser.Ident; j += 2 {
					names = append(names, c.toks[j])
					if j+1 > c.before || c.toks[j+1].Text != "," {
						j++
						break
					}
				}
				if j > c.before || c.toks[j].Text != "in" {
					names = nil
				}
			case t.Text == "{" && i+2 <= c.before && c.toks[i+1].Kind == parser.Ident && c.toks[i+2].Text == "in":
				names = append(names, c.toks[i+1])
			}
			for _, n := range names {
				if !seen[n.Text] {
					add(&sema.Symbol{Kind: sema.KindBound, Name: n.Text, Type: types.Invalid})
				}
			}
		}
	}
	var top []*sema.Symbol
	for _, sym := range s.Info.Symbols {
		switch sym.Kind {
		case sema.KindVar, sema.KindConst, sema.KindPred, sema.KindFun, sema.KindType, sema.KindEnum:
			top = append(top, sym)
		}
		if sym.Kind == sema.KindEnum {
			top = append(top, sym.Members...)
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].Name < top[j].Name })
	for _, sym := range top {
		add(sym)
	}
	return out
}

func completionKind(k sema.Kind) protocol.CompletionItemKind {
	switch k {
	case sema.KindVar:
		return protocol.CompletionItemKindVariable
	case sema.KindConst:
		return protocol.CompletionItemKindConstant
	case sema.KindParam, sema.KindBound:
		return protocol.CompletionItemKindVariable
	case sema.KindMember:
		return protocol.CompletionItemKindEnumMember
	case sema.KindEnum:
		return protocol.CompletionItemKindEnum
	case sema.KindType:
		return protocol.CompletionItemKindClass
	case sema.KindPred, sema.KindFun:
		return protocol.CompletionItemKindFunction
	case sema.KindAction:
		return protocol.CompletionItemKindMethod
	}
	return protocol.CompletionItemKindText
}

// symbolItem offers a symbol with its signature as detail and its doc comment.
func (s *Snapshot) symbolItem(sym *sema.Symbol) protocol.CompletionItem {
	item := protocol.CompletionItem{Label: sym.Name, Kind: completionKind(sym.Kind)}
	if sym.Ident != nil {
		item.Detail = protocol.NewOptional(s.signature(sym))
	}
	if sym.Doc != "" {
		item.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: sym.Doc}
	}
	return item
}
