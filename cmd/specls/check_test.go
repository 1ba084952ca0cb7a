package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/specls/specls/lang/report"
)

func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		s      report.Summary
		strict bool
		want   int
	}{
		{report.Summary{}, false, 0},
		{report.Summary{}, true, 0},
		{report.Summary{Errors: 1}, false, 1},
		{report.Summary{Errors: 1}, true, 1},
		{report.Summary{Warnings: 2}, false, 0},
		{report.Summary{Warnings: 2}, true, 1},
		{report.Summary{Hints: 3}, true, 0},
	} {
		if got := exitStatus(c.s, c.strict); got != c.want {
			t.Errorf("exitStatus(%+v, strict=%v) = %d, want %d", c.s, c.strict, got, c.want)
		}
	}
}

func TestUseColor(t *testing.T) {
	noEnv := func(string) string { return "" }
	// Only a terminal gets colour; a buffer or a regular file never does.
	if useColor(&env{stdout: &bytes.Buffer{}, getenv: noEnv}) {
		t.Error("colour for a buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if useColor(&env{stdout: f, getenv: noEnv}) {
		t.Error("colour for a regular file")
	}
	// A terminal is a character device; /dev/null is one too, and always there.
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if !useColor(&env{stdout: dev, getenv: noEnv}) {
		t.Error("no colour for a character device")
	}
	if useColor(&env{stdout: dev, getenv: func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}}) {
		t.Error("colour despite NO_COLOR")
	}
}
