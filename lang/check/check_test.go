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

const pigeons = `spec Hard
enum P { P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11 }
enum H { H0, H1, H2, H3, H4, H5, H6, H7, H8, H9, H10 }
var at: P -> H
fact Pigeons: all p, q in P: p != q implies at[p] != at[q]
assert Impossible: false
`

// TestBudgetIsUnknownNeverPass: a question the budget cuts short leaves its property
// unknown, with the reason, and an unknown hint; never proved or violated.
func TestBudgetIsUnknownNeverPass(t *testing.T) {
	file, _ := parser.Parse(pigeons)
	info := sema.Check(file)
	r := Check(context.Background(), pigeons, file, info, Options{Budget: 50})
	if len(r.Properties) != 1 || r.Properties[0].Status != diag.Undecided || !strings.Contains(r.Properties[0].Reason, "budget") {
		t.Fatalf("properties %+v", r.Properties)
	}
	if len(r.Findings) != 1 || r.Findings[0].Code != diag.Unknown {
		t.Fatalf("findings %+v", r.Findings)
	}
}

// TestCancelledIsUnknown: a check cancelled part way reports unknown, never a pass.
func TestCancelledIsUnknown(t *testing.T) {
	file, _ := parser.Parse(pigeons)
	info := sema.Check(file)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Check(ctx, pigeons, file, info, Options{})
	if len(r.Properties) != 1 || r.Properties[0].Status != diag.Undecided || !strings.Contains(r.Properties[0].Reason, "cancelled") {
		t.Fatalf("properties %+v", r.Properties)
	}
}
