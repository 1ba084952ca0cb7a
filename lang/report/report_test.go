package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xeipuuv/gojsonschema"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// bank is a small file whose second line holds multi-byte characters, so that byte
// offsets, code points and screen cells all differ on it:
//
//	é is 2 bytes, 1 code point, 1 cell; 中 is 3 bytes, 1 code point, 2 cells;
//	😀 is 4 bytes, 1 code point (2 UTF-16 units), 2 cells.
const bank = "spec Bank\n" +
	"// é 中 😀\n" +
	"fact F: x == 中\n" +
	"\tfact G: y\n"

// span finds the n-th (0-based) occurrence of sub in text.
func span(t *testing.T, text, sub string, n int) source.Span {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(text[off:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d not found", sub, n)
		}
		if i == n {
			return source.Span{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

func sampleFiles(t *testing.T) []File {
	t.Helper()
	cex := &diag.Counterexample{
		States: []diag.State{
			{{Name: "balance", Value: diag.Int(0)}, {Name: "status", Value: diag.Enum("Open")}},
			{{Name: "balance", Value: diag.Int(500)}, {Name: "status", Value: diag.Enum("Open")}},
		},
		Steps:    []string{"Deposit(amount: 500)"},
		Bindings: []diag.Binding{{Name: "r", Value: diag.Set(diag.Enum("Read"), diag.Enum("Write"))}},
	}
	return []File{
		{
			Path: "bank.specl",
			Text: bank,
			Findings: []diag.Finding{
				diag.New(diag.Name, span(t, bank, "中", 1), "unknown name 中 <here> & there"),
				{
					Code:     diag.Contradiction,
					Severity: diag.Error,
					Span:     span(t, bank, "x == 中", 0),
					Message:  "the facts admit no state",
					Related:  []diag.Related{{Span: span(t, bank, "y", 0), Message: "conflicts with G"}},
				},
				{
					Code:           diag.Vacuous,
					Severity:       diag.Warning,
					Span:           span(t, bank, "y", 0),
					Message:        "the premise never holds",
					Counterexample: cex,
				},
				diag.New(diag.Redundant, span(t, bank, "😀", 0), "implied by the other facts"),
			},
			Properties: []diag.Property{
				{Name: "F", Kind: "invariant", Span: span(t, bank, "F", 0), Status: diag.Proved},
				{Name: "G", Kind: "assert", Span: span(t, bank, "G", 0), Status: diag.HoldsToDepth, Depth: 10},
				{Name: "H", Kind: "assert", Span: span(t, bank, "G", 0), Status: diag.Undecided, Reason: "budget of 10 ms ran out"},
			},
		},
		{Path: "empty.specl", Text: ""},
	}
}

func TestColumnsCountCodePoints(t *testing.T) {
	ls := newLines([]File{{Path: "a", Text: bank}})
	for _, c := range []struct {
		sub  string
		n    int
		want Range
	}{
		{"é", 0, Range{Position{2, 4}, Position{2, 5}}},
		{"中", 0, Range{Position{2, 6}, Position{2, 7}}},
		{"😀", 0, Range{Position{2, 8}, Position{2, 9}}},
		{"中", 1, Range{Position{3, 14}, Position{3, 15}}},
		{"fact G", 0, Range{Position{4, 2}, Position{4, 8}}},
	} {
		if got := ls.rangeOf("a", span(t, bank, c.sub, c.n)); got != c.want {
			t.Errorf("%q #%d: got %v, want %v", c.sub, c.n, got, c.want)
		}
	}
	// A span ending at a line's end points just past its last character; an empty span
	// at the end of the file sits on the last (empty) line.
	if got := ls.rangeOf("a", source.Span{Start: 10, End: 24}); got != (Range{Position{2, 1}, Position{2, 9}}) {
		t.Errorf("whole line 2: got %v", got)
	}
	if got := ls.rangeOf("a", source.Span{Start: len(bank), End: len(bank)}); got != (Range{Position{5, 1}, Position{5, 1}}) {
		t.Errorf("end of file: got %v", got)
	}
	// A related location in a file that is not being rendered has no text to count in.
	if got := ls.rangeOf("elsewhere.specl", source.Span{Start: 30, End: 40}); got != (Range{Position{1, 1}, Position{1, 1}}) {
		t.Errorf("unknown file: got %v", got)
	}
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleFiles(t)); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "files": [
    {
      "path": "bank.specl",
      "diagnostics": [
        {
          "code": "name",
          "severity": "error",
          "range": {
            "start": {
              "line": 3,
              "column": 14
            },
            "end": {
              "line": 3,
              "column": 15
            }
          },
          "message": "unknown name 中 <here> & there",
          "related": []
        },
        {
          "code": "contradiction",
          "severity": "error",
          "range": {
            "start": {
              "line": 3,
              "column": 9
            },
            "end": {
              "line": 3,
              "column": 15
            }
          },
          "message": "the facts admit no state",
          "related": [
            {
              "path": "bank.specl",
              "range": {
                "start": {
                  "line": 4,
                  "column": 10
                },
                "end": {
                  "line": 4,
                  "column": 11
                }
              },
              "message": "conflicts with G"
            }
          ]
        },
        {
          "code": "vacuous",
          "severity": "warning",
          "range": {
            "start": {
              "line": 4,
              "column": 10
            },
            "end": {
              "line": 4,
              "column": 11
            }
          },
          "message": "the premise never holds",
          "related": [],
          "counterexample": {
            "states": [
              {
                "balance": 0,
                "status": "Open"
              },
              {
                "balance": 500,
                "status": "Open"
              }
            ],
            "steps": [
              "Deposit(amount: 500)"
            ],
            "bindings": {
              "r": [
                "Read",
                "Write"
              ]
            }
          }
        },
        {
          "code": "redundant",
          "severity": "hint",
          "range": {
            "start": {
              "line": 2,
              "column": 8
            },
            "end": {
              "line": 2,
              "column": 9
            }
          },
          "message": "implied by the other facts",
          "related": []
        }
      ],
      "properties": [
        {
          "name": "F",
          "kind": "invariant",
          "status": "proved"
        },
        {
          "name": "G",
          "kind": "assert",
          "status": "holds-to-depth",
          "depth": 10
        },
        {
          "name": "H",
          "kind": "assert",
          "status": "unknown",
          "reason": "budget of 10 ms ran out"
        }
      ]
    },
    {
      "path": "empty.specl",
      "diagnostics": [],
      "properties": []
    }
  ],
  "summary": {
    "errors": 2,
    "warnings": 1,
    "hints": 1
  }
}
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !json.Valid(b.Bytes()) {
		t.Error("not valid JSON")
	}
}

func TestJSONNoFiles(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	want := `{"version":1,"files":[],"summary":{"errors":0,"warnings":0,"hints":0}}`
	if compact.String() != want {
		t.Errorf("got %s, want %s", compact.String(), want)
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, sampleFiles(t), false); err != nil {
		t.Fatal(err)
	}
	// The caret lines up under wide characters (two cells each) and keeps the tab.
	want := "bank.specl:3:14: error: unknown name 中 <here> & there [name]\n" +
		" 3 | fact F: x == 中\n" +
		"   |              ^~\n" +
		"bank.specl:3:9: error: the facts admit no state [contradiction]\n" +
		" 3 | fact F: x == 中\n" +
		"   |         ^~~~~~~\n" +
		"    bank.specl:4:10: note: conflicts with G\n" +
		"bank.specl:4:10: warning: the premise never holds [vacuous]\n" +
		" 4 | \tfact G: y\n" +
		"   | \t        ^\n" +
		"    counterexample:\n" +
		"      where r = {Read, Write}\n" +
		"                initial   Deposit(amount: 500)\n" +
		"      balance   0         500 *\n" +
		"      status    Open      Open\n" +
		"bank.specl:2:8: hint: implied by the other facts [redundant]\n" +
		" 2 | // é 中 😀\n" +
		"   |         ^~\n" +
		"bank.specl:3:6: invariant F: proved\n" +
		"bank.specl:4:7: assert G: holds to depth 10\n" +
		"bank.specl:4:7: assert H: unknown (budget of 10 ms ran out)\n" +
		"2 errors, 1 warning, 1 hint\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextColor(t *testing.T) {
	files := []File{{Path: "a.specl", Text: "fact x\n", Findings: []diag.Finding{diag.New(diag.Type, source.Span{Start: 5, End: 6}, "not a bool")}}}
	var b bytes.Buffer
	if err := WriteText(&b, files, true); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[1ma.specl:1:6:\x1b[0m \x1b[1;31merror:\x1b[0m \x1b[1mnot a bool\x1b[0m [type]\n" +
		" 1 | fact x\n" +
		"   |      \x1b[1;32m^\x1b[0m\n" +
		"1 error, 0 warnings, 0 hints\n"
	if got := b.String(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestTextSpanEdges(t *testing.T) {
	text := "fact A: a and\n  b\nfact B: \xff\n"
	files := []File{{Path: "e.specl", Text: text, Findings: []diag.Finding{
		// Spans more than one line: the caret covers the first line's part.
		diag.New(diag.Type, source.Span{Start: 8, End: 17}, "multi-line"),
		// Empty at the end of the file.
		diag.New(diag.Syntax, source.Span{Start: len(text), End: len(text)}, "unexpected end of file"),
		// Invalid UTF-8 shows as U+FFFD, one cell.
		diag.New(diag.Syntax, source.Span{Start: 26, End: 27}, "invalid UTF-8"),
	}}}
	var b bytes.Buffer
	if err := WriteText(&b, files, false); err != nil {
		t.Fatal(err)
	}
	want := "e.specl:1:9: error: multi-line [type]\n" +
		" 1 | fact A: a and\n" +
		"   |         ^~~~~\n" +
		"e.specl:4:1: error: unexpected end of file [syntax]\n" +
		" 4 | \n" +
		"   | ^\n" +
		"e.specl:3:9: error: invalid UTF-8 [syntax]\n" +
		" 3 | fact B: \uFFFD\n" +
		"   |         ^\n" +
		"3 errors, 0 warnings, 0 hints\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextCounterexampleShapes(t *testing.T) {
	one := &diag.Counterexample{States: []diag.State{{{Name: "mfa", Value: diag.Map(diag.Binding{Name: "Admin", Value: diag.Bool(false)})}}}}
	cut := &diag.Counterexample{
		States: []diag.State{{{Name: "n", Value: diag.Int(0)}}},
		Steps:  []string{"Inc", "Inc"},
	}
	files := []File{{Path: "c.specl", Text: "x\n", Findings: []diag.Finding{
		{Code: diag.AssertViolated, Severity: diag.Error, Span: source.Span{Start: 0, End: 1}, Message: "static", Counterexample: one},
		{Code: diag.ExampleFailed, Severity: diag.Error, Span: source.Span{Start: 0, End: 1}, Message: "cut", Counterexample: cut},
	}}}
	var b bytes.Buffer
	if err := WriteText(&b, files, false); err != nil {
		t.Fatal(err)
	}
	want := "c.specl:1:1: error: static [assert-violated]\n" +
		" 1 | x\n" +
		"   | ^\n" +
		"    counterexample:\n" +
		"      mfa[Admin] = false\n" +
		"c.specl:1:1: error: cut [example-failed]\n" +
		" 1 | x\n" +
		"   | ^\n" +
		"    counterexample:\n" +
		"      n = 0\n" +
		"      → Inc\n" +
		"      → Inc\n" +
		"2 errors, 0 warnings, 0 hints\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGitHub(t *testing.T) {
	text := "fact a: b\n中 x\n"
	files := []File{{Path: "dir,1/a:b%.specl", Text: text, Findings: []diag.Finding{
		diag.New(diag.Name, source.Span{Start: 8, End: 9}, "%s", "100% unknown\r\nname"),
		{Code: diag.Vacuous, Severity: diag.Warning, Span: source.Span{Start: 14, End: 15}, Message: "w",
			Related:        []diag.Related{{Span: source.Span{Start: 0, End: 4}, Message: "here"}},
			Counterexample: &diag.Counterexample{Bindings: []diag.Binding{{Name: "r", Value: diag.Enum("Admin")}}}},
		diag.New(diag.Redundant, source.Span{Start: 0, End: 10}, "h"),
	}}}
	var b bytes.Buffer
	if err := WriteGitHub(&b, files); err != nil {
		t.Fatal(err)
	}
	want := "::error file=dir%2C1/a%3Ab%25.specl,line=1,col=9,endLine=1,endColumn=10,title=name::100%25 unknown%0D%0Aname\n" +
		"::warning file=dir%2C1/a%3Ab%25.specl,line=2,col=3,endLine=2,endColumn=4,title=vacuous::w%0Adir,1/a:b%25.specl:1:1: here%0Acounterexample: r = Admin\n" +
		"::notice file=dir%2C1/a%3Ab%25.specl,line=1,col=1,endLine=2,endColumn=1,title=redundant::h\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// The schema is the OASIS SARIF 2.1.0 schema (errata01), as go-sarif ships it in its
// module (pkg/report/v210/sarif/schema.go), copied verbatim into testdata.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schema, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, files := range [][]File{sampleFiles(t), nil} {
		var b bytes.Buffer
		if err := WriteSARIF(&b, files, "v1.2.3"); err != nil {
			t.Fatal(err)
		}
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors() {
			t.Errorf("schema: %s", e)
		}
	}
	// The validator must be able to fail: a level SARIF does not know is rejected.
	var b bytes.Buffer
	if err := WriteSARIF(&b, sampleFiles(t), ""); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(b.String(), `"level": "note"`, `"level": "hint"`, 1)
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewStringLoader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid() {
		t.Error("a result with level \"hint\" passed the schema")
	}
}

func TestSARIFContent(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, sampleFiles(t), "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	type region struct{ StartLine, StartColumn, EndLine, EndColumn int }
	type location struct {
		ID               *int
		PhysicalLocation struct {
			ArtifactLocation struct{ URI string }
			Region           region
		}
		Message *struct{ Text string }
	}
	var log struct {
		Version string
		Runs    []struct {
			ColumnKind string
			Tool       struct {
				Driver struct {
					Name, Version string
					Rules         []struct {
						ID                   string
						ShortDescription     struct{ Text string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID           string
				RuleIndex        int
				Level            string
				Message          struct{ Text string }
				Locations        []location
				RelatedLocations []location
				Properties       map[string]json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if run.Tool.Driver.Name != "specls" || run.Tool.Driver.Version != "v1.2.3" {
		t.Errorf("driver %q %q", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	if len(run.Tool.Driver.Rules) != len(diag.Codes) {
		t.Fatalf("%d rules, want %d", len(run.Tool.Driver.Rules), len(diag.Codes))
	}
	for i, c := range diag.Codes {
		r := run.Tool.Driver.Rules[i]
		if r.ID != string(c.Code) || r.ShortDescription.Text != c.Summary || r.DefaultConfiguration.Level != sarifLevel(c.Severity) {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	type summary struct {
		rule       string
		index      int
		level      string
		msg        string
		r          region
		related    int
		hasCounter bool
	}
	var got []summary
	for _, res := range run.Results {
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "bank.specl" {
			t.Errorf("%s: locations %+v", res.RuleID, res.Locations)
			continue
		}
		_, has := res.Properties["counterexample"]
		got = append(got, summary{res.RuleID, res.RuleIndex, res.Level, res.Message.Text, res.Locations[0].PhysicalLocation.Region, len(res.RelatedLocations), has})
	}
	want := []summary{
		{"name", 1, "error", "unknown name 中 <here> & there", region{3, 14, 3, 15}, 0, false},
		{"contradiction", 3, "error", "the facts admit no state", region{3, 9, 3, 15}, 1, false},
		{"vacuous", 6, "warning", "the premise never holds\nCounterexample: r = {Read, Write}; s0: balance = 0, status = Open; Deposit(amount: 500) → s1: balance = 500, status = Open", region{4, 10, 4, 11}, 0, true},
		{"redundant", 8, "note", "implied by the other facts", region{2, 8, 2, 9}, 0, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	rel := run.Results[1].RelatedLocations[0]
	if rel.ID == nil || *rel.ID != 0 || rel.Message == nil || rel.Message.Text != "conflicts with G" ||
		rel.PhysicalLocation.Region != (region{4, 10, 4, 11}) {
		t.Errorf("related location %+v", rel)
	}
	var cex bytes.Buffer
	if err := json.Compact(&cex, run.Results[2].Properties["counterexample"]); err != nil {
		t.Fatal(err)
	}
	if want := `{"states":[{"balance":0,"status":"Open"},{"balance":500,"status":"Open"}],"steps":["Deposit(amount: 500)"],"bindings":{"r":["Read","Write"]}}`; cex.String() != want {
		t.Errorf("counterexample property %s", cex.String())
	}
}

func TestArtifactURI(t *testing.T) {
	for in, want := range map[string]string{
		"bank.specl":        "bank.specl",
		"dir/my spec.specl": "dir/my%20spec.specl",
		"a#b?.specl":        "a%23b%3F.specl",
		"100%.specl":        "100%25.specl",
		"/abs/中.specl":      "file:///abs/%E4%B8%AD.specl",
	} {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummaryAndWrite(t *testing.T) {
	if got := (Summary{Errors: 1, Warnings: 0, Hints: 2}).String(); got != "1 error, 0 warnings, 2 hints" {
		t.Errorf("summary %q", got)
	}
	files := []File{{Path: "a", Findings: []diag.Finding{{Code: diag.Unknown, Severity: diag.Info}}}}
	if got := Summarize(files); got != (Summary{Hints: 1}) {
		t.Errorf("info counted as %+v", got)
	}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Write(&b, f, sampleFiles(t), Options{}); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v, %d bytes", f, err, b.Len())
		}
	}
	if err := Write(&bytes.Buffer{}, "xml", nil, Options{}); err == nil || err.Error() != `unknown output format "xml"` {
		t.Errorf("xml: %v", err)
	}
}

func TestRuneWidth(t *testing.T) {
	for r, want := range map[rune]int{'a': 1, 'é': 1, '中': 2, '😀': 2, '\u0301': 0, 'ｱ': 1, 'Ａ': 2, '가': 2} {
		if got := runeWidth(r); got != want {
			t.Errorf("runeWidth(%q) = %d, want %d", r, got, want)
		}
	}
}

func TestFindingsOnly(t *testing.T) {
	files := sampleFiles(t)
	files[0].Findings = files[0].Findings[:1]
	var b bytes.Buffer
	if err := WriteFindings(&b, files, false); err != nil {
		t.Fatal(err)
	}
	want := "bank.specl:3:14: error: unknown name 中 <here> & there [name]\n" +
		" 3 | fact F: x == 中\n" +
		"   |              ^~\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestCapsAndWindow: per code and per file caps, the omitted counts, and a long
// line shown as a window around the span.
func TestCapsAndWindow(t *testing.T) {
	var fs []diag.Finding
	for i := range 700 {
		code := diag.Type
		if i%2 == 1 {
			code = diag.Name
		}
		fs = append(fs, diag.New(code, source.Span{Start: i, End: i + 1}, "m"))
	}
	shown, omitted := capped(fs)
	if len(shown) != 2*MaxPerCode || len(omitted) != 2 || omitted[0].Count != 250 || omitted[1].Count != 250 {
		t.Fatalf("shown %d, omitted %+v", len(shown), omitted)
	}
	if got := omitted[0].Message(); got != "and 250 more type errors (not shown)" {
		t.Errorf("message %q", got)
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands: %q", got)
	}
	line := strings.Repeat("ab ", 1000) + "é" + strings.Repeat("x", 1000)
	from, to, before, after := window(line, 0, len(line), 3000)
	if to-from > maxExcerpt || before != "…" || after != "…" || !utf8.ValidString(line[from:to]) || from > 3000 || to <= 3000 {
		t.Errorf("window [%d,%d) %q %q", from, to, before, after)
	}
	if from, to, b, a := window("short", 0, 5, 2); from != 0 || to != 5 || b != "" || a != "" {
		t.Errorf("a short line is cut")
	}
}
