// Package diag holds findings as data: code, severity, span, message, related spans and
// counterexample. The parser, the resolver and the checker produce them; the CLI and
// the language server render them. It imports only lang/source, so no stage depends on
// a later one.
package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/specls/specls/lang/source"
)

// Code names a kind of finding. Codes are a stable interface (CI, suppression, SARIF):
// add codes, never rename one.
type Code string

const (
	Syntax             Code = "syntax"
	Name               Code = "name"
	Type               Code = "type"
	Contradiction      Code = "contradiction"
	DeadAction         Code = "dead-action"
	BlockedAction      Code = "blocked-action"
	Vacuous            Code = "vacuous"
	Unreachable        Code = "unreachable"
	Redundant          Code = "redundant"
	Unknown            Code = "unknown"
	NonExhaustive      Code = "non-exhaustive"
	InvariantViolated  Code = "invariant-violated"
	AssertViolated     Code = "assert-violated"
	ExampleFailed      Code = "example-failed"
	NonexampleAdmitted Code = "nonexample-admitted"
)

// Codes lists every code with its severity and a one-line description, in the order
// of the language reference. SARIF rules and `specls help` come from here.
var Codes = []struct {
	Code     Code
	Severity Severity
	Summary  string
}{
	{Syntax, Error, "the text does not parse"},
	{Name, Error, "unknown, duplicate or ambiguous name; recursion"},
	{Type, Error, "type mismatch, empty range, constant out of its type"},
	{Contradiction, Error, "the facts admit no state, or no state is initial"},
	{DeadAction, Warning, "the action can take a step from no valid state"},
	{BlockedAction, Warning, "from some reachable state the requires hold but no next state satisfies the ensures"},
	{Vacuous, Warning, "a clause that says nothing"},
	{Unreachable, Warning, "a cases arm, if branch or action that is never taken"},
	{Redundant, Hint, "a fact or requires implied by the others"},
	{Unknown, Hint, "a question the budget did not let finish, or that was cancelled"},
	{NonExhaustive, Error, "a cases without else where no arm matches"},
	{InvariantViolated, Error, "an invariant fails in a reachable state"},
	{AssertViolated, Error, "an assert fails"},
	{ExampleFailed, Error, "an example's run is impossible or an expect fails"},
	{NonexampleAdmitted, Error, "a nonexample's run is possible"},
}

// DefaultSeverity is the severity the language reference gives a code.
func DefaultSeverity(c Code) Severity {
	for _, k := range Codes {
		if k.Code == c {
			return k.Severity
		}
	}
	return Error
}

// Severity orders findings: errors fail CI, warnings fail it under --strict.
type Severity int

const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalJSON writes the severity's name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Related is another place that explains a finding (the rest of a core, the clause a
// vacuous premise belongs to). Path is empty for the finding's own file.
type Related struct {
	Path    string
	Span    source.Span
	Message string
}

// Finding is one thing specls reports.
type Finding struct {
	Code           Code
	Severity       Severity
	Span           source.Span
	Message        string
	Related        []Related
	Counterexample *Counterexample
	// Suggestions are the replacements the message names ("did you mean X?"), each
	// a fix on its own; the language server offers them as quick fixes.
	Suggestions []Suggestion
}

// Suggestion is one fix a finding names: Text in place of Span. Text is written as
// it would be in the spec; whoever applies it adds the spaces its neighbours need
// (`a&&b` becomes `a and b`).
type Suggestion struct {
	Span source.Span
	Text string
}

// WithSuggestion returns f with one more suggested replacement.
func (f Finding) WithSuggestion(sp source.Span, text string) Finding {
	f.Suggestions = append(f.Suggestions[:len(f.Suggestions):len(f.Suggestions)], Suggestion{Span: sp, Text: text})
	return f
}

// New makes a finding with the code's default severity.
func New(code Code, span source.Span, format string, args ...any) Finding {
	return Finding{Code: code, Severity: DefaultSeverity(code), Span: span, Message: fmt.Sprintf(format, args...)}
}

// Sort orders findings by position, then code, then message, so output is stable.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Span.End != b.Span.End {
			return a.Span.End < b.Span.End
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Counterexample is the evidence for a finding: the states of a run (one state for a
// static model), the steps between them, and the values of the parameters and bound
// variables the finding is about. A finding's message says what failed in one line;
// the evidence lives here, once, and each renderer lays it out.
type Counterexample struct {
	States   []State
	Steps    []string
	Bindings []Binding
	// Attempted is a step tried from the last state that cannot be taken (the step
	// of a blocked action, with its arguments); empty for other findings.
	Attempted string
	// Reads names the variables the finding's clause reads. A renderer that shortens
	// a run shows these and the variables that change; nil means show every variable.
	Reads []string
}

// State is the value of each variable, in declaration order.
type State []Binding

// Binding names a value.
type Binding struct {
	Name  string
	Value Value
}

// Short renders a counterexample on one line for clients that cannot show it any other
// way (a diagnostic message's tail): "balance = 600, status = Open; Deposit(amount: 500)".
func (c *Counterexample) Short() string {
	if c == nil {
		return ""
	}
	var parts []string
	if len(c.Bindings) > 0 {
		parts = append(parts, bindingsText(c.Bindings))
	}
	for i, s := range c.States {
		part := bindingsText(s)
		if len(c.States) > 1 {
			part = "s" + strconv.Itoa(i) + ": " + part
		}
		if i > 0 && i-1 < len(c.Steps) {
			part = c.Steps[i-1] + " → " + part
		}
		parts = append(parts, part)
	}
	if c.Attempted != "" {
		parts = append(parts, "then "+c.Attempted+" cannot be taken")
	}
	return strings.Join(parts, "; ")
}

func bindingsText(bs []Binding) string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Name + " = " + b.Value.String()
	}
	return strings.Join(out, ", ")
}

// MarshalJSON writes the shape of the language reference: states as objects keyed by
// variable name (in declaration order), steps as strings, bindings when present.
func (c *Counterexample) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteString(`{"states":[`)
	for i, s := range c.States {
		if i > 0 {
			b.WriteByte(',')
		}
		WriteObject(&b, s)
	}
	b.WriteString(`],"steps":`)
	steps := c.Steps
	if steps == nil {
		steps = []string{}
	}
	js, _ := json.Marshal(steps)
	b.Write(js)
	if len(c.Bindings) > 0 {
		b.WriteString(`,"bindings":`)
		WriteObject(&b, c.Bindings)
	}
	if c.Attempted != "" {
		js, _ := json.Marshal(c.Attempted)
		b.WriteString(`,"attempted":`)
		b.Write(js)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// WriteObject writes bindings as one JSON object keyed by name, in their order: the
// shape of a state, of bindings and of a step's args in every JSON output.
func WriteObject(b interface {
	io.Writer
	io.ByteWriter
}, bs []Binding) {
	b.WriteByte('{')
	for i, x := range bs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(x.Name)
		b.Write(k)
		b.WriteByte(':')
		v, _ := x.Value.MarshalJSON()
		b.Write(v)
	}
	b.WriteByte('}')
}

// ValueKind says which field of a Value is meaningful.
type ValueKind int

const (
	BoolValue ValueKind = iota
	IntValue
	EnumValue   // Name
	SetValue    // Elems
	MapValue    // Entries keyed by the key's text
	RecordValue // Entries keyed by field name
)

// Value is a Specl value decoded from a model.
type Value struct {
	Kind    ValueKind
	Bool    bool
	Int     int64
	Name    string
	Elems   []Value
	Entries []Binding
}

// Bool, Int, Enum, Set, Map and Record build values.
func Bool(b bool) Value              { return Value{Kind: BoolValue, Bool: b} }
func Int(i int64) Value              { return Value{Kind: IntValue, Int: i} }
func Enum(name string) Value         { return Value{Kind: EnumValue, Name: name} }
func Set(elems ...Value) Value       { return Value{Kind: SetValue, Elems: elems} }
func Map(entries ...Binding) Value   { return Value{Kind: MapValue, Entries: entries} }
func Record(fields ...Binding) Value { return Value{Kind: RecordValue, Entries: fields} }

// String renders the value in Specl syntax: 3, Open, {Read, Write}, {a: 1}; a map as
// [Admin -> {Read}, Dev -> {}].
func (v Value) String() string {
	switch v.Kind {
	case BoolValue:
		return strconv.FormatBool(v.Bool)
	case IntValue:
		return strconv.FormatInt(v.Int, 10)
	case EnumValue:
		return v.Name
	case SetValue:
		parts := make([]string, len(v.Elems))
		for i, e := range v.Elems {
			parts[i] = e.String()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case MapValue:
		parts := make([]string, len(v.Entries))
		for i, e := range v.Entries {
			parts[i] = e.Name + " -> " + e.Value.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case RecordValue:
		parts := make([]string, len(v.Entries))
		for i, e := range v.Entries {
			parts[i] = e.Name + ": " + e.Value.String()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "?"
}

// Literal writes v as a Specl expression (`{A, B}`, `{sz: 2, fast: true}`, a negative
// integer in parentheses so that it stands anywhere); a map, or a value holding one,
// has no literal.
func (v Value) Literal() (string, bool) {
	var parts []string
	switch v.Kind {
	case MapValue:
		return "", false
	case SetValue:
		for _, e := range v.Elems {
			t, ok := e.Literal()
			if !ok {
				return "", false
			}
			parts = append(parts, t)
		}
	case RecordValue:
		for _, e := range v.Entries {
			t, ok := e.Value.Literal()
			if !ok {
				return "", false
			}
			parts = append(parts, e.Name+": "+t)
		}
	case IntValue:
		if v.Int < 0 {
			return "(" + v.String() + ")", true
		}
		return v.String(), true
	default:
		return v.String(), true
	}
	return "{" + strings.Join(parts, ", ") + "}", true
}

// MarshalJSON writes enum members and integers as themselves, sets as arrays, maps and
// records as objects keyed by the key's or field's text.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case BoolValue:
		return json.Marshal(v.Bool)
	case IntValue:
		return json.Marshal(v.Int)
	case EnumValue:
		return json.Marshal(v.Name)
	case SetValue:
		var b strings.Builder
		b.WriteByte('[')
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			js, _ := e.MarshalJSON()
			b.Write(js)
		}
		b.WriteByte(']')
		return []byte(b.String()), nil
	default:
		var b strings.Builder
		WriteObject(&b, v.Entries)
		return []byte(b.String()), nil
	}
}

// PropertyStatus is how a property's check ended.
type PropertyStatus string

const (
	Proved       PropertyStatus = "proved"
	HoldsToDepth PropertyStatus = "holds-to-depth"
	Violated     PropertyStatus = "violated"
	Undecided    PropertyStatus = "unknown"
)

// Property is the verdict on one invariant or assert.
type Property struct {
	Name   string
	Kind   string // "invariant" or "assert"
	Span   source.Span
	Status PropertyStatus
	Reason string // why it is unknown
	Depth  int    // for holds-to-depth
}

// IgnorePrefix starts a suppression comment; codes follow, separated by spaces or
// commas: `// specls:ignore vacuous, redundant`. It silences those codes on the
// comment's line and the line below (lang/check applies it; lang/format keeps it
// covering the same code).
const IgnorePrefix = "specls:ignore"

// IgnoredCodes reads the codes of a `// specls:ignore A, B` comment's text; nil for any
// other comment.
func IgnoredCodes(comment string) []Code {
	text, ok := strings.CutPrefix(comment, "//")
	if !ok {
		return nil
	}
	text, ok = strings.CutPrefix(strings.TrimSpace(strings.TrimLeft(text, "/")), IgnorePrefix)
	if !ok {
		return nil
	}
	var codes []Code
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		codes = append(codes, Code(f))
	}
	return codes
}
