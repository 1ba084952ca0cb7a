package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// Token types and modifiers, in legend order: a token's type is its index here, its
// modifiers a bit per index.
const (
	tokKeyword = iota
	tokVariable
	tokParameter
	tokEnumMember
	tokType
	tokEnum
	tokFunction
	tokMethod
	tokProperty
	tokEvent
	tokNamespace
	tokNumber
	tokComment
	tokOperator
)

var tokenTypes = []string{"keyword", "variable", "parameter", "enumMember", "type", "enum",
	"function", "method", "property", "event", "namespace", "number", "comment", "operator"}

const (
	modDeclaration = 1 << iota
	modReadonly
	modDocumentation
)

var tokenModifiers = []string{"declaration", "readonly", "documentation"}

func semanticLegend() protocol.SemanticTokensLegend {
	return protocol.SemanticTokensLegend{TokenTypes: tokenTypes, TokenModifiers: tokenModifiers}
}

// operators are the punctuation that computes (the rest, brackets and separators,
// gets no token).
var operators = map[string]bool{"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"+": true, "-": true, "*": true, "=>": true, "..": true, "->": true, "=": true, "'": true}

// SemanticTokensFull classifies every token: keywords, numbers, comments and
// operators from the lexer, names by what they resolve to (vars, constants,
// parameters, bound variables, enum members, types, enums, preds and funs, actions,
// clause names, examples, record fields), with declaration and readonly modifiers.
func (s *server) SemanticTokensFull(ctx context.Context, p *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return &protocol.SemanticTokens{Data: snap.semanticTokens()}, nil
}

func (s *Snapshot) semanticTokens() []uint32 {
	names := map[int]*ast.Ident{} // by start offset
	for id := range s.Info.Defs {
		names[id.Span.Start] = id
	}
	for id := range s.Info.Uses {
		names[id.Span.Start] = id
	}
	fields := map[int]bool{}
	ast.Inspect(s.File, func(n ast.Node) bool {
		var id *ast.Ident
		switch n := n.(type) {
		case *ast.Select:
			if _, member := s.Info.Uses[n.Field]; !member {
				id = n.Field
			}
		case *ast.RecordUpdate:
			id = n.Field
		case *ast.FieldValue:
			id = n.Name
		case *ast.Field:
			id = n.Name
		}
		if id != nil {
			fields[id.Span.Start] = true
		}
		return true
	})

	var data []uint32
	prevLine, prevCol := 0, 0
	emit := func(sp source.Span, typ, mods int) {
		start, end := s.position(sp.Start), s.position(sp.End)
		if end.Line != start.Line || end.Character <= start.Character {
			return
		}
		line, col := int(start.Line), int(start.Character)
		dc := col
		if line == prevLine {
			dc = col - prevCol
		}
		data = append(data, uint32(line-prevLine), uint32(dc), end.Character-start.Character, uint32(typ), uint32(mods))
		prevLine, prevCol = line, col
	}
	for _, tok := range parser.Lex(s.Text) {
		switch tok.Kind {
		case parser.Keyword:
			emit(tok.Span, tokKeyword, 0)
		case parser.Int:
			emit(tok.Span, tokNumber, 0)
		case parser.Punct:
			if operators[tok.Text] {
				emit(tok.Span, tokOperator, 0)
			}
		case parser.Comment:
			mods := 0
			if (&ast.Comment{Text: tok.Text}).IsDoc() {
				mods = modDocumentation
			}
			// A token may not span lines: a block comment goes line by line.
			for _, sp := range s.lineSpans(tok.Span) {
				emit(sp, tokComment, mods)
			}
		case parser.Ident, parser.Primed:
			end := tok.Span.Start + len(nameOf(tok.Text))
			sp := source.Span{Start: tok.Span.Start, End: end}
			if id := names[tok.Span.Start]; id != nil {
				if typ, mods, ok := s.nameToken(id); ok {
					emit(sp, typ, mods)
				}
			} else if fields[tok.Span.Start] {
				emit(sp, tokProperty, 0)
			}
			if tok.Kind == parser.Primed {
				emit(source.Span{Start: end, End: tok.Span.End}, tokOperator, 0)
			}
		}
	}
	if data == nil {
		data = []uint32{}
	}
	return data
}

// nameOf strips the prime of a primed name's token.
func nameOf(text string) string {
	if n := len(text); n > 0 && text[n-1] == '\'' {
		return text[:n-1]
	}
	return text
}

// lineSpans cuts a span at line ends.
func (s *Snapshot) lineSpans(sp source.Span) []source.Span {
	var out []source.Span
	start := sp.Start
	for i := sp.Start; i < sp.End; i++ {
		if s.Text[i] == '\n' {
			out = append(out, source.Span{Start: start, End: i})
			start = i + 1
		}
	}
	return append(out, source.Span{Start: start, End: sp.End})
}

// nameToken classifies a resolved name.
func (s *Snapshot) nameToken(id *ast.Ident) (typ, mods int, ok bool) {
	sym := s.Info.ObjectOf(id)
	if sym == nil {
		return 0, 0, false
	}
	if s.Info.Defs[id] != nil {
		mods |= modDeclaration
	}
	switch sym.Kind {
	case sema.KindVar:
		typ = tokVariable
	case sema.KindConst:
		typ, mods = tokVariable, mods|modReadonly
	case sema.KindParam:
		typ = tokParameter
	case sema.KindBound:
		typ, mods = tokVariable, mods|modReadonly
	case sema.KindMember:
		typ, mods = tokEnumMember, mods|modReadonly
	case sema.KindType:
		typ = tokType
	case sema.KindEnum:
		typ = tokEnum
	case sema.KindPred, sema.KindFun:
		typ = tokFunction
	case sema.KindAction:
		typ = tokMethod
	case sema.KindExample, sema.KindNonexample:
		typ = tokEvent
	case sema.KindSpec:
		typ = tokNamespace
	default: // facts, initially, invariants, asserts, requires and ensures labels
		typ = tokProperty
	}
	return typ, mods, true
}
