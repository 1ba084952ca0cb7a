package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
)

// FuzzParse: any text parses without a panic, every span lies inside the text, and a
// cached parse after an unrelated parse gives exactly the fresh result.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../../examples/*.specl", "../../testdata/*/*.specl"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add("action A(x: 1..3) { requires x > 1 ensures y' == cases { x > 2 => 1, else => 0 } }")
	f.Add("example E { given x == 1 do A(_, 2) expect x' == 2 }")
	f.Add("fact F: {x in S where x > 1} == {a: 1}")
	cache := NewCache()
	cache.Parse("var x: 0..3\nfact A: x > 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, errs := Parse(src)
		inside := func(what string, s ast.Span) {
			if s.Start < 0 || s.End > len(src) || s.Start > s.End {
				t.Fatalf("%s span %v outside text of %d bytes", what, s, len(src))
			}
		}
		for _, e := range errs {
			inside("finding", e.Span)
		}
		prev := -1
		for _, d := range file.Decls {
			inside(fmt.Sprintf("%T", d), d.Bounds())
			if d.Bounds().Start < prev {
				t.Fatalf("declarations out of order")
			}
			prev = d.Bounds().End
			ast.Inspect(d, func(n ast.Node) bool {
				inside(fmt.Sprintf("%T", n), n.Bounds())
				return true
			})
		}
		cached, cerrs := cache.Parse(src)
		if !reflect.DeepEqual(file, cached) || !reflect.DeepEqual(errs, cerrs) {
			t.Fatalf("cached parse differs from fresh parse")
		}
	})
}

// generated5000 is a spec of about 5,000 lines with every kind of declaration.
func generated5000() string {
	var b strings.Builder
	b.WriteString("spec Generated\n\nenum Role { Admin, Dev, Guest }\nenum Perm { Read, Write, Delete }\n")
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&b, "/// Counter %d.\nvar c%d: 0..100\nvar g%d: Role -> set of Perm\n", i, i, i)
		fmt.Fprintf(&b, "fact F%d: all r in Role: Delete in g%d[r] implies c%d > %d\n", i, i, i, i%50)
		fmt.Fprintf(&b, "pred P%d(x: 0..100): x + c%d * 2 <= 150 and not (x in {1, 2, 3})\n", i, i)
		fmt.Fprintf(&b, "fun Risk%d(r: Role): 0..3 = cases {\n  Delete in g%d[r] => 3\n  Write in g%d[r] => 2\n  else => 0\n}\n", i, i, i)
		fmt.Fprintf(&b, "action Step%d(n: 1..5) {\n  requires guard: c%d + n <= 100\n  ensures c%d' == c%d + n\n  ensures g%d' == g%d with [Guest] = {Read}\n}\n", i, i, i, i, i, i)
		fmt.Fprintf(&b, "invariant Bounded%d: c%d <= 100\n\n", i, i)
	}
	return b.String()
}

func BenchmarkParseCold(b *testing.B) {
	src := generated5000()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(src)
	}
}

func BenchmarkParseAfterEdit(b *testing.B) {
	src := generated5000()
	cache := NewCache()
	cache.Parse(src)
	edits := []string{
		strings.Replace(src, "c100 > 0", "c100 > 1", 1),
		strings.Replace(src, "c100 > 0", "c100 >= 0", 1), // length changes: later pieces move
	}
	i := 0
	for b.Loop() {
		cache.Parse(edits[i%2])
		i++
	}
}
