// Package report renders the findings and property verdicts of checked files for people
// and machines: compiler-style text, the JSON document of the language reference, SARIF
// 2.1.0 and GitHub workflow annotations. It is the one place where spans become line and
// column numbers for output; it does no analysis and no file I/O (it writes to the
// io.Writer it is given). cmd/specls imports it; the language server does not need it.
package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// File is one checked file: its path as the user named it, its text (spans are byte
// offsets into it), and what the analysis said about it.
type File struct {
	Path       string
	Text       string
	Findings   []diag.Finding
	Properties []diag.Property
}

// Format names an output format of `specls check --format`.
type Format string

const (
	Text   Format = "text"
	JSON   Format = "json"
	SARIF  Format = "sarif"
	GitHub Format = "github"
)

// Formats lists every format, the default first.
var Formats = []Format{Text, JSON, SARIF, GitHub}

// Options tune the renderers; the zero value is fine for every format.
type Options struct {
	// Color adds ANSI colours to text output (the caller decides: a terminal, no NO_COLOR).
	Color bool
	// ToolVersion is the specls version recorded in SARIF output; empty leaves it out.
	ToolVersion string
	// Verbose shows every variable of a run in text output, not only those the
	// finding reads and those that change.
	Verbose bool
}

// Write renders files in the given format.
func Write(w io.Writer, format Format, files []File, opts Options) error {
	switch format {
	case Text:
		return writeText(w, files, opts, true)
	case JSON:
		return WriteJSON(w, files)
	case SARIF:
		return WriteSARIF(w, files, opts.ToolVersion)
	case GitHub:
		return WriteGitHub(w, files)
	}
	return fmt.Errorf("unknown output format %q", string(format))
}

// Summary counts findings by severity. Info findings count as hints: both are below a
// warning, and the summary of the language reference has only these three counts.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Hints    int `json:"hints"`
}

// Summarize counts the findings of all files.
func Summarize(files []File) Summary {
	var s Summary
	for _, f := range files {
		for _, x := range f.Findings {
			switch x.Severity {
			case diag.Error:
				s.Errors++
			case diag.Warning:
				s.Warnings++
			default:
				s.Hints++
			}
		}
	}
	return s
}

// String reads "1 error, 2 warnings, 0 hints".
func (s Summary) String() string {
	return plural(s.Errors, "error") + ", " + plural(s.Warnings, "warning") + ", " + plural(s.Hints, "hint")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Position is a 1-based line and a 1-based column counted in Unicode code points, the
// positions of every output format.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Range runs from Start to End, End just past the range's last character.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// lines resolves spans of the files being rendered. A related location may name
// another file; one that is not among them has no known text, so its spans resolve
// against the empty text (line 1, column 1) rather than against the wrong file.
type lines struct {
	byPath map[string]*source.LineIndex
}

func newLines(files []File) *lines {
	l := &lines{byPath: make(map[string]*source.LineIndex, len(files))}
	for _, f := range files {
		if _, ok := l.byPath[f.Path]; !ok {
			l.byPath[f.Path] = source.NewLineIndex(f.Text)
		}
	}
	return l
}

func (l *lines) index(path string) *source.LineIndex {
	if x, ok := l.byPath[path]; ok {
		return x
	}
	x := source.NewLineIndex("")
	l.byPath[path] = x
	return x
}

func (l *lines) rangeOf(path string, s source.Span) Range {
	x := l.index(path)
	return Range{Start: position(x, s.Start), End: position(x, s.End)}
}

// location is "path:line:col:", how text output and messages point at a span.
func (l *lines) location(path string, s source.Span) string {
	p := l.rangeOf(path, s).Start
	return path + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) + ":"
}

func position(x *source.LineIndex, offset int) Position {
	p := x.Position(offset, source.CodePoints)
	return Position{Line: p.Line + 1, Column: p.Column + 1}
}

// relatedPath is the file a related location is in: its own path, or the finding's.
func relatedPath(file string, r diag.Related) string {
	if r.Path == "" {
		return file
	}
	return r.Path
}
