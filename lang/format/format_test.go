package format

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/source"
)

var update = flag.Bool("update", false, "rewrite the want.specl section of testdata/*.txtar")

// TestGolden formats the input.specl of each testdata/*.txtar and compares it with its
// want.specl; every case also passes the properties of checkFormat.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			comment, input, rest, ok1 := cutSection(string(data), "input.specl")
			_, want, _, ok2 := cutSection(rest, "want.specl")
			if !ok1 || !ok2 {
				t.Fatalf("%s needs an input.specl and then a want.specl section", file)
			}
			got, err := Source(input)
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			if *update {
				out := comment + "-- input.specl --\n" + input + "-- want.specl --\n" + got
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			checkFormat(t, input)
		})
	}
}

// cutSection splits a txtar-style archive at the `-- name --` line: the text before
// it, the section's content (up to the next `-- ` marker line) and what follows.
func cutSection(s, name string) (before, content, rest string, ok bool) {
	marker := "-- " + name + " --\n"
	i := strings.Index(s, marker)
	if i < 0 || (i > 0 && s[i-1] != '\n') {
		return "", "", "", false
	}
	before, content = s[:i], s[i+len(marker):]
	if j := strings.Index(content, "\n-- "); j >= 0 {
		content, rest = content[:j+1], content[j+1:]
	}
	return before, content, rest, true
}

// checkFormat asserts the formatter's contract on a source that parses: the output
// parses without errors to the same tree (positions aside, comments included) and
// formatting it again changes nothing.
func checkFormat(t *testing.T, src string) {
	t.Helper()
	f1, errs := parser.Parse(src)
	if len(errs) > 0 {
		t.Fatalf("input does not parse: %v", errs[0].Message)
	}
	out, err := Source(src)
	if err != nil {
		t.Fatalf("Source failed on a file that parses: %v", err)
	}
	if _, errs := parser.Parse(out); len(errs) > 0 {
		t.Fatalf("output does not parse: %s\noutput:\n%s", (&SyntaxError{Findings: errs, lines: source.NewLineIndex(out)}).Error(), out)
	}
	// Copies of `specls:ignore` comments are the one thing formatting may add.
	stripped := withoutCopies(t, src, out)
	f2, errs := parser.Parse(stripped)
	if len(errs) > 0 {
		t.Fatalf("output without the copies does not parse: %v", errs[0].Message)
	}
	if d := diffTrees(f1, f2); d != "" {
		t.Fatalf("output parses to a different tree: %s\ninput:\n%s\noutput:\n%s", d, src, out)
	}
	if a, b := commentPlaces(src), commentPlaces(stripped); !reflect.DeepEqual(a, b) {
		t.Fatalf("comments moved among the tokens: %v vs %v\ninput:\n%s\noutput:\n%s", a, b, src, out)
	}
	again, err := Source(out)
	if err != nil {
		t.Fatalf("formatting the output failed: %v", err)
	}
	if again != out {
		t.Fatalf("not idempotent:\nfirst:\n%s\nsecond:\n%s", out, again)
	}
}

// withoutCopies removes from out the own-line `// specls:ignore` comments that are
// not in src (the copies keepSuppressions adds), matching comments in order.
func withoutCopies(t *testing.T, src, out string) string {
	t.Helper()
	var want []string
	for _, tok := range parser.Lex(src) {
		if tok.Kind == parser.Comment {
			want = append(want, trimLines(tok.Text))
		}
	}
	lines := source.NewLineIndex(out)
	drop := map[int]bool{}
	for _, tok := range parser.Lex(out) {
		if tok.Kind != parser.Comment {
			continue
		}
		if len(want) > 0 && trimLines(tok.Text) == want[0] {
			want = want[1:]
			continue
		}
		l := lines.Line(tok.Span.Start)
		if !strings.HasPrefix(tok.Text, "// specls:ignore ") || strings.TrimSpace(lines.LineText(l)) != tok.Text {
			t.Fatalf("formatting added the comment %q", tok.Text)
		}
		drop[l] = true
	}
	var b strings.Builder
	for l := range lines.LineCount() {
		if !drop[l] {
			b.WriteString(lines.LineText(l) + "\n")
		}
	}
	return b.String()
}

// trimLines drops the trailing blanks of every line (the formatter drops them).
func trimLines(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(ls, "\n")
}

// commentPlaces says where each comment stands among the code: how many tokens precede
// it. Commas are not counted, since the formatter drops trailing ones and adds the
// ones a `cases` arm needs.
func commentPlaces(src string) []int {
	var places []int
	n := 0
	for _, t := range parser.Lex(src) {
		switch {
		case t.Kind == parser.Comment:
			places = append(places, n)
		case t.Text != ",":
			n++
		}
	}
	return places
}

// diffTrees compares two trees ignoring every span, and comments by their text (less
// the trailing spaces the formatter drops). It returns where they first differ, or "".
func diffTrees(a, b *ast.File) string {
	if d := diffComments(a.Comments, b.Comments); d != "" {
		return d
	}
	return diffValues("File", reflect.ValueOf(*a), reflect.ValueOf(*b), false)
}

func diffComments(a, b []*ast.Comment) string {
	text := func(cs []*ast.Comment) []string {
		var out []string
		for _, c := range cs {
			s := c.Text
			if strings.HasPrefix(s, "//") {
				s = strings.TrimRight(s, " \t\r\f")
			} else {
				s = strings.ReplaceAll(s, "\r\n", "\n")
			}
			out = append(out, s)
		}
		return out
	}
	ta, tb := text(a), text(b)
	if !reflect.DeepEqual(ta, tb) {
		return fmt.Sprintf("comments differ: %q vs %q", ta, tb)
	}
	return ""
}

var (
	spanType    = reflect.TypeOf(source.Span{})
	commentType = reflect.TypeOf([]*ast.Comment(nil))
)

// diffValues compares a and b field by field, spans aside. With unparen, parentheses
// in b that a lacks are looked through (b was printed from a by code that adds them).
func diffValues(path string, a, b reflect.Value, unparen bool) string {
	if unparen && a.Kind() == reflect.Interface && !a.IsNil() && !b.IsNil() {
		if _, ok := a.Elem().Interface().(*ast.Paren); !ok {
			if p, ok := b.Elem().Interface().(*ast.Paren); ok {
				return diffValues(path, a, reflect.ValueOf(&p.X).Elem(), unparen)
			}
		}
		if _, ok := a.Elem().Interface().(*ast.ParenType); !ok {
			if p, ok := b.Elem().Interface().(*ast.ParenType); ok {
				return diffValues(path, a, reflect.ValueOf(&p.Type).Elem(), unparen)
			}
		}
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: %s vs %s", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil vs non-nil", path)
			}
			return ""
		}
		return diffValues(path, a.Elem(), b.Elem(), unparen)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			f := a.Type().Field(i)
			if f.Type == spanType || f.Type == commentType {
				continue
			}
			if d := diffValues(path+"."+f.Name, a.Field(i), b.Field(i), unparen); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d vs %d elements", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), unparen); d != "" {
				return d
			}
		}
		return ""
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v vs %v", path, a.Interface(), b.Interface())
		}
		return ""
	}
}

// corpus is every .specl file of the repository's examples and testdata, which
// another part of the project keeps growing; it is read at test time.
func corpus(t testing.TB) map[string]string {
	out := map[string]string{}
	for _, dir := range []string{"../../examples", "../../testdata"} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".specl") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out[path] = string(data)
			return nil
		})
	}
	return out
}

func TestCorpus(t *testing.T) {
	files := corpus(t)
	if len(files) == 0 {
		t.Skip("no .specl files under examples/ or testdata/ yet")
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	formatted, broken := 0, 0
	for _, path := range paths {
		src := files[path]
		t.Run(path, func(t *testing.T) {
			if _, errs := parser.Parse(src); len(errs) > 0 {
				broken++
				_, err := Source(src)
				var se *SyntaxError
				if !errors.As(err, &se) || len(se.Findings) != len(errs) {
					t.Fatalf("a file with %d syntax errors must be refused with them all, got %v", len(errs), err)
				}
				return
			}
			formatted++
			checkFormat(t, src)
		})
	}
	t.Logf("%d files formatted and checked, %d refused for syntax errors", formatted, broken)
}

func TestSyntaxError(t *testing.T) {
	src := "spec S\nfact A: x ==\nvar v: bool\nfact B: (v\n"
	out, err := Source(src)
	var se *SyntaxError
	if out != "" || !errors.As(err, &se) {
		t.Fatalf("got %q, %v; want no text and a *SyntaxError", out, err)
	}
	if len(se.Findings) != 2 {
		t.Fatalf("want both syntax errors, got %d: %v", len(se.Findings), err)
	}
	if se.Findings[0].Span.Start >= se.Findings[1].Span.Start {
		t.Fatalf("findings out of order: %v", err)
	}
	if n := strings.Count(err.Error(), "\n"); n != 1 {
		t.Fatalf("want one line per finding, got:\n%s", err)
	}
	// The listing is line:col (1-based, code points): message.
	text := "fact A: é\n  fact B: x =="
	hand := &SyntaxError{Findings: []diag.Finding{diag.New(diag.Syntax, source.Span{Start: 10, End: 11}, "one"),
		diag.New(diag.Syntax, source.Span{Start: 21, End: 22}, "two")}, lines: source.NewLineIndex(text)}
	if got, want := hand.Error(), "1:10: one\n2:11: two"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "  \n"} {
		if got, err := Source(src); got != "" || err != nil {
			t.Errorf("Source(%q) = %q, %v; want empty", src, got, err)
		}
	}
}

// Windows line ends become "\n", inside block comments too; blank lines count the same.
func TestCRLF(t *testing.T) {
	src := "spec S\r\n\r\n\r\n// c  \r\nfact F: x /* a\r\n b */\r\n"
	want := "spec S\n\n// c\nfact F: x /* a\n b */\n"
	if got, err := Source(src); got != want || err != nil {
		t.Fatalf("Source = %q, %v; want %q", got, err, want)
	}
	checkFormat(t, src)
}

// A guard that could continue the previous arm's value gets a comma before it; any
// other guard does not.
func TestCasesCommas(t *testing.T) {
	src := "fun F(x: T): T = cases { a => b, not c => d, {1} subset e => 2, x' => 3, (x) => 4, -x > 0 => 5, if a then b else c => 6, all y in S: y => 7, count(S) > 1 => 8 }\n"
	want := "fun F(x: T): T = cases {\n  a => b\n  not c => d\n  {1} subset e => 2\n  x' => 3,\n  (x) => 4,\n  -x > 0 => 5\n  if a then b else c => 6\n  all y in S: y => 7\n  count(S) > 1 => 8\n}\n"
	if got, err := Source(src); got != want || err != nil {
		t.Fatalf("Source =\n%s%v\nwant:\n%s", got, err, want)
	}
	checkFormat(t, src)
}
