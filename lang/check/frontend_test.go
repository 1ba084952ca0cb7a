package check

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/specls/specls/internal/heappeak"
	"github.com/specls/specls/internal/specgen"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// TestHugeAndBrokenInputs: the front end gets through a 1 MB file, 10,000 nested
// parentheses, truncations at every declaration and random bytes with findings, never
// a panic; and a broken line costs only its declaration.
func TestHugeAndBrokenInputs(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec Huge\nenum Role { Admin, Dev, Guest }\n")
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "var v%d: 0..%d\nfact F%d: v%d <= %d or v%d == 0\n", i, i%50+1, i, i, i%50, i)
		if i%500 == 0 {
			fmt.Fprintf(&b, "fact Broken%d: v%d +\n", i, i)
		}
	}
	huge := b.String()
	file, errs := parser.Parse(huge)
	info := sema.Check(file)
	broken := strings.Count(huge, "fact Broken")
	if len(errs) != broken {
		t.Errorf("1 MB file: %d syntax findings, want %d (one per broken fact)", len(errs), broken)
	}
	// Its ~19,000 variables are more than one state may hold (types.MaxStateBits):
	// those past the limit are told so, and nothing else is found.
	for _, f := range info.Findings {
		if f.Code != diag.Type || !strings.HasPrefix(f.Message, "the state is too large to encode") {
			t.Errorf("1 MB file: unexpected finding %v", f)
			break
		}
	}

	nested := "fact Deep: " + strings.Repeat("(", 10000) + "true" + strings.Repeat(")", 10000) + "\nfact After: true\n"
	file, errs = parser.Parse(nested)
	sema.Check(file)
	if len(errs) != 1 || errs[0].Code != diag.Syntax {
		t.Errorf("10,000 nested parentheses: %v", errs)
	}

	base := "spec S\nvar x: 0..3\nfact A: x > 1\naction Inc {\n  requires x < 3\n  ensures x' == x + 1\n}\nexample E {\n  do Inc\n  expect x == 3\n}\n"
	for cut := 0; cut <= len(base); cut++ {
		file, _ := parser.Parse(base[:cut])
		sema.Check(file)
	}
	garbage := []byte(base)
	for i := range garbage {
		if i%7 == 3 {
			garbage[i] = byte(i * 31)
		}
	}
	file, errs = parser.Parse(string(garbage))
	sema.Check(file)
	if len(errs) == 0 {
		t.Errorf("garbage parsed without findings")
	}
}

// TestFrontEndMemoryPerByte: parsing and resolving a file (what every command does
// before asking the solver) needs a small constant of heap per input byte at its peak,
// the same at 256 KiB and 1 MiB. The resolved spec itself (tree, symbols, a type per
// expression) is about 33 bytes per byte; before the parser dropped each piece once
// converted the peak was about 275.
func TestFrontEndMemoryPerByte(t *testing.T) {
	const limit = 72 // bytes of peak heap per input byte; about 45-50 measured
	for _, size := range []int{256 << 10, 1 << 20} {
		src := specgen.Syntax(size)
		var findings int
		peak := heappeak.Of(func() {
			file, errs := parser.Parse(src)
			info := sema.Check(file)
			findings = len(errs) + len(info.Findings)
			runtime.KeepAlive(info)
		})
		if findings != 0 {
			t.Fatalf("%d bytes: %d findings in a generated spec", len(src), findings)
		}
		heappeak.Check(t, fmt.Sprintf("%d bytes", len(src)), len(src), peak, limit)
	}
}

// BenchmarkFrontEnd parses and resolves a generated 1 MiB spec; peak-B/byte is the
// peak heap per input byte.
func BenchmarkFrontEnd(b *testing.B) {
	src := specgen.Syntax(1 << 20)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	run := func() {
		file, _ := parser.Parse(src)
		runtime.KeepAlive(sema.Check(file))
	}
	for b.Loop() {
		run()
	}
	b.ReportMetric(float64(heappeak.Of(run))/float64(len(src)), "peak-B/byte")
}
