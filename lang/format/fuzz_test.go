package format

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/specls/specls/lang/parser"
)

// FuzzFormat checks the formatter's contract on any text that parses: Source
// succeeds, its output parses to the same tree with the same comments, and formatting
// is idempotent. Seeds: the repository's corpus and the golden inputs.
func FuzzFormat(f *testing.F) {
	for _, src := range corpus(f) {
		f.Add(src)
	}
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if _, input, _, ok := cutSection(string(data), "input.specl"); ok {
			f.Add(input)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, errs := parser.Parse(src); len(errs) > 0 {
			return
		}
		checkFormat(t, src)
	})
}
