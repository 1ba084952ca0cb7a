package mine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/steps"
	"github.com/specls/specls/lang/trace"
	"github.com/specls/specls/lang/types"
)

// SchemaOf is the vocabulary of a spec, for reading its traces.
func SchemaOf(info *sema.Info) *trace.Schema {
	s := &trace.Schema{Actions: map[string][]trace.Var{}}
	for _, v := range steps.Vars(info) {
		s.Vars = append(s.Vars, trace.Var{Name: v.Name, Type: v.Type})
	}
	for _, sym := range info.Symbols {
		if sym.Kind == sema.KindAction {
			var ps []trace.Var
			for _, p := range sym.Params {
				ps = append(ps, trace.Var{Name: p.Name, Type: p.Type})
			}
			s.Actions[sym.Name] = ps
		}
	}
	return s
}

// InferSchema guesses a vocabulary from the traces themselves, for mining without a
// spec: a first pass over the lines that looks only at the JSON shape of the state,
// action and args fields (numbers are integers, strings enum members, arrays sets, an
// object whose values all have one shape a map, another object a record). Lines it
// cannot read are left to the reader of lang/trace, which reports them on the second
// pass.
func InferSchema(r io.Reader) (*trace.Schema, error) {
	s := &trace.Schema{Actions: map[string][]trace.Var{}}
	vars := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), trace.MaxLine)
	for sc.Scan() {
		var line struct {
			Action string                     `json:"action"`
			Args   map[string]json.RawMessage `json:"args"`
			State  json.RawMessage            `json:"state"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		for _, kv := range orderedObject(line.State) {
			t := inferType(kv.value)
			if t == nil {
				continue
			}
			if i, ok := vars[kv.key]; ok {
				s.Vars[i].Type = widen(s.Vars[i].Type, t)
				continue
			}
			vars[kv.key] = len(s.Vars)
			s.Vars = append(s.Vars, trace.Var{Name: kv.key, Type: t})
		}
		if line.Action != "" {
			ps := s.Actions[line.Action]
			for k, v := range line.Args {
				t := inferType(v)
				found := false
				for i := range ps {
					if ps[i].Name == k {
						ps[i].Type, found = widen(ps[i].Type, t), true
					}
				}
				if !found && t != nil {
					ps = append(ps, trace.Var{Name: k, Type: t})
				}
			}
			s.Actions[line.Action] = ps
		}
	}
	if err := sc.Err(); err != nil && err != bufio.ErrTooLong {
		return nil, err
	}
	return s, nil
}

type keyValue struct {
	key   string
	value json.RawMessage
}

// orderedObject lists an object's members in their written order.
func orderedObject(js json.RawMessage) []keyValue {
	dec := json.NewDecoder(bytes.NewReader(js))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var out []keyValue
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return out
		}
		out = append(out, keyValue{tok.(string), v})
	}
	return out
}

// anyEnum stands for an enum whose members the traces name: lang/trace reads any
// member name for it.
var anyEnum = &types.Enum{Name: "enum"}

func inferType(js json.RawMessage) types.Type {
	js = bytes.TrimSpace(js)
	if len(js) == 0 {
		return nil
	}
	switch js[0] {
	case 't', 'f':
		return types.Bool
	case '"':
		return anyEnum
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(js, &elems) != nil {
			return nil
		}
		var elem types.Type
		for _, e := range elems {
			elem = widen(elem, inferType(e))
		}
		if elem == nil {
			elem = anyEnum
		}
		return &types.Set{Elem: elem}
	case '{':
		kvs := orderedObject(js)
		var val types.Type
		uniform := true
		var fields []types.Field
		for _, kv := range kvs {
			t := inferType(kv.value)
			fields = append(fields, types.Field{Name: kv.key, Type: t})
			if val != nil && t != nil && kindOf(val) != kindOf(t) {
				uniform = false
			}
			val = widen(val, t)
		}
		if uniform && val != nil {
			return &types.Map{Key: anyEnum, Value: val}
		}
		return &types.Record{Fields: fields}
	}
	return types.Int
}

func kindOf(t types.Type) string {
	switch t.(type) {
	case *types.Set:
		return "set"
	case *types.Map:
		return "map"
	case *types.Record:
		return "record"
	case *types.Enum:
		return "enum"
	}
	return t.String()
}

// widen joins what two lines say of one name: the first shape wins, a set or map of
// unknown elements takes the other's.
func widen(a, b types.Type) types.Type {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	if sa, ok := a.(*types.Set); ok {
		if sb, ok := b.(*types.Set); ok && sa.Elem == anyEnum {
			return sb
		}
	}
	if ra, ok := a.(*types.Record); ok {
		if rb, ok := b.(*types.Record); ok {
			out := &types.Record{Fields: append([]types.Field(nil), ra.Fields...)}
			for _, f := range rb.Fields {
				found := false
				for _, g := range out.Fields {
					found = found || g.Name == f.Name
				}
				if !found {
					out.Fields = append(out.Fields, f)
				}
			}
			return out
		}
	}
	return a
}
