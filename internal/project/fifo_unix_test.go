//go:build unix

package project

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestProjectFileNotRegular: a FIFO in the project file's place is refused, not read
// (reading it would block the caller, the language server's read loop among them).
func TestProjectFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, FileName), 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if _, err := Find(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Find over a FIFO: %v", err)
	}
}
