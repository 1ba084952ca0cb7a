package check

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

func run(t *testing.T, src string) Result {
	t.Helper()
	file, perrs := parser.Parse(src)
	info := sema.Check(file)
	if len(perrs)+len(info.Findings) > 0 {
		t.Fatalf("front end: %v %v", perrs, info.Findings)
	}
	return Check(context.Background(), src, file, info, Options{})
}

func TestDebugFile(t *testing.T) {
	p := os.Getenv("SPECL")
	if p == "" {
		t.Skip("set SPECL to a file to print its findings")
	}
	b, _ := os.ReadFile(p)
	r := run(t, string(b))
	idx := source.NewLineIndex(string(b))
	for _, f := range r.Findings {
		pos := idx.Position(f.Span.Start, source.CodePoints)
		t.Logf("%d:%d %s %s", pos.Line+1, pos.Column+1, f.Code, f.Message)
		for _, rel := range f.Related {
			q := idx.Position(rel.Span.Start, source.CodePoints)
			t.Logf("    related %d:%d %s", q.Line+1, q.Column+1, rel.Message)
		}
	}
	for _, p := range r.Properties {
		t.Logf("property %s %s %s", p.Name, p.Status, p.Reason)
	}
	_ = strings.Join
	_ = diag.Error
}
