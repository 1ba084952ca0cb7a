package eval

import (
	"errors"
	"fmt"
	"slices"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/types"
)

// reads is what an expression reads: unprimed vars, primed vars and parameters (bound
// variables are its own business). Calls are followed into pred and fun bodies.
type reads struct {
	cur, next []int
	params    []*sema.Symbol
}

func (m *Machine) readsOf(e ast.Expr) *reads {
	if r, ok := m.reads[e]; ok {
		return r
	}
	r := &reads{}
	m.reads[e] = r // a placeholder first: there is no recursion, but be safe
	add := func(xs []int, i int) []int {
		if !slices.Contains(xs, i) {
			xs = append(xs, i)
		}
		return xs
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Name:
			s := m.Info.Uses[n.Ident]
			if s == nil {
				return true
			}
			switch s.Kind {
			case sema.KindVar:
				r.cur = add(r.cur, m.varIndex[s])
			case sema.KindParam:
				if !slices.Contains(r.params, s) {
					r.params = append(r.params, s)
				}
			case sema.KindPred, sema.KindFun:
				m.mergeBody(r, s, add)
			}
		case *ast.Primed:
			if s := m.Info.Uses[n.Ident]; s != nil {
				r.next = add(r.next, m.varIndex[s])
			}
		case *ast.Call:
			if s := m.Info.Uses[n.Fun]; s != nil {
				m.mergeBody(r, s, add)
			}
		}
		return true
	})
	return r
}

func (m *Machine) mergeBody(r *reads, s *sema.Symbol, add func([]int, int) []int) {
	body, ok := m.bodies[s]
	if !ok {
		return
	}
	for _, i := range m.readsOf(body).cur {
		r.cur = add(r.cur, i)
	}
}

// conjuncts splits a clause body at its top-level `and`s: each part can be checked as
// soon as what it reads is chosen.
func conjuncts(e ast.Expr, out []ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.Binary); ok && b.Op == ast.And {
		return conjuncts(b.Y, conjuncts(b.X, out))
	}
	return append(out, e)
}

// A slot is something a search chooses: a var of the current state, a var of the
// next state, or a parameter.
type slot struct {
	kind  int // slotCur, slotNext, slotParam
	index int // var index (cur, next)
	// path leads to a part of a map or record var, which is chosen entry by entry
	// (keys' texts and field names); empty for a whole var.
	path  []string
	param *sema.Symbol
	typ   types.Type // of the part
	name  string     // for messages: balance, balance', grants[Admin]', amount
}

const (
	slotCur = iota
	slotNext
	slotParam
)

// A constraint is one conjunct of a clause. post: its unprimed vars read the next
// state (a fact on the state after a step).
type constraint struct {
	expr   ast.Expr
	clause *Clause
	post   bool
	needs  []int // the whole-var and parameter slots it reads: chosen before it is tried
	// eager: it reads a var chosen part by part; it is tried as soon as its needs are
	// chosen, and a try that reads a part not chosen yet says "not ready".
	eager bool
	reads []int // every slot it reads, parts included
}

// search enumerates the assignments of slots that satisfy every constraint, choosing
// slots one by one and checking each constraint as soon as all it reads is chosen.
// A slot pinned by a constraint `slot == e` or `slot in e` (e already known) takes
// only those values; any other slot runs over its type.
type search struct {
	m      *Machine
	frame  *Frame
	slots  []slot
	cons   []constraint
	chosen []bool
	done   []bool // constraint already checked on this branch
	found  int
	// failed is the first constraint that rejected a candidate, when none survived:
	// it names the clause that blocks (for messages).
	failed *Clause
}

func (m *Machine) newSearch(f *Frame, slots []slot) *search {
	f.partial = true
	return &search{m: m, frame: f, slots: slots, chosen: make([]bool, len(slots))}
}

// add records a clause's conjuncts as constraints.
func (s *search) add(c *Clause, post bool) {
	for _, part := range conjuncts(c.Body, nil) {
		r := s.m.readsOf(part)
		con := constraint{expr: part, clause: c, post: post}
		for i, sl := range s.slots {
			var reads bool
			switch {
			case sl.kind == slotParam:
				reads = slices.Contains(r.params, sl.param)
			case sl.kind == slotCur && !post, sl.kind == slotNext && post:
				reads = slices.Contains(r.cur, sl.index)
			case sl.kind == slotNext:
				reads = slices.Contains(r.next, sl.index)
			}
			if reads {
				con.reads = append(con.reads, i)
			}
			if reads && len(sl.path) > 0 {
				con.eager = true
			} else if reads {
				con.needs = append(con.needs, i)
			}
		}
		s.cons = append(s.cons, con)
	}
}

func (s *search) frameFor(c *constraint) *Frame {
	if c.post {
		return &Frame{Cur: s.frame.Next, Env: s.frame.Env, partial: s.frame.partial}
	}
	return s.frame
}

func (s *search) ready(c *constraint) bool {
	for _, i := range c.needs {
		if !s.chosen[i] {
			return false
		}
	}
	return true
}

// run calls yield for each solution (the frame holds it), until yield returns false.
func (s *search) run(yield func() bool) error {
	s.done = make([]bool, len(s.cons))
	_, err := s.rec(yield)
	return err
}

func (s *search) rec(yield func() bool) (bool, error) {
	// Check what became checkable; undo on the way out.
	var checked []int
	defer func() {
		for _, i := range checked {
			s.done[i] = false
		}
	}()
	for i := range s.cons {
		c := &s.cons[i]
		if s.done[i] || !s.ready(c) {
			continue
		}
		ok, err := s.m.Holds(c.expr, s.frameFor(c), c.clause.Mode())
		if errors.Is(err, errNotReady) {
			continue
		}
		if err != nil {
			return false, err
		}
		s.done[i] = true
		checked = append(checked, i)
		if !ok {
			if s.failed == nil {
				s.failed = c.clause
			}
			return true, nil
		}
	}
	next, isPinned := -1, false
	var cands []diag.Value
	for i := range s.slots {
		if s.chosen[i] {
			continue
		}
		vs, ok, err := s.pinned(i)
		if err != nil {
			return false, err
		}
		if ok && (!isPinned || len(vs) < len(cands)) {
			next, cands, isPinned = i, vs, true
		} else if next < 0 {
			next = i
		}
	}
	if next < 0 {
		for i := range s.cons {
			if !s.done[i] {
				// Everything is chosen, so nothing can be "not ready": a bug.
				return false, fmt.Errorf("internal: a clause at byte %d was never decided", s.cons[i].expr.Bounds().Start)
			}
		}
		s.found++
		if s.found > s.m.Limits.Solutions {
			return false, &LimitError{What: "the solutions of one search", Limit: s.m.Limits.Solutions}
		}
		return yield(), nil
	}
	sl := s.slots[next]
	if !isPinned {
		vs, ok := s.m.valuesOf(sl.typ)
		if !ok {
			return false, &LimitError{What: "the values of " + sl.name, Limit: s.m.Limits.Values}
		}
		cands = vs
	}
	s.chosen[next] = true
	defer func() { s.chosen[next] = false; s.set(sl, unsetValue) }()
	for _, v := range cands {
		s.set(sl, v)
		more, err := s.rec(yield)
		if err != nil || !more {
			return more, err
		}
	}
	return true, nil
}

func (s *search) set(sl slot, v diag.Value) {
	switch sl.kind {
	case slotCur:
		s.frame.Cur[sl.index] = setPath(s.frame.Cur[sl.index], sl.path, v)
	case slotNext:
		s.frame.Next[sl.index] = setPath(s.frame.Next[sl.index], sl.path, v)
	default:
		if v.Kind == unset {
			delete(s.frame.Env, sl.param)
		} else {
			s.frame.Env[sl.param] = v
		}
	}
}

// pinned finds the values a constraint `slot == e`, `e == slot` or `slot in e` leaves
// slot i, where e reads only chosen slots; the values are canonical, of the slot's
// type, without repeats.
func (s *search) pinned(i int) ([]diag.Value, bool, error) {
	sl := s.slots[i]
	var best []diag.Value
	found := false
	for ci := range s.cons {
		c := &s.cons[ci]
		if !slices.Contains(c.reads, i) {
			continue
		}
		if q, ok := ast.Unparen(c.expr).(*ast.Quant); ok {
			v, ok, err := s.pinnedMap(c, q, sl)
			if err != nil {
				return nil, false, err
			}
			if ok && (!found || len(best) > 1) {
				best, found = []diag.Value{v}, true
			}
			continue
		}
		b, ok := ast.Unparen(c.expr).(*ast.Binary)
		if !ok || (b.Op != ast.Eq && b.Op != ast.In) {
			continue
		}
		var other ast.Expr
		var rest []string // the slot's path below the place the constraint names
		if r, ok := s.placeOf(b.X, sl, c); ok {
			other, rest = b.Y, r
		} else if r, ok := s.placeOf(b.Y, sl, c); ok && b.Op == ast.Eq {
			other, rest = b.X, r
		} else {
			continue
		}
		if !s.known(other, c.post) {
			continue
		}
		vals, err := s.m.Possible(other, s.frameFor(c))
		if errors.Is(err, errNotReady) {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		if b.Op == ast.In {
			var elems []diag.Value
			for _, v := range vals {
				if v.Kind == diag.SetValue {
					elems = append(elems, v.Elems...)
				}
			}
			vals = elems
		}
		if len(rest) > 0 {
			var parts []diag.Value
			for _, v := range vals {
				if p, ok := getPath(v, rest); ok {
					parts = append(parts, p)
				}
			}
			vals = parts
		}
		var out []diag.Value
		for _, v := range vals {
			if !types.Contains(sl.typ, v) {
				continue
			}
			v = s.m.Canon(sl.typ, v)
			if !slices.ContainsFunc(out, func(w diag.Value) bool { return sema.Equal(v, w) }) {
				out = append(out, v)
			}
		}
		if len(out) == 0 && s.failed == nil {
			s.failed = c.clause // it leaves the slot no value of its type
		}
		if !found || len(out) < len(best) {
			best, found = out, true
		}
	}
	return best, found, nil
}

// pinnedMap reads `all k in K: m[k] == e` (either side), K every key of the map slot
// m and e known but for k, as the one map it allows.
func (s *search) pinnedMap(c *constraint, q *ast.Quant, sl slot) (diag.Value, bool, error) {
	var none diag.Value
	mt, ok := sl.typ.(*types.Map)
	if !ok || q.Kind != ast.All || len(q.Bindings) != 1 || len(q.Bindings[0].Vars) != 1 {
		return none, false, nil
	}
	b, ok := ast.Unparen(q.Body).(*ast.Binary)
	if !ok || b.Op != ast.Eq {
		return none, false, nil
	}
	k := s.m.Info.Defs[q.Bindings[0].Vars[0]]
	isEntry := func(e ast.Expr) bool {
		ix, ok := ast.Unparen(e).(*ast.Index)
		if !ok || !s.isSlot(ix.X, sl, c.post) {
			return false
		}
		n, ok := ast.Unparen(ix.Key).(*ast.Name)
		return ok && s.m.Info.Uses[n.Ident] == k
	}
	var other ast.Expr
	switch {
	case isEntry(b.X):
		other = b.Y
	case isEntry(b.Y):
		other = b.X
	default:
		return none, false, nil
	}
	set := q.Bindings[0].Set
	if !s.known(other, c.post) || !s.known(set, c.post) {
		return none, false, nil
	}
	f := s.frameFor(c)
	keys, err := s.m.Possible(set, f)
	if err != nil || len(keys) != 1 || keys[0].Kind != diag.SetValue || uint64(len(keys[0].Elems)) != types.Size(mt.Key) {
		return none, false, err // not every key: the others stay free
	}
	env := make(map[*sema.Symbol]diag.Value, len(f.Env)+1)
	for s, v := range f.Env {
		env[s] = v
	}
	var entries []diag.Binding
	for _, key := range keys[0].Elems {
		env[k] = key
		vals, err := s.m.Possible(other, &Frame{Cur: f.Cur, Next: f.Next, Env: env})
		if err != nil || len(vals) != 1 {
			return none, false, err
		}
		entries = append(entries, diag.Binding{Name: key.String(), Value: vals[0]})
	}
	m := diag.Map(entries...)
	if !types.Contains(sl.typ, m) {
		return none, false, nil // a value outside the type: the check after says no
	}
	return s.m.Canon(sl.typ, m), true, nil
}

// placeOf reports whether e names slot sl, or a map entry or record field above it
// (`grants[Admin]`, `cfg'.on`, the whole var), read from constraint c; rest is the
// slot's path below that place. Keys must be known.
func (s *search) placeOf(e ast.Expr, sl slot, c *constraint) (rest []string, ok bool) {
	if sl.kind == slotParam || len(sl.path) == 0 {
		return nil, s.isSlot(e, sl, c.post)
	}
	var path []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Index:
			if !s.known(x.Key, c.post) {
				return nil, false
			}
			k, err := s.m.Possible(x.Key, s.frameFor(c))
			if err != nil || len(k) != 1 {
				return nil, false
			}
			path = append(path, k[0].String())
			e = x.X
			continue
		case *ast.Select:
			if m := s.m.Info.Uses[x.Field]; m != nil {
				return nil, false // an enum member, not a field
			}
			path = append(path, x.Field.Name)
			e = x.X
			continue
		}
		break
	}
	whole := sl
	whole.path = nil
	if !s.isSlot(e, whole, c.post) {
		return nil, false
	}
	slices.Reverse(path)
	if len(path) > len(sl.path) || !slices.Equal(path, sl.path[:len(path)]) {
		return nil, false
	}
	return sl.path[len(path):], true
}

// isSlot reports whether e names slot sl, read from a constraint with the given post.
func (s *search) isSlot(e ast.Expr, sl slot, post bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Name:
		sym := s.m.Info.Uses[e.Ident]
		if sym == nil {
			return false
		}
		switch sl.kind {
		case slotParam:
			return sym == sl.param
		case slotCur:
			return !post && sym.Kind == sema.KindVar && s.m.varIndex[sym] == sl.index
		case slotNext:
			return post && sym.Kind == sema.KindVar && s.m.varIndex[sym] == sl.index
		}
	case *ast.Primed:
		sym := s.m.Info.Uses[e.Ident]
		return sl.kind == slotNext && !post && sym != nil && s.m.varIndex[sym] == sl.index
	}
	return false
}

// known reports whether everything e reads is chosen.
func (s *search) known(e ast.Expr, post bool) bool {
	r := s.m.readsOf(e)
	for i, sl := range s.slots {
		if s.chosen[i] || len(sl.path) > 0 {
			continue // a part: a try of e says whether it is ready
		}
		switch {
		case sl.kind == slotParam && slices.Contains(r.params, sl.param):
			return false
		case sl.kind == slotCur && !post && slices.Contains(r.cur, sl.index):
			return false
		case sl.kind == slotNext && post && slices.Contains(r.cur, sl.index):
			return false
		case sl.kind == slotNext && slices.Contains(r.next, sl.index):
			return false
		}
	}
	return true
}

func (m *Machine) varSlots(kind int) []slot {
	var out []slot
	for i := range m.Vars {
		out = append(out, m.slotsOf(kind, i)...)
	}
	return out
}

// slotsOf are the slots of var i: the whole var, or for a map or record each entry
// or field (recursively), so that a clause about one entry prunes the search as soon
// as that entry is chosen.
func (m *Machine) slotsOf(kind, i int) []slot {
	v := m.Vars[i]
	name := v.Name
	if kind == slotNext {
		name += "'"
	}
	var out []slot
	var walk func(t types.Type, path []string, name string)
	walk = func(t types.Type, path []string, name string) {
		switch t := t.(type) {
		case *types.Map:
			if keys, ok := m.valuesOf(t.Key); ok {
				for _, k := range keys {
					walk(t.Value, append(slices.Clone(path), k.String()), name+"["+k.String()+"]")
				}
				return
			}
		case *types.Record:
			for _, f := range t.Fields {
				walk(f.Type, append(slices.Clone(path), f.Name), name+"."+f.Name)
			}
			return
		}
		out = append(out, slot{kind: kind, index: i, path: path, typ: t, name: name})
	}
	walk(v.Type, nil, name)
	return out
}

// blank is var i's value before a search chooses it: unset, or for a var chosen part
// by part its skeleton (keys and fields in order, every part unset).
func (m *Machine) blank(i int) diag.Value {
	var build func(t types.Type) diag.Value
	build = func(t types.Type) diag.Value {
		switch t := t.(type) {
		case *types.Map:
			if keys, ok := m.valuesOf(t.Key); ok {
				entries := make([]diag.Binding, len(keys))
				for j, k := range keys {
					entries[j] = diag.Binding{Name: k.String(), Value: build(t.Value)}
				}
				return diag.Map(entries...)
			}
		case *types.Record:
			fields := make([]diag.Binding, len(t.Fields))
			for j, f := range t.Fields {
				fields[j] = diag.Binding{Name: f.Name, Value: build(f.Type)}
			}
			return diag.Record(fields...)
		}
		return unsetValue
	}
	return build(m.Vars[i].Type)
}

func (m *Machine) emptyState() State {
	s := make(State, len(m.Vars))
	for i := range s {
		s[i] = m.blank(i)
	}
	return s
}

var unsetValue = diag.Value{Kind: unset}

// hasUnset reports whether some part of v is not chosen yet.
func hasUnset(v diag.Value) bool {
	switch v.Kind {
	case unset:
		return true
	case diag.MapValue, diag.RecordValue:
		for _, e := range v.Entries {
			if hasUnset(e.Value) {
				return true
			}
		}
	}
	return false
}

// setPath returns v with the part at path replaced by x, copying what it changes (a
// state handed out keeps its values).
func setPath(v diag.Value, path []string, x diag.Value) diag.Value {
	if len(path) == 0 {
		return x
	}
	entries := slices.Clone(v.Entries)
	for j := range entries {
		if entries[j].Name == path[0] {
			entries[j].Value = setPath(entries[j].Value, path[1:], x)
		}
	}
	v.Entries = entries
	return v
}

// getPath returns the part of v at path.
func getPath(v diag.Value, path []string) (diag.Value, bool) {
	for _, p := range path {
		found := false
		for _, e := range v.Entries {
			if e.Name == p {
				v, found = e.Value, true
				break
			}
		}
		if !found {
			return diag.Value{}, false
		}
	}
	return v, true
}

// ValidStates calls yield for each valid state (every fact holds), in canonical
// order of the search, until yield returns false.
func (m *Machine) ValidStates(yield func(State) bool) error {
	return m.states(false, yield)
}

// InitialStates calls yield for each initial state (valid, every initially holds).
func (m *Machine) InitialStates(yield func(State) bool) error {
	return m.states(true, yield)
}

func (m *Machine) states(initial bool, yield func(State) bool) error {
	f := &Frame{Cur: m.emptyState(), Env: map[*sema.Symbol]diag.Value{}}
	s := m.newSearch(f, m.varSlots(slotCur))
	for _, c := range m.Facts {
		s.add(c, false)
	}
	if initial {
		for _, c := range m.Initially {
			s.add(c, false)
		}
	}
	return s.run(func() bool { return yield(slices.Clone(f.Cur)) })
}

// Valid reports whether every fact holds in s; if not, the first that fails.
func (m *Machine) Valid(s State) (*Clause, error) {
	f := &Frame{Cur: s, Env: map[*sema.Symbol]diag.Value{}}
	for _, c := range m.Facts {
		ok, err := m.Holds(c.Body, f, Assume)
		if err != nil || !ok {
			return c, err
		}
	}
	return nil, nil
}

// Enabled calls yield for each enabled step of state s: an action with arguments of
// their types for which every requires holds (s is assumed valid). Actions come in
// declaration order, arguments in canonical order.
func (m *Machine) Enabled(s State, yield func(Step) bool) error {
	for _, a := range m.Actions {
		more := true
		err := m.enabled(a, s, func(args []diag.Value) bool {
			more = yield(Step{Action: a, Args: args})
			return more
		})
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

func (m *Machine) enabled(a *Action, s State, yield func([]diag.Value) bool) error {
	f := &Frame{Cur: s, Env: map[*sema.Symbol]diag.Value{}}
	slots := make([]slot, len(a.Params))
	for i, p := range a.Params {
		slots[i] = slot{kind: slotParam, param: p, typ: p.Type, name: p.Name}
	}
	srch := m.newSearch(f, slots)
	for _, c := range a.Requires {
		srch.add(c, false)
	}
	return srch.run(func() bool {
		args := make([]diag.Value, len(a.Params))
		for i, p := range a.Params {
			args[i] = f.Env[p]
		}
		return yield(args)
	})
}

// Requires returns the first requires of the step's action that fails in s, or nil
// when the step is enabled.
func (m *Machine) Requires(s State, st Step) (*Clause, error) {
	f := m.stepFrame(s, nil, st)
	for _, c := range st.Action.Requires {
		ok, err := m.Holds(c.Body, f, Assume)
		if err != nil || !ok {
			return c, err
		}
	}
	return nil, nil
}

func (m *Machine) stepFrame(s, next State, st Step) *Frame {
	env := map[*sema.Symbol]diag.Value{}
	for i, p := range st.Action.Params {
		if i < len(st.Args) {
			env[p] = st.Args[i]
		}
	}
	return &Frame{Cur: s, Next: next, Env: env}
}

// Successors calls yield for each state the step can lead to from s: every var the
// action does not prime keeps its value; the primed ones take every combination of
// values of their types that makes every ensures hold and the next state valid. The
// step's requires are not checked here (see Enabled).
func (m *Machine) Successors(s State, st Step, yield func(State) bool) error {
	_, err := m.successors(s, st, yield)
	return err
}

// Blocking returns the clause that leaves the step without a successor (an ensures
// or a fact on the next state), or nil when the step has one.
func (m *Machine) Blocking(s State, st Step) (*Clause, error) {
	return m.successors(s, st, func(State) bool { return false })
}

func (m *Machine) successors(s State, st Step, yield func(State) bool) (*Clause, error) {
	next := m.emptyState()
	var slots []slot
	for i := range m.Vars {
		if st.Action.Primed[i] {
			slots = append(slots, m.slotsOf(slotNext, i)...)
		} else {
			next[i] = s[i]
		}
	}
	f := m.stepFrame(s, next, st)
	srch := m.newSearch(f, slots)
	for _, c := range st.Action.Ensures {
		srch.add(c, false)
	}
	for _, c := range m.Facts {
		srch.add(c, true)
	}
	any := false
	err := srch.run(func() bool { any = true; return yield(slices.Clone(next)) })
	if err != nil || any {
		return nil, err
	}
	if srch.failed == nil {
		return nil, fmt.Errorf("no successor, and no clause rejected one")
	}
	return srch.failed, nil
}

// Violated returns the invariants and state asserts that fail in s (a claim: every
// choice of an unmatched cases must satisfy it).
func (m *Machine) Violated(s State) ([]*Clause, error) {
	f := &Frame{Cur: s, Env: map[*sema.Symbol]diag.Value{}}
	var out []*Clause
	for _, c := range m.Properties() {
		if c.Step {
			continue
		}
		ok, err := m.Holds(c.Body, f, Claim)
		if err != nil {
			return out, err
		}
		if !ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// StepViolated returns the step asserts that fail on the step from s to next.
func (m *Machine) StepViolated(s, next State, st Step) ([]*Clause, error) {
	f := &Frame{Cur: s, Next: next, Env: map[*sema.Symbol]diag.Value{}}
	var out []*Clause
	for _, c := range m.Asserts {
		if !c.Step {
			continue
		}
		ok, err := m.Holds(c.Body, f, Claim)
		if err != nil {
			return out, err
		}
		if !ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// Properties are the invariants and asserts in source order.
func (m *Machine) Properties() []*Clause {
	out := append(slices.Clone(m.Invariants), m.Asserts...)
	slices.SortFunc(out, func(a, b *Clause) int { return a.Node.Bounds().Start - b.Node.Bounds().Start })
	return out
}

// valuesOf lists a type's values in canonical form, once per type (a search asks for
// the same parameter's values in every state); false when they are more than the
// limit.
func (m *Machine) valuesOf(t types.Type) ([]diag.Value, bool) {
	if vs, ok := m.values[t]; ok {
		return vs, true
	}
	if !types.IsFinite(t) || types.Size(t) > uint64(m.Limits.Values) {
		return nil, false
	}
	vs := make([]diag.Value, 0, types.Size(t))
	for v := range types.Values(t) {
		vs = append(vs, m.Canon(t, v))
	}
	m.values[t] = vs
	return vs, true
}
