package report

import (
	"strconv"

	"github.com/specls/specls/lang/diag"
)

// A file may have thousands of findings (10,000 facts out of range, a generated spec
// gone wrong); printing them all buries the first ones and can take gigabytes. So
// each format shows, per file, the first MaxPerCode findings of each code and at
// most MaxPerFile in all (in position order), and sums up the rest in one line per
// code. The summary counts and the exit status still count every finding.
const (
	MaxPerCode = 100
	MaxPerFile = 500
)

// Omitted is how many findings of one code a file had beyond the caps; First is the
// first of them (where a format needs a location).
type Omitted struct {
	Code     diag.Code
	Severity diag.Severity
	Count    int
	First    diag.Finding
}

// capped splits a file's findings into those shown and, per code in order of first
// appearance, those left out.
func capped(fs []diag.Finding) (shown []diag.Finding, omitted []Omitted) {
	if len(fs) <= MaxPerCode {
		return fs, nil
	}
	perCode := map[diag.Code]int{}
	index := map[diag.Code]int{}
	for _, f := range fs {
		if perCode[f.Code] < MaxPerCode && len(shown) < MaxPerFile {
			perCode[f.Code]++
			shown = append(shown, f)
			continue
		}
		i, ok := index[f.Code]
		if !ok {
			i = len(omitted)
			index[f.Code] = i
			omitted = append(omitted, Omitted{Code: f.Code, Severity: f.Severity, First: f})
		}
		omitted[i].Count++
	}
	return shown, omitted
}

// Message reads "and 9,900 more type errors (not shown)".
func (o Omitted) Message() string {
	noun := o.Severity.String()
	if o.Count != 1 {
		noun += "s"
	}
	return "and " + thousands(o.Count) + " more " + string(o.Code) + " " + noun + " (not shown)"
}

// thousands writes n with commas: 9,990.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
