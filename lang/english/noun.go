package english

import (
	"strconv"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/sema"
)

// weight says how a noun reading may be embedded.
type weight int

const (
	// simple binds tightly: names, entries ("the grants of Admin"), literals, calls,
	// anything in braces.
	simple weight = iota
	// compound joins quantities with an operator word ("the balance plus the
	// amount"): bare where a comparison word delimits it, in parentheses as an
	// operand.
	compound
	// openNoun runs to the end ("if …, then …, otherwise …", "the first of these
	// that applies: …"): bare only when it is the whole reading.
	openNoun
)

type noun struct {
	text   string
	weight weight
}

// plural reports whether the reading names a plural thing and takes "are": a name
// or an entry whose head word is plural ("the grants", "the new grants of Admin",
// "the features of the deploy of Prod"). A quantity built with an operator ("the
// grants together with …") reads as one thing.
func (n noun) plural() bool {
	if n.weight != simple || !strings.HasPrefix(n.text, "the ") {
		return strings.HasPrefix(n.text, "all ") && strings.HasSuffix(n.text, " values")
	}
	// The head noun ends where "of", "for" or "in" starts its complement.
	head := strings.TrimPrefix(n.text, "the ")
	for _, sep := range []string{" of ", " for ", " in "} {
		head, _, _ = strings.Cut(head, sep)
	}
	if strings.ContainsAny(head, "`({[") {
		return false
	}
	words := strings.Fields(head)
	if len(words) > 1 && words[0] == "new" {
		words = words[1:]
	}
	// "the max retries" is one number, as "the number of retries" would be.
	if len(words) > 1 && quantityWords[words[0]] {
		return false
	}
	return len(words) > 0 && pluralWord(words[len(words)-1])
}

// quantityWords start a name that counts or bounds what the rest names.
var quantityWords = map[string]bool{"max": true, "min": true, "maximum": true, "minimum": true,
	"num": true, "number": true, "count": true, "total": true, "avg": true, "average": true}

// be is the verb "to be" that agrees with the reading as a subject.
func (n noun) be() string {
	if n.plural() {
		return "are"
	}
	return "is"
}

// operand is the reading as an operand of an operator or of "of".
func (n noun) operand() string {
	if n.weight == simple {
		return n.text
	}
	return "(" + n.text + ")"
}

// bare is the reading where words on both sides delimit it (a comparison's sides).
func (n noun) bare() string {
	if n.weight == openNoun {
		return "(" + n.text + ")"
	}
	return n.text
}

var opWord = map[ast.BinaryOp]string{ast.Add: "plus", ast.Sub: "minus", ast.Mul: "times",
	ast.Union: "together with", ast.Minus: "without", ast.Intersect: "intersected with"}

func (r *reader) noun(e ast.Expr) noun {
	switch e := e.(type) {
	case nil:
		return noun{text: "?"}
	case *ast.Paren:
		return r.noun(e.X)
	case *ast.Name:
		return noun{text: r.name(e)}
	case *ast.Primed:
		if s := r.symbol(e.Ident); s != nil && s.Kind == sema.KindVar {
			if w, ok := r.words(e.Ident.Name); ok {
				if hasTemporal(w) {
					// Not "the new old ready".
					return noun{text: "the new value of the " + w}
				}
				return noun{text: "the new " + w}
			}
		}
	case *ast.IntLit:
		return noun{text: strconv.FormatInt(e.Value, 10)}
	case *ast.BoolLit:
		return noun{text: strconv.FormatBool(e.Value)}
	case *ast.Wildcard:
		return noun{text: "any value"}
	case *ast.Unary:
		if e.Op == ast.Neg {
			if lit, ok := e.X.(*ast.IntLit); ok {
				return noun{text: "-" + strconv.FormatInt(lit.Value, 10)}
			}
			return noun{text: "minus " + r.noun(e.X).operand(), weight: compound}
		}
	case *ast.Binary:
		if w, ok := opWord[e.Op]; ok {
			left := r.noun(e.X)
			x := left.operand()
			// A left operand at the same level reads left to right as written:
			// "a plus b minus c" is (a plus b) minus c.
			if lb, ok := ast.Unparen(e.X).(*ast.Binary); ok && lb.Op.Precedence() == e.Op.Precedence() {
				x = left.text
			}
			return noun{text: x + " " + w + " " + r.noun(e.Y).operand(), weight: compound}
		}
	case *ast.RangeExpr:
		return noun{text: "the integers from " + r.noun(e.Lo).operand() + " to " + r.noun(e.Hi).operand(), weight: compound}
	case *ast.Index:
		if base, ok := r.mapName(e.X); ok {
			return noun{text: base + " of " + r.noun(e.Key).operand()}
		}
		// A lookup in a lookup (or in a field, a call, an update): "the entry for
		// m in (the votes of n)", the inner map in parentheses unless it is a
		// plain name's entry, so that the "of"s cannot regroup.
		inner := r.noun(e.X)
		if inner.weight == simple && !strings.Contains(inner.text, "`") {
			return noun{text: "the entry for " + r.noun(e.Key).operand() + " in " + inner.text}
		}
	case *ast.Select:
		if s := r.symbol(e.Field); s != nil && s.Kind == sema.KindMember {
			return noun{text: r.member(s)}
		}
		if w, ok := nameWords(e.Field.Name); ok {
			return noun{text: "the " + w + " of " + r.noun(e.X).operand()}
		}
	case *ast.Call:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = r.noun(a).bare()
		}
		return noun{text: e.Fun.Name + "(" + strings.Join(args, ", ") + ")"}
	case *ast.MapUpdate, *ast.RecordUpdate:
		if t, ok := r.updates(e); ok {
			return noun{text: t, weight: compound}
		}
	case *ast.SetLit:
		if len(e.Elems) == 0 {
			return noun{text: "the empty set"}
		}
		elems := make([]string, len(e.Elems))
		for i, x := range e.Elems {
			elems[i] = r.noun(x).bare()
		}
		return noun{text: "{" + strings.Join(elems, ", ") + "}"}
	case *ast.RecordLit:
		fields := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			fields[i] = f.Name.Name + ": " + r.noun(f.Value).bare()
		}
		return noun{text: "{" + strings.Join(fields, ", ") + "}"}
	case *ast.Comprehension:
		set := r.noun(e.Set).operand()
		if n, ok := ast.Unparen(e.Set).(*ast.Name); ok {
			if s := r.symbol(n.Ident); s != nil && (s.Kind == sema.KindType || s.Kind == sema.KindEnum) {
				set = s.Name
			}
		}
		return noun{text: "{" + e.Var.Name + " in " + set + " such that " + r.clause(e.Cond).text + "}"}
	case *ast.Count:
		return noun{text: "the number of elements of " + r.noun(e.X).operand()}
	case *ast.If:
		c := r.clause(e.Cond).guard()
		return noun{text: "if " + c.text + ", then " + r.noun(e.Then).operand() +
			", otherwise " + r.noun(e.Else).text, weight: openNoun}
	case *ast.Cases:
		var arms []string
		for _, a := range e.Arms {
			arms = append(arms, "when "+r.clause(a.Guard).guard().text+", "+r.noun(a.Value).bare())
		}
		if e.Else != nil {
			arms = append(arms, "otherwise "+r.noun(e.Else.Value).bare())
		} else {
			arms = append(arms, "if none applies, an unknown value")
		}
		return noun{text: "the first of these that applies: " + strings.Join(arms, "; "), weight: openNoun}
	}
	// A formula in a value's place, or a shape with no plain reading: the Specl text.
	return noun{text: code(e)}
}

// name reads a name by what it names.
func (r *reader) name(n *ast.Name) string {
	s := r.symbol(n.Ident)
	if s == nil {
		return code(n)
	}
	switch s.Kind {
	case sema.KindVar, sema.KindConst:
		// A one-letter name reads as itself ("n"), as a parameter's does.
		if len(s.Name) == 1 {
			return s.Name
		}
		if w, ok := r.words(s.Name); ok {
			return "the " + w
		}
	case sema.KindParam:
		// A one-letter parameter reads as itself ("r"); a word reads as a thing
		// ("the amount").
		if len(s.Name) == 1 {
			return s.Name
		}
		if w, ok := r.words(s.Name); ok {
			return "the " + w
		}
	case sema.KindBound, sema.KindPred, sema.KindFun:
		return s.Name
	case sema.KindMember:
		return r.member(s)
	case sema.KindType, sema.KindEnum:
		return "all " + s.Name + " values"
	}
	return code(n)
}

// member reads an enum member as written, qualified when its name alone is shared.
func (r *reader) member(s *sema.Symbol) string {
	if len(r.info.Lookup(s.Name)) > 1 && s.Owner != nil {
		return s.Owner.Name + "." + s.Name
	}
	return s.Name
}

// mapName gives "the grants" or "the new grants" for a map that is read as "the
// grants of k"; it reports false for anything else (a lookup in a lookup, in a
// field, in a call), which then reads as its Specl text rather than as a chain of
// "of"s whose grouping would be unclear.
func (r *reader) mapName(e ast.Expr) (string, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Name:
		s := r.symbol(x.Ident)
		if s == nil {
			return "", false
		}
		switch s.Kind {
		case sema.KindVar, sema.KindConst, sema.KindParam:
			if w, ok := r.words(s.Name); ok {
				return "the " + w, true
			}
		}
	case *ast.Primed:
		t := r.noun(x).text
		// "the new value of the old ready of n" would regroup: not a map name.
		return t, strings.HasPrefix(t, "the new ") && !strings.HasPrefix(t, "the new value of ")
	}
	return "", false
}

// updates reads a chain of `with` updates in order: "the grants with Guest set to
// {Read} with Dev set to {}".
func (r *reader) updates(e ast.Expr) (string, bool) {
	var steps []string
chain:
	for {
		switch u := e.(type) {
		case *ast.MapUpdate:
			steps = append(steps, " with "+r.noun(u.Key).operand()+" set to "+r.noun(u.Value).operand())
			e = u.X
		case *ast.RecordUpdate:
			w, ok := nameWords(u.Field.Name)
			if !ok {
				return "", false
			}
			steps = append(steps, " with its "+w+" set to "+r.noun(u.Value).operand())
			e = u.X
		default:
			break chain
		}
	}
	var b strings.Builder
	b.WriteString(r.noun(e).operand())
	for i := len(steps) - 1; i >= 0; i-- {
		b.WriteString(steps[i])
	}
	return b.String(), true
}
