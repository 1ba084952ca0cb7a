package check

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specls/specls/lang/source"
)

// TestCorpus runs every spec of examples/ and testdata/ through the whole pipeline and
// compares the findings (position and code), the property verdicts and the unique
// counterexamples with the .want file beside it.
func TestCorpus(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/check/*.specl", "../../testdata/syntax/*.specl", "../../testdata/qa/*.specl", "../../testdata/qa2/*.specl", "../../testdata/limits/*.specl"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no corpus found")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), ".specl"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, props, cexs := readWant(t, strings.TrimSuffix(path, ".specl")+".want")
			a := Analyze(context.Background(), string(src), Options{})
			idx := source.NewLineIndex(string(src))
			var got []string
			gotCex := map[string]string{}
			for _, f := range a.Findings {
				p := idx.Position(f.Span.Start, source.CodePoints)
				key := fmt.Sprintf("%d:%d", p.Line+1, p.Column+1)
				got = append(got, key+" "+string(f.Code))
				if f.Counterexample != nil {
					js, _ := json.Marshal(f.Counterexample)
					gotCex[key] = string(js)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				var msgs []string
				for _, f := range a.Findings {
					p := idx.Position(f.Span.Start, source.CodePoints)
					msgs = append(msgs, fmt.Sprintf("%d:%d %s %s", p.Line+1, p.Column+1, f.Code, f.Message))
				}
				t.Errorf("findings differ\n got:\n  %s\n want:\n  %s", strings.Join(msgs, "\n  "), strings.Join(want, "\n  "))
			}
			for name, status := range props {
				found := false
				for _, p := range a.Properties {
					if p.Name == name {
						found = true
						if string(p.Status) != status {
							t.Errorf("property %s: got %s (%s), want %s", name, p.Status, p.Reason, status)
						}
					}
				}
				if !found {
					t.Errorf("property %s: no verdict, want %s", name, status)
				}
			}
			for at, js := range cexs {
				if !jsonEqual(gotCex[at], js) {
					t.Errorf("counterexample at %s:\n got  %s\n want %s", at, gotCex[at], js)
				}
			}
		})
	}
}

func readWant(t *testing.T, path string) (findings []string, props map[string]string, cexs map[string]string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("missing %s", path)
	}
	defer f.Close()
	props, cexs = map[string]string{}, map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "property "):
			fs := strings.Fields(line)
			props[fs[1]] = fs[2]
		case strings.HasPrefix(line, "cex "):
			rest := strings.TrimPrefix(line, "cex ")
			at, js, _ := strings.Cut(rest, " ")
			cexs[at] = js
		default:
			findings = append(findings, line)
		}
	}
	return findings, props, cexs
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
