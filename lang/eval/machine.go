// Package eval runs a checked spec on concrete values, with no solver in its loop:
// every expression, valid and initial states, the enabled steps of a state and their
// successors (ensures may be relational), and an exhaustive breadth-first search of
// the reachable states. It is `specls run` and `replay`, and the solver-free second
// opinion on the checker. It imports lang/ast, lang/sema, lang/types and lang/diag;
// the CLI, the server and the elicitation packages (mutate, mine, diff) import it.
package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/format"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Limits bound the work of one question, so that a spec whose spaces are too big gets
// a *LimitError (an answer "not known") instead of an endless enumeration.
type Limits struct {
	// Values bounds the candidate values enumerated for one variable or parameter
	// when no clause pins it down (a type larger than this is not enumerated).
	Values int
	// Choices bounds the evaluations of one clause over the unknown values of cases
	// with no matching arm.
	Choices int
	// Solutions bounds the states (or argument tuples) one search may yield.
	Solutions int
}

// DefaultLimits suit specs a reader can follow by hand and a little more.
var DefaultLimits = Limits{Values: 1 << 16, Choices: 1 << 12, Solutions: 1 << 20}

// LimitError says which space was too big to enumerate.
type LimitError struct {
	What  string // "the values of balance'", "the initial states", …
	Limit int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s are more than %d: too many to enumerate", e.What, e.Limit)
}

// EvalError is an expression that has no value on the given state (an integer
// overflow, a cases whose type is unbounded, a clause that did not check).
type EvalError struct {
	Span   source.Span
	Reason string
}

func (e *EvalError) Error() string { return e.Reason }

// State gives each var a value, indexed like Machine.Vars. Values are canonical (sets
// sorted, map entries and record fields in their type's order), so Key identifies it.
type State []diag.Value

// Key is a text that identifies the state (equal states, equal keys).
func (s State) Key() string {
	var b strings.Builder
	for i, v := range s {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Bindings names the state's values for a diag.Counterexample.
func (m *Machine) Bindings(s State) diag.State {
	out := make(diag.State, len(s))
	for i, v := range s {
		out[i] = diag.Binding{Name: m.Vars[i].Name, Value: v}
	}
	return out
}

// Clause is one fact, initially, invariant, assert, requires or ensures.
type Clause struct {
	Kind ast.ClauseKind
	Name string // "" for an unnamed clause
	Node ast.Node
	Body ast.Expr
	// Step reports an assert with primes (checked on steps, not states).
	Step bool
}

// Describe names the clause as a message would: "requires open", or for a clause
// without a name its text, "requires amount <= balance".
func (c *Clause) Describe() string {
	if c.Name != "" {
		return c.Kind.String() + " " + c.Name
	}
	text := format.Expr(c.Body)
	if r := []rune(text); len(r) > 60 {
		text = string(r[:57]) + "..."
	}
	return c.Kind.String() + " " + text
}

// Action is an action with its clauses, and the vars its clauses prime (the others
// keep their values: the frame rule).
type Action struct {
	Sym      *sema.Symbol
	Decl     *ast.ActionDecl
	Params   []*sema.Symbol
	Requires []*Clause
	Ensures  []*Clause
	Primed   []bool // indexed like Machine.Vars
}

// Name is the action's name.
func (a *Action) Name() string { return a.Sym.Name }

// Step is an action with its arguments (in parameter order).
type Step struct {
	Action *Action
	Args   []diag.Value
}

// Label writes the step as the checker's counterexamples do: "Withdraw(amount: 1)",
// or just "Inc" without parameters.
func (s Step) Label() string {
	if len(s.Args) == 0 {
		return s.Action.Name()
	}
	parts := make([]string, len(s.Args))
	for i, a := range s.Args {
		parts[i] = s.Action.Params[i].Name + ": " + a.String()
	}
	return s.Action.Name() + "(" + strings.Join(parts, ", ") + ")"
}

// Machine is a checked spec ready to run. It memoises as it goes: one goroutine at a
// time (make one Machine per goroutine; New is cheap).
type Machine struct {
	File   *ast.File
	Info   *sema.Info
	Limits Limits

	Vars       []*sema.Symbol
	Facts      []*Clause
	Initially  []*Clause
	Invariants []*Clause
	Asserts    []*Clause // state and step asserts, in source order
	Actions    []*Action

	// Cover, when set, is told of every if branch and cases arm an evaluation takes
	// (the *ast.CaseArm, or the Then or Else expression of an *ast.If).
	Cover func(ast.Node)

	varIndex map[*sema.Symbol]int
	bodies   map[*sema.Symbol]ast.Expr // pred and fun bodies
	funCases map[*ast.Cases]types.Type // a fun's whole-body cases: its result type
	reads    map[ast.Expr]*reads       // memo of what an expression reads
	keyOrder map[types.Type]map[string]int
	values   map[types.Type][]diag.Value // memo of valuesOf
}

// New prepares a checked spec for running. It refuses a spec with a declaration,
// clause or example step that did not check: its meaning is not known.
func New(file *ast.File, info *sema.Info) (*Machine, error) {
	m := &Machine{File: file, Info: info, Limits: DefaultLimits,
		varIndex: map[*sema.Symbol]int{}, bodies: map[*sema.Symbol]ast.Expr{},
		funCases: map[*ast.Cases]types.Type{}, reads: map[ast.Expr]*reads{},
		keyOrder: map[types.Type]map[string]int{}, values: map[types.Type][]diag.Value{}}
	for _, f := range info.Findings {
		if f.Severity == diag.Error {
			return nil, fmt.Errorf("the spec has errors (%s); fix them first", f.Message)
		}
	}
	for _, d := range file.Decls {
		if _, bad := d.(*ast.BadDecl); bad || info.Broken(d) {
			return nil, fmt.Errorf("the spec has a declaration that does not check; fix it first")
		}
		switch d := d.(type) {
		case *ast.VarDecl:
			s := info.Defs[d.Name]
			m.varIndex[s] = len(m.Vars)
			m.Vars = append(m.Vars, s)
		case *ast.PredDecl:
			m.bodies[info.Defs[d.Name]] = d.Body
		case *ast.FunDecl:
			s := info.Defs[d.Name]
			m.bodies[s] = d.Body
			if cs, ok := ast.Unparen(d.Body).(*ast.Cases); ok && !types.IsInvalid(s.Type) {
				m.funCases[cs] = s.Type
			}
		case *ast.ClauseDecl:
			c := &Clause{Kind: d.Kind, Node: d, Body: d.Body}
			if d.Name != nil {
				c.Name = d.Name.Name
			}
			switch d.Kind {
			case ast.Fact:
				m.Facts = append(m.Facts, c)
			case ast.Initially:
				m.Initially = append(m.Initially, c)
			case ast.Invariant:
				m.Invariants = append(m.Invariants, c)
			case ast.Assert:
				c.Step = len(info.Primes(d.Body)) > 0
				m.Asserts = append(m.Asserts, c)
			}
		case *ast.ActionDecl:
			s := info.Defs[d.Name]
			a := &Action{Sym: s, Decl: d, Params: s.Params}
			for _, ac := range d.Clauses {
				if ac.Body == nil || info.Broken(ac) {
					return nil, fmt.Errorf("action %s has a clause that does not check; fix it first", s.Name)
				}
				c := &Clause{Kind: ac.Kind, Node: ac, Body: ac.Body}
				if ac.Name != nil {
					c.Name = ac.Name.Name
				}
				if ac.Kind == ast.Requires {
					a.Requires = append(a.Requires, c)
				} else {
					a.Ensures = append(a.Ensures, c)
				}
			}
			m.Actions = append(m.Actions, a)
		}
	}
	for _, a := range m.Actions {
		a.Primed = make([]bool, len(m.Vars))
		for _, s := range info.Primes(a.Decl) {
			a.Primed[m.varIndex[s]] = true
		}
	}
	return m, nil
}

// StateMachine reports whether the spec has actions or initially clauses (else its
// models are its valid states).
func (m *Machine) StateMachine() bool { return m.Info.StateMachine }

// Action returns the action named name, or nil.
func (m *Machine) Action(name string) *Action {
	for _, a := range m.Actions {
		if a.Name() == name {
			return a
		}
	}
	return nil
}

// VarIndex returns the index of the var named name in Vars, or -1.
func (m *Machine) VarIndex(name string) int {
	for i, v := range m.Vars {
		if v.Name == name {
			return i
		}
	}
	return -1
}

// Canon puts a value of type t in canonical form: set elements sorted and without
// repeats, map entries in key order, record fields in declaration order.
func (m *Machine) Canon(t types.Type, v diag.Value) diag.Value {
	switch t := t.(type) {
	case *types.Set:
		if v.Kind != diag.SetValue {
			return v
		}
		elems := make([]diag.Value, 0, len(v.Elems))
		for _, e := range v.Elems {
			elems = append(elems, m.Canon(t.Elem, e))
		}
		return diag.Set(sortValues(t.Elem, elems)...)
	case *types.Map:
		if v.Kind != diag.MapValue {
			return v
		}
		order := m.keys(t.Key)
		entries := make([]diag.Binding, len(v.Entries))
		for i, e := range v.Entries {
			entries[i] = diag.Binding{Name: e.Name, Value: m.Canon(t.Value, e.Value)}
		}
		sortBindings(entries, func(name string) int { return order[name] })
		return diag.Map(entries...)
	case *types.Record:
		if v.Kind != diag.RecordValue {
			return v
		}
		fields := make([]diag.Binding, 0, len(t.Fields))
		for _, f := range t.Fields {
			for _, e := range v.Entries {
				if e.Name == f.Name {
					fields = append(fields, diag.Binding{Name: f.Name, Value: m.Canon(f.Type, e.Value)})
				}
			}
		}
		return diag.Record(fields...)
	}
	return v
}

// keys maps the text of each key of a finite type to its position.
func (m *Machine) keys(t types.Type) map[string]int {
	if o, ok := m.keyOrder[t]; ok {
		return o
	}
	o := map[string]int{}
	for v := range types.Values(t) {
		o[v.String()] = len(o)
		if len(o) > m.Limits.Values {
			break
		}
	}
	m.keyOrder[t] = o
	return o
}

// sortValues sorts set elements in the canonical order of their type and drops repeats.
func sortValues(t types.Type, vs []diag.Value) []diag.Value {
	slices.SortFunc(vs, func(a, b diag.Value) int { return types.Compare(t, a, b) })
	return slices.CompactFunc(vs, func(a, b diag.Value) bool { return types.Compare(t, a, b) == 0 })
}

func sortBindings(bs []diag.Binding, pos func(string) int) {
	slices.SortFunc(bs, func(a, b diag.Binding) int { return pos(a.Name) - pos(b.Name) })
}
