// Package grammar tests the TextMate grammar (grammar/specl.tmLanguage.json) and the
// VS Code extension in editors/vscode: the grammar's own test cases, the grammar
// against the parser's lexer on every spec of the repository, the grammar's copy in
// the extension, the extension's unit tests and snippets, and its packaging. It
// imports only lang/parser, lang/ast, lang/diag, lang/sema and lang/source, and
// nothing imports it.
package grammar

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

const grammarPath = "grammar/specl.tmLanguage.json"

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// extensionDir returns editors/vscode, failing (never skipping) when its npm
// packages are not installed: a missing install must not pass as a green run.
func extensionDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "editors", "vscode")
	if _, err := exec.LookPath("npx"); err != nil {
		t.Fatalf("npx is not on PATH: install the Debian packages nodejs and npm (scripts/test does)")
	}
	for _, mod := range []string{"vscode-tmgrammar-test", "@vscode/vsce", "vscode-languageclient", "esbuild"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", mod, "package.json")); err != nil {
			t.Fatalf("the npm package %s is not installed: run `npm ci` in editors/vscode (scripts/test does)", mod)
		}
	}
	return dir
}

// run runs name with args in dir, bounded in time, and returns its combined output.
func run(t *testing.T, dir string, timeout time.Duration, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0", "npm_config_update_notifier=false")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), fmt.Errorf("%s timed out after %v", name, timeout)
	}
	return string(out), err
}

// TestGrammarCases runs the scope assertions of editors/vscode/test/grammar against
// the source grammar (test/grammar/config.json points at grammar/).
func TestGrammarCases(t *testing.T) {
	dir := extensionDir(t)
	cases, err := filepath.Glob(filepath.Join(dir, "test", "grammar", "*.test.specl"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no grammar test cases in %s (%v)", dir, err)
	}
	out, err := run(t, dir, 60*time.Second, "npx", "--no-install", "vscode-tmgrammar-test",
		"--config", "test/grammar/config.json", "test/grammar/*.test.specl")
	if err != nil {
		t.Fatalf("vscode-tmgrammar-test: %v\n%s", err, out)
	}
	for _, c := range cases {
		rel := "test/grammar/" + filepath.Base(c)
		if !strings.Contains(out, "✓ "+rel+" run successfuly") {
			t.Errorf("vscode-tmgrammar-test did not pass %s:\n%s", rel, out)
		}
	}
}

// TestGrammarCopy: vsce packages only files under the extension's folder, so the
// extension carries a copy of the grammar, which must be the grammar.
func TestGrammarCopy(t *testing.T) {
	root := repoRoot(t)
	src, err := os.ReadFile(filepath.Join(root, grammarPath))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := os.ReadFile(filepath.Join(root, "editors", "vscode", "syntaxes", "specl.tmLanguage.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, cp) {
		t.Errorf("editors/vscode/syntaxes/specl.tmLanguage.json differs from %s: run `npm run copy-grammar` in editors/vscode", grammarPath)
	}
}

// keywordScopes is the scope of each reserved word of LANGUAGE.md, as the extension's
// README documents it.
var keywordScopes = map[string]string{
	"spec": "storage.type.spec.specl", "type": "storage.type.type.specl", "enum": "storage.type.enum.specl",
	"const": "storage.type.const.specl", "var": "storage.type.var.specl", "action": "storage.type.action.specl",
	"pred": "storage.type.pred.specl", "fun": "storage.type.fun.specl", "example": "storage.type.example.specl",
	"nonexample": "storage.type.nonexample.specl", "option": "storage.type.option.specl",
	"fact": "keyword.declaration.fact.specl", "initially": "keyword.declaration.initially.specl",
	"invariant": "keyword.declaration.invariant.specl", "assert": "keyword.declaration.assert.specl",
	"requires": "keyword.other.clause.requires.specl", "ensures": "keyword.other.clause.ensures.specl",
	"given": "keyword.other.step.given.specl", "do": "keyword.other.step.do.specl", "expect": "keyword.other.step.expect.specl",
	"set": "support.type.set.specl", "of": "support.type.set.specl", "bool": "support.type.primitive.bool.specl",
	"true": "constant.language.boolean.specl", "false": "constant.language.boolean.specl",
	"and": "keyword.operator.word.specl", "or": "keyword.operator.word.specl", "not": "keyword.operator.word.specl",
	"implies": "keyword.operator.word.specl", "iff": "keyword.operator.word.specl", "in": "keyword.operator.word.specl",
	"subset": "keyword.operator.word.specl", "union": "keyword.operator.word.specl",
	"intersect": "keyword.operator.word.specl", "minus": "keyword.operator.word.specl",
	"all": "keyword.other.quantifier.specl", "some": "keyword.other.quantifier.specl", "no": "keyword.other.quantifier.specl",
	"if": "keyword.control.conditional.specl", "then": "keyword.control.conditional.specl",
	"else": "keyword.control.conditional.specl", "cases": "keyword.control.conditional.specl",
	"with": "keyword.other.specl", "where": "keyword.other.specl", "count": "keyword.other.count.specl",
}

// TestKeywordsAreTheParsers: the table above names exactly the parser's reserved
// words, so a word added to the language cannot go uncoloured.
func TestKeywordsAreTheParsers(t *testing.T) {
	for w := range keywordScopes {
		toks := parser.Lex(w)
		if len(toks) != 1 || toks[0].Kind != parser.Keyword {
			t.Errorf("%q is in the grammar's keyword table but the parser lexes it as %v", w, toks)
		}
	}
	// Every word of the language reference's list of reserved words (and only those)
	// lexes as a keyword; `depth` and `budget` are option names, not reserved.
	for _, w := range []string{"depth", "budget", "balance", "Set", "IN"} {
		if toks := parser.Lex(w); len(toks) != 1 || toks[0].Kind != parser.Ident {
			t.Errorf("%q lexes as %v, want one identifier", w, toks)
		}
	}
	if len(keywordScopes) != 45 {
		t.Errorf("the table has %d reserved words; LANGUAGE.md lists 45", len(keywordScopes))
	}
}

// snapScopes tokenises files with the grammar (vscode-tmgrammar-snap) and returns,
// per file, line and UTF-16 column, the scopes of that character.
func snapScopes(t *testing.T, files map[string]string) map[string][][][]string {
	t.Helper()
	dir := extensionDir(t)
	tmp := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := run(t, dir, 60*time.Second, "npx", "--no-install", "vscode-tmgrammar-snap",
		"--config", filepath.Join(dir, "test", "grammar", "config.json"), "-s", "source.specl", "-u", filepath.Join(tmp, "*.specl"))
	if err != nil {
		t.Fatalf("vscode-tmgrammar-snap: %v\n%s", err, out)
	}
	res := map[string][][][]string{}
	for name := range files {
		snap, err := os.ReadFile(filepath.Join(tmp, name+".snap"))
		if err != nil {
			t.Fatalf("no snapshot for %s: %v\n%s", name, err, out)
		}
		res[name] = parseSnap(t, name, string(snap))
	}
	return res
}

var snapAssert = regexp.MustCompile(`^#( *)(\^+) (.*)$`)

// parseSnap reads a snapshot: each source line `>text` is followed by lines
// `#   ^^^ scope scope…` that give the scopes of the columns under the carets.
func parseSnap(t *testing.T, name, snap string) [][][]string {
	t.Helper()
	var lines [][][]string
	sc := bufio.NewScanner(strings.NewReader(snap))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, ">"):
			// vscode-textmate tokenises each line with its newline: one column more.
			lines = append(lines, make([][]string, utf16Len(l[1:])+1))
		case strings.HasPrefix(l, "#"):
			m := snapAssert.FindStringSubmatch(l)
			if m == nil || len(lines) == 0 {
				t.Fatalf("%s.snap: unexpected line %q", name, l)
			}
			cur := lines[len(lines)-1]
			scopes := strings.Fields(m[3])
			for c := len(m[1]); c < len(m[1])+len(m[2]); c++ {
				if c >= len(cur) {
					t.Fatalf("%s.snap: carets past the end of their line: %q", name, l)
				}
				cur[c] = scopes
			}
		}
	}
	return lines
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// utf16Cols returns the UTF-16 column of each byte of a line: vscode-textmate
// counts in JavaScript string units.
func utf16Cols(s string) []int {
	cols := make([]int, 0, len(s))
	col := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		for range size {
			cols = append(cols, col)
		}
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
		i += size
	}
	return cols
}

// corpus returns the specs of the repository: the examples and the check corpus.
// The broken inputs of testdata/syntax are left out: after a syntax error the
// grammar and the parser may fairly disagree on what follows.
func corpus(t *testing.T) map[string]string {
	t.Helper()
	root := repoRoot(t)
	files := map[string]string{}
	for _, pattern := range []string{"examples/*.specl", "testdata/check/*.specl", "testdata/qa/*.specl", "tests/e2e/testdata/*.specl"} {
		paths, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			text, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, p)
			files[strings.ReplaceAll(rel, string(filepath.Separator), "__")] = string(text)
		}
	}
	if len(files) < 10 {
		t.Fatalf("only %d specs in the corpus", len(files))
	}
	return files
}

// TestGrammarAgreesWithLexer colours every spec of the repository with the grammar
// and checks each token of the parser's lexer: a reserved word gets its scope from
// the table, a comment a comment scope (a doc comment exactly when the parser takes
// it for one), a number a numeric scope, a primed name the primed scope, punctuation
// an operator or punctuation scope, and a name no keyword-like scope.
func TestGrammarAgreesWithLexer(t *testing.T) {
	files := corpus(t)
	// Every reserved word alone on its line, too.
	var words []string
	for w := range keywordScopes {
		words = append(words, w)
	}
	slices.Sort(words)
	files["keywords.specl"] = strings.Join(words, "\n") + "\n"

	scopes := snapScopes(t, files)
	for name, text := range files {
		checkTokens(t, name, text, scopes[name])
	}
}

func checkTokens(t *testing.T, name, text string, lines [][][]string) {
	t.Helper()
	idx := source.NewLineIndex(text)
	at := func(offset int) []string {
		line := idx.Line(offset)
		if line >= len(lines) {
			return nil
		}
		cols := utf16Cols(idx.LineText(line))
		b := offset - idx.LineStart(line)
		if b >= len(cols) || cols[b] >= len(lines[line]) {
			return nil
		}
		return lines[line][cols[b]]
	}
	has := func(ss []string, pred func(string) bool) bool { return slices.ContainsFunc(ss, pred) }
	prefix := func(ps ...string) func(string) bool {
		return func(s string) bool {
			for _, p := range ps {
				if strings.HasPrefix(s, p) {
					return true
				}
			}
			return false
		}
	}
	errs := 0
	fail := func(tok parser.Token, format string, args ...any) {
		errs++
		if errs <= 20 {
			pos := idx.Position(tok.Span.Start, source.CodePoints)
			t.Errorf("%s:%d:%d: %q (%v): %s", name, pos.Line+1, pos.Column+1, tok.Text, tok.Kind, fmt.Sprintf(format, args...))
		}
	}
	for _, tok := range parser.Lex(text) {
		first := at(tok.Span.Start)
		// One token, one colour: every character of it carries the same scopes
		// (a primed name's prime and a comment's delimiters aside).
		if tok.Kind != parser.Comment && tok.Kind != parser.Primed {
			for o := tok.Span.Start; o < tok.Span.End; o++ {
				if s := at(o); !slices.Equal(s, first) {
					fail(tok, "split by the grammar: %v at its start, %v at byte %d", first, s, o-tok.Span.Start)
					break
				}
			}
		}
		switch tok.Kind {
		case parser.Keyword:
			if want := keywordScopes[tok.Text]; !slices.Contains(first, want) {
				fail(tok, "scopes %v, want %s", first, want)
			}
		case parser.Comment:
			c := ast.Comment{Span: tok.Span, Text: tok.Text}
			for o := tok.Span.Start; o < tok.Span.End; o++ {
				if text[o] == '\n' || text[o] == '\r' {
					continue
				}
				s := at(o)
				if !has(s, prefix("comment.")) {
					fail(tok, "byte %d has scopes %v, want a comment", o-tok.Span.Start, s)
					break
				}
				if doc := slices.Contains(s, "comment.line.documentation.specl"); doc != c.IsDoc() {
					fail(tok, "documentation scope %v, but the parser's IsDoc is %v", doc, c.IsDoc())
					break
				}
			}
		case parser.Int:
			if !slices.Contains(first, "constant.numeric.integer.decimal.specl") {
				fail(tok, "scopes %v, want constant.numeric.integer.decimal.specl", first)
			}
		case parser.Primed:
			for o := tok.Span.Start; o < tok.Span.End-1; o++ {
				if !slices.Contains(at(o), "variable.other.primed.specl") {
					fail(tok, "the name has scopes %v, want variable.other.primed.specl", at(o))
					break
				}
			}
			if s := at(tok.Span.End - 1); !slices.Contains(s, "keyword.operator.prime.specl") {
				fail(tok, "the prime has scopes %v, want keyword.operator.prime.specl", s)
			}
		case parser.Punct:
			if tok.Text == "_" {
				if !slices.Contains(first, "variable.language.wildcard.specl") {
					fail(tok, "scopes %v, want variable.language.wildcard.specl", first)
				}
			} else if !has(first, prefix("keyword.operator.", "punctuation.")) {
				fail(tok, "scopes %v, want an operator or punctuation", first)
			}
		case parser.Ident:
			if has(first, prefix("keyword.", "storage.", "support.", "constant.", "invalid.", "comment.", "punctuation.")) {
				fail(tok, "a name coloured %v", first)
			}
		case parser.Error:
			// A stray character or a bad number is shown as such; an unterminated
			// block comment runs to the end as a comment.
			if !has(first, prefix("invalid.illegal.", "comment.block.")) {
				fail(tok, "scopes %v, want invalid.illegal or an unterminated comment.block", first)
			}
		}
	}
	if errs > 20 {
		t.Errorf("%s: %d more", name, errs-20)
	}
}

// TestExtensionUnit runs the extension's own tests (node:test, a fake vscode).
func TestExtensionUnit(t *testing.T) {
	dir := extensionDir(t)
	out, err := run(t, dir, 60*time.Second, "node", "--test", "test/extension.test.js")
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`(?m)^# pass [1-9]`).MatchString(out) || !strings.Contains(out, "# fail 0") {
		t.Fatalf("node --test ran no test or failed one:\n%s", out)
	}
}

// TestPackage builds the .vsix with vsce, from a copy of the extension laid out as
// in the repository (so its prepublish script copies the grammar there, not into the
// checkout), and checks what it holds.
func TestPackage(t *testing.T) {
	dir := extensionDir(t)
	root := repoRoot(t)
	tmp := t.TempDir()
	ext := filepath.Join(tmp, "editors", "vscode")
	for _, f := range []string{"extension.js", "package.json", "package-lock.json", "language-configuration.json",
		"README.md", "LICENSE", ".vscodeignore", "scripts/copy-grammar.js", "scripts/bundle.js", "snippets/specl.json",
		"test/extension.test.js", grammarPath} {
		from, to := filepath.Join(dir, f), filepath.Join(ext, f)
		if f == grammarPath {
			from, to = filepath.Join(root, f), filepath.Join(tmp, f)
		}
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "node_modules"), filepath.Join(ext, "node_modules")); err != nil {
		t.Fatal(err)
	}
	vsix := filepath.Join(tmp, "specls.vsix")
	out, err := run(t, ext, 120*time.Second, "npx", "--no-install", "vsce", "package", "--out", vsix)
	if err != nil {
		t.Fatalf("vsce package: %v\n%s", err, out)
	}
	zr, err := zip.OpenReader(vsix)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	defer zr.Close()
	var names []string
	contents := map[string][]byte{}
	var size uint64
	for _, f := range zr.File {
		names = append(names, f.Name)
		size += f.UncompressedSize64
		if strings.HasPrefix(f.Name, "extension/node_modules/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		_, err = buf.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		contents[f.Name] = buf.Bytes()
	}
	// Exactly these files: the bundle replaces extension.js and node_modules.
	slices.Sort(names)
	want := []string{"[Content_Types].xml", "extension.vsixmanifest", "extension/LICENSE.txt",
		"extension/dist/THIRD_PARTY_NOTICES.txt", "extension/dist/extension.js",
		"extension/language-configuration.json", "extension/package.json", "extension/readme.md",
		"extension/snippets/specl.json", "extension/syntaxes/specl.tmLanguage.json"}
	if !slices.Equal(names, want) {
		t.Errorf("the .vsix holds\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	// The bundle is minified: the whole extension, unpacked, stays under 600 KB
	// (it is about 400 KB; node_modules alone was over 1 MB).
	if size > 600<<10 {
		t.Errorf("the .vsix unpacks to %d bytes, want under 600 KB", size)
	}
	if notices := string(contents["extension/dist/THIRD_PARTY_NOTICES.txt"]); !strings.Contains(notices, "vscode-languageclient 9.0.1 (MIT)") ||
		!strings.Contains(notices, "vscode-jsonrpc") {
		t.Errorf("THIRD_PARTY_NOTICES.txt does not name the bundled client library:\n%.400s", notices)
	}
	// The bundle loads with nothing but `vscode` and Node's own modules, and
	// exports the extension's entry points.
	bundle := filepath.Join(tmp, "bundled-extension.js")
	if err := os.WriteFile(bundle, contents["extension/dist/extension.js"], 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, dir, 60*time.Second, "node", "test/load-bundle.js", bundle)
	if err != nil {
		t.Fatalf("loading the bundle: %v\n%s", err, out)
	}
	if want := `{"exports":["activate","deactivate","runUri","serverSettings"],"notBuiltin":[]}`; out != want {
		t.Errorf("the bundle, loaded: %s\nwant %s", out, want)
	}
	var manifest struct {
		Main       string `json:"main"`
		Repository struct {
			URL string `json:"url"`
		} `json:"repository"`
		Contributes struct {
			Snippets []struct{ Language, Path string } `json:"snippets"`
			Commands []struct{ Command string }        `json:"commands"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(contents["extension/package.json"], &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Main != "./dist/extension.js" || manifest.Repository.URL == "" {
		t.Errorf("package.json: main %q, repository %q; want ./dist/extension.js and a repository", manifest.Main, manifest.Repository.URL)
	}
	if len(manifest.Contributes.Snippets) != 1 || manifest.Contributes.Snippets[0].Path != "./snippets/specl.json" {
		t.Errorf("package.json contributes snippets %+v, want ./snippets/specl.json for specl", manifest.Contributes.Snippets)
	}
	var commands []string
	for _, c := range manifest.Contributes.Commands {
		commands = append(commands, c.Command)
	}
	if !slices.Contains(commands, "specls.restartServer") || !slices.Contains(commands, "specls.showOutput") {
		t.Errorf("package.json contributes commands %q, want specls.restartServer and specls.showOutput", commands)
	}
	src, err := os.ReadFile(filepath.Join(root, grammarPath))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(contents["extension/syntaxes/specl.tmLanguage.json"], src) {
		t.Errorf("the packaged grammar is not %s", grammarPath)
	}
	if !bytes.Contains(contents["extension.vsixmanifest"], []byte(`Id="specls"`)) || !bytes.Contains(contents["extension.vsixmanifest"], []byte(`Publisher="specls"`)) {
		t.Errorf("the manifest does not name the extension specls by publisher specls:\n%s", contents["extension.vsixmanifest"])
	}
}

// snippetField matches a snippet's tab stops and placeholders: $1, ${1} and ${1:text}
// (placeholders do not nest in the extension's snippets).
var snippetField = regexp.MustCompile(`\$(\d+)|\$\{(\d+)(?::([^}]*))?\}`)

// expandSnippet returns the text VS Code inserts when the user accepts every
// placeholder's default: a mirrored $N, alone or as another placeholder's default
// (`${4:$2}`), takes the default of ${N:…}.
func expandSnippet(body []string) string {
	text := strings.ReplaceAll(strings.Join(body, "\n"), "\t", "  ")
	defaults := map[string]string{}
	for _, m := range snippetField.FindAllStringSubmatch(text, -1) {
		if m[2] != "" && m[3] != "" && !strings.Contains(m[3], "$") {
			defaults[m[2]] = m[3]
		}
	}
	var expand func(string) string
	expand = func(s string) string {
		return snippetField.ReplaceAllStringFunc(s, func(f string) string {
			m := snippetField.FindStringSubmatch(f)
			switch {
			case m[1] != "":
				return defaults[m[1]]
			case m[3] != "":
				return expand(m[3])
			default:
				return defaults[m[2]]
			}
		})
	}
	return expand(text)
}

// TestSnippets expands every snippet of the extension with its defaults and checks
// the result with the parser and the type checker: a snippet the user accepts as it
// comes must be a correct declaration. Every declaration keyword has a snippet.
func TestSnippets(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "editors", "vscode", "snippets", "specl.json"))
	if err != nil {
		t.Fatal(err)
	}
	var snippets map[string]struct {
		Prefix      string   `json:"prefix"`
		Description string   `json:"description"`
		Body        []string `json:"body"`
	}
	if err := json.Unmarshal(data, &snippets); err != nil {
		t.Fatal(err)
	}
	// A spec the snippets can refer to (examples `do Action`).
	const host = "action Action {\n  requires true\n}\n"
	prefixes := map[string]bool{}
	for name, sn := range snippets {
		prefixes[sn.Prefix] = true
		if sn.Description == "" {
			t.Errorf("snippet %q has no description", name)
		}
		text := expandSnippet(sn.Body)
		var src string
		switch sn.Prefix {
		case "spec":
			src = text + "\n" + host
		case "cases":
			src = host + "fun F(x: 0..10): 0..10 = " + text + "\n"
		default:
			src = host + text + "\n"
		}
		f, findings := parser.Parse(src)
		findings = append(findings, sema.Check(f).Findings...)
		if len(findings) > 0 {
			t.Errorf("snippet %q expands to\n%s\nwhich has findings: %v", name, src, findings)
		}
	}
	for _, kw := range []string{"spec", "type", "enum", "const", "var", "fact", "initially", "invariant", "assert",
		"action", "pred", "fun", "example", "nonexample", "option", "cases"} {
		if !prefixes[kw] {
			t.Errorf("no snippet has the prefix %q", kw)
		}
	}
}

// TestManifestSettings ties the extension's settings to the server: the codes
// specls.disabledCodes offers are exactly the finding codes, and the defaults the
// descriptions state are the checker's.
func TestManifestSettings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "editors", "vscode", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]struct {
					MarkdownDescription string `json:"markdownDescription"`
					Items               struct {
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	props := manifest.Contributes.Configuration.Properties
	var codes []string
	for _, c := range diag.Codes {
		codes = append(codes, string(c.Code))
	}
	if got := props["specls.disabledCodes"].Items.Enum; !slices.Equal(got, codes) {
		t.Errorf("specls.disabledCodes offers %q, want the codes of lang/diag in order: %q", got, codes)
	}
	if d := props["specls.budget"].MarkdownDescription; !strings.Contains(d, "else "+strconv.Itoa(sema.DefaultOptions.Budget)+".") {
		t.Errorf("specls.budget's description %q does not state the default budget %d", d, sema.DefaultOptions.Budget)
	}
	if d := props["specls.depth"].MarkdownDescription; sema.DefaultOptions.Depth == sema.NoDepth && !strings.Contains(d, "else none") {
		t.Errorf("specls.depth's description %q does not say that without a depth reachability is exact", d)
	}
}
