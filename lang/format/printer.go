package format

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/parser"
)

// The printer writes tokens left to right. Whitespace between tokens is held as
// pending until the next token, so that comments lying before that token in the
// source can be written first: a comment that followed code on its source line goes
// before a pending line break, a comment on its own line after it. Positions are byte
// offsets into src; a token without a known position (-1) flushes no comments.

type pendKind int

const (
	pendNone pendKind = iota
	pendSpace
	pendLine
)

// pending is the whitespace owed before the next token. A line break is either
// structural (between declarations, clauses, arms; keeps the author's blank line when
// blank is set) or a continuation inside a clause (cont: one level deeper, no blank).
type pending struct {
	kind  pendKind
	cont  bool
	blank bool
}

type printer struct {
	src        string
	positional bool // the tree's spans refer to src (Source, File); false for Node
	comments   []*ast.Comment
	next       int        // index of the first comment not yet written
	lastEnd    int        // source offset just past the last positioned token or comment written
	toks       codeTokens // src's tokens after the last one written: where unlocated tokens stand

	out        strings.Builder
	indent     int // level of structural lines in the current body
	contLevel  int // level of continuation lines; 0: one deeper than indent
	lineIndent int // level of the current output line
	lineUsed   bool
	pend       pending
}

const indentUnit = "  "

// codeTokens reads the source's code tokens (comments left out) as the printer moves
// forward through them, holding only those it has looked at and not yet passed.
type codeTokens struct {
	sc   *parser.Scanner // nil: no source (Node)
	buf  []parser.Token
	done bool
}

// at is the i-th token not yet passed, or false past the end.
func (c *codeTokens) at(i int) (parser.Token, bool) {
	for len(c.buf) <= i && !c.done && c.sc != nil {
		t, ok := c.sc.Next()
		if !ok {
			c.done = true
		} else if t.Kind != parser.Comment {
			c.buf = append(c.buf, t)
		}
	}
	if i < len(c.buf) {
		return c.buf[i], true
	}
	return parser.Token{}, false
}

// drop passes the first token.
func (c *codeTokens) drop() {
	if len(c.buf) == 1 {
		c.buf = c.buf[:0] // the usual case: reuse the buffer from its start
		return
	}
	c.buf = c.buf[1:]
}

// at returns pos when the source holds text there, else -1: an anchor is only trusted
// when it is exactly where the printer thinks it is.
func (p *printer) at(pos int, text string) int {
	if !p.positional || pos < 0 || pos+len(text) > len(p.src) || p.src[pos:pos+len(text)] != text {
		return -1
	}
	return pos
}

// tok writes text, which the source holds at pos (or -1: unknown).
func (p *printer) tok(pos int, text string) {
	pos = p.at(pos, text)
	if pos < 0 {
		pos = p.peek(text)
	}
	if pos >= 0 {
		p.flush(pos)
	}
	p.applyPending(pos)
	p.out.WriteString(text)
	p.lineUsed = true
	if pos >= 0 {
		p.lastEnd = pos + len(text)
		for t, ok := p.toks.at(0); ok && t.Span.Start < p.lastEnd; t, ok = p.toks.at(0) {
			p.toks.drop()
		}
	}
}

// peek finds an unlocated token (a keyword or punctuation the tree does not place) in
// the source: a parsed tree is printed in source order, so it is the next source
// token, past any comma the printer drops. -1 when the next token is another one (a
// comma the printer adds).
func (p *printer) peek(text string) int {
	for i := 0; ; i++ {
		t, ok := p.toks.at(i)
		if !ok {
			return -1
		}
		switch {
		case t.Text == text:
			return t.Span.Start
		case t.Text != ",":
			return -1
		}
	}
}

// word writes a token with no position of its own (a keyword or punctuation the tree
// does not locate).
func (p *printer) word(text string) { p.tok(-1, text) }

func (p *printer) space() {
	if p.pend.kind == pendNone {
		p.pend = pending{kind: pendSpace}
	}
}

// line asks for a structural line break before the next token; blank allows the
// author's blank line there.
func (p *printer) line(blank bool) { p.pend = pending{kind: pendLine, blank: blank} }

// softBreak separates two parts of an expression: a continuation line where the
// author broke the line between from and to, else a space.
func (p *printer) softBreak(from, to int) {
	if p.positional && from >= 0 && from <= to && to <= len(p.src) && strings.Contains(p.src[from:to], "\n") {
		p.pend = pending{kind: pendLine, cont: true}
		return
	}
	p.space()
}

// blankBefore reports whether the source has a blank line between the last thing
// written and pos.
func (p *printer) blankBefore(pos int) bool {
	if !p.positional || pos < 0 || pos > len(p.src) || p.lastEnd >= pos {
		return false
	}
	return strings.Count(p.src[p.lastEnd:pos], "\n") >= 2
}

func (p *printer) applyPending(pos int) {
	switch p.pend.kind {
	case pendSpace:
		if p.lineUsed {
			p.out.WriteByte(' ')
		}
	case pendLine:
		if p.out.Len() > 0 {
			p.out.WriteByte('\n')
			if p.pend.blank && p.blankBefore(pos) {
				p.out.WriteByte('\n')
			}
		}
		level := p.indent
		if p.pend.cont {
			level = p.indent + 1
			if p.contLevel > 0 {
				level = p.contLevel
			}
		}
		p.out.WriteString(strings.Repeat(indentUnit, level))
		p.lineIndent = level
		p.lineUsed = false
	}
	p.pend = pending{}
}

// flush writes every comment that starts before pos.
func (p *printer) flush(pos int) {
	for p.next < len(p.comments) && p.comments[p.next].Start < pos {
		p.comment(p.comments[p.next])
		p.next++
	}
}

func (p *printer) comment(c *ast.Comment) {
	text := c.Text
	line := strings.HasPrefix(text, "//")
	if line {
		text = strings.TrimRight(text, " \t\r\f")
	} else {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	from := min(p.lastEnd, c.Start)
	trailing := p.lineUsed && !strings.Contains(p.src[from:c.Start], "\n")
	if trailing {
		// Stays on the line of the code before it; a pending line break stays pending.
		if p.pend.kind != pendNone || line || !p.afterOpening() {
			p.out.WriteByte(' ')
		}
		p.out.WriteString(text)
		p.lastEnd = c.End
		switch {
		case line && p.pend.kind != pendLine:
			p.pend = pending{kind: pendLine, cont: true}
		case p.pend.kind == pendNone:
			p.pend = pending{kind: pendSpace}
		}
		return
	}
	// On its own line, indented like what follows it.
	if p.lineUsed && p.pend.kind != pendLine {
		p.pend = pending{kind: pendLine, cont: true}
	}
	cont := p.pend.cont
	p.applyPending(c.Start)
	p.out.WriteString(text)
	p.lineUsed = true
	p.lastEnd = c.End
	p.pend = pending{kind: pendLine, cont: cont, blank: true}
	if !line && p.codeFollows(c.End) {
		p.pend = pending{kind: pendSpace} // `/* note */ code` stays one line
	}
}

// afterOpening reports whether the output ends in an opening bracket, which a
// comment following it hugs: `f(/* note */ x)`.
func (p *printer) afterOpening() bool {
	s := p.out.String()
	return s != "" && strings.ContainsRune("([{", rune(s[len(s)-1]))
}

// codeFollows reports whether the source line goes on after pos with something other
// than a `//` comment.
func (p *printer) codeFollows(pos int) bool {
	rest := p.src[pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	return rest != "" && !strings.HasPrefix(rest, "//")
}

// body writes `{`, n items one per line, and `}` at close (the position of the
// closing brace, -1 when unknown). Items are indented one level deeper than the line
// the body opens on, so a `cases` in a continued line nests correctly.
func (p *printer) body(close int, n int, item func(i int)) {
	close = p.at(close, "}")
	if n == 0 && !p.commentBefore(close) {
		p.space()
		p.word("{")
		p.tok(close, "}")
		return
	}
	p.space()
	p.word("{")
	outer, saved, cont := p.lineIndent, p.indent, p.contLevel
	p.indent, p.contLevel = outer+1, 0
	for i := 0; i < n; i++ {
		p.line(i > 0)
		item(i)
	}
	p.line(false)
	if close >= 0 {
		p.flush(close)
	}
	p.indent = outer
	p.line(false)
	p.tok(close, "}")
	p.indent, p.contLevel = saved, cont
}

// commentBefore reports whether a comment not yet written starts before pos.
func (p *printer) commentBefore(pos int) bool {
	return pos >= 0 && p.next < len(p.comments) && p.comments[p.next].Start < pos
}

// finish writes the comments left at the end of the file and the final newline.
func (p *printer) finish() {
	p.line(true)
	p.flush(len(p.src) + 1)
	if p.out.Len() > 0 {
		p.out.WriteByte('\n')
	}
}
