package sema

import (
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
)

// maxShown bounds an expression quoted in a message; longer ones are cut with "…".
const maxShown = 40

// show quotes an expression for a message: `balance + true`.
func show(e ast.Expr) string {
	var b strings.Builder
	write(&b, e)
	s := b.String()
	if r := []rune(s); len(r) > maxShown {
		s = string(r[:maxShown-1]) + "…"
	}
	return "`" + s + "`"
}

// write prints an expression compactly in Specl syntax (it parenthesises only where
// the source did, so it reads as written).
func write(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("?")
	case *ast.Name:
		b.WriteString(e.Ident.Name)
	case *ast.Primed:
		b.WriteString(e.Ident.Name + "'")
	case *ast.IntLit:
		b.WriteString(strconv.FormatInt(e.Value, 10))
	case *ast.BoolLit:
		b.WriteString(strconv.FormatBool(e.Value))
	case *ast.Wildcard:
		b.WriteString("_")
	case *ast.Paren:
		b.WriteByte('(')
		write(b, e.X)
		b.WriteByte(')')
	case *ast.Unary:
		if e.Op == ast.Not {
			b.WriteString("not ")
		} else {
			b.WriteByte('-')
		}
		write(b, e.X)
	case *ast.Binary:
		write(b, e.X)
		b.WriteString(" " + e.Op.String() + " ")
		write(b, e.Y)
	case *ast.Index:
		write(b, e.X)
		b.WriteByte('[')
		write(b, e.Key)
		b.WriteByte(']')
	case *ast.Select:
		write(b, e.X)
		b.WriteString("." + identName(e.Field))
	case *ast.Call:
		b.WriteString(identName(e.Fun) + "(")
		list(b, e.Args)
		b.WriteByte(')')
	case *ast.MapUpdate:
		write(b, e.X)
		b.WriteString(" with [")
		write(b, e.Key)
		b.WriteString("] = ")
		write(b, e.Value)
	case *ast.RecordUpdate:
		write(b, e.X)
		b.WriteString(" with ." + identName(e.Field) + " = ")
		write(b, e.Value)
	case *ast.SetLit:
		b.WriteByte('{')
		list(b, e.Elems)
		b.WriteByte('}')
	case *ast.Comprehension:
		b.WriteString("{" + identName(e.Var) + " in ")
		write(b, e.Set)
		b.WriteString(" where ")
		write(b, e.Cond)
		b.WriteByte('}')
	case *ast.RecordLit:
		b.WriteByte('{')
		for i, f := range e.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(identName(f.Name) + ": ")
			write(b, f.Value)
		}
		b.WriteByte('}')
	case *ast.RangeExpr:
		write(b, e.Lo)
		b.WriteString("..")
		write(b, e.Hi)
	case *ast.Count:
		b.WriteString("count(")
		write(b, e.X)
		b.WriteByte(')')
	case *ast.If:
		b.WriteString("if ")
		write(b, e.Cond)
		b.WriteString(" then ")
		write(b, e.Then)
		b.WriteString(" else ")
		write(b, e.Else)
	case *ast.Quant:
		b.WriteString(e.Kind.String() + " ")
		for i, bd := range e.Bindings {
			if i > 0 {
				b.WriteString(", ")
			}
			for j, v := range bd.Vars {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(identName(v))
			}
			b.WriteString(" in ")
			write(b, bd.Set)
		}
		b.WriteString(": ")
		write(b, e.Body)
	case *ast.Cases:
		b.WriteString("cases {…}")
	default:
		b.WriteString("…")
	}
}

func list(b *strings.Builder, es []ast.Expr) {
	for i, x := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		write(b, x)
	}
}

func identName(id *ast.Ident) string {
	if id == nil {
		return "?"
	}
	return id.Name
}

// closest is the candidate closest to name by edit distance (ignoring case), when
// it is close enough to be a likely typo, else "".
func closest(name string, candidates []string) string {
	best, bestD := "", -1
	limit := max(1, len(name)/3)
	for _, c := range candidates {
		if c == name || c == "" {
			continue
		}
		d := distance(strings.ToLower(name), strings.ToLower(c))
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the optimal-string-alignment distance between a and b (Levenshtein
// plus the swap of two neighbours, the commonest typo: Opne for Open). Names are ASCII.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
