package smt

// This file is the package's only I/O: it runs z3 on a written script, for the
// differential tests and for timing our queries against z3's.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
)

// Answer is z3's verdict on one check.
type Answer string

const (
	Sat     Answer = "sat"
	Unsat   Answer = "unsat"
	Unknown Answer = "unknown"
)

// Run is what one run of z3 answered and how long it took.
type Run struct {
	Answers []Answer      // one per check, in order
	Wall    time.Duration // the whole process, start to exit
	Solver  time.Duration // z3's own :total-time statistic (without starting the process)
}

// Z3 returns the path of the z3 binary; the error names the tool and the Debian
// package that brings it.
func Z3() (string, error) {
	p, err := exec.LookPath("z3")
	if err != nil {
		return "", errors.New("the tool z3 is not installed: install the Debian package z3 (apt-get install z3)")
	}
	return p, nil
}

// RunZ3 runs z3 on an SMT-LIB 2 script (as Write writes it) and returns its answer to
// each check. ctx bounds the run (z3 is killed when it is done). A script z3 rejects
// is an error with z3's message.
func RunZ3(ctx context.Context, script []byte) (Run, error) {
	path, err := Z3()
	if err != nil {
		return Run{}, err
	}
	cmd := exec.CommandContext(ctx, path, "-st", "-smt2", "-in")
	cmd.Stdin = bytes.NewReader(script)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	start := time.Now()
	err = cmd.Run()
	run := Run{Wall: time.Since(start)}
	if ctx.Err() != nil {
		return run, ctx.Err()
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "sat" || line == "unsat" || line == "unknown":
			run.Answers = append(run.Answers, Answer(line))
		case strings.HasPrefix(line, "(error"):
			return run, fmt.Errorf("z3: %s", line)
		case strings.Contains(line, ":total-time"):
			f := strings.Fields(strings.Trim(line, "()"))
			for i := 0; i+1 < len(f); i++ {
				if f[i] == ":total-time" {
					if s, err := strconv.ParseFloat(f[i+1], 64); err == nil {
						run.Solver = time.Duration(s * float64(time.Second))
					}
				}
			}
		}
	}
	if err != nil {
		return run, fmt.Errorf("z3: %v: %s%s", err, out.String(), stderr.String())
	}
	return run, nil
}

// Time writes q and runs z3 on it: the figure to set beside our own time for the
// same question (Run.Wall includes starting z3; Run.Solver does not).
func Time(ctx context.Context, file *ast.File, info *sema.Info, q Query) (Run, error) {
	var script bytes.Buffer
	if err := Write(&script, file, info, q); err != nil {
		return Run{}, err
	}
	return RunZ3(ctx, script.Bytes())
}
