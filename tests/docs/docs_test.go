// Package docs tests the documentation: every ```specl snippet of README.md and
// docs/*.md parses, and where a snippet is followed by the output specls gives on it,
// that output is what the built specls prints today (so that docs cannot drift from
// the tool). `go test ./tests/docs -update` rewrites the outputs from the tool.
package docs

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/specls/specls/internal/testbin"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
)

var update = flag.Bool("update", false, "rewrite the outputs in the docs from the tool")

var specls string // the binary, built once

func TestMain(m *testing.M) { os.Exit(testbin.Main(m, "../..", &specls)) }

// block is a fenced block of a Markdown file.
type block struct {
	info       string // what follows the opening fence: "specl", "text", …
	start, end int    // the byte range of the block's body
	line       int    // 1-based line of the opening fence
	marker     string // the `<!-- specls … -->` comment right before the fence, if any
}

var markerRE = regexp.MustCompile(`^<!-- (specls [^>]*?) -->$`)

func blocks(text string) []block {
	var out []block
	lines := strings.SplitAfter(text, "\n")
	off := 0
	var cur *block
	prev := ""
	for i, l := range lines {
		trimmed := strings.TrimRight(l, "\n")
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &block{info: strings.TrimPrefix(trimmed, "```"), start: off + len(l), line: i + 1}
			if m := markerRE.FindStringSubmatch(prev); m != nil {
				cur.marker = m[1]
			}
		case cur != nil && trimmed == "```":
			cur.end = off
			out = append(out, *cur)
			cur = nil
		}
		if strings.TrimSpace(trimmed) != "" {
			prev = trimmed
		}
		off += len(l)
	}
	return out
}

func docFiles(t *testing.T) []string {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{"../../README.md"}, files...)
}

// TestSnippetsParse: every ```specl block parses, unless it is followed by the output
// of specls on it (a broken snippet shows its syntax error there).
func TestSnippetsParse(t *testing.T) {
	n := 0
	for _, path := range docFiles(t) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bs := blocks(string(text))
		for i, b := range bs {
			if b.info != "specl" {
				continue
			}
			n++
			if i+1 < len(bs) && bs[i+1].marker != "" {
				continue // its output, checked by TestSnippetOutputs, says what it gets
			}
			_, errs := parser.Parse(string(text[b.start:b.end]))
			for _, e := range errs {
				if e.Code == diag.Syntax {
					t.Errorf("%s:%d: the snippet does not parse: %s", path, b.line, e.Message)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d specl snippets found", n)
	}
}

// TestSnippetOutputs: a block right after `<!-- specls ARGS -->` is the output of
// `specls ARGS` run in a folder that holds the specl snippets before it, each saved
// under the name that the ARGS give the last one (`specls check bank.specl`: the
// snippet right before is bank.specl). Exact comparison; -update rewrites them.
func TestSnippetOutputs(t *testing.T) {
	for _, path := range docFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		bs := blocks(text)
		var out strings.Builder
		last := 0
		for i, b := range bs {
			if b.marker == "" {
				continue
			}
			args := strings.Fields(b.marker)[1:]
			dir := t.TempDir()
			// The snippet just before the output is the file the command names.
			if i == 0 || bs[i-1].info != "specl" {
				t.Errorf("%s:%d: an output marker with no specl snippet before it", path, b.line)
				continue
			}
			name := ""
			for _, a := range args {
				if strings.HasSuffix(a, ".specl") {
					name = a
				}
			}
			stdin := ""
			if name == "" {
				stdin = text[bs[i-1].start:bs[i-1].end]
			} else if err := os.WriteFile(filepath.Join(dir, name), []byte(text[bs[i-1].start:bs[i-1].end]), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(specls, args...)
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(stdin)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			cmd.Stderr = &stdout
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() > 1 {
					t.Errorf("%s:%d: specls %s: %v\n%s", path, b.line, b.marker, err, stdout.String())
					continue
				}
			}
			got := stdout.String()
			if want := text[b.start:b.end]; got != want {
				if !*update {
					t.Errorf("%s:%d: the output of `%s` has changed (go test ./tests/docs -update rewrites it):\ngot:\n%s\nwant:\n%s", path, b.line, b.marker, got, want)
				}
			}
			out.WriteString(text[last:b.start])
			out.WriteString(got)
			last = b.end
		}
		out.WriteString(text[last:])
		if *update && out.String() != text {
			if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestReferenceCoversEveryCode: the reference has a section per code, where the
// SARIF rules' helpUri and `specls help CODE` point (GitHub's anchor of
// "### Code `x`" is "code-x").
func TestReferenceCoversEveryCode(t *testing.T) {
	text, err := os.ReadFile("../../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range diag.Codes {
		heading := "\n### Code `" + string(c.Code) + "`\n"
		if !strings.Contains(string(text), heading) {
			t.Errorf("docs/reference.md has no section %q", strings.TrimSpace(heading))
		}
		if !strings.HasSuffix(diag.HelpURI(c.Code), "docs/reference.md#code-"+string(c.Code)) {
			t.Errorf("%s: helpUri %s", c.Code, diag.HelpURI(c.Code))
		}
	}
}
