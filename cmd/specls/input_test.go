//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// runIn runs the command line in-process and returns its exit status and streams.
func runIn(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// TestRefusedInputs: only regular files are read; anything else is refused with the
// reason and exit 2, without reading a byte (a device never ends, a FIFO blocks).
func TestRefusedInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.specl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	cases := []struct {
		args []string
		why  string
	}{
		{[]string{"check", "/dev/zero"}, "/dev/zero: is a device, which could be endless (like /dev/zero); specls reads only regular files"},
		{[]string{"check", fifo}, fifo + ": is a named pipe (FIFO), which could block forever; specls reads only regular files"},
		{[]string{"fmt", "/dev/zero"}, "/dev/zero: is a device"},
		{[]string{"diff", fifo, fifo}, "is a named pipe (FIFO)"},
		{[]string{"synth", "/dev/zero"}, "is a device"},
	}
	for _, c := range cases {
		code, out, errs := runIn(c.args...)
		if code != exitUsage || !strings.Contains(errs, c.why) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.args, code, out, errs, c.why)
		}
	}
	if got := runtime.NumGoroutine(); got > 50 {
		t.Errorf("%d goroutines: a read blocked?", got)
	}
}

// TestSizeLimit: a file over the limit is not read; check gives it one finding (an
// error, so exit 1) and still checks the other files; --max-bytes moves the limit.
func TestSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.specl")
	small := filepath.Join(dir, "small.specl")
	if err := os.WriteFile(big, bytes.Repeat([]byte("fact F: true\n"), defaultMaxBytes/13+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(small, []byte("spec S\nvar x: bool\nfact F: x and not x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runIn("check", big, small)
	want := big + ":1:1: error: the file is 1048580 bytes, over the limit of 1048576 bytes for a spec (--max-bytes raises it); it was not read [syntax]\n"
	if code != exitFindings || !strings.HasPrefix(out, want) || !strings.Contains(out, small+":3:1: error: the facts admit no state") || errs != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, _ = runIn("--max-bytes", "20", "check", small)
	if code != exitFindings || !strings.Contains(out, "the file is 39 bytes, over the limit of 20 bytes") || strings.Count(out, "error:") != 1 {
		t.Errorf("--max-bytes 20: exit %d\n%s", code, out)
	}
	code, out, _ = runIn("--max-bytes", "39", "check", small)
	if code != exitFindings || strings.Contains(out, "over the limit") {
		t.Errorf("--max-bytes 39 (the file's size): exit %d\n%s", code, out)
	}
	var stdout, stderr bytes.Buffer
	code = run([]string{"--max-bytes", "10", "check", "-"}, &env{stdin: strings.NewReader(strings.Repeat("x", 1000)), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }})
	if code != exitFindings || !strings.Contains(stdout.String(), "<standard input>:1:1: error: the file is more than 10 bytes, over the limit of 10 bytes") {
		t.Errorf("stdin over the limit: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if code, _, errs := runIn("fmt", big); code != exitUsage || !strings.Contains(errs, "over the limit") {
		t.Errorf("fmt of a file over the limit: exit %d, %q", code, errs)
	}
}

// TestByteOrderMark: a BOM at the start is skipped; positions are those an editor
// shows (line 3, column 1), and fmt -w keeps the mark.
func TestByteOrderMark(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bom.specl")
	src := "\uFEFFspec  S\nvar x: bool\nfact F: x and not x\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runIn("check", p)
	if code != exitFindings || !strings.HasPrefix(out, p+":3:1: error: the facts admit no state") || strings.Contains(out, "syntax") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if code, _, errs := runIn("fmt", "-w", p); code != exitOK {
		t.Fatalf("fmt -w: exit %d, %s", code, errs)
	}
	if b, _ := os.ReadFile(p); string(b) != "\uFEFFspec S\nvar x: bool\nfact F: x and not x\n" {
		t.Errorf("fmt -w wrote %q", b)
	}
}

// TestFmtWriteAtomic: fmt -w replaces the file in one step (no temporary file left),
// keeps its mode, writes through a symlink and keeps the link.
func TestFmtWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.specl")
	link := filepath.Join(dir, "link.specl")
	if err := os.WriteFile(target, []byte("spec   S\nvar x:bool\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.specl", link); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runIn("fmt", "-w", link); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(target); string(b) != "spec S\nvar x: bool\n" {
		t.Errorf("target holds %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is gone: %v %v", fi, err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestFmtWriteFailureKeepsFile: when the new text cannot be written next to the file,
// the file is left as it was and the failure is exit 2.
func TestFmtWriteFailureKeepsFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "a.specl")
	old := "spec   S\nvar x:bool\n"
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	code, _, errs := runIn("fmt", "-w", p)
	if b, _ := os.ReadFile(p); code != exitUsage || string(b) != old || !strings.Contains(errs, "cannot write next to it") {
		t.Errorf("exit %d, %q, file now %q", code, errs, b)
	}
}

// TestTenThousandFindings: 10,000 findings on one 150 KB line print under 200 KB in
// text and in JSON: the first 100 of the code, a window of the line each, and one line
// for the rest; the summary and the exit status count them all.
func TestTenThousandFindings(t *testing.T) {
	var primes []string
	for n := 2; len(primes) < 10000; n++ {
		prime := true
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			primes = append(primes, "x == "+strconv.Itoa(n))
		}
	}
	p := filepath.Join(t.TempDir(), "primes.specl")
	if err := os.WriteFile(p, []byte("spec P\nvar x: bool\nfact F: "+strings.Join(primes, " and ")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runIn("check", p)
	if code != exitFindings || len(out) > 200<<10 || !strings.HasSuffix(out, p+": and 9,900 more type errors (not shown)\n10000 errors, 0 warnings, 0 hints\n") {
		t.Errorf("exit %d, %d bytes, ending %q", code, len(out), out[max(0, len(out)-200):])
	}
	if strings.Count(out, "[type]") != 100 {
		t.Errorf("%d findings shown, want 100", strings.Count(out, "[type]"))
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 400 {
			t.Fatalf("a line of %d bytes: %.100q…", len(line), line)
		}
	}
	code, out, _ = runIn("check", "--format", "json", p)
	if code != exitFindings || len(out) > 200<<10 || !strings.Contains(out, `"omitted": [
        {
          "code": "type",
          "severity": "error",
          "count": 9900
        }`) {
		t.Errorf("json: exit %d, %d bytes, ending %q", code, len(out), out[max(0, len(out)-300):])
	}
}
