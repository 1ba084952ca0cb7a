package check

import (
	"context"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// Analysis is everything specls says about one file.
type Analysis struct {
	File       *ast.File
	Info       *sema.Info
	Findings   []diag.Finding // syntax, name, type and the checker's, suppressions applied, sorted
	Properties []diag.Property
	Examples   []ExampleVerdict // each named example's and nonexample's verdict, in source order
}

// Analyze runs the whole pipeline on one file's text: parse, resolve, check.
func Analyze(ctx context.Context, src string, opts Options) Analysis {
	f, findings := parser.Parse(src)
	info := sema.Check(f)
	findings = append(findings, info.Findings...)
	findings = Suppress(f, source.NewLineIndex(src), findings)
	res := Check(ctx, src, f, info, opts)
	findings = append(findings, res.Findings...)
	diag.Sort(findings)
	return Analysis{File: f, Info: info, Findings: findings, Properties: res.Properties, Examples: res.Examples}
}
