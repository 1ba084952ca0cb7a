package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/specls/specls/lang/diag"
)

// WriteSARIF writes a SARIF 2.1.0 log with one run: one rule per code of diag.Codes (so
// rule indices are stable whatever was found), one result per finding, columns counted
// in code points. A counterexample goes into the message (what viewers show) and, as
// the JSON of the language reference, into the result's property bag under
// "counterexample" (what programs read).
func WriteSARIF(w io.Writer, files []File, toolVersion string) error {
	ls := newLines(files)
	driver := sarif.NewToolComponent().WithName("specls")
	if toolVersion != "" {
		driver.WithVersion(toolVersion)
	}
	run := sarif.NewRun().WithTool(sarif.NewTool().WithDriver(driver)).WithColumnKind("unicodeCodePoints")
	ruleIndex := make(map[diag.Code]int, len(diag.Codes))
	for i, c := range diag.Codes {
		rule := sarif.NewRule(string(c.Code)).
			WithDescription(c.Summary).
			WithHelpURI(diag.HelpURI(c.Code)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(c.Severity)))
		if h, ok := diag.HelpFor(c.Code); ok {
			rule.WithHelp(sarif.NewMultiformatMessageString().WithText(h.Text()).WithMarkdown(h.Markdown()))
		}
		driver.AddRule(rule)
		ruleIndex[c.Code] = i
	}
	for _, f := range files {
		shown, omitted := capped(f.Findings)
		for _, o := range omitted {
			// One result stands for the findings left out, at the first of them.
			x := o.First
			x.Message, x.Related, x.Counterexample = o.Message(), nil, nil
			shown = append(shown, x)
		}
		for _, x := range shown {
			res := sarif.NewRuleResult(string(x.Code)).
				WithLevel(sarifLevel(x.Severity)).
				WithMessage(sarif.NewTextMessage(sarifMessage(x))).
				AddLocation(sarifLocation(ls, f.Path, x))
			if i, ok := ruleIndex[x.Code]; ok {
				res.WithRuleIndex(i)
			}
			for i, r := range x.Related {
				p := relatedPath(f.Path, r)
				loc := sarif.NewLocation().
					WithID(i).
					WithPhysicalLocation(physical(p, ls.rangeOf(p, r.Span)))
				if r.Message != "" {
					loc.WithMessage(sarif.NewTextMessage(r.Message))
				}
				res.AddRelatedLocation(loc)
			}
			if x.Counterexample != nil {
				js, err := x.Counterexample.MarshalJSON()
				if err != nil {
					return err
				}
				res.WithProperties(sarif.NewPropertyBag().Add("counterexample", json.RawMessage(js)))
			}
			run.AddResult(res)
		}
	}
	rep := sarif.NewReport().AddRun(run)
	return rep.PrettyWrite(w)
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return sarif.LevelError
	case diag.Warning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

func sarifMessage(x diag.Finding) string {
	if c := x.Counterexample.Short(); c != "" {
		return x.Message + "\nCounterexample: " + c
	}
	return x.Message
}

func sarifLocation(ls *lines, path string, x diag.Finding) *sarif.Location {
	return sarif.NewLocation().WithPhysicalLocation(physical(path, ls.rangeOf(path, x.Span)))
}

func physical(path string, r Range) *sarif.PhysicalLocation {
	region := sarif.NewRegion().
		WithStartLine(r.Start.Line).WithStartColumn(r.Start.Column).
		WithEndLine(r.End.Line).WithEndColumn(r.End.Column)
	return sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewArtifactLocation().WithURI(artifactURI(path))).
		WithRegion(region)
}

// artifactURI turns a path into the URI reference SARIF wants: forward slashes, and
// characters that are not allowed in a URI (spaces, '%', '#', '?') escaped. A relative
// path stays relative, which is what code-scanning services resolve against the
// repository root; an absolute one becomes a file: URI.
func artifactURI(path string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	if filepath.IsAbs(path) {
		u.Scheme = "file"
		return u.String()
	}
	return u.EscapedPath()
}
