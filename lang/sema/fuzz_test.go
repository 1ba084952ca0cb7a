package sema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/specls/specls/lang/parser"
)

// FuzzCheck: whatever the parser makes of a text, Check returns (no panic), and every
// finding lies inside the text.
func FuzzCheck(f *testing.F) {
	f.Add(bankSpec)
	f.Add(accessSpec)
	for _, tc := range checkCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, _ := parser.Parse(src)
		info := Check(file)
		for _, fd := range info.Findings {
			if fd.Span.Start < 0 || fd.Span.End > len(src) || fd.Span.Start > fd.Span.End {
				t.Fatalf("finding %q has span %v outside the text (%d bytes)", fd.Message, fd.Span, len(src))
			}
		}
	})
}

// generatedSpec writes a spec of about n lines: enums, vars, quantified facts, preds,
// funs and actions that use them, so the benchmark exercises every part of Check.
func generatedSpec(n int) string {
	var b strings.Builder
	b.WriteString("spec Big\n\noption depth = 5\nconst Max: 0..1000 = 100\ntype Level = 0..Max\n\n")
	for i := 0; b.Len() < n*26; i++ {
		fmt.Fprintf(&b, "/// Part %d.\nenum E%d { A%d, B%d, C%d }\n", i, i, i, i, i)
		fmt.Fprintf(&b, "var v%d: E%d\nvar s%d: set of E%d\nvar m%d: E%d -> Level\nvar r%d: {on: bool, n: 0..9}\n", i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "initially v%d == A%d\n", i, i)
		fmt.Fprintf(&b, "fact F%d: all x%d in E%d: x%d in s%d implies m%d[x%d] > 0\n", i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "fact G%d: some y%d in s%d: y%d != E%d.C%d or r%d.on\n", i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "pred P%d(e%d: E%d): e%d in s%d and m%d[e%d] <= Max\n", i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "fun W%d(e%d: E%d): 0..3 = cases {\n  e%d == A%d => 1\n  e%d == B%d => 2\n  else => 3\n}\n", i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "action Step%d(k%d: 1..5) {\n  requires P%d(v%d)\n  ensures m%d' == m%d with [v%d] = (m%d[v%d] + k%d)\n  ensures r%d' == r%d with .n = W%d(v%d)\n}\n", i, i, i, i, i, i, i, i, i, i, i, i, i, i)
		fmt.Fprintf(&b, "invariant I%d: count(s%d) <= 3\n", i, i)
		fmt.Fprintf(&b, "example X%d {\n  given v%d == A%d\n  do Step%d(_)\n  expect count({z%d in E%d where z%d in s%d}) >= 0\n}\n\n", i, i, i, i, i, i, i, i)
	}
	return b.String()
}

func TestGeneratedSpecChecks(t *testing.T) {
	src := generatedSpec(300)
	info := Check(mustParse(t, src))
	if len(info.Findings) > 0 {
		t.Fatalf("generated spec has findings:%s", dump(src, info.Findings[:min(5, len(info.Findings))]))
	}
}

func BenchmarkCheck(b *testing.B) {
	src := generatedSpec(5000)
	file := mustParse(b, src)
	for b.Loop() {
		Check(file)
	}
	b.ReportMetric(float64(strings.Count(src, "\n")), "lines")
}
