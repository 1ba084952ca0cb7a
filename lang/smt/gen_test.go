package smt

import (
	"fmt"
	"math/rand"
	"strings"
)

// A generator of small, well-typed static specs: enums, small ranges, sets, maps,
// records, consts, preds and funs, facts and asserts built from quantifiers,
// implications, cases (with and without else), if, count, comprehensions, set
// operations, map and record updates. Domains stay tiny so that both solvers answer
// in milliseconds.

// funCasesWithoutElse lets an integer fun's body be a cases without else, whose
// fallthrough value is any value of the fun's result type (LANGUAGE.md, "cases"); see
// TestFunCasesFallthrough.
const funCasesWithoutElse = true

type gkind int

const (
	gBool gkind = iota
	gInt
	gEnum
	gSet
	gMap
	gRecord
)

type gtype struct {
	kind   gkind
	lo, hi int64  // gInt
	enum   int    // gEnum: index into gen.enums
	elem   *gtype // gSet: element (an enum or a range); gMap: value
	key    int    // gMap: key enum
	text   string // how the type is written
}

type genum struct {
	name    string
	members []string
}

type gvar struct {
	name string
	t    *gtype
}

type gcall struct {
	name   string
	params []*gtype
	result *gtype // nil for a pred
}

type gen struct {
	r      *rand.Rand
	enums  []genum
	vars   []gvar
	ranges []*gtype // named range types usable as sets
	consts []gvar
	preds  []gcall
	funs   []gcall
	bound  []gvar // bound variables and parameters in scope
	nbound int
	rec    *gtype // the record type, if any
	inFun  bool
	out    strings.Builder
}

func (g *gen) pick(n int) int        { return g.r.Intn(n) }
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) enumType(i int) *gtype {
	return &gtype{kind: gEnum, enum: i, text: g.enums[i].name}
}

func (g *gen) rangeType() *gtype {
	lo := int64(g.pick(3)) - 1
	hi := lo + int64(g.pick(3)) + 1
	return &gtype{kind: gInt, lo: lo, hi: hi, text: fmt.Sprintf("%d..%d", lo, hi)}
}

func (g *gen) scalarType() *gtype {
	switch g.pick(3) {
	case 0:
		return &gtype{kind: gBool, text: "bool"}
	case 1:
		if len(g.ranges) > 0 && g.chance(0.4) {
			return g.ranges[g.pick(len(g.ranges))]
		}
		return g.rangeType()
	}
	return g.enumType(g.pick(len(g.enums)))
}

func (g *gen) elemType() *gtype {
	if g.chance(0.6) {
		return g.enumType(g.pick(len(g.enums)))
	}
	if len(g.ranges) > 0 && g.chance(0.5) {
		return g.ranges[g.pick(len(g.ranges))]
	}
	return g.rangeType()
}

func (g *gen) varType() *gtype {
	switch g.pick(8) {
	case 0, 1, 2:
		return g.scalarType()
	case 3, 4:
		e := g.elemType()
		return &gtype{kind: gSet, elem: e, text: "set of " + e.text}
	case 5, 6:
		k := g.pick(len(g.enums))
		var v *gtype
		if g.chance(0.25) {
			e := g.enumType(g.pick(len(g.enums)))
			v = &gtype{kind: gSet, elem: e, text: "set of " + e.text}
		} else {
			v = g.scalarType()
		}
		return &gtype{kind: gMap, key: k, elem: v, text: g.enums[k].name + " -> " + v.text}
	}
	if g.rec == nil {
		a, b := g.rangeType(), g.enumType(g.pick(len(g.enums)))
		g.rec = &gtype{kind: gRecord, text: "{a: " + a.text + ", b: bool, c: " + b.text + "}"}
		g.rec.elem = a
		g.rec.key = b.enum
	}
	return g.rec
}

// spec writes one random static spec.
func (g *gen) spec() string {
	g.out.Reset()
	g.out.WriteString("spec Random\n\n")
	for i := range 1 + g.pick(2) {
		e := genum{name: fmt.Sprintf("E%d", i)}
		for j := range 2 + g.pick(2) {
			e.members = append(e.members, fmt.Sprintf("%c%d", 'A'+j, i))
		}
		g.enums = append(g.enums, e)
		fmt.Fprintf(&g.out, "enum %s { %s }\n", e.name, strings.Join(e.members, ", "))
	}
	for i := range g.pick(2) {
		t := g.rangeType()
		name := fmt.Sprintf("R%d", i)
		fmt.Fprintf(&g.out, "type %s = %s\n", name, t.text)
		g.ranges = append(g.ranges, &gtype{kind: gInt, lo: t.lo, hi: t.hi, text: name})
	}
	if g.chance(0.4) {
		k := int64(g.pick(4))
		fmt.Fprintf(&g.out, "const K0: 0..3 = %d\n", k)
		g.consts = append(g.consts, gvar{"K0", &gtype{kind: gInt, lo: 0, hi: 3, text: "0..3"}})
	}
	for i := range 2 + g.pick(3) {
		v := gvar{fmt.Sprintf("v%d", i), g.varType()}
		g.vars = append(g.vars, v)
		fmt.Fprintf(&g.out, "var %s: %s\n", v.name, v.t.text)
	}
	for i := range g.pick(3) {
		c := gcall{name: fmt.Sprintf("P%d", i)}
		var names []string
		for j := range 1 + g.pick(2) {
			t := g.elemType()
			c.params = append(c.params, t)
			names = append(names, fmt.Sprintf("p%d_%d", i, j))
		}
		g.bound = nil
		var ps []string
		for j, t := range c.params {
			g.bound = append(g.bound, gvar{names[j], t})
			ps = append(ps, names[j]+": "+t.text)
		}
		fmt.Fprintf(&g.out, "pred %s(%s): %s\n", c.name, strings.Join(ps, ", "), g.boolean(2))
		g.preds = append(g.preds, c)
	}
	for i := range g.pick(3) {
		c := gcall{name: fmt.Sprintf("G%d", i)}
		p := g.elemType()
		c.params = []*gtype{p}
		if g.chance(0.5) {
			c.result = g.enumType(g.pick(len(g.enums)))
		} else {
			c.result = g.rangeType()
		}
		name := fmt.Sprintf("g%d", i)
		g.bound = []gvar{{name, p}}
		var body string
		if g.chance(0.6) {
			withElse := g.chance(0.5) || (c.result.kind == gInt && !funCasesWithoutElse)
			body = g.casesOf(c.result, 2, withElse)
		} else {
			body = g.of(c.result, 2)
		}
		g.inFun = false
		fmt.Fprintf(&g.out, "fun %s(%s: %s): %s = %s\n", c.name, name, p.text, c.result.text, body)
		g.funs = append(g.funs, c)
	}
	g.bound = nil
	if g.chance(0.3) {
		// A chain that conflicts only as a whole (when its atoms can hold at all).
		a, b := g.boolAtom(2), g.boolAtom(2)
		fmt.Fprintf(&g.out, "fact Ca: %s\nfact Cb: (%s implies %s)\nfact Cc: not %s\n", a, a, b, b)
	}
	for i := range 1 + g.pick(4) {
		// Shallow facts are rarely unsatisfiable alone but often together: cores of
		// several clauses.
		depth := 1 + g.pick(3)
		body := g.boolean(depth)
		if g.chance(0.4) {
			body = "(" + g.boolAtom(1) + " implies " + body + ")"
		}
		if g.chance(0.2) {
			fmt.Fprintf(&g.out, "fact %s\n", body)
		} else {
			fmt.Fprintf(&g.out, "fact F%d: %s\n", i, body)
		}
	}
	for i := range 1 + g.pick(3) {
		fmt.Fprintf(&g.out, "assert S%d: %s\n", i, g.boolean(3))
	}
	return g.out.String()
}

func (g *gen) fresh() string {
	g.nbound++
	return fmt.Sprintf("x%d", g.nbound)
}

// withBound runs f with a bound variable of type t in scope.
func (g *gen) withBound(t *gtype, f func(name string) string) string {
	name := g.fresh()
	g.bound = append(g.bound, gvar{name, t})
	s := f(name)
	g.bound = g.bound[:len(g.bound)-1]
	return s
}

// names of type t in scope: vars, bound variables, consts.
func (g *gen) namesOf(t *gtype) []string {
	var out []string
	for _, v := range g.vars {
		if same(v.t, t) && !g.inFun {
			out = append(out, v.name)
		}
	}
	for _, v := range g.bound {
		if same(v.t, t) {
			out = append(out, v.name)
		}
	}
	for _, v := range g.consts {
		if same(v.t, t) {
			out = append(out, v.name)
		}
	}
	return out
}

// same reports whether values of a may stand where b is wanted (all integers mix).
func same(a, b *gtype) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case gEnum:
		return a.enum == b.enum
	case gSet:
		return same(a.elem, b.elem) && (a.elem.kind != gInt || a.elem.lo == b.elem.lo && a.elem.hi == b.elem.hi)
	case gMap:
		return a.key == b.key && same(a.elem, b.elem)
	}
	return true
}

// lookups of type t: map entries and record fields of vars in scope.
func (g *gen) lookups(t *gtype, depth int) []string {
	if g.inFun || depth <= 0 {
		return nil
	}
	var out []string
	for _, v := range g.vars {
		switch v.t.kind {
		case gMap:
			if same(v.t.elem, t) {
				out = append(out, v.name+"["+g.enumOf(v.t.key, depth-1)+"]")
			}
		case gRecord:
			switch {
			case t.kind == gBool:
				out = append(out, v.name+".b")
			case t.kind == gInt:
				out = append(out, v.name+".a")
			case t.kind == gEnum && t.enum == v.t.key:
				out = append(out, v.name+".c")
			}
		}
	}
	return out
}

func (g *gen) of(t *gtype, depth int) string {
	switch t.kind {
	case gBool:
		return g.boolean(depth)
	case gInt:
		return g.integer(t, depth)
	case gEnum:
		return g.enumOf(t.enum, depth)
	case gSet:
		return g.set(t.elem, depth)
	}
	panic("of")
}

func (g *gen) boolean(depth int) string {
	if depth <= 0 || g.chance(0.15) {
		return g.boolAtom(depth)
	}
	switch g.pick(16) {
	case 0:
		return "not " + g.boolAtom(depth-1)
	case 1, 2:
		return "(" + g.boolean(depth-1) + " and " + g.boolean(depth-1) + ")"
	case 3:
		return "(" + g.boolean(depth-1) + " or " + g.boolean(depth-1) + ")"
	case 4, 5:
		return "(" + g.boolean(depth-1) + " implies " + g.boolean(depth-1) + ")"
	case 6:
		return "(" + g.boolean(depth-1) + " iff " + g.boolean(depth-1) + ")"
	case 7, 8:
		e := g.elemType()
		set := g.set(e, depth-1)
		kind := []string{"all", "some", "no"}[g.pick(3)]
		return g.withBound(e, func(x string) string {
			if g.chance(0.3) {
				return g.withBound(e, func(y string) string {
					return fmt.Sprintf("(%s %s, %s in %s: %s)", kind, x, y, set, g.boolean(depth-1))
				})
			}
			return fmt.Sprintf("(%s %s in %s: %s)", kind, x, set, g.boolean(depth-1))
		})
	case 9:
		return "(if " + g.boolean(depth-1) + " then " + g.boolean(depth-1) + " else " + g.boolean(depth-1) + ")"
	case 10:
		return g.casesOf(&gtype{kind: gBool}, depth-1, true)
	case 11:
		if len(g.preds) > 0 {
			c := g.preds[g.pick(len(g.preds))]
			var args []string
			for _, p := range c.params {
				args = append(args, g.of(p, depth-1))
			}
			return c.name + "(" + strings.Join(args, ", ") + ")"
		}
	case 12:
		e := g.elemType()
		return "(" + g.set(e, depth-1) + " subset " + g.set(e, depth-1) + ")"
	case 13:
		e := g.elemType()
		return "(" + g.set(e, depth-1) + " == " + g.set(e, depth-1) + ")"
	case 14:
		// equalities of whole maps and records, with updates
		for _, v := range g.vars {
			if g.inFun {
				break
			}
			switch v.t.kind {
			case gMap:
				if v.t.elem.kind != gSet {
					return fmt.Sprintf("(%s with [%s] = (%s) == %s)", v.name, g.enumOf(v.t.key, depth-1), g.of(v.t.elem, depth-1), v.name)
				}
			case gRecord:
				return fmt.Sprintf("(%s with .a = (%s) == {a: %s, b: %s, c: %s})", v.name, g.integer(v.t.elem, depth-1),
					g.integer(v.t.elem, depth-1), g.boolean(depth-1), g.enumOf(v.t.key, depth-1))
			}
		}
	}
	return g.boolAtom(depth)
}

func (g *gen) boolAtom(depth int) string {
	b := &gtype{kind: gBool}
	switch g.pick(7) {
	case 0:
		if g.chance(0.2) {
			return []string{"true", "false"}[g.pick(2)]
		}
		if ns := append(g.namesOf(b), g.lookups(b, depth)...); len(ns) > 0 {
			return ns[g.pick(len(ns))]
		}
	case 1, 2:
		t := g.rangeType()
		op := []string{"==", "!=", "<", "<=", ">", ">="}[g.pick(6)]
		return "(" + g.integer(t, depth-1) + " " + op + " " + g.integer(t, depth-1) + ")"
	case 3:
		e := g.pick(len(g.enums))
		op := []string{"==", "!="}[g.pick(2)]
		return "(" + g.enumOf(e, depth-1) + " " + op + " " + g.enumOf(e, depth-1) + ")"
	case 4, 5:
		e := g.elemType()
		var sets []*gtype
		for _, v := range g.vars {
			if v.t.kind == gSet {
				sets = append(sets, v.t.elem)
			}
			if v.t.kind == gMap && v.t.elem.kind == gSet {
				sets = append(sets, v.t.elem.elem)
			}
		}
		if len(sets) > 0 && g.chance(0.7) {
			e = sets[g.pick(len(sets))]
		}
		op := []string{"in", "not in"}[g.pick(2)]
		return "(" + g.of(e, depth-1) + " " + op + " " + g.set(e, depth-1) + ")"
	}
	if ns := append(g.namesOf(b), g.lookups(b, depth)...); len(ns) > 0 {
		return ns[g.pick(len(ns))]
	}
	e := g.pick(len(g.enums))
	return "(" + g.enumOf(e, depth-1) + " == " + g.enumOf(e, depth-1) + ")"
}

func (g *gen) integer(t *gtype, depth int) string {
	if depth <= 0 || g.chance(0.2) {
		return g.intAtom(t, depth)
	}
	switch g.pick(12) {
	case 0, 1:
		return "(" + g.integer(t, depth-1) + " + " + g.integer(t, depth-1) + ")"
	case 2:
		return "(" + g.integer(t, depth-1) + " - " + g.integer(t, depth-1) + ")"
	case 3:
		if g.chance(0.5) {
			return "(" + g.integer(t, depth-1) + " * " + g.integer(t, depth-1) + ")"
		}
		return "(" + fmt.Sprint(g.pick(3)) + " * " + g.integer(t, depth-1) + ")"
	case 4:
		return "count(" + g.set(g.elemType(), depth-1) + ")"
	case 5:
		return "(if " + g.boolean(depth-1) + " then " + g.integer(t, depth-1) + " else " + g.integer(t, depth-1) + ")"
	case 6, 7:
		return g.casesOf(t, depth-1, g.chance(0.5))
	case 8:
		for _, f := range g.funs {
			if f.result.kind == gInt {
				return f.name + "(" + g.of(f.params[0], depth-1) + ")"
			}
		}
	case 9:
		return "(-" + g.intAtom(t, depth-1) + ")"
	}
	return g.intAtom(t, depth)
}

func (g *gen) intAtom(t *gtype, depth int) string {
	var ns []string
	for _, v := range append(append(append([]gvar{}, g.vars...), g.bound...), g.consts...) {
		if v.t.kind == gInt && (!g.inFun || !isVar(g, v.name)) {
			ns = append(ns, v.name)
		}
	}
	ns = append(ns, g.lookups(t, depth)...)
	if len(ns) > 0 && g.chance(0.7) {
		return ns[g.pick(len(ns))]
	}
	n := t.lo + int64(g.pick(int(t.hi-t.lo+1)))
	if n < 0 {
		return fmt.Sprintf("(%d)", n)
	}
	return fmt.Sprint(n)
}

func isVar(g *gen, name string) bool {
	for _, v := range g.vars {
		if v.name == name {
			return true
		}
	}
	return false
}

func (g *gen) enumOf(e int, depth int) string {
	t := g.enumType(e)
	if depth > 0 && g.chance(0.25) {
		switch g.pick(3) {
		case 0:
			return "(if " + g.boolean(depth-1) + " then " + g.enumOf(e, depth-1) + " else " + g.enumOf(e, depth-1) + ")"
		case 1:
			return g.casesOf(t, depth-1, g.chance(0.5))
		case 2:
			for _, f := range g.funs {
				if f.result.kind == gEnum && f.result.enum == e {
					return f.name + "(" + g.of(f.params[0], depth-1) + ")"
				}
			}
		}
	}
	ns := append(g.namesOf(t), g.lookups(t, depth)...)
	if len(ns) > 0 && g.chance(0.6) {
		return ns[g.pick(len(ns))]
	}
	m := g.enums[e].members[g.pick(len(g.enums[e].members))]
	if g.chance(0.2) {
		return g.enums[e].name + "." + m
	}
	return m
}

// casesOf writes a cases of type t, with or without else.
func (g *gen) casesOf(t *gtype, depth int, withElse bool) string {
	var arms []string
	for range 1 + g.pick(3) {
		arms = append(arms, g.boolean(depth)+" => "+g.of(t, depth))
	}
	if withElse {
		arms = append(arms, "else => "+g.of(t, depth))
	}
	return "cases { " + strings.Join(arms, ", ") + " }"
}

func (g *gen) set(e *gtype, depth int) string {
	st := &gtype{kind: gSet, elem: e}
	if depth > 0 && g.chance(0.5) {
		switch g.pick(5) {
		case 0:
			op := []string{"union", "intersect", "minus"}[g.pick(3)]
			return "(" + g.set(e, depth-1) + " " + op + " " + g.set(e, depth-1) + ")"
		case 1:
			s := g.set(e, depth-1)
			return g.withBound(e, func(x string) string {
				return "{" + x + " in " + s + " where " + g.boolean(depth-1) + "}"
			})
		case 2:
			var es []string
			for range g.pick(3) {
				es = append(es, g.of(e, depth-1))
			}
			if len(es) == 0 && e.kind == gInt {
				es = append(es, g.integer(e, 0))
			}
			return "{" + strings.Join(es, ", ") + "}"
		case 3:
			if e.kind == gInt && !strings.Contains(e.text, "R") {
				return "(" + fmt.Sprint(e.lo) + ".." + fmt.Sprint(e.hi) + ")"
			}
		}
	}
	ns := append(g.namesOf(st), g.lookups(st, depth)...)
	if len(ns) > 0 && g.chance(0.8) {
		return ns[g.pick(len(ns))]
	}
	if g.chance(0.6) {
		var es []string
		for range 1 + g.pick(2) {
			es = append(es, g.of(e, 0))
		}
		return "{" + strings.Join(es, ", ") + "}"
	}
	switch e.kind {
	case gEnum:
		return g.enums[e.enum].name
	case gInt:
		if strings.HasPrefix(e.text, "R") {
			return e.text
		}
		if e.lo < 0 {
			return fmt.Sprintf("((%d)..%d)", e.lo, e.hi)
		}
		return fmt.Sprintf("(%d..%d)", e.lo, e.hi)
	}
	panic("set")
}

// randomSpec returns the spec generated from seed.
func randomSpec(seed int64) string {
	g := &gen{r: rand.New(rand.NewSource(seed))}
	return g.spec()
}
