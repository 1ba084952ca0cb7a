package check

import (
	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/source"
)

// IgnorePrefix starts a suppression comment (diag.IgnorePrefix).
const IgnorePrefix = diag.IgnorePrefix

// Suppress drops the findings that a `// specls:ignore CODE` comment names, on the
// finding's line or on the line above. Every producer's findings go through it: the
// parser's and resolver's (by the CLI and the server), and the checker's (by Check).
func Suppress(file *ast.File, lines *source.LineIndex, fs []diag.Finding) []diag.Finding {
	type key struct {
		line int
		code diag.Code
	}
	ignored := map[key]bool{}
	if file != nil {
		for _, c := range file.Comments {
			line := lines.Line(c.Start)
			for _, code := range ignoredCodes(c.Text) {
				ignored[key{line, code}] = true
			}
		}
	}
	if len(ignored) == 0 {
		return fs
	}
	out := fs[:0:0]
	for _, f := range fs {
		line := lines.Line(f.Span.Start)
		if ignored[key{line, f.Code}] || ignored[key{line - 1, f.Code}] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// ignoredCodes reads the codes of a `// specls:ignore A, B` comment.
func ignoredCodes(comment string) []diag.Code { return diag.IgnoredCodes(comment) }
