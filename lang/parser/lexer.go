package parser

import (
	"strings"
	"unicode/utf8"

	"github.com/specls/specls/lang/source"
)

// TokenKind classifies a token.
type TokenKind int

const (
	EOF     TokenKind = iota
	Ident             // balance, _tmp
	Primed            // balance' (a name followed directly by a prime)
	Int               // 42
	Keyword           // a reserved word
	Punct             // operators and punctuation, and the wildcard _
	Comment           // // … , /// … , /* … */
	Error             // anything else: a stray character, an unterminated comment, invalid UTF-8
)

var kindNames = [...]string{"EOF", "Ident", "Primed", "Int", "Keyword", "Punct", "Comment", "Error"}

func (k TokenKind) String() string { return kindNames[k] }

// Token is one lexeme with its byte span; Text is the source text it covers.
type Token struct {
	Kind TokenKind
	Span source.Span
	Text string
}

// keywords are the reserved words of the language reference.
var keywords = map[string]bool{}

func init() {
	for _, w := range []string{"spec", "type", "enum", "const", "var", "fact", "initially",
		"invariant", "assert", "action", "requires", "ensures", "pred", "fun", "example",
		"nonexample", "given", "do", "expect", "option", "set", "of", "bool", "true",
		"false", "and", "or", "not", "implies", "iff", "in", "subset", "union",
		"intersect", "minus", "all", "some", "no", "if", "then", "else", "cases", "with",
		"where", "count"} {
		keywords[w] = true
	}
}

// IsKeyword reports whether word is reserved.
func IsKeyword(word string) bool { return keywords[word] }

// Keywords lists the reserved words (for completion and the grammar).
func Keywords() []string {
	out := make([]string, 0, len(keywords))
	for w := range keywords {
		out = append(out, w)
	}
	return out
}

// declKeywords start a top-level declaration. They are reserved and legal nowhere
// else, so the parser cuts the file into declarations at them wherever they stand.
var declKeywords = map[string]bool{
	"spec": true, "type": true, "enum": true, "const": true, "var": true, "fact": true,
	"initially": true, "invariant": true, "assert": true, "action": true, "pred": true,
	"fun": true, "example": true, "nonexample": true, "option": true,
}

// Lex splits src into tokens, comments included. It is total: every byte belongs to
// some token, and anything that is not Specl becomes an Error token.
func Lex(src string) []Token {
	toks := make([]Token, 0, len(src)/4+1)
	i := 0
	emit := func(kind TokenKind, start, end int) {
		toks = append(toks, Token{Kind: kind, Span: source.Span{Start: start, End: end}, Text: src[start:end]})
	}
	if strings.HasPrefix(src, "\uFEFF") {
		i = 3 // a byte-order mark: not part of the spec, and every offset stays the file's
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := i
			for j < len(src) && src[j] != '\n' {
				j++
			}
			end := j
			if end > i && src[end-1] == '\r' {
				end--
			}
			emit(Comment, i, end)
			i = j
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				j++
			}
			if j+1 < len(src) {
				emit(Comment, i, j+2)
				i = j + 2
			} else {
				emit(Error, i, len(src)) // unterminated: the rest of the file
				i = len(src)
			}
		case isLetter(c) || c == '_':
			j := i + 1
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j]) || src[j] == '_') {
				j++
			}
			word := src[i:j]
			switch {
			case word == "_":
				emit(Punct, i, j)
			case keywords[word]:
				emit(Keyword, i, j)
			case j < len(src) && src[j] == '\'':
				emit(Primed, i, j+1)
				j++
			default:
				emit(Ident, i, j)
			}
			i = j
		case isDigit(c):
			j := i + 1
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if j < len(src) && (isLetter(src[j]) || src[j] == '_') {
				// 3abc: one bad token rather than a number glued to a name.
				for j < len(src) && (isLetter(src[j]) || isDigit(src[j]) || src[j] == '_') {
					j++
				}
				emit(Error, i, j)
			} else {
				emit(Int, i, j)
			}
			i = j
		default:
			if n := punctLen(src[i:]); n > 0 {
				emit(Punct, i, i+n)
				i += n
				continue
			}
			_, size := utf8.DecodeRuneInString(src[i:])
			if (c == '&' || c == '|') && i+1 < len(src) && src[i+1] == c {
				size = 2 // && and ||: one mistake, one token (see lexHint)
			}
			emit(Error, i, i+size)
			i += size
		}
	}
	return toks
}

// punctLen is the length of the operator or punctuation at the start of s, 0 if none.
func punctLen(s string) int {
	if len(s) >= 2 {
		switch s[:2] {
		case "==", "!=", "<=", ">=", "=>", "->", "..":
			return 2
		}
	}
	switch s[0] {
	case '{', '}', '(', ')', '[', ']', ',', ':', '.', '=', '<', '>', '+', '-', '*':
		return 1
	}
	return 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
