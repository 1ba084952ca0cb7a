package main

import (
	"os/exec"
	"testing"
)

// TestModTidy: go.mod and go.sum are as `go mod tidy` leaves them (direct dependencies
// not marked `// indirect`, nothing missing or unused).
func TestModTidy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command(gobin, "mod", "tidy", "-diff")
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("go mod tidy -diff: %v\n%s", err, out)
	}
}
