package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/specls/specls/lang/diag"
)

// WriteGitHub writes one GitHub Actions workflow command per finding:
//
//	::error file=bank.specl,line=3,col=1,endLine=3,endColumn=9,title=name::message
//
// errors as error, warnings as warning, hints as notice. Related locations and the
// counterexample follow the message on lines of their own (an annotation shows them).
func WriteGitHub(w io.Writer, files []File) error {
	bw := bufio.NewWriter(w)
	ls := newLines(files)
	for _, f := range files {
		shown, omitted := capped(f.Findings)
		for _, o := range omitted {
			// One annotation stands for the findings left out, at the first of them.
			x := o.First
			x.Message, x.Related, x.Counterexample = o.Message(), nil, nil
			shown = append(shown, x)
		}
		for _, x := range shown {
			r := ls.rangeOf(f.Path, x.Span)
			msg := x.Message
			for _, rel := range x.Related {
				msg += "\n" + ls.location(relatedPath(f.Path, rel), rel.Span) + " " + rel.Message
			}
			if c := x.Counterexample.Short(); c != "" {
				msg += "\ncounterexample: " + c
			}
			fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				githubLevel(x.Severity), escapeProperty(f.Path),
				r.Start.Line, r.Start.Column, r.End.Line, r.End.Column,
				escapeProperty(string(x.Code)), escapeData(msg))
		}
	}
	return bw.Flush()
}

func githubLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a command's message the way the Actions runner unescapes it
// (toolkit's command.ts: escapeData).
var escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeProperty escapes a property value; ':' and ',' would end it early
// (toolkit's command.ts: escapeProperty).
var escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
