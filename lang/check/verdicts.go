package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// ExampleVerdict is the checker's verdict on one example or nonexample, as a value
// (the findings say the same in words): what specls mutate and synth compare.
type ExampleVerdict struct {
	Name     string
	Negative bool        // a nonexample
	Span     source.Span // the name
	// Status is "passes" (an example's run is possible with its expects met; a
	// nonexample's run is impossible), "fails" (it has its example-failed or
	// nonexample-admitted finding) or "unknown" (not decided: Reason says why).
	Status string
	Reason string
}

// Kind is "example" or "nonexample".
func (v ExampleVerdict) Kind() string {
	if v.Negative {
		return "nonexample"
	}
	return "example"
}

// notAsked is why a question is unknown after Options.Stop ended the check.
const notAsked = "not asked: the check was stopped at an earlier verdict"

// judged records the verdict of an example just asked, from the findings its
// questions added, and tells Options.Stop; it reports whether the check is to stop.
func (c *checker) judged(ex *ast.ExampleDecl, added []diag.Finding) bool {
	v := ExampleVerdict{Name: ex.Name.Name, Negative: ex.Negative, Span: ex.Name.Span, Status: "passes"}
	for _, f := range added {
		switch f.Code {
		case diag.ExampleFailed, diag.NonexampleAdmitted:
			v.Status, v.Reason = "fails", ""
		case diag.Unknown:
			if v.Status == "passes" {
				v.Status, v.Reason = "unknown", f.Message
			}
		}
	}
	c.exVerdicts[ex] = v
	if c.stop != nil && c.stop(v) {
		c.stopped = true
	}
	return c.stopped
}

// exampleVerdicts lists every named example's verdict in source order: an example
// the check never asked is unknown, with the reason it was not asked (never a pass).
func (c *checker) exampleVerdicts() []ExampleVerdict {
	var out []ExampleVerdict
	for _, d := range c.file.Decls {
		ex, ok := d.(*ast.ExampleDecl)
		if !ok || ex.Name == nil {
			continue
		}
		if v, ok := c.exVerdicts[ex]; ok {
			out = append(out, v)
			continue
		}
		v := ExampleVerdict{Name: ex.Name.Name, Negative: ex.Negative, Span: ex.Name.Span, Status: "unknown"}
		switch {
		case c.stopped:
			v.Reason = notAsked
		case c.info.Broken(ex):
			v.Reason = "it does not check (see its syntax, name or type finding)"
		case c.gaps[ex] != "":
			v.Reason = c.gaps[ex]
		case c.examplesDone && c.exampleGap(ex) != "":
			v.Reason = c.exampleGap(ex)
		case c.unchecked != "":
			v.Reason = "not asked: " + c.unchecked
		default:
			v.Reason = "not asked: the check ended before the examples"
		}
		out = append(out, v)
	}
	return out
}
