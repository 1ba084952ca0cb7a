package check

import (
	"fmt"
	"maps"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
)

// This file holds LANGUAGE.md's "No cascades" and "No silent pass": a clause that does
// not parse or type-check, or that the encoder cannot translate, is a gap in the spec.
// Every question that would read a gap is not asked (properties: status unknown, with
// the reason); questions that do not read it are asked as usual. What reads what:
//
//   - a fact: every question but (c) (every context holds the facts);
//   - an initially, or the depth option: every question about reachable states
//     (properties, unreachable and blocked actions) and every example;
//   - an action's clause (or the action itself): that action's own questions, every
//     question about reachable states (but a state property whose cone of influence
//     holds nothing the action may change: see unaffected), and the examples that
//     take its steps;
//   - a property or an example step: that property or example only.
//
// A clause that does not check already has its syntax, name or type finding; one the
// encoder cannot translate gets one unknown finding, which says why.

// left reports whether a node is left out of every question: sema found it broken, or
// prepare found that it reads a gap.
func (c *checker) left(n ast.Node) bool {
	return c.info.Broken(n) || c.gaps[n] != ""
}

// prepare finds the gaps of the spec and what they leave unanswerable: it sets
// factsWhy and reachWhy, marks the actions and properties left out, and encodes once,
// on scratch states, each initially, action clause and property, so that a clause the
// encoder cannot translate is known before any question reads it.
func (c *checker) prepare() {
	factGap := func(why string) {
		if c.factsWhy == "" {
			c.factsWhy = why
		}
	}
	reachGap := func(why string) {
		if c.reachWhy == "" {
			c.reachWhy = why
		}
	}
	// otherGap: a gap of the reachable states that is not a (parsed) action's: the
	// initial states or the bound, which every reachability question reads.
	otherGap := func(why string) {
		reachGap(why)
		c.reachAll = true
	}
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case *ast.BadDecl:
			// A declaration that did not parse: its keyword says what it would have been.
			why := c.brokenAt(d.Span)
			switch c.firstWord(d.Span) {
			case "fact":
				factGap(why)
			case "initially", "action", "option":
				otherGap(why)
			}
		case *ast.ClauseDecl:
			switch {
			case d.Body == nil || c.info.Broken(d):
				switch d.Kind {
				case ast.Fact:
					factGap(c.brokenAt(d.Span))
				case ast.Initially:
					otherGap(c.brokenAt(d.Span))
				}
			case d.Kind == ast.Fact:
				if cd := c.failed[ast.Node(d)]; cd != "" {
					factGap(cd)
				}
			case d.Kind == ast.Initially:
				if why := c.tryEncode(d, d.Body, nil); why != "" {
					otherGap(why)
				}
			case d.Kind == ast.Invariant || d.Kind == ast.Assert:
				if d.Name == nil {
					continue
				}
				if why := c.tryEncode(d, d.Body, nil); why != "" {
					c.gaps[d] = why // its status says why (cannotEncode)
				}
			}
		case *ast.OptionDecl:
			if c.info.Broken(d) && d.Name != nil && d.Name.Name == "depth" {
				otherGap(c.brokenAt(d.Span))
			}
		case *ast.ActionDecl:
			if d.Name == nil {
				continue
			}
			sym := c.info.Defs[d.Name]
			why := ""
			switch {
			case sym == nil || c.info.Broken(d):
				why = c.brokenAt(d.Name.Span)
				c.reachAll = true // what it may change cannot be told
			default:
				for _, cl := range d.Clauses {
					if cl.Body == nil || c.info.Broken(cl) {
						why = c.brokenAt(cl.Span)
						break
					}
				}
			}
			if why == "" {
				for _, cl := range d.Clauses {
					if why = c.tryEncode(cl, cl.Body, sym.Params); why != "" {
						break
					}
				}
			}
			if why != "" {
				c.gaps[d] = why
				reachGap(why)
			}
		}
	}
}

// tryEncode encodes a clause body on scratch states (and params) and returns "" when
// it encodes, else the reason its readers give ("depends on …"), after reporting the
// clause's own unknown finding.
func (c *checker) tryEncode(n ast.Node, body ast.Expr, params []*sema.Symbol) string {
	if why, done := c.failed[n]; done {
		return why
	}
	// One scratch encoder and pair of states serves every clause: a big state is
	// made once, not once per clause.
	if c.scratch == nil {
		enc := c.newEncoder(c.newBuilder())
		c.scratch = &scratch{enc: enc, pre: enc.NewState(), post: enc.NewState()}
	}
	enc := c.scratch.enc
	f := &encode.Frame{Pre: c.scratch.pre, Locals: map[*sema.Symbol]logic.Value{}, Path: logic.Bool(true)}
	if len(c.info.Primes(body)) > 0 {
		f.Post = c.scratch.post
	}
	var err error
	for _, p := range params {
		if f.Locals[p], err = enc.FreshLocal(p); err != nil {
			break
		}
	}
	if err == nil {
		_, err = enc.Formula(f, body)
	}
	if err != nil {
		c.cannotEncode(n, err)
		return c.failed[n]
	}
	c.failed[n] = ""
	return ""
}

// cannotEncode reports, once per clause, that the encoder could not translate it: one
// unknown finding at the clause, naming the expression and the reason. The clause is
// then left out of every question, and what reads it is unknown.
func (c *checker) cannotEncode(n ast.Node, err error) {
	if why, done := c.failed[n]; done && why != "" {
		return
	}
	at := n.Bounds()
	what := "it"
	msg := err.Error()
	if e, ok := err.(*encode.Error); ok && e.Cancelled {
		// Not the clause's fault: it and what reads it are unknown as cancelled.
		c.failed[n] = "the check was cancelled"
		c.undecided(at, "the questions that read "+c.clauseName(n), c.failed[n])
		if cd, ok := n.(*ast.ClauseDecl); ok && (cd.Kind == ast.Invariant || cd.Kind == ast.Assert) && cd.Name != nil {
			c.setProp(cd, diag.Undecided, c.failed[n], 0)
		}
		return
	} else if ok {
		if e.At != (source.Span{}) && e.At != at {
			what = c.quote(e.At)
		}
		if e.Internal {
			msg += " (a bug in specls: please report it)"
		}
	}
	c.failed[n] = fmt.Sprintf("depends on the clause at %s, which could not be encoded", c.lineCol(at))
	question := "the questions that read " + c.clauseName(n)
	switch n := n.(type) {
	case *ast.ExpectStep:
		question = "whether this expect holds"
	case *ast.GivenStep:
		question = "whether the example can start"
	case *ast.DoStep:
		question = "whether this step can be taken"
	case *ast.ClauseDecl:
		if (n.Kind == ast.Invariant || n.Kind == ast.Assert) && n.Name != nil {
			question = "whether " + n.Name.Name + " holds"
		}
	}
	c.undecided(at, question, what+" cannot be encoded: "+msg)
	if cd, ok := n.(*ast.ClauseDecl); ok && (cd.Kind == ast.Invariant || cd.Kind == ast.Assert) && cd.Name != nil {
		c.setProp(cd, diag.Undecided, "it could not be encoded: "+msg, 0)
	}
}

// undecided is the one place an unanswered question becomes a finding: an unknown at
// the clause, step or declaration whose question went unanswered, saying what was
// asked and why it has no answer (the solver's budget, cancellation, a limit of the
// encoding).
func (c *checker) undecided(at source.Span, question, why string) {
	c.add(diag.New(diag.Unknown, at, "could not decide %s: %s", question, why))
}

// brokenAt is the reason a question that reads the clause at sp is not asked.
func (c *checker) brokenAt(sp source.Span) string {
	return "depends on the broken clause at " + c.lineCol(sp)
}

// lineCol is a span's start as 1-based line:column (code points), as the CLI prints.
func (c *checker) lineCol(sp source.Span) string {
	if c.lines == nil {
		c.lines = source.NewLineIndex(c.src)
	}
	p := c.lines.Position(sp.Start, source.CodePoints)
	return fmt.Sprintf("%d:%d", p.Line+1, p.Column+1)
}

// firstWord is the first word of the source text at sp: the keyword of a declaration
// that did not parse.
func (c *checker) firstWord(sp source.Span) string {
	if sp.Start < 0 || sp.Start >= len(c.src) {
		return ""
	}
	end := min(sp.End, len(c.src))
	if end <= sp.Start {
		end = len(c.src)
	}
	fs := strings.Fields(c.src[sp.Start:end])
	if len(fs) == 0 {
		return ""
	}
	w := fs[0]
	for i, r := range w {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return w[:i]
		}
	}
	return w
}

// exampleGap is why an example is not asked (it reads a gap), or "".
func (c *checker) exampleGap(ex *ast.ExampleDecl) string {
	if c.factsWhy != "" {
		return c.factsWhy
	}
	if !c.info.StateMachine {
		return ""
	}
	if c.initWhy() != "" {
		return c.initWhy()
	}
	for _, st := range ex.Steps {
		if do, ok := st.(*ast.DoStep); ok {
			if sym := c.info.Uses[do.Action]; sym != nil {
				if why := c.gaps[sym.Decl]; why != "" {
					return why
				}
			}
		}
	}
	return ""
}

// initWhy is why the initial states are unknown (an initially or the depth option
// is a gap), or "".
func (c *checker) initWhy() string {
	if c.reachWhy == "" {
		return ""
	}
	for _, d := range c.file.Decls {
		if a, ok := d.(*ast.ActionDecl); ok && c.gaps[a] == c.reachWhy {
			return "" // the reachability gap is an action's
		}
	}
	return c.reachWhy
}

// machineWithGaps runs the checks of a state machine whose reachable states read a
// gap (reachWhy): the checks of the actions that are not gaps in their own context,
// the initial states when they are known, and the examples that read no gap; every
// property is unknown.
func (c *checker) machineWithGaps(acts []*action) {
	comps := c.components(acts)
	compOf := map[*action]*component{}
	for _, comp := range comps {
		for _, a := range comp.acts {
			compOf[a] = comp
		}
	}
	c.checkActionClauses(acts, compOf)
	free := c.unaffected(acts)
	for _, d := range c.file.Decls {
		if cd, ok := d.(*ast.ClauseDecl); ok && (cd.Kind == ast.Invariant || cd.Kind == ast.Assert) && cd.Name != nil && !c.left(cd) && !free[cd] {
			c.setProp(cd, diag.Undecided, c.reachWhy, 0)
		}
	}
	if c.unchecked == "" {
		c.unchecked = c.reachWhy
	}
	if c.initWhy() != "" {
		for _, d := range c.file.Decls {
			if cd, ok := d.(*ast.ClauseDecl); ok && cd.Kind == ast.Initially && cd.Body != nil && !c.left(cd) && c.tautologyOf(cd, cd.Body, nil) {
				c.typesAlone(cd, cd.Span)
			}
		}
		return
	}
	if why := c.checkInitial(); why != "" {
		return
	}
	if len(free) > 0 {
		// The properties that read no broken action are checked as usual, on the
		// machine without the broken actions (see unaffected); the actions'
		// reachability findings read every action, so they are not asked.
		c.traces, c.comps = map[*component]*trace{}, comps
		for _, comp := range comps {
			var props []*ast.ClauseDecl
			for _, cd := range comp.props {
				if free[cd] {
					props = append(props, cd)
				}
			}
			if len(props) == 0 {
				continue
			}
			comp.props = props
			t := c.newTrace(comp)
			c.traces[comp] = t
			c.settleDepth(t)
			c.machineProperties(t, comp)
		}
	}
	c.examples(acts)
}

// unaffected lists the state properties (invariants and state asserts) that read
// no broken action (LANGUAGE.md, "No cascades": questions that do not read a broken
// clause are checked as usual), when the reachable states' only gaps are actions
// (acts are the others). A property reads a broken action when its cone of
// influence (pdr.go: what it reads, what the actions that prime those read, what
// facts tie to them) holds a variable the broken action may change: those it
// primes, or every variable a broken clause of it mentions (its frame is unknown),
// or every variable when that cannot be told (a clause or the action itself did
// not parse). Otherwise the broken action is a stutter step for the cone, so the
// cone's reachable values, the shortest runs to them, and every answer about the
// property are those of the machine without it (the argument of cone in pdr.go).
// A step assert reads every action's steps: never unaffected.
func (c *checker) unaffected(acts []*action) map[*ast.ClauseDecl]bool {
	free := map[*ast.ClauseDecl]bool{}
	if c.reachAll {
		return free
	}
	vars := c.enc.Vars()
	changed := map[*sema.Symbol]bool{}
	all := func() {
		for _, v := range vars {
			changed[v] = true
		}
	}
	for _, d := range c.file.Decls {
		a, ok := d.(*ast.ActionDecl)
		if !ok || a.Name == nil || c.gaps[a] == "" {
			continue
		}
		// Its frame is known when every clause type-checks (one the encoder could
		// not translate still says what it primes); otherwise it may change any
		// variable its clauses mention.
		frameKnown := true
		for _, cl := range a.Clauses {
			if cl.Body == nil {
				all()
			}
			frameKnown = frameKnown && !c.info.Broken(cl)
		}
		for _, cl := range a.Clauses {
			if cl.Body == nil {
				continue
			}
			if !frameKnown {
				maps.Copy(changed, c.usedVars(cl))
				continue
			}
			for _, v := range c.info.Primes(cl) {
				changed[v] = true
			}
		}
	}
	whole := &component{vars: map[*sema.Symbol]bool{}, acts: acts}
	for _, v := range vars {
		whole.vars[v] = true
	}
	for _, d := range c.file.Decls {
		cd, ok := d.(*ast.ClauseDecl)
		if !ok || (cd.Kind != ast.Invariant && cd.Kind != ast.Assert) || cd.Name == nil || c.left(cd) || len(c.info.Primes(cd.Body)) > 0 {
			continue
		}
		reads := false
		for v := range c.cone(whole, c.usedVars(cd)) {
			reads = reads || changed[v]
		}
		free[cd] = !reads
	}
	for cd, ok := range free {
		if !ok {
			delete(free, cd)
		}
	}
	return free
}

// local is a fresh value of a parameter of an action that prepare kept: its type
// encodes (prepare leaves out the actions whose parameters' types do not).
func local(enc *encode.Encoder, p *sema.Symbol) logic.Value {
	v, err := enc.FreshLocal(p)
	if err != nil {
		panic(fmt.Sprintf("check: parameter %s of a kept action does not encode: %v", p.Name, err))
	}
	return v
}

// varShape is the shape of a variable's type; Vars lists only variables whose types
// encode.
func varShape(enc *encode.Encoder, v *sema.Symbol) *logic.Shape {
	s, err := enc.Shape(v.Type)
	if err != nil {
		panic(fmt.Sprintf("check: variable %s listed by Vars does not encode: %v", v.Name, err))
	}
	return s
}

// scratch is where prepare tries each clause's encoding.
type scratch struct {
	enc       *encode.Encoder
	pre, post encode.State
}
