// Package project finds and reads a project's settings file, .specls.json: the depth,
// budget, disabled codes and output format that `specls check` and the language
// server use for the specs below it. It reads files (it is no stage of the pipeline);
// cmd/specls and lang/lsp import it.
package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/specls/specls/lang/diag"
)

// FileName is the name of the project file. JSON, so that no dependency is needed to
// read it and every editor already knows its syntax.
const FileName = ".specls.json"

// Config is a project file's content. Zero values mean "not set": the spec's own
// options, or the defaults, apply.
type Config struct {
	// Depth bounds runs, as `option depth` and --depth do (0: not set).
	Depth int `json:"depth"`
	// Budget is the solver budget per question, as `option budget` and --budget.
	Budget int `json:"budget"`
	// Disable lists codes whose findings are not reported.
	Disable []diag.Code `json:"disable"`
	// Format is the default output format of `specls check`.
	Format string `json:"format"`
	// Path is where the file was found; empty when there is none.
	Path string `json:"-"`
}

// Disabled reports whether the project turns findings of code c off.
func (c Config) Disabled(code diag.Code) bool {
	for _, d := range c.Disable {
		if d == code {
			return true
		}
	}
	return false
}

// Formats are the output formats a project file may name.
var Formats = []string{"text", "json", "sarif", "github"}

// Parse reads a project file's text. Unknown fields, negative bounds, unknown codes
// and formats are errors: a misspelt setting that silently did nothing would be
// worse than no project file.
func Parse(data []byte) (Config, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, err
	}
	if dec.More() {
		return Config{}, errors.New("more than one JSON value")
	}
	if c.Depth < 0 || c.Budget < 0 {
		return Config{}, errors.New("depth and budget must not be negative")
	}
	for _, code := range c.Disable {
		if _, ok := diag.HelpFor(code); !ok {
			return Config{}, fmt.Errorf("disable: %q is no finding code (see specls help)", code)
		}
	}
	if c.Format != "" {
		ok := false
		for _, f := range Formats {
			ok = ok || f == c.Format
		}
		if !ok {
			return Config{}, fmt.Errorf("format: %q is none of text, json, sarif, github", c.Format)
		}
	}
	return c, nil
}

// Find looks for the project file in dir and then in each directory above it, and
// reads the first it finds. No file is no error: the zero Config.
func Find(dir string) (Config, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Config{}, err
	}
	for {
		p := filepath.Join(dir, FileName)
		data, err := readSmall(p)
		switch {
		case err == nil:
			c, err := Parse(data)
			if err != nil {
				return Config{}, fmt.Errorf("%s: %w", p, err)
			}
			c.Path = p
			return c, nil
		case !errors.Is(err, fs.ErrNotExist):
			return Config{}, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Config{}, nil
		}
		dir = parent
	}
}

// maxFileSize bounds a project file: a few settings, never megabytes.
const maxFileSize = 1 << 20

// readSmall reads a regular file of at most maxFileSize bytes; a FIFO or a device
// in the file's place is refused rather than read (it could block or never end).
func readSmall(p string) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file; specls reads only regular files", p)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("%s: %d bytes, over the limit of %d for a project file", p, st.Size(), maxFileSize)
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err == nil && len(data) > maxFileSize {
		err = fmt.Errorf("%s: over the limit of %d bytes for a project file", p, maxFileSize)
	}
	return data, err
}

// ForSpec is the project file that governs the spec at path (a file or a directory):
// the first found walking up from the spec's directory.
func ForSpec(path string) (Config, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return Find(path)
	}
	return Find(filepath.Dir(path))
}
