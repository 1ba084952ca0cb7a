package specgen

import (
	"testing"

	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// TestGeneratedSpecsCheck: every generated spec parses and type-checks, and the same
// seed gives the same text.
func TestGeneratedSpecsCheck(t *testing.T) {
	var srcs []string
	for seed := range int64(200) {
		srcs = append(srcs, Machine(seed))
	}
	for _, n := range []int{3, 20} {
		srcs = append(srcs, Mutex(n, false), Mutex(n, true))
	}
	for i, src := range srcs {
		f, errs := parser.Parse(src)
		info := sema.Check(f)
		if len(errs)+len(info.Findings) > 0 {
			t.Fatalf("spec %d does not check: %v %v\n%s", i, errs, info.Findings, src)
		}
	}
	if a, b := Machine(7), Machine(7); a != b {
		t.Error("Machine(7) differs between calls")
	}
}
