// Package trace reads and writes runs as JSON Lines, one state per line: the format
// `specls run --format json` prints and `specls replay` reads. Values are written as
// `check --format json` writes them (enum members and integers as themselves, sets as
// arrays, maps and records as objects keyed by the key's or field's text). Reading
// streams: one line in memory at a time. It imports lang/diag and lang/types; the CLI
// and the elicitation packages (replay, mine) import it.
package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

// Record is one line: a state of a run, and the step that led to it (none at step 0;
// Action empty when the line does not say which).
type Record struct {
	Line int // 1-based line number (when read)
	Run  string
	Step int
	// Action and Args are optional: an empty Action means "any action that explains
	// the step"; HasArgs false means "any arguments".
	Action  string
	Args    []diag.Binding
	HasArgs bool
	// State holds the variables the line gives, in the schema's order; a variable it
	// leaves out is unknown (any value).
	State []diag.Binding
}

// Var is a name with its type: a spec's variable or an action's parameter.
type Var struct {
	Name string
	Type types.Type
}

// Schema is the vocabulary of a spec that lines are read against.
type Schema struct {
	Vars    []Var
	Actions map[string][]Var // parameters in order
}

// LineError is a line that is not a record of the schema. Its text is `PATH:LINE: …`.
type LineError struct {
	Path string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg) }

// MaxLine bounds one line's length, so a stream without newlines cannot fill memory.
const MaxLine = 16 << 20

// Reader reads records from a stream; a bad line is reported as a *LineError and the
// reader goes on with the next one.
type Reader struct {
	path   string
	schema *Schema
	r      *bufio.Reader
	line   int
}

// NewReader reads lines from r; path names the stream in errors.
func NewReader(r io.Reader, path string, schema *Schema) *Reader {
	return &Reader{path: path, schema: schema, r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next record; io.EOF at the end; a *LineError for a bad line (the
// following call reads the line after it). Blank lines are skipped.
func (rd *Reader) Next() (Record, error) {
	for {
		text, tooLong, err := rd.readLine()
		if err != nil {
			return Record{}, err
		}
		rd.line++
		if tooLong {
			return Record{}, &LineError{Path: rd.path, Line: rd.line, Msg: fmt.Sprintf("the line is longer than %d bytes", MaxLine)}
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		rec, msg := rd.decode(text)
		if msg != "" {
			return Record{}, &LineError{Path: rd.path, Line: rd.line, Msg: msg}
		}
		rec.Line = rd.line
		return rec, nil
	}
}

// readLine returns the next line without its line end. A line longer than MaxLine is
// read to its end but not kept (tooLong).
func (rd *Reader) readLine() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		part, err := rd.r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(part) > MaxLine {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, part...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
		case err != nil:
			return nil, false, err
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, nil
	}
}

var fields = []string{"run", "step", "action", "args", "state"}

func (rd *Reader) decode(text []byte) (Record, string) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return Record{}, "not a JSON object: " + jsonError(err)
	}
	if dec.More() {
		return Record{}, "more than one JSON value on the line"
	}
	if raw == nil {
		return Record{}, "not a JSON object: null"
	}
	var extra []string
	for k := range raw {
		if !slices.Contains(fields, k) {
			extra = append(extra, strconv.Quote(k))
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return Record{}, fmt.Sprintf("unknown field %s (a line has run, step, action, args and state)", strings.Join(extra, ", "))
	}
	var rec Record
	for _, k := range []string{"run", "step", "state"} {
		if _, ok := raw[k]; !ok {
			return Record{}, fmt.Sprintf("missing field %q", k)
		}
	}
	if err := json.Unmarshal(raw["run"], &rec.Run); err != nil {
		return Record{}, "run: want a string"
	}
	step, ok := number(raw["step"])
	if !ok || step < 0 || step > math.MaxInt32 {
		return Record{}, "step: want an integer from 0"
	}
	rec.Step = int(step)
	var params []Var
	if a, ok := raw["action"]; ok {
		if err := json.Unmarshal(a, &rec.Action); err != nil || rec.Action == "" {
			return Record{}, "action: want an action's name"
		}
		if params, ok = rd.schema.Actions[rec.Action]; !ok {
			return Record{}, fmt.Sprintf("action: the spec has no action %q", rec.Action)
		}
	}
	if rec.Step == 0 && (rec.Action != "" || raw["args"] != nil) {
		return Record{}, "step 0 is an initial state: it has no action or args"
	}
	if a, ok := raw["args"]; ok {
		if rec.Action == "" {
			return Record{}, "args without an action"
		}
		args, msg := decodeObject(a, params, "argument", "action "+rec.Action)
		if msg != "" {
			return Record{}, "args: " + msg
		}
		if len(args) != len(params) {
			var missing []string
			for _, p := range params {
				if !slices.ContainsFunc(args, func(b diag.Binding) bool { return b.Name == p.Name }) {
					missing = append(missing, p.Name)
				}
			}
			return Record{}, "args: missing " + strings.Join(missing, ", ")
		}
		rec.Args, rec.HasArgs = args, true
	}
	st, msg := decodeObject(raw["state"], rd.schema.Vars, "variable", "the spec")
	if msg != "" {
		return Record{}, "state: " + msg
	}
	rec.State = st
	return rec, ""
}

// decodeObject decodes an object whose keys are names of vars, in vars' order.
func decodeObject(js json.RawMessage, vars []Var, kind, owner string) ([]diag.Binding, string) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(js, &obj); err != nil || obj == nil {
		return nil, "want an object"
	}
	var unknown []string
	for k := range obj {
		if !slices.ContainsFunc(vars, func(v Var) bool { return v.Name == k }) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Sprintf("%s has no %s %s", owner, kind, strings.Join(unknown, ", "))
	}
	var out []diag.Binding
	for _, v := range vars {
		x, ok := obj[v.Name]
		if !ok {
			continue
		}
		val, msg := Decode(x, v.Type)
		if msg != "" {
			return nil, v.Name + ": " + msg
		}
		out = append(out, diag.Binding{Name: v.Name, Value: val})
	}
	return out, ""
}

// Decode reads a JSON value as a value of the shape of type t: a number for an integer,
// a string for an enum member, an array for a set, an object for a map (keyed by the
// key's text) or a record. It checks the shape, not the bounds: 2000 decodes for
// 0..1000, and types.Contains says it is outside (a replay reports that against the
// spec, not as a bad line). msg says what is wrong.
func Decode(js json.RawMessage, t types.Type) (diag.Value, string) {
	js = bytes.TrimSpace(js)
	switch t := t.(type) {
	case *types.Basic:
		if t == types.Bool {
			var b bool
			if err := json.Unmarshal(js, &b); err != nil {
				return diag.Value{}, "want true or false, got " + clip(js)
			}
			return diag.Bool(b), ""
		}
		if n, ok := number(js); ok {
			return diag.Int(n), ""
		}
		return diag.Value{}, "want an integer, got " + clip(js)
	case *types.Range:
		if n, ok := number(js); ok {
			return diag.Int(n), ""
		}
		return diag.Value{}, "want an integer, got " + clip(js)
	case *types.Enum:
		var s string
		if err := json.Unmarshal(js, &s); err != nil {
			return diag.Value{}, "want an enum member's name, got " + clip(js)
		}
		// A qualified member names the same value.
		s = strings.TrimPrefix(s, t.Name+".")
		return diag.Enum(s), ""
	case *types.Set:
		var elems []json.RawMessage
		if err := json.Unmarshal(js, &elems); err != nil || (elems == nil && !bytes.Equal(js, []byte("[]"))) {
			return diag.Value{}, "want an array (a set), got " + clip(js)
		}
		out := make([]diag.Value, 0, len(elems))
		for _, e := range elems {
			v, msg := Decode(e, t.Elem)
			if msg != "" {
				return diag.Value{}, "an element: " + msg
			}
			out = append(out, v)
		}
		return diag.Set(out...), ""
	case *types.Map:
		var obj map[string]json.RawMessage
		keys, err := objectKeys(js)
		if err != nil || json.Unmarshal(js, &obj) != nil {
			return diag.Value{}, "want an object (a map keyed by the key's text), got " + clip(js)
		}
		out := make([]diag.Binding, 0, len(keys))
		for _, k := range keys {
			v, msg := Decode(obj[k], t.Value)
			if msg != "" {
				return diag.Value{}, "[" + k + "]: " + msg
			}
			out = append(out, diag.Binding{Name: k, Value: v})
		}
		return diag.Map(out...), ""
	case *types.Record:
		var obj map[string]json.RawMessage
		keys, err := objectKeys(js)
		if err != nil || json.Unmarshal(js, &obj) != nil {
			return diag.Value{}, "want an object (a record), got " + clip(js)
		}
		out := make([]diag.Binding, 0, len(keys))
		for _, k := range keys {
			f, ok := t.Field(k)
			if !ok {
				return diag.Value{}, "the record has no field " + strconv.Quote(k)
			}
			v, msg := Decode(obj[k], f.Type)
			if msg != "" {
				return diag.Value{}, "." + k + ": " + msg
			}
			out = append(out, diag.Binding{Name: k, Value: v})
		}
		return diag.Record(out...), ""
	}
	return diag.Value{}, "a value of a type that did not check"
}

// objectKeys lists an object's keys in their written order.
func objectKeys(js json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func number(js json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(js)), 10, 64)
	return n, err == nil
}

func clip(js []byte) string {
	s := string(js)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

func jsonError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	return err.Error()
}

// Write writes one record as a line: run, step, action and args (when present), state.
func Write(w io.Writer, rec Record) error {
	var b bytes.Buffer
	b.WriteString(`{"run":`)
	js, _ := json.Marshal(rec.Run)
	b.Write(js)
	b.WriteString(`,"step":`)
	b.WriteString(strconv.Itoa(rec.Step))
	if rec.Action != "" {
		b.WriteString(`,"action":`)
		js, _ = json.Marshal(rec.Action)
		b.Write(js)
		if rec.HasArgs || len(rec.Args) > 0 {
			b.WriteString(`,"args":`)
			diag.WriteObject(&b, rec.Args)
		}
	}
	b.WriteString(`,"state":`)
	diag.WriteObject(&b, rec.State)
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}
