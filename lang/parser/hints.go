package parser

import (
	"strings"

	"github.com/specls/specls/lang/source"
)

// Hints for the mistakes people make when they come from other languages: each names
// the fix in backticks in the syntax finding's own message, as rustc and Elm do.

// lexHint is the message for an error token that is an operator of another language:
// `&&`, `||`, `!`, `%`, `/`, and the Specl text that replaces the token when the
// message names one (empty otherwise). ok is false for any other error token.
func lexHint(t Token) (msg, replacement string, ok bool) {
	switch t.Text {
	case "&&", "&":
		return "unexpected `" + t.Text + "`; did you mean `and`?", "and", true
	case "||", "|":
		return "unexpected `" + t.Text + "`; did you mean `or`?", "or", true
	case "!":
		return "unexpected `!`; did you mean `not`? (`!=` is not-equal)", "not", true
	case "%":
		return "unexpected `%`: Specl has no remainder operator (integers have `+`, `-` and `*`); say what you need with a comparison or a `cases`, as in `some k in 0..5: n == 2 * k` for an even n", "", true
	case "/":
		return "unexpected `/`: Specl has no division (integers have `+`, `-` and `*`); multiply instead, as in `2 * half == n`", "", true
	}
	return "", "", false
}

// exprOperators are the tokens after which an expression must follow: a clause that
// ends on one of them was cut short.
var exprOperators = map[string]bool{
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "+": true,
	"-": true, "*": true, "..": true, "=>": true, "->": false, ":": true, "=": true, ",": false,
	"and": true, "or": true, "not": true, "implies": true, "iff": true, "in": true,
	"subset": true, "union": true, "intersect": true, "minus": true, "if": true,
	"then": true, "else": true, "where": true, "requires": true, "ensures": true,
	"given": true, "expect": true, "fact": true, "initially": true, "with": false,
}

// cutShort is the message for a piece that ends while the parser still wants more,
// reported on its last token: the end of the incomplete clause, not whatever ended it.
func cutShort(last Token, what string) string {
	if exprOperators[last.Text] && (last.Kind == Punct || last.Kind == Keyword) {
		return "expected an expression after `" + last.Text + "`"
	}
	return "unexpected end of the " + what + " after " + describe(last)
}

// parseHint adds to the message of a parse error at toks[i] a hint naming the fix,
// and widens the error's span where the mistake covers two tokens (`<>`). When the
// fix is a replacement of the span, replacement is its text.
func parseHint(toks []Token, i int, sp source.Span, msg string) (hinted string, span source.Span, replacement string) {
	t := toks[i]
	var prev, next Token
	if i > 0 {
		prev = toks[i-1]
	}
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	switch {
	case prev.Text == "=" && afterWith(toks[:i-1]):
		return "unexpected " + describe(t) + " after `with … =`: the new value is one operand (a name, a literal, a lookup, `-x`); parenthesise a larger one, as in `m with [k] = (not m[k])` or `m with [k] = (m[k] + 1)`", sp, ""
	case t.Text == "=" && t.Kind == Punct:
		return "unexpected `=`; did you mean `==`? (`=` only defines: `const`, `type`, `fun`, `option` and `with` updates)", sp, "=="
	case t.Text == "=>" && t.Kind == Punct:
		return "unexpected `=>`; did you mean `implies`? (`=>` only separates a `cases` arm's guard from its value)", sp, "implies"
	case t.Text == ">" && prev.Text == "<" && prev.Span.End == t.Span.Start:
		return "unexpected `<>`; did you mean `!=`?", source.Span{Start: prev.Span.Start, End: t.Span.End}, "!="
	case t.Kind == Keyword && !declKeywords[t.Text] && reservedAsName(prev, next):
		// Renaming touches every use: no one-span replacement.
		return reservedMessage(t.Text), sp, ""
	case (t.Text == "(" || t.Text == ",") && next.Kind == Keyword && !declKeywords[next.Text] && i+2 < len(toks) && toks[i+2].Text == ":":
		// A parameter list that failed as a whole: participle stops at its start.
		return reservedMessage(next.Text), next.Span, ""
	}
	return msg, sp, ""
}

// reservedAsName reports whether a keyword stands where a name is declared: after a
// declaration keyword or a quantifier, or before the `:` of a parameter or a binding.
func reservedAsName(prev, next Token) bool {
	if prev.Kind == Keyword && (declKeywords[prev.Text] || prev.Text == "all" || prev.Text == "some" || prev.Text == "no") {
		return true
	}
	return (prev.Text == "(" || prev.Text == ",") && next.Text == ":" ||
		strings.HasPrefix(prev.Text, "{") && next.Text == ","
}

func reservedMessage(word string) string {
	return "`" + word + "` is a reserved word and cannot be a name; choose another, such as `" + word + "_` or `" + word + "Of`"
}

// afterWith reports whether toks (the tokens before an `=`) end in a `with` update's
// target: `with [k]` or `with .f`.
func afterWith(toks []Token) bool {
	n := len(toks)
	if n >= 3 && toks[n-3].Text == "with" && toks[n-2].Text == "." {
		return true
	}
	if n == 0 || toks[n-1].Text != "]" {
		return false
	}
	depth := 0
	for j := n - 1; j >= 0; j-- {
		switch toks[j].Text {
		case "]":
			depth++
		case "[":
			depth--
			if depth == 0 {
				return j > 0 && toks[j-1].Text == "with"
			}
		}
	}
	return false
}
