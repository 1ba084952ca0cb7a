package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/english"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// runExplain is `specls explain`: every declaration of one spec, in order, as a
// `path:line:col: kind Name` line followed by its plain-English reading, indented,
// with a blank line between declarations. A declaration that does not parse is
// listed as such and the rest are still read; the error then says how many did not.
func runExplain(path string, text string, w io.Writer) error {
	f, _ := parser.Parse(text)
	info := sema.Check(f)
	lines := source.NewLineIndex(text)
	var b strings.Builder
	bad := 0
	for i, d := range f.Decls {
		if i > 0 {
			b.WriteString("\n")
		}
		pos := lines.Position(d.Bounds().Start, source.CodePoints)
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", path, pos.Line+1, pos.Column+1, declTitle(d))
		if _, ok := d.(*ast.BadDecl); ok {
			bad++
		}
		for _, line := range strings.Split(english.Clause(info, d), "\n") {
			if line == "" {
				b.WriteString("\n")
				continue
			}
			b.WriteString("  " + line + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%s: %d declaration(s) did not parse; run specls check for the errors", path, bad)
	}
	return nil
}

// declTitle names a declaration as it is written: its keyword and its name.
func declTitle(d ast.Decl) string {
	name := func(kw string, id *ast.Ident) string {
		if id == nil {
			return kw
		}
		return kw + " " + id.Name
	}
	switch d := d.(type) {
	case *ast.SpecDecl:
		return name("spec", d.Name)
	case *ast.TypeDecl:
		return name("type", d.Name)
	case *ast.EnumDecl:
		return name("enum", d.Name)
	case *ast.ConstDecl:
		return name("const", d.Name)
	case *ast.VarDecl:
		return name("var", d.Name)
	case *ast.ClauseDecl:
		return name(d.Kind.String(), d.Name)
	case *ast.ActionDecl:
		return name("action", d.Name)
	case *ast.PredDecl:
		return name("pred", d.Name)
	case *ast.FunDecl:
		return name("fun", d.Name)
	case *ast.ExampleDecl:
		if d.Negative {
			return name("nonexample", d.Name)
		}
		return name("example", d.Name)
	case *ast.OptionDecl:
		return name("option", d.Name)
	}
	return "(does not parse)"
}

// explainCmd is `specls explain PATH...`: files, directories (as check takes them) or
// - for standard input.
type explainCmd struct {
	Paths []string `arg:"" name:"path" help:"The specs to read aloud: files, directories to search for .specl files, or - for standard input."`
}

func (c *explainCmd) run(e *env) int {
	paths, errs, empty := expandSpecs(c.Paths)
	for _, dir := range empty {
		errs = append(errs, dir+": no .specl files here (nothing to explain)")
	}
	code := exitOK
	for _, msg := range errs {
		fmt.Fprintf(e.stderr, "specls: %s\n", msg)
		code = exitUsage
	}
	for i, p := range paths {
		text, err := readSpec(e, p)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			code = exitUsage
			continue
		}
		if p == stdinPath {
			p = stdinName
		}
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := runExplain(p, text, e.stdout); err != nil {
			fmt.Fprintf(e.stderr, "specls: %v\n", err)
			code = max(code, exitFindings)
		}
	}
	return code
}
