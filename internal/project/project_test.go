package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
)

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte(`{"depth": 7, "budget": 50, "disable": ["redundant"], "format": "sarif"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := ForSpec(filepath.Join(deep, "x.specl"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Depth != 7 || c.Budget != 50 || !c.Disabled(diag.Redundant) || c.Disabled(diag.Vacuous) || c.Format != "sarif" || c.Path != filepath.Join(root, FileName) {
		t.Errorf("got %+v", c)
	}
	// A nearer file wins, whole (no merging of files).
	if err := os.WriteFile(filepath.Join(root, "a", FileName), []byte(`{"budget": 9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = ForSpec(deep)
	if err != nil || c.Depth != 0 || c.Budget != 9 {
		t.Errorf("nearer file: %+v, %v", c, err)
	}
}

func TestFindNone(t *testing.T) {
	c, err := Find(t.TempDir())
	// Some directory above the temporary one might hold a project file; then it
	// must at least be read without error.
	if err != nil || (c.Path == "" && (c.Depth != 0 || c.Budget != 0 || c.Disable != nil)) {
		t.Errorf("got %+v, %v", c, err)
	}
}

func TestParseRejects(t *testing.T) {
	for _, bad := range []struct{ text, want string }{
		{`{"dept": 3}`, "unknown field"},
		{`{"depth": -1}`, "negative"},
		{`{"disable": ["redundnat"]}`, "no finding code"},
		{`{"format": "xml"}`, "none of"},
		{`{"depth": 3} {}`, "more than one"},
		{`{"depth": "3"}`, "cannot unmarshal"},
	} {
		_, err := Parse([]byte(bad.text))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want …%s…", bad.text, err, bad.want)
		}
	}
}
