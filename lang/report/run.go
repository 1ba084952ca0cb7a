package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/specls/specls/lang/diag"
)

// A run is laid out as a table, a column per state and a row per variable, the action
// that leads to each state (with its arguments) on top:
//
//	where amount = 500
//	                initial   Deposit(amount: 1)   Deposit(amount: 500)
//	   balance      0         1 *                  501 *
//	   status       Open      Open                 Open
//	then Deposit(amount: 500) cannot be taken
//
// A map or a record gets a row per entry (grants[Admin], cfg.on), so a change to one
// entry shows where it is; a value that differs from the one before it is marked
// with `*`. Unless verbose, only the variables the finding reads and the entries that
// change are shown, and a last line counts the rows left out.

// maxTableWidth is the width at which a long run is cut into several tables, each
// repeating the row names, so that a terminal does not wrap it.
const maxTableWidth = 100

// row is one variable, or one entry of a map or record, across the states of a run.
type row struct {
	name    string
	varName string // the variable the row belongs to
	cells   []string
	changed []bool
}

// flatten adds the rows of value v at state i: a map or record entry by entry
// (recursively), anything else as one cell.
func flatten(rows *[]*row, index map[string]*row, varName, name string, v diag.Value, i, n int) {
	switch v.Kind {
	case diag.MapValue:
		for _, e := range v.Entries {
			flatten(rows, index, varName, name+"["+e.Name+"]", e.Value, i, n)
		}
		return
	case diag.RecordValue:
		for _, e := range v.Entries {
			flatten(rows, index, varName, name+"."+e.Name, e.Value, i, n)
		}
		return
	}
	r := index[name]
	if r == nil {
		r = &row{name: name, varName: varName, cells: make([]string, n), changed: make([]bool, n)}
		index[name] = r
		*rows = append(*rows, r)
	}
	r.cells[i] = v.String()
}

// runLines lays out a counterexample as lines of text (without indentation).
func runLines(c *diag.Counterexample, verbose bool) []string {
	var out []string
	if len(c.Bindings) > 0 {
		out = append(out, "where "+bindings(c.Bindings))
	}
	n := len(c.States)
	var rows []*row
	index := map[string]*row{}
	for i, s := range c.States {
		for _, b := range s {
			flatten(&rows, index, b.Name, b.Name, b.Value, i, n)
		}
	}
	for _, r := range rows {
		for i := 1; i < n; i++ {
			r.changed[i] = r.cells[i] != r.cells[i-1]
		}
	}
	// Which rows to show: every row of a variable the finding reads, and every row
	// that changes somewhere in the run.
	shown := rows
	if !verbose && c.Reads != nil {
		reads := map[string]bool{}
		for _, v := range c.Reads {
			reads[v] = true
		}
		shown = nil
		for _, r := range rows {
			if reads[r.varName] || anyTrue(r.changed) {
				shown = append(shown, r)
			}
		}
	}
	if n == 1 {
		// One state (a static model, or an initial state): a list reads better.
		for _, r := range shown {
			out = append(out, r.name+" = "+r.cells[0])
		}
	} else if n > 0 {
		header := make([]string, n)
		header[0] = "initial"
		for i := 1; i < n; i++ {
			if i-1 < len(c.Steps) {
				header[i] = c.Steps[i-1]
			}
		}
		out = append(out, table(header, shown)...)
	}
	// Steps past the last state (a run cut short) still belong to the run.
	for i := max(n-1, 0); i < len(c.Steps); i++ {
		out = append(out, "→ "+c.Steps[i])
	}
	if c.Attempted != "" {
		out = append(out, "then "+c.Attempted+" cannot be taken")
	}
	if hidden := len(rows) - len(shown); hidden > 0 {
		out = append(out, "("+plural(hidden, "unchanged value")+" the finding does not read left out; --verbose shows them)")
	}
	return out
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// table lays out rows under a header, columns padded to their widest cell, cut into
// several tables when wider than maxTableWidth.
func table(header []string, rows []*row) []string {
	cell := func(r *row, i int) string {
		if r.changed[i] {
			return r.cells[i] + " *"
		}
		return r.cells[i]
	}
	nameWidth := 0
	for _, r := range rows {
		nameWidth = max(nameWidth, utf8.RuneCountInString(r.name))
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
		for _, r := range rows {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell(r, i)))
		}
	}
	var out []string
	for lo := 0; lo < len(header); {
		hi, width := lo+1, nameWidth+3+widths[lo]
		for hi < len(header) && width+3+widths[hi] <= maxTableWidth {
			width += 3 + widths[hi]
			hi++
		}
		line := func(name string, cells func(i int) string) string {
			var b strings.Builder
			b.WriteString(pad(name, nameWidth))
			for i := lo; i < hi; i++ {
				b.WriteString("   ")
				b.WriteString(pad(cells(i), widths[i]))
			}
			return strings.TrimRight(b.String(), " ")
		}
		if lo > 0 {
			out = append(out, "(continued from state "+strconv.Itoa(lo)+")")
		}
		out = append(out, line("", func(i int) string { return header[i] }))
		for _, r := range rows {
			out = append(out, line(r.name, func(i int) string { return cell(r, i) }))
		}
		lo = hi
	}
	return out
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(width-utf8.RuneCountInString(s), 0))
}

// RunTable lays out a run as the text output shows a counterexample (see above): a
// column per state under its step, changed values marked with `*`. verbose shows
// every variable, not only those the counterexample reads or changes.
func RunTable(c *diag.Counterexample, verbose bool) []string { return runLines(c, verbose) }
