// Package testbin builds the specls binary once for a package of end-to-end tests
// (tests/docs, tests/e2e), which run it as a user would. Only tests import it.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Main builds ./cmd/specls of the module rooted at root into a temporary folder,
// sets *bin to its path, runs the tests and removes the folder; it returns the exit
// code for os.Exit. A build that fails fails the run, naming why.
func Main(m *testing.M, root string, bin *string) int {
	dir, err := os.MkdirTemp("", "specls-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	*bin = filepath.Join(dir, "specls")
	build := exec.Command("go", "build", "-o", *bin, "./cmd/specls")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building specls: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}
