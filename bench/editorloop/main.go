// Command editorloop measures the editor loop of `specls serve` over stdio, as an
// editor meets it: it opens a generated spec (about 2,000 lines by default) and
// reports the latency from a didChange to the front end's diagnostics, to the deep
// check's diagnostics, and of hover and completion (median and p99), with the
// machine they were measured on. `go test -bench . ./bench/...` runs the same loop
// as benchmarks. Nothing imports it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	var (
		bin     = flag.String("bin", "", "the specls binary (default: build ./cmd/specls of this module)")
		lines   = flag.Int("lines", 2000, "lines of the generated spec")
		n       = flag.Int("n", 100, "iterations of the typing loop (edit, front-end diagnostics, hover, completion)")
		deep    = flag.Int("deep", 3, "iterations of the checking loop (edit, then the deep check's diagnostics)")
		timeout = flag.Duration("timeout", 10*time.Minute, "longest wait for any one publish or answer")
		log     = flag.String("log", "", "write the server's log to this file")
		spec    = flag.String("write-spec", "", "also write the generated spec to this file")
	)
	flag.Parse()
	if err := run(*bin, *lines, *n, *deep, *timeout, *log, *spec); err != nil {
		fmt.Fprintln(os.Stderr, "editorloop:", err)
		os.Exit(1)
	}
}

func run(bin string, lines, n, deep int, timeout time.Duration, logPath, specPath string) error {
	if bin == "" {
		dir, err := os.MkdirTemp("", "editorloop-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if bin, err = buildServer(dir); err != nil {
			return err
		}
	}
	if specPath != "" {
		if err := os.WriteFile(specPath, []byte(GenerateSpec(lines).Text), 0o644); err != nil {
			return err
		}
	}
	var stderr io.Writer = io.Discard
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			return err
		}
		defer f.Close()
		stderr = f
	}
	fmt.Println(Machine())
	res, err := Run(Config{Binary: bin, Lines: lines, Iterations: n, DeepIterations: deep, Timeout: timeout, Stderr: stderr})
	if err != nil {
		return err
	}
	fmt.Printf("spec: %d lines, %d workers (bench/editorloop/spec.go)\n\n", res.Lines, res.Spec.Workers)
	fmt.Printf("typing loop (edits faster than the server's pause before a deep check):\n")
	fmt.Printf("  didChange -> front-end diagnostics  %s\n", Summarise(res.Front))
	fmt.Printf("  hover                               %s\n", Summarise(res.Hover))
	fmt.Printf("  completion (%4d items)             %s\n", len(res.Labels), Summarise(res.Completion))
	fmt.Printf("checking loop (each edit waits for its deep check):\n")
	fmt.Printf("  didChange -> front-end diagnostics  %s\n", Summarise(res.DeepFront))
	fmt.Printf("  didChange -> deep diagnostics       %s\n", Summarise(res.Deep))
	fmt.Printf("    (includes the server's pause before a deep check, 300 ms by default)\n")
	fmt.Printf("  hover while the deep check runs     %s\n", Summarise(res.HoverBusy))
	return nil
}

// buildServer builds ./cmd/specls of the module this command belongs to into dir.
func buildServer(dir string) (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(dir, "specls")
	build := exec.Command("go", "build", "-o", bin, "./cmd/specls")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building specls: %v\n%s", err, out)
	}
	return bin, nil
}

// Machine describes where the figures were taken: CPU model, cores, load (the
// machine may be shared), OS and Go version.
func Machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("machine: %s, %d cores, load average %s, %s/%s, %s",
		model, runtime.NumCPU(), load, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
