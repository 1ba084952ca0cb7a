package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// ANSI styles, the palette of gcc and clang so that the output reads like theirs.
const (
	styleReset   = "\x1b[0m"
	styleBold    = "\x1b[1m"
	styleError   = "\x1b[1;31m"
	styleWarning = "\x1b[1;35m"
	styleNote    = "\x1b[1;36m"
	styleCaret   = "\x1b[1;32m"
)

// WriteText writes findings like a compiler does:
//
//	bank.specl:31:3: warning: message [code]
//	   31 |   requires open: status == Open
//	      |   ^~~~~~~~
//	    bank.specl:12:1: note: related message
//	    counterexample:
//	      where amount = 500
//	                initial   Deposit(amount: 500)
//	      balance   100       600 *
//
// then one line per property verdict, and a last line "N errors, M warnings, K hints".
func WriteText(w io.Writer, files []File, color bool) error {
	return writeText(w, files, Options{Color: color}, true)
}

// WriteFindings writes the findings as WriteText does, without property verdicts or
// the summary: for commands that stop at errors, such as `specls fmt` on a file that
// does not parse.
func WriteFindings(w io.Writer, files []File, color bool) error {
	return writeText(w, files, Options{Color: color}, false)
}

func writeText(w io.Writer, files []File, opts Options, verdicts bool) error {
	bw := bufio.NewWriter(w)
	t := textWriter{w: bw, color: opts.Color, verbose: opts.Verbose, lines: newLines(files)}
	for _, f := range files {
		shown, omitted := capped(f.Findings)
		for _, x := range shown {
			t.finding(f.Path, x)
		}
		for _, o := range omitted {
			fmt.Fprintf(bw, "%s %s\n", t.style(styleBold, f.Path+":"), o.Message())
		}
		if verdicts {
			for _, p := range f.Properties {
				t.property(f.Path, p)
			}
		}
	}
	if verdicts {
		fmt.Fprintln(bw, Summarize(files))
	}
	return bw.Flush()
}

type textWriter struct {
	w       *bufio.Writer
	color   bool
	verbose bool // every variable of a run, not only those read or changed
	lines   *lines
}

func (t *textWriter) style(style, s string) string {
	if !t.color || s == "" {
		return s
	}
	return style + s + styleReset
}

func severityStyle(s diag.Severity) string {
	switch s {
	case diag.Error:
		return styleError
	case diag.Warning:
		return styleWarning
	}
	return styleNote
}

func (t *textWriter) finding(path string, x diag.Finding) {
	fmt.Fprintf(t.w, "%s %s %s [%s]\n",
		t.style(styleBold, t.lines.location(path, x.Span)),
		t.style(severityStyle(x.Severity), x.Severity.String()+":"),
		t.style(styleBold, x.Message),
		x.Code)
	t.excerpt(path, x.Span)
	for _, r := range x.Related {
		p := relatedPath(path, r)
		fmt.Fprintf(t.w, "    %s %s %s\n", t.style(styleBold, t.lines.location(p, r.Span)), t.style(styleNote, "note:"), r.Message)
	}
	t.counterexample(x.Counterexample)
}

// excerpt shows the line where the span starts, with a caret under the span's part of
// that line: ^ under its first character and ~ under the rest.
func (t *textWriter) excerpt(path string, s source.Span) {
	x := t.lines.index(path)
	if x.Text() == "" {
		return
	}
	line := x.Line(s.Start)
	lineStart, lineEnd := x.LineStart(line), x.LineEnd(line)
	start := min(max(s.Start, lineStart), lineEnd)
	end := min(max(s.End, start), lineEnd)
	text := x.Text()
	number := strconv.Itoa(line + 1)
	gutter := strings.Repeat(" ", len(number)+1)
	// A long line is shown as a window around the span, cut at both ends with "…".
	from, to, before, after := window(text, lineStart, lineEnd, start)
	end = min(end, to)
	fmt.Fprintf(t.w, " %s | %s%s%s\n", number, before, strings.ToValidUTF8(text[from:to], "\uFFFD"), after)
	pad := padding(before + text[from:start])
	width := displayWidth(text[start:end])
	marker := "^" + strings.Repeat("~", max(width-1, 0))
	fmt.Fprintf(t.w, "%s | %s%s\n", gutter, pad, t.style(styleCaret, marker))
}

// maxExcerpt bounds the bytes of a source line an excerpt shows; windowLead is how
// much of it comes before the span.
const (
	maxExcerpt = 160
	windowLead = 60
)

// window chooses the part of the line [lineStart, lineEnd) to show around offset
// start: the whole line when short, else at most maxExcerpt bytes cut at character
// boundaries, with "…" where text was left out.
func window(text string, lineStart, lineEnd, start int) (from, to int, before, after string) {
	if lineEnd-lineStart <= maxExcerpt {
		return lineStart, lineEnd, "", ""
	}
	from = max(lineStart, start-windowLead)
	for from > lineStart && !utf8.RuneStart(text[from]) {
		from--
	}
	to = min(lineEnd, from+maxExcerpt)
	for to < lineEnd && !utf8.RuneStart(text[to]) {
		to--
	}
	if from > lineStart {
		before = "…"
	}
	if to < lineEnd {
		after = "…"
	}
	return from, to, before, after
}

// padding is blank space as wide on screen as prefix: tabs stay tabs so the caret lines
// up whatever the tab width, and wide characters get two spaces.
func padding(prefix string) string {
	var b strings.Builder
	for _, r := range prefix {
		if r == '\t' {
			b.WriteByte('\t')
			continue
		}
		b.WriteString(strings.Repeat(" ", runeWidth(r)))
	}
	return b.String()
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is the number of terminal cells a character takes: 0 for combining marks,
// 2 for East Asian wide and fullwidth characters and emoji, 1 otherwise. Only the caret
// line uses it; positions in every format count code points.
func runeWidth(r rune) int {
	switch {
	case r == utf8.RuneError:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case isWide(r):
		return 2
	}
	return 1
}

// wide lists the East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W
// and F) and the emoji blocks that terminals draw two cells wide.
var wide = []struct{ lo, hi rune }{
	{0x1100, 0x115F},   // Hangul Jamo initial consonants
	{0x231A, 0x231B},   // watch, hourglass
	{0x2329, 0x232A},   // angle brackets
	{0x23E9, 0x23EC},   // media controls
	{0x23F0, 0x23F0},   // alarm clock
	{0x23F3, 0x23F3},   // hourglass with sand
	{0x25FD, 0x25FE},   // small squares
	{0x2614, 0x2615},   // umbrella, hot beverage
	{0x2648, 0x2653},   // zodiac
	{0x267F, 0x267F},   // wheelchair
	{0x2693, 0x2693},   // anchor
	{0x26A1, 0x26A1},   // high voltage
	{0x26AA, 0x26AB},   // circles
	{0x26BD, 0x26BE},   // balls
	{0x26C4, 0x26C5},   // snowman, sun behind cloud
	{0x26CE, 0x26CE},   // ophiuchus
	{0x26D4, 0x26D4},   // no entry
	{0x26EA, 0x26EA},   // church
	{0x26F2, 0x26F3},   // fountain, golf
	{0x26F5, 0x26F5},   // sailboat
	{0x26FA, 0x26FA},   // tent
	{0x26FD, 0x26FD},   // fuel pump
	{0x2705, 0x2705},   // check mark button
	{0x270A, 0x270B},   // fists
	{0x2728, 0x2728},   // sparkles
	{0x274C, 0x274C},   // cross mark
	{0x274E, 0x274E},   // cross mark button
	{0x2753, 0x2755},   // question marks
	{0x2757, 0x2757},   // exclamation mark
	{0x2795, 0x2797},   // plus, minus, divide
	{0x27B0, 0x27B0},   // curly loop
	{0x27BF, 0x27BF},   // double curly loop
	{0x2B1B, 0x2B1C},   // large squares
	{0x2B50, 0x2B50},   // star
	{0x2B55, 0x2B55},   // circle
	{0x2E80, 0x303E},   // CJK radicals, Kangxi, CJK symbols and punctuation
	{0x3041, 0x33FF},   // Hiragana … CJK compatibility
	{0x3400, 0x4DBF},   // CJK extension A
	{0x4E00, 0x9FFF},   // CJK unified ideographs
	{0xA000, 0xA4CF},   // Yi
	{0xA960, 0xA97F},   // Hangul Jamo extended A
	{0xAC00, 0xD7A3},   // Hangul syllables
	{0xF900, 0xFAFF},   // CJK compatibility ideographs
	{0xFE10, 0xFE19},   // vertical forms
	{0xFE30, 0xFE6F},   // CJK compatibility forms, small forms
	{0xFF00, 0xFF60},   // fullwidth forms
	{0xFFE0, 0xFFE6},   // fullwidth signs
	{0x16FE0, 0x18CFF}, // Tangut and others
	{0x1AFF0, 0x1B2FF}, // Kana supplements, Nushu
	{0x1F004, 0x1F004}, // mahjong tile
	{0x1F0CF, 0x1F0CF}, // joker
	{0x1F18E, 0x1F18E}, // AB button
	{0x1F191, 0x1F19A}, // squared words
	{0x1F200, 0x1F2FF}, // enclosed ideographic supplement
	{0x1F300, 0x1F64F}, // pictographs, emoticons
	{0x1F680, 0x1F6FF}, // transport and map
	{0x1F7E0, 0x1F7EB}, // coloured circles and squares
	{0x1F90C, 0x1F9FF}, // supplemental symbols and pictographs
	{0x1FA70, 0x1FAFF}, // symbols and pictographs extended A
	{0x20000, 0x2FFFD}, // CJK extensions B–F
	{0x30000, 0x3FFFD}, // CJK extension G and later
}

func isWide(r rune) bool {
	if r < wide[0].lo {
		return false
	}
	for _, w := range wide {
		if r < w.lo {
			return false
		}
		if r <= w.hi {
			return true
		}
	}
	return false
}

// counterexample shows the evidence under a finding: the bound values, then the run
// as a table (see runLines).
func (t *textWriter) counterexample(c *diag.Counterexample) {
	if c == nil || (len(c.States) == 0 && len(c.Steps) == 0 && len(c.Bindings) == 0 && c.Attempted == "") {
		return
	}
	fmt.Fprintf(t.w, "    %s\n", t.style(styleNote, "counterexample:"))
	for _, line := range runLines(c, t.verbose) {
		fmt.Fprintf(t.w, "      %s\n", line)
	}
}

func bindings(bs []diag.Binding) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Name + " = " + b.Value.String()
	}
	return strings.Join(parts, ", ")
}

// property reports a verdict where the property is declared.
func (t *textWriter) property(path string, p diag.Property) {
	verdict := string(p.Status)
	switch p.Status {
	case diag.HoldsToDepth:
		verdict = "holds to depth " + strconv.Itoa(p.Depth)
	case diag.Undecided:
		if p.Reason != "" {
			verdict = "unknown (" + p.Reason + ")"
		}
	}
	fmt.Fprintf(t.w, "%s %s %s: %s\n", t.style(styleBold, t.lines.location(path, p.Span)), p.Kind, p.Name, verdict)
}
