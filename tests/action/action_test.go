//go:build unix

// Package action tests the composite GitHub Action (action.yml at the repository root)
// and the workflow of docs/ci.md: the action's shell steps are run with bash, in order,
// as the runner would run them (inputs and step outputs substituted, GITHUB_OUTPUT and
// GITHUB_PATH honoured), on specs with findings and on clean ones. Steps that use other
// actions (setup-go, upload-sarif) are not run; the test checks what they would get.
package action

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type step struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func loadAction(t *testing.T) actionFile {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	return a
}

var exprRE = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// run is one run of the action: its inputs, and the step outputs so far.
type run struct {
	t       *testing.T
	inputs  map[string]string
	outputs map[string]map[string]string // step id → name → value
	env     []string
	path    []string // GITHUB_PATH entries, newest first
	temp    string
	work    string
}

// expand substitutes the expressions the action uses: inputs.X and
// steps.ID.outputs.X. Any other expression fails the test (the emulation would lie).
func (r *run) expand(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		e := exprRE.FindStringSubmatch(m)[1]
		if name, ok := strings.CutPrefix(e, "inputs."); ok {
			return r.inputs[name]
		}
		if parts := strings.Split(e, "."); len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs" {
			return r.outputs[parts[1]][parts[3]]
		}
		r.t.Fatalf("expression %q is not emulated by the test", e)
		return ""
	})
}

// cond evaluates the `if:` forms the action uses: `A == 'x'`, `A != 'x'`, joined by &&.
func (r *run) cond(s string) bool {
	if s == "" {
		return true
	}
	for _, part := range strings.Split(s, "&&") {
		part = strings.TrimSpace(part)
		op := "=="
		if strings.Contains(part, "!=") {
			op = "!="
		}
		lhs, rhs, ok := strings.Cut(part, op)
		if !ok {
			r.t.Fatalf("if %q is not emulated by the test", s)
		}
		val := r.expand("${{ " + strings.TrimSpace(lhs) + " }}")
		want := strings.Trim(strings.TrimSpace(rhs), "'")
		if (val == want) != (op == "==") {
			return false
		}
	}
	return true
}

// exec runs the action's steps and returns the exit status of the first failing
// step (0 if none), and the combined output.
func (r *run) exec(steps []step) (int, string) {
	var all strings.Builder
	for i, s := range steps {
		if !r.cond(s.If) {
			continue
		}
		if s.Uses != "" {
			for k, v := range s.With {
				s.With[k] = r.expand(v)
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif") {
				r.checkSARIF(filepath.Join(r.work, s.With["sarif_file"]))
			}
			continue
		}
		if s.Shell != "bash" {
			r.t.Fatalf("step %q: shell %q, want bash (composite run steps need one)", s.Name, s.Shell)
		}
		out := filepath.Join(r.temp, fmt.Sprintf("output-%d", i))
		pathFile := filepath.Join(r.temp, fmt.Sprintf("path-%d", i))
		for _, f := range []string{out, pathFile} {
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				r.t.Fatal(err)
			}
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", r.expand(s.Run))
		cmd.Dir = r.work
		cmd.Env = append(append([]string(nil), r.env...),
			"PATH="+strings.Join(append(append([]string(nil), r.path...), os.Getenv("PATH")), string(os.PathListSeparator)),
			"GITHUB_OUTPUT="+out, "GITHUB_PATH="+pathFile)
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+r.expand(v))
		}
		b, err := cmd.CombinedOutput()
		all.Write(b)
		if s.ID != "" {
			r.outputs[s.ID] = readOutputs(r.t, out)
		}
		for _, p := range readLines(r.t, pathFile) {
			r.path = append([]string{p}, r.path...)
		}
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return ee.ExitCode(), all.String()
			}
			r.t.Fatalf("step %q: %v", s.Name, err)
		}
	}
	return 0, all.String()
}

func readLines(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			out = append(out, sc.Text())
		}
	}
	return out
}

func readOutputs(t *testing.T, path string) map[string]string {
	out := map[string]string{}
	for _, l := range readLines(t, path) {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q", l)
		}
		out[k] = v
	}
	return out
}

func (r *run) checkSARIF(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		r.t.Errorf("the SARIF report to upload: %v", err)
		return
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
		r.t.Errorf("the SARIF report is not SARIF 2.1.0 (%v):\n%s", err, b)
	}
	r.outputs["_sarif"] = map[string]string{"results": fmt.Sprint(len(log.Runs[0].Results))}
}

func newRun(t *testing.T, a actionFile, inputs map[string]string, files map[string]string) *run {
	root := repoRoot(t)
	r := &run{t: t, inputs: map[string]string{}, outputs: map[string]map[string]string{}, temp: t.TempDir(), work: t.TempDir()}
	for k, v := range a.Inputs {
		r.inputs[k] = v.Default
	}
	for k, v := range inputs {
		if _, ok := a.Inputs[k]; !ok {
			t.Fatalf("the action has no input %q", k)
		}
		r.inputs[k] = v
	}
	for name, text := range files {
		p := filepath.Join(r.work, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.env = append(os.Environ(), "GITHUB_ACTION_PATH="+root, "RUNNER_TEMP="+r.temp, "NO_COLOR=1")
	return r
}

const broken = `spec Counter
var n: 0..3
initially n == 0
action Inc {
  requires n < 3
  ensures n' == n + 1
}
invariant Small: n <= 1
`

const clean = `spec Counter

var n: 0..3
var done: bool

initially n == 0
initially not done

action Inc {
  requires n < 3
  ensures n' == n + 1
  ensures done' == (n' == 3)
}

invariant DoneAtTop: done implies n == 3
`

func TestActionOnFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds specls")
	}
	a := loadAction(t)
	r := newRun(t, a, map[string]string{"path": "specs"}, map[string]string{"specs/counter.specl": broken, "specs/ok.specl": clean})
	status, out := r.exec(a.Runs.Steps)
	if status != 1 {
		t.Fatalf("status %d, want 1 (an invariant fails):\n%s", status, out)
	}
	if !strings.Contains(out, "::error file=specs/counter.specl,line=8,col=11,") || !strings.Contains(out, "title=invariant-violated::invariant Small fails") {
		t.Errorf("no annotation for the violated invariant:\n%s", out)
	}
	if r.outputs["check"]["status"] != "1" || r.outputs["_sarif"]["results"] != "1" {
		t.Errorf("outputs %v, want status 1 and a SARIF report with one result uploaded", r.outputs)
	}
	if !regexp.MustCompile(`(?m)^specls [0-9.]+`).MatchString(out) {
		t.Errorf("the installed specls did not run:\n%s", out)
	}
}

func TestActionClean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds specls")
	}
	a := loadAction(t)
	r := newRun(t, a, map[string]string{"path": "ok.specl", "strict": "true", "format-check": "true", "upload-sarif": "false"}, map[string]string{"ok.specl": clean})
	status, out := r.exec(a.Runs.Steps)
	if status != 0 || strings.Contains(out, "::error") {
		t.Fatalf("status %d on a clean, formatted spec:\n%s", status, out)
	}
	if _, uploaded := r.outputs["_sarif"]; uploaded {
		t.Errorf("uploaded SARIF with upload-sarif: false")
	}
	// Not in canonical layout: the layout step fails with an annotation.
	r = newRun(t, a, map[string]string{"path": "ok.specl", "format-check": "true", "upload-sarif": "false"}, map[string]string{"ok.specl": strings.ReplaceAll(clean, "var n: 0..3", "var   n:0..3")})
	status, out = r.exec(a.Runs.Steps)
	if status != 1 || !strings.Contains(out, "::error file=ok.specl::not in canonical layout") {
		t.Errorf("status %d on an unformatted spec, want 1 with an annotation:\n%s", status, out)
	}
}

// TestWorkflowInDocs: the workflow of docs/ci.md is YAML that uses this action with
// inputs it declares.
func TestWorkflowInDocs(t *testing.T) {
	a := loadAction(t)
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "docs/ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\n")
	if !ok {
		t.Fatal("docs/ci.md has no yaml block")
	}
	wf, _, _ := strings.Cut(rest, "```")
	var w struct {
		Jobs map[string]struct {
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(wf), &w); err != nil {
		t.Fatalf("the workflow is not YAML: %v", err)
	}
	used := false
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			if !strings.HasPrefix(s.Uses, "specls/specls@") {
				continue
			}
			used = true
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("the workflow passes input %q, which the action does not declare", k)
				}
			}
		}
	}
	if !used {
		t.Error("the workflow does not use the action")
	}
}
