//go:build unix

// Package e2e drives the built specls binary with real clients (Neovim 0.7
// headless, Emacs 28 with eglot in batch mode, and a Node client on npm's
// vscode-languageserver-protocol) and asserts on what each one shows its user. It
// imports nothing of specls: the binary and the protocol are the interface. A
// missing editor or package fails the test with the package to install; nothing is
// skipped. scripts/test installs them all.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/specls/specls/internal/testbin"
)

// waitMS bounds every wait inside a client session for diagnostics or an answer;
// sessionTimeout bounds a whole client process, after which it and its server are
// killed. The deep check of the specs here takes well under a second; the margin
// is for a loaded CI machine.
const (
	waitMS         = 20000
	sessionTimeout = 90 * time.Second
)

var specls string // the binary under test, built once by TestMain

func TestMain(m *testing.M) { os.Exit(testbin.Main(m, repoRoot(), &specls)) }

// repoRoot is the module's root: tests run in tests/e2e.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Dir(filepath.Dir(wd))
}

// need finds tool on PATH or fails the test naming the package that provides it.
func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s is not installed: install %s (scripts/test does)", tool, pkg)
	}
	return p
}

// workspace is a fresh directory holding the specs the sessions open: broken.specl
// (a name error and a syntax error after non-ASCII text, and a vacuous assert for
// the deep check), sample.specl (every kind of line `specls fmt` lays out, for the
// editors' colours and indentation), typo.specl (a misspelt enum member, for the
// "did you mean" quick fix) and the language reference's bank.specl.
func workspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for dst, src := range map[string]string{
		"broken.specl": filepath.Join("testdata", "broken.specl"),
		"sample.specl": filepath.Join("testdata", "sample.specl"),
		"typo.specl":   filepath.Join("testdata", "typo.specl"),
		"bank.specl":   filepath.Join(repoRoot(), "examples", "bank.specl"),
	} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// session runs a client to completion within sessionTimeout, in its own process
// group so that a timeout kills the editor and the server it started. Editors get
// a private HOME so that no user configuration leaks in and nothing is left behind.
func session(t *testing.T, dir string, env []string, name string, args ...string) (stdout []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append(os.Environ(),
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local/share"), "XDG_STATE_HOME="+filepath.Join(home, ".local/state"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"SPECLS="+specls, "SPECLS_E2E_DIR="+dir, fmt.Sprintf("SPECLS_E2E_WAIT_MS=%d", waitMS))
	cmd.Env = append(cmd.Env, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	// Whatever happened, nothing of the session may outlive it.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %s (killed)\nstdout:\n%s\nstderr:\n%s", name, sessionTimeout, out.Bytes(), errb.Bytes())
	}
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("running %s: %v", name, err)
		}
		t.Errorf("%s exited with %v\nstdout:\n%s\nstderr:\n%s", name, err, out.Bytes(), errb.Bytes())
	}
	return out.Bytes()
}

// lspPos and lspRange are the protocol's positions as the editors report them.
type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

func rng(l1, c1, l2, c2 int) lspRange { return lspRange{lspPos{l1, c1}, lspPos{l2, c2}} }

type location struct {
	URI   string   `json:"uri"`
	Range lspRange `json:"range"`
}

type hover struct {
	Contents struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"contents"`
	Range lspRange `json:"range"`
}

// checkHover asserts a hover's markdown holds every one of want, over the range r.
func checkHover(t *testing.T, what string, h hover, r lspRange, want ...string) {
	t.Helper()
	if h.Contents.Kind != "markdown" {
		t.Errorf("%s: hover kind %q, want markdown", what, h.Contents.Kind)
	}
	for _, w := range want {
		if !strings.Contains(h.Contents.Value, w) {
			t.Errorf("%s: hover %q lacks %q", what, h.Contents.Value, w)
		}
	}
	if h.Range != r {
		t.Errorf("%s: hover range %v, want %v", what, h.Range, r)
	}
}

func checkLocation(t *testing.T, what string, got location, file string, r lspRange) {
	t.Helper()
	if !strings.HasSuffix(got.URI, "/"+file) || !strings.HasPrefix(got.URI, "file://") {
		t.Errorf("%s: uri %q, want a file: URI of %s", what, got.URI, file)
	}
	if got.Range != r {
		t.Errorf("%s: range %v, want %v", what, got.Range, r)
	}
}

func decode(t *testing.T, what string, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, data)
	}
}
