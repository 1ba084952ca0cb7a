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
	s := NewScanner(src)
	for {
		t, ok := s.Next()
		if !ok {
			return toks
		}
		toks = append(toks, t)
	}
}

// Scanner yields the tokens of a text one at a time, comments included, as Lex lists
// them: a reader that moves forward holds a few tokens at once, not the file's.
type Scanner struct {
	src string
	i   int
}

// NewScanner scans src from its start.
func NewScanner(src string) *Scanner {
	s := &Scanner{src: src}
	if strings.HasPrefix(src, "\uFEFF") {
		s.i = 3 // a byte-order mark: not part of the spec, and every offset stays the file's
	}
	return s
}

// Next is the next token, or false at the end of the text.
func (s *Scanner) Next() (Token, bool) {
	src := s.src
	i := s.i
	tok := func(kind TokenKind, start, end int) (Token, bool) {
		return Token{Kind: kind, Span: source.Span{Start: start, End: end}, Text: src[start:end]}, true
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
			s.i = j
			return tok(Comment, i, end)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				j++
			}
			if j+1 < len(src) {
				s.i = j + 2
				return tok(Comment, i, j+2)
			}
			s.i = len(src)
			return tok(Error, i, len(src)) // unterminated: the rest of the file
		case isLetter(c) || c == '_':
			j := i + 1
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j]) || src[j] == '_') {
				j++
			}
			word := src[i:j]
			s.i = j
			switch {
			case word == "_":
				return tok(Punct, i, j)
			case keywords[word]:
				return tok(Keyword, i, j)
			case j < len(src) && src[j] == '\'':
				s.i = j + 1
				return tok(Primed, i, j+1)
			}
			return tok(Ident, i, j)
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
				s.i = j
				return tok(Error, i, j)
			}
			s.i = j
			return tok(Int, i, j)
		default:
			if n := punctLen(src[i:]); n > 0 {
				s.i = i + n
				return tok(Punct, i, i+n)
			}
			_, size := utf8.DecodeRuneInString(src[i:])
			if (c == '&' || c == '|') && i+1 < len(src) && src[i+1] == c {
				size = 2 // && and ||: one mistake, one token (see lexHint)
			}
			s.i = i + size
			return tok(Error, i, i+size)
		}
	}
	s.i = i
	return Token{}, false
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
