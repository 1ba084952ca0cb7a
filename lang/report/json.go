package report

import (
	"encoding/json"
	"io"

	"github.com/specls/specls/lang/diag"
)

// The JSON document of the language reference ("Machine-readable output"). Arrays are
// always present, empty rather than null, so consumers need no nil checks.
type jsonDoc struct {
	Version int        `json:"version"`
	Files   []jsonFile `json:"files"`
	Summary Summary    `json:"summary"`
}

type jsonFile struct {
	Path        string           `json:"path"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Properties  []jsonProperty   `json:"properties"`
	// Omitted counts, per code, the findings beyond the caps (MaxPerCode,
	// MaxPerFile): they are in the summary, not in diagnostics. Present only when
	// something was left out.
	Omitted []jsonOmitted `json:"omitted,omitempty"`
}

type jsonOmitted struct {
	Code     diag.Code     `json:"code"`
	Severity diag.Severity `json:"severity"`
	Count    int           `json:"count"`
}

type jsonDiagnostic struct {
	Code           diag.Code            `json:"code"`
	Severity       diag.Severity        `json:"severity"`
	Range          Range                `json:"range"`
	Message        string               `json:"message"`
	Related        []jsonRelated        `json:"related"`
	Counterexample *diag.Counterexample `json:"counterexample,omitempty"`
}

type jsonRelated struct {
	Path    string `json:"path"`
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

type jsonProperty struct {
	Name   string              `json:"name"`
	Kind   string              `json:"kind"`
	Status diag.PropertyStatus `json:"status"`
	Reason string              `json:"reason,omitempty"`
	Depth  *int                `json:"depth,omitempty"`
}

// WriteJSON writes the JSON document of the language reference, indented, ending in a
// newline.
func WriteJSON(w io.Writer, files []File) error {
	ls := newLines(files)
	doc := jsonDoc{Version: 1, Files: make([]jsonFile, 0, len(files)), Summary: Summarize(files)}
	for _, f := range files {
		shown, omitted := capped(f.Findings)
		jf := jsonFile{Path: f.Path, Diagnostics: make([]jsonDiagnostic, 0, len(shown)), Properties: make([]jsonProperty, 0, len(f.Properties))}
		for _, o := range omitted {
			jf.Omitted = append(jf.Omitted, jsonOmitted{Code: o.Code, Severity: o.Severity, Count: o.Count})
		}
		for _, x := range shown {
			d := jsonDiagnostic{
				Code:           x.Code,
				Severity:       x.Severity,
				Range:          ls.rangeOf(f.Path, x.Span),
				Message:        x.Message,
				Related:        make([]jsonRelated, 0, len(x.Related)),
				Counterexample: x.Counterexample,
			}
			for _, r := range x.Related {
				p := relatedPath(f.Path, r)
				d.Related = append(d.Related, jsonRelated{Path: p, Range: ls.rangeOf(p, r.Span), Message: r.Message})
			}
			jf.Diagnostics = append(jf.Diagnostics, d)
		}
		for _, p := range f.Properties {
			jp := jsonProperty{Name: p.Name, Kind: p.Kind, Status: p.Status, Reason: p.Reason}
			if p.Status == diag.HoldsToDepth {
				depth := p.Depth
				jp.Depth = &depth
			}
			jf.Properties = append(jf.Properties, jp)
		}
		doc.Files = append(doc.Files, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote Specl, where `<=` and `&` are common; keep them readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
