// Package source holds byte-offset spans and the one line index that turns them into
// line/column positions (code points for the CLI, UTF-16 or UTF-8 or UTF-32 for LSP).
// Every other package speaks in byte offsets; only this one does position arithmetic.
// It imports nothing of ours, and anything may import it.
package source

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of byte offsets into a file's text.
type Span struct {
	Start, End int
}

// Bounds returns the span itself; nodes embed Span and so satisfy interfaces that ask
// for Bounds.
func (s Span) Bounds() Span { return s }

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether offset lies in the span; the end is included so that a
// cursor just after a name still counts as on it.
func (s Span) Contains(offset int) bool { return s.Start <= offset && offset <= s.End }

// Join returns the smallest span covering both.
func (s Span) Join(t Span) Span {
	if t.Start < s.Start {
		s.Start = t.Start
	}
	if t.End > s.End {
		s.End = t.End
	}
	return s
}

// Encoding is how a column counts the characters before it on its line.
type Encoding int

const (
	CodePoints Encoding = iota // Unicode code points (CLI, SARIF, JSON output)
	UTF16                      // UTF-16 code units (LSP's default)
	UTF8                       // bytes
)

// Position is a 0-based line and a 0-based column in some Encoding.
type Position struct {
	Line, Column int
}

// LineIndex converts between byte offsets and line/column positions of one text.
type LineIndex struct {
	text  string
	lines []int // byte offset of the start of each line
}

// NewLineIndex indexes text. Lines end at "\n"; a "\r" before it belongs to the line.
func NewLineIndex(text string) *LineIndex {
	lines := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &LineIndex{text: text, lines: lines}
}

// Text is the indexed text.
func (x *LineIndex) Text() string { return x.text }

// LineCount is the number of lines (a final line without "\n" counts).
func (x *LineIndex) LineCount() int { return len(x.lines) }

// LineStart is the byte offset where 0-based line starts (clamped).
func (x *LineIndex) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(x.lines) {
		return len(x.text)
	}
	return x.lines[line]
}

// LineEnd is the byte offset of the end of the 0-based line, before "\r\n" or "\n".
func (x *LineIndex) LineEnd(line int) int {
	end := len(x.text)
	if line+1 < len(x.lines) {
		end = x.lines[line+1] - 1
		if end > x.LineStart(line) && x.text[end-1] == '\r' {
			end--
		}
	}
	return end
}

// LineText is the text of the 0-based line without its line ending.
func (x *LineIndex) LineText(line int) string {
	return x.text[x.LineStart(line):x.LineEnd(line)]
}

// Line is the 0-based line holding offset.
func (x *LineIndex) Line(offset int) int {
	offset = x.clamp(offset)
	return sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > offset }) - 1
}

func (x *LineIndex) clamp(offset int) int {
	if offset < 0 {
		return 0
	}
	if offset > len(x.text) {
		return len(x.text)
	}
	return offset
}

// Position converts a byte offset to a 0-based line and a column in enc. An offset in
// the middle of a multi-byte character counts from that character's start.
func (x *LineIndex) Position(offset int, enc Encoding) Position {
	offset = x.clamp(offset)
	line := x.Line(offset)
	start := x.lines[line]
	col := 0
	for i := start; i < offset; {
		r, size := utf8.DecodeRuneInString(x.text[i:])
		if i+size > offset {
			break
		}
		col += width(r, size, enc)
		i += size
	}
	return Position{Line: line, Column: col}
}

// Offset converts a 0-based line and column in enc back to a byte offset. Columns past
// the end of the line land at its end; a column inside a surrogate pair lands after it.
func (x *LineIndex) Offset(p Position, enc Encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.lines) {
		return len(x.text)
	}
	i, end := x.lines[p.Line], x.LineEnd(p.Line)
	for col := 0; col < p.Column && i < end; {
		r, size := utf8.DecodeRuneInString(x.text[i:])
		col += width(r, size, enc)
		i += size
	}
	return i
}

func width(r rune, size int, enc Encoding) int {
	switch enc {
	case UTF8:
		return size
	case UTF16:
		if r == utf8.RuneError && size == 1 {
			return 1 // an invalid byte is shown as U+FFFD, one unit
		}
		return len(utf16.Encode([]rune{r}))
	default:
		return 1
	}
}
