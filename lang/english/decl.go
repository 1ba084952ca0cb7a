package english

import (
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/sema"
)

// Clause reads a declaration or an action clause as a sentence or a short paragraph;
// a `///` doc comment follows as written, in a paragraph of its own. Any other
// expression reads as Expr does.
func Clause(info *sema.Info, n ast.Node) string {
	r := newReader(info)
	text := r.decl(n)
	if d, ok := n.(ast.Documented); ok && d.Documentation().Text != "" {
		text += "\n\n" + d.Documentation().Text
	}
	return text
}

func (r *reader) decl(n ast.Node) string {
	switch d := n.(type) {
	case *ast.SpecDecl:
		return "This is the spec " + identText(d.Name) + "."
	case *ast.TypeDecl:
		return identText(d.Name) + " is " + r.typeNoun(d.Type) + "."
	case *ast.EnumDecl:
		var members []string
		for _, m := range d.Members {
			members = append(members, m.Name)
		}
		if len(members) == 1 {
			return identText(d.Name) + " has the one value " + members[0] + "."
		}
		return identText(d.Name) + " is one of " + series(members, "or") + "."
	case *ast.ConstDecl:
		name := noun{text: r.declName(d.Name)}
		return sentence(name.text + " " + name.be() + " always " + r.noun(d.Value).text)
	case *ast.VarDecl:
		// `var hasVoted: Node -> bool`: "`hasVoted` holds, for each Node, whether it
		// has voted."
		if m, ok := ast.UnparenType(d.Type).(*ast.MapType); ok && d.Name != nil {
			if _, isBool := ast.UnparenType(m.Value).(*ast.BoolType); isBool {
				if verb, rest, ok := verbName(d.Name.Name); ok && !r.shared[d.Name.Name] {
					return "`" + d.Name.Name + "` holds, for each " + r.typeEach(m.Key) + ", whether it " + verb + " " + rest + "."
				}
			}
		}
		t := r.typeNoun(d.Type)
		name := noun{text: r.declName(d.Name)}
		holds := " holds "
		if name.plural() {
			holds = " hold "
		}
		if _, ok := ast.UnparenType(d.Type).(*ast.MapType); ok {
			return sentence(name.text + strings.TrimSuffix(holds, " ") + ", " + t)
		}
		return sentence(name.text + holds + t)
	case *ast.ClauseDecl:
		return r.topClause(d)
	case *ast.ActionClause:
		if d.Body == nil {
			return "This clause does not parse."
		}
		lead := "Required before the step: "
		if d.Kind == ast.Ensures {
			lead = "Ensured by the step: "
		}
		return lead + r.clause(d.Body).text + "."
	case *ast.ActionDecl:
		return r.action(d)
	case *ast.PredDecl:
		return sentence(signature(d.Name, d.Params) + " holds exactly when " + r.clause(d.Body).tail().text)
	case *ast.FunDecl:
		return sentence(signature(d.Name, d.Params) + " is " + r.noun(d.Body).text)
	case *ast.ExampleDecl:
		return r.example(d)
	case *ast.OptionDecl:
		v := r.noun(d.Value).text
		switch identText(d.Name) {
		case "depth":
			return "Runs are explored to at most " + v + " steps."
		case "budget":
			return "Each solver question gets at most " + v + " thousand work units (solver propagations and gates built)."
		}
		return "The option " + identText(d.Name) + " is " + v + "."
	case *ast.BadDecl:
		return "This declaration does not parse."
	case ast.Expr:
		return Expr(r.info, d)
	}
	return ""
}

func identText(id *ast.Ident) string {
	if id == nil {
		return "?"
	}
	return id.Name
}

// declName reads a declared var or const as its uses read: "the max retries".
func (r *reader) declName(id *ast.Ident) string {
	if id == nil {
		return "?"
	}
	if w, ok := r.words(id.Name); ok {
		return "the " + w
	}
	return "`" + id.Name + "`"
}

// signature is `Name(p, q)` as written, or `Name` without parameters.
func signature(name *ast.Ident, params []*ast.Param) string {
	if len(params) == 0 {
		return identText(name)
	}
	ps := make([]string, len(params))
	for i, p := range params {
		ps[i] = identText(p.Name)
	}
	return identText(name) + "(" + strings.Join(ps, ", ") + ")"
}

// topClause reads fact, initially, invariant and assert: a fact is a plain
// statement, the others say when their statement is meant to hold.
func (r *reader) topClause(d *ast.ClauseDecl) string {
	if d.Body == nil {
		return "This clause does not parse."
	}
	body := r.clause(d.Body).text
	switch d.Kind {
	case ast.Initially:
		return "Initially, " + body + "."
	case ast.Invariant:
		return "Always, " + body + "."
	case ast.Assert:
		if len(r.info.Primes(d.Body)) > 0 {
			return "In every step, " + body + "."
		}
		return "It follows that " + body + "."
	}
	return sentence(body)
}

// action reads an action as "Name(params): when <requires>, <ensures>."; requires
// that would not fit between "when" and a comma get a sentence of their own.
func (r *reader) action(d *ast.ActionDecl) string {
	var reqs, ens []clause
	for _, c := range d.Clauses {
		if c.Body == nil {
			continue
		}
		if c.Kind == ast.Requires {
			reqs = append(reqs, r.clause(c.Body))
		} else {
			ens = append(ens, r.clause(c.Body))
		}
	}
	head := signature(d.Name, d.Params) + ": "
	effect := "nothing changes"
	if len(ens) > 0 {
		effect = listOf(ast.And, ens).tail().text
	}
	if len(reqs) == 0 {
		return head + effect + "."
	}
	req := listOf(ast.And, reqs)
	if req.shape == open || req.semi {
		return head + "possible when " + req.text + ". Then " + effect + "."
	}
	return head + "when " + req.text + ", " + effect + "."
}

// example reads an example's run step by step, semicolons between the steps.
func (r *reader) example(d *ast.ExampleDecl) string {
	run := r.info.StateMachine
	for _, s := range d.Steps {
		if _, ok := s.(*ast.DoStep); ok {
			run = true
		}
	}
	var lead string
	switch {
	case run && !d.Negative:
		lead = "A run the spec must admit: "
	case run:
		lead = "A run the spec must rule out: "
	case !d.Negative:
		lead = "A situation the spec must admit: "
	default:
		lead = "A situation the spec must rule out: "
	}
	var givens []clause
	var steps []string
	for _, s := range d.Steps {
		switch s := s.(type) {
		case *ast.GivenStep:
			givens = append(givens, r.clause(s.Cond))
		case *ast.DoStep:
			steps = append(steps, "do "+r.doStep(s))
		case *ast.ExpectStep:
			c := r.clause(s.Cond)
			if c.semi {
				c = c.fallback()
			}
			steps = append(steps, "expect that "+c.text)
		case *ast.BadStep:
			steps = append(steps, "a step that does not parse")
		}
	}
	var start string
	if len(givens) > 0 {
		g := listOf(ast.And, givens)
		if g.semi {
			for i, c := range givens {
				if c.shape != atom {
					givens[i] = c.fallback()
				}
			}
			g = listOf(ast.And, givens)
		}
		start = "given that " + g.text
		if run {
			start = "start from an initial state where " + g.text
		}
	} else if run {
		start = "start from an initial state"
	}
	if start != "" {
		steps = append([]string{start}, steps...)
	}
	return lead + strings.Join(steps, "; ") + "."
}

// doStep reads `Deposit(100)`, a wildcard as "any <parameter>".
func (r *reader) doStep(s *ast.DoStep) string {
	if len(s.Args) == 0 {
		return identText(s.Action)
	}
	var params []*sema.Symbol
	if a := r.symbol(s.Action); a != nil {
		params = a.Params
	}
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		if _, ok := a.(*ast.Wildcard); ok {
			args[i] = "any value"
			if i < len(params) {
				args[i] = "any " + params[i].Name
			}
			continue
		}
		args[i] = r.noun(a).bare()
	}
	return identText(s.Action) + "(" + strings.Join(args, ", ") + ")"
}

// typeNoun reads a type with an indefinite article: "a number from 0 to 1000",
// "a set of Perm values", "for each Role, true or false".
func (r *reader) typeNoun(t ast.Type) string {
	switch t := ast.UnparenType(t).(type) {
	case *ast.BoolType:
		return "true or false"
	case *ast.NamedType:
		return "a " + identText(t.Name) + " value"
	case *ast.RangeType:
		return "a number from " + r.bound(t.Lo) + " to " + r.bound(t.Hi)
	case *ast.SetType:
		return "a set of " + r.typePlural(t.Elem)
	case *ast.MapType:
		return "for each " + r.typeEach(t.Key) + ", " + r.typeNoun(t.Value)
	case *ast.RecordType:
		fields := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			fields[i] = identText(f.Name) + " (" + r.typeNoun(f.Type) + ")"
		}
		return "a record of " + series(fields, "and")
	}
	return "a value of type `" + format.Type(t) + "`"
}

func (r *reader) typePlural(t ast.Type) string {
	switch t := ast.UnparenType(t).(type) {
	case *ast.BoolType:
		return "truth values"
	case *ast.NamedType:
		return identText(t.Name) + " values"
	case *ast.RangeType:
		return "numbers from " + r.bound(t.Lo) + " to " + r.bound(t.Hi)
	case *ast.SetType:
		return "sets of " + r.typePlural(t.Elem)
	}
	return "values of type `" + format.Type(t) + "`"
}

func (r *reader) typeEach(t ast.Type) string {
	switch t := ast.UnparenType(t).(type) {
	case *ast.BoolType:
		return "truth value"
	case *ast.NamedType:
		return identText(t.Name)
	case *ast.RangeType:
		return "number from " + r.bound(t.Lo) + " to " + r.bound(t.Hi)
	}
	return "value of type `" + format.Type(t) + "`"
}

// bound reads a range bound ("0", "the max load").
func (r *reader) bound(e ast.Expr) string {
	return r.noun(e).operand()
}
