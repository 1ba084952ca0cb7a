// Package mine proposes candidate properties from observed runs, as Daikon does for
// code (Ernst et al., "The Daikon system", 2007): it keeps, in memory bounded by the
// number of terms and not by the number of samples, the statistics of a fixed set of
// templates over trace states and steps (constants, ranges, one-of sets, orderings and
// equalities between two terms, implications from an enum value or a boolean to
// another atom, set membership and inclusion, and per action the step relations
// `x' == x`, `x' >= x`, `x' == x + c`, `x' == x + p`), and reports those that held in
// every sample where they apply, with their support and a confidence. Verify asks each
// candidate of the spec (see verify.go). It imports lang/diag and, for verification,
// the front end, lang/encode, lang/logic, lang/steps and lang/check; the CLI imports
// it, reading the samples with lang/trace.
package mine

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/specls/specls/lang/diag"
)

// Sample is one line of a trace: a state of a run, and the step that led to it.
type Sample struct {
	Run    string
	Step   int
	Action string // empty: not said (or step 0)
	Args   []diag.Binding
	State  []diag.Binding
}

// Options set the evidence rule.
type Options struct {
	// MinSupport is the number of samples (states; steps of the action; states where
	// the premise holds) a candidate must hold in to be shown; 0: 20.
	MinSupport int
	// MaxTerms bounds the terms followed (variables, map entries, record fields);
	// 0: 64. Terms first seen after the bound are not followed, and Notes says so.
	MaxTerms int
}

// Candidate is a property that held in every sample where it applies.
type Candidate struct {
	Kind   string `json:"kind"`             // "state" or "step"
	Action string `json:"action,omitempty"` // a step candidate's action
	Text   string `json:"text"`             // the formula in Specl
	// Support is how many samples it applies to (all of which it held in).
	Support int `json:"support"`
	// Confidence is the rule of succession's chance that the next sample where it
	// applies keeps it, (n+1)/(n+2) for support n.
	Confidence float64 `json:"confidence"`
}

// Miner accumulates samples.
type Miner struct {
	opts   Options
	terms  []*termStat
	byName map[string]int
	pairs  map[[2]int]*pairStat
	conds  map[condKey]*condStat // premise -> other term
	acts   map[string]*actStat
	actOrd []string
	states int
	prev   *Sample
	prevV  []diag.Value // values of terms in prev
	prevP  []bool       // which terms prev has
	Notes  []string
	capped bool
}

// New makes a miner.
func New(opts Options) *Miner {
	if opts.MinSupport <= 0 {
		opts.MinSupport = 20
	}
	if opts.MaxTerms <= 0 {
		opts.MaxTerms = 64
	}
	return &Miner{opts: opts, byName: map[string]int{}, pairs: map[[2]int]*pairStat{}, conds: map[condKey]*condStat{}, acts: map[string]*actStat{}}
}

// maxDistinct is how many distinct values a term may show and still be one-of.
const maxDistinct = 3

// termStat follows one term over states.
type termStat struct {
	name   string
	kind   diag.ValueKind
	bad    bool // showed values of two kinds: left out
	n      int
	min    int64
	max    int64
	vals   []diag.Value // distinct values, up to maxDistinct+1
	always []diag.Value // set: elements in every sample
	maxCnt int          // set: largest count
}

type pairStat struct {
	n, lt, eq, gt int
	subset        bool // set: a ⊆ b in every sample
	supset        bool
}

// condKey is a premise (term == value, for enum and bool terms) and the term it
// constrains.
type condKey struct {
	cond  int
	value string
	other int
}

type condStat struct {
	premise diag.Value
	n       int
	min     int64
	max     int64
	vals    []diag.Value
}

// actStat follows the steps of one action.
type actStat struct {
	n     int
	terms map[int]*stepStat
	// params: int parameters, for x' == x + p.
	paramNames []string
}

type stepStat struct {
	n           int
	same        int // x' == x
	dmin, dmax  int64
	deltaOK     bool
	after       []diag.Value // distinct values after, up to 2
	plus, minus map[string]int
	kind        diag.ValueKind
}

// flatten lists a state's terms: scalars and sets as themselves, map entries and
// record fields as terms of their own.
func flatten(prefix string, v diag.Value, out *[]diag.Binding) {
	switch v.Kind {
	case diag.MapValue:
		for _, e := range v.Entries {
			flatten(prefix+"["+e.Name+"]", e.Value, out)
		}
	case diag.RecordValue:
		for _, e := range v.Entries {
			flatten(prefix+"."+e.Name, e.Value, out)
		}
	default:
		*out = append(*out, diag.Binding{Name: prefix, Value: v})
	}
}

func (m *Miner) term(name string, kind diag.ValueKind) int {
	if i, ok := m.byName[name]; ok {
		return i
	}
	if len(m.terms) >= m.opts.MaxTerms {
		if !m.capped {
			m.capped = true
			m.Notes = append(m.Notes, fmt.Sprintf("only the first %d terms are followed (from %s on, terms are left out)", m.opts.MaxTerms, name))
		}
		return -1
	}
	m.terms = append(m.terms, &termStat{name: name, kind: kind})
	m.byName[name] = len(m.terms) - 1
	return len(m.terms) - 1
}

// Add takes one sample. Lines of a run are expected in order and together: a step is
// formed from a sample and the one before it when both belong to one run and the
// step numbers follow.
func (m *Miner) Add(s Sample) {
	var flat []diag.Binding
	for _, b := range s.State {
		flatten(b.Name, b.Value, &flat)
	}
	vals := make([]diag.Value, len(m.terms), len(m.terms)+len(flat))
	present := make([]bool, len(m.terms), len(m.terms)+len(flat))
	for _, b := range flat {
		i := m.term(b.Name, b.Value.Kind)
		if i < 0 {
			continue
		}
		for len(vals) <= i {
			vals = append(vals, diag.Value{})
			present = append(present, false)
		}
		vals[i], present[i] = b.Value, true
	}
	m.states++
	for i, t := range m.terms {
		if i < len(present) && present[i] {
			m.addTerm(t, vals[i])
		}
	}
	m.addPairs(vals, present)
	if m.prev != nil && s.Run == m.prev.Run && s.Step == m.prev.Step+1 && s.Action != "" {
		m.addStep(s, vals, present)
	}
	sc := s
	m.prev = &sc
	m.prevV, m.prevP = vals, present
}

func (m *Miner) addTerm(t *termStat, v diag.Value) {
	if t.bad {
		return
	}
	if v.Kind != t.kind {
		t.bad = true
		return
	}
	t.n++
	if v.Kind == diag.IntValue {
		if t.n == 1 || v.Int < t.min {
			t.min = v.Int
		}
		if t.n == 1 || v.Int > t.max {
			t.max = v.Int
		}
	}
	if v.Kind == diag.SetValue {
		if t.n == 1 {
			t.always = slices.Clone(v.Elems)
		} else {
			t.always = slices.DeleteFunc(t.always, func(e diag.Value) bool { return !containsValue(v.Elems, e) })
		}
		t.maxCnt = max(t.maxCnt, len(v.Elems))
	}
	if len(t.vals) <= maxDistinct && !containsValue(t.vals, v) {
		t.vals = append(t.vals, v)
	}
}

func (m *Miner) addPairs(vals []diag.Value, present []bool) {
	for i := range vals {
		if !present[i] || m.terms[i].bad {
			continue
		}
		x := vals[i]
		for j := i + 1; j < len(vals); j++ {
			if !present[j] || m.terms[j].bad {
				continue
			}
			y := vals[j]
			if x.Kind != y.Kind {
				continue
			}
			switch x.Kind {
			case diag.IntValue, diag.EnumValue, diag.BoolValue, diag.SetValue:
			default:
				continue
			}
			p := m.pairs[[2]int{i, j}]
			if p == nil {
				p = &pairStat{subset: true, supset: true}
				m.pairs[[2]int{i, j}] = p
			}
			p.n++
			switch x.Kind {
			case diag.IntValue:
				switch {
				case x.Int < y.Int:
					p.lt++
				case x.Int == y.Int:
					p.eq++
				default:
					p.gt++
				}
			case diag.SetValue:
				p.subset = p.subset && subsetOf(x.Elems, y.Elems)
				p.supset = p.supset && subsetOf(y.Elems, x.Elems)
				if sameValue(x, y) {
					p.eq++
				}
			default:
				if sameValue(x, y) {
					p.eq++
				}
			}
		}
		// Premises: an enum or boolean term at its value constrains the others.
		if x.Kind != diag.EnumValue && x.Kind != diag.BoolValue {
			continue
		}
		key := x.String()
		for j := range vals {
			if j == i || !present[j] || m.terms[j].bad {
				continue
			}
			y := vals[j]
			if y.Kind != diag.IntValue && y.Kind != diag.EnumValue && y.Kind != diag.BoolValue {
				continue
			}
			ck := condKey{i, key, j}
			c := m.conds[ck]
			if c == nil {
				if len(m.conds) >= maxConds {
					continue
				}
				c = &condStat{premise: x}
				m.conds[ck] = c
			}
			c.n++
			if y.Kind == diag.IntValue {
				if c.n == 1 || y.Int < c.min {
					c.min = y.Int
				}
				if c.n == 1 || y.Int > c.max {
					c.max = y.Int
				}
			}
			if len(c.vals) <= 1 && !containsValue(c.vals, y) {
				c.vals = append(c.vals, y)
			}
		}
	}
}

// maxConds bounds the (premise, term) pairs followed.
const maxConds = 1 << 14

func (m *Miner) addStep(s Sample, post []diag.Value, present []bool) {
	pre, had := m.prevV, m.prevP
	a := m.acts[s.Action]
	if a == nil {
		a = &actStat{terms: map[int]*stepStat{}}
		for _, p := range s.Args {
			if p.Value.Kind == diag.IntValue {
				a.paramNames = append(a.paramNames, p.Name)
			}
		}
		m.acts[s.Action] = a
		m.actOrd = append(m.actOrd, s.Action)
	}
	a.n++
	args := map[string]int64{}
	for _, p := range s.Args {
		if p.Value.Kind == diag.IntValue {
			args[p.Name] = p.Value.Int
		}
	}
	for i := range post {
		if !present[i] || i >= len(pre) || !had[i] {
			continue
		}
		x, y := pre[i], post[i]
		if x.Kind != y.Kind {
			continue
		}
		st := a.terms[i]
		if st == nil {
			st = &stepStat{deltaOK: true, kind: y.Kind, plus: map[string]int{}, minus: map[string]int{}}
			a.terms[i] = st
		}
		st.n++
		if sameValue(x, y) {
			st.same++
		}
		if len(st.after) <= 1 && !containsValue(st.after, y) {
			st.after = append(st.after, y)
		}
		if y.Kind == diag.IntValue {
			d := y.Int - x.Int
			if st.n == 1 || d < st.dmin {
				st.dmin = d
			}
			if st.n == 1 || d > st.dmax {
				st.dmax = d
			}
			for p, v := range args {
				if d == v {
					st.plus[p]++
				}
				if d == -v {
					st.minus[p]++
				}
			}
		}
	}
}

// Candidates lists what held, state candidates first, then each action's steps in
// order of first appearance; a candidate whose support is below MinSupport is left
// out (the count of those is in the result's Suppressed).
func (m *Miner) Candidates() (out []Candidate, suppressed int) {
	add := func(kind, act, text string, n int) {
		if n < m.opts.MinSupport {
			suppressed++
			return
		}
		out = append(out, Candidate{Kind: kind, Action: act, Text: text, Support: n, Confidence: float64(n+1) / float64(n+2)})
	}
	constant := map[int]bool{}
	for i, t := range m.terms {
		if t.bad || t.n == 0 {
			continue
		}
		oneOf := len(t.vals) <= maxDistinct && len(t.vals) > 1 && (t.kind == diag.IntValue || t.kind == diag.EnumValue)
		switch {
		case len(t.vals) == 1:
			constant[i] = true
			add("state", "", equals(t.name, t.vals[0]), t.n)
			continue
		case t.kind == diag.IntValue && !oneOf: // a one-of says more than the bounds
			add("state", "", t.name+" >= "+strconv.FormatInt(t.min, 10), t.n)
			add("state", "", t.name+" <= "+strconv.FormatInt(t.max, 10), t.n)
		case t.kind == diag.SetValue:
			for _, e := range t.always {
				add("state", "", valueText(e)+" in "+t.name, t.n)
			}
			add("state", "", "count("+t.name+") <= "+strconv.Itoa(t.maxCnt), t.n)
		}
		if oneOf {
			vs := slices.Clone(t.vals)
			sortValues(vs)
			var parts []string
			for _, v := range vs {
				parts = append(parts, valueText(v))
			}
			add("state", "", t.name+" in {"+strings.Join(parts, ", ")+"}", t.n)
		}
	}
	keys := make([][2]int, 0, len(m.pairs))
	for k := range m.pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a][0] != keys[b][0] {
			return keys[a][0] < keys[b][0]
		}
		return keys[a][1] < keys[b][1]
	})
	for _, k := range keys {
		p := m.pairs[k]
		x, y := m.terms[k[0]], m.terms[k[1]]
		if constant[k[0]] && constant[k[1]] {
			continue // follows from the two constants
		}
		switch x.kind {
		case diag.IntValue:
			switch {
			case p.eq == p.n:
				add("state", "", x.name+" == "+y.name, p.n)
			case p.lt == p.n:
				add("state", "", x.name+" < "+y.name, p.n)
			case p.gt == p.n:
				add("state", "", x.name+" > "+y.name, p.n)
			case p.lt+p.eq == p.n:
				add("state", "", x.name+" <= "+y.name, p.n)
			case p.gt+p.eq == p.n:
				add("state", "", x.name+" >= "+y.name, p.n)
			}
		case diag.SetValue:
			switch {
			case p.eq == p.n:
				add("state", "", x.name+" == "+y.name, p.n)
			case p.subset:
				add("state", "", x.name+" subset "+y.name, p.n)
			case p.supset:
				add("state", "", y.name+" subset "+x.name, p.n)
			}
		default:
			if p.eq == p.n && !constant[k[0]] && !constant[k[1]] {
				add("state", "", x.name+" == "+y.name, p.n)
			}
		}
	}
	m.implications(add, constant)
	for _, name := range m.actOrd {
		a := m.acts[name]
		idx := make([]int, 0, len(a.terms))
		for i := range a.terms {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			st := a.terms[i]
			t := m.terms[i]
			if t.bad || constant[i] {
				continue // a constant stays the same: nothing to say per step
			}
			x := t.name
			switch {
			case st.same == st.n:
				add("step", name, x+"' == "+x, st.n)
				continue
			case len(st.after) == 1 && (st.kind == diag.EnumValue || st.kind == diag.BoolValue || st.kind == diag.IntValue):
				add("step", name, equals(x+"'", st.after[0]), st.n)
				continue
			}
			if st.kind != diag.IntValue {
				continue
			}
			found := false
			for _, p := range a.paramNames {
				if st.plus[p] == st.n {
					add("step", name, x+"' == "+x+" + "+p, st.n)
					found = true
				} else if st.minus[p] == st.n {
					add("step", name, x+"' == "+x+" - "+p, st.n)
					found = true
				}
			}
			if found {
				continue
			}
			switch {
			case st.dmin == st.dmax:
				add("step", name, fmt.Sprintf("%s' == %s + %d", x, x, st.dmin), st.n)
			case st.dmin >= 0:
				add("step", name, x+"' >= "+x, st.n)
			case st.dmax <= 0:
				add("step", name, x+"' <= "+x, st.n)
			}
		}
	}
	return out, suppressed
}

// implications: for a premise `e == M` (or a boolean), each other term that is
// constant, or bounded more tightly than overall, in the states where it holds.
func (m *Miner) implications(add func(kind, act, text string, n int), constant map[int]bool) {
	keys := make([]condKey, 0, len(m.conds))
	for k := range m.conds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		x, y := keys[a], keys[b]
		if x.cond != y.cond {
			return x.cond < y.cond
		}
		if x.value != y.value {
			return x.value < y.value
		}
		return x.other < y.other
	})
	for _, k := range keys {
		c := m.conds[k]
		prem, other := m.terms[k.cond], m.terms[k.other]
		if prem.bad || other.bad || constant[k.cond] || constant[k.other] || c.n == prem.n {
			continue // a premise that always holds says nothing beyond the plain candidate
		}
		var premise string
		switch c.premise.Kind {
		case diag.BoolValue:
			premise = prem.name
			if !c.premise.Bool {
				premise = "not " + prem.name
			}
		default:
			premise = prem.name + " == " + valueText(c.premise)
		}
		switch {
		case len(c.vals) == 1:
			add("state", "", premise+" implies "+equals(other.name, c.vals[0]), c.n)
		case other.kind == diag.IntValue:
			if c.min > other.min {
				add("state", "", premise+" implies "+other.name+" >= "+strconv.FormatInt(c.min, 10), c.n)
			}
			if c.max < other.max {
				add("state", "", premise+" implies "+other.name+" <= "+strconv.FormatInt(c.max, 10), c.n)
			}
		}
	}
}

// States is the number of samples read.
func (m *Miner) States() int { return m.states }

// equals writes `name == v`, or for a boolean `name` / `not name`.
func equals(name string, v diag.Value) string {
	if v.Kind == diag.BoolValue {
		if v.Bool {
			return name
		}
		return "not " + name
	}
	return name + " == " + valueText(v)
}

func valueText(v diag.Value) string {
	switch v.Kind {
	case diag.SetValue:
		parts := make([]string, len(v.Elems))
		for i, e := range v.Elems {
			parts[i] = valueText(e)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.String()
}

func sameValue(a, b diag.Value) bool { return a.String() == b.String() && a.Kind == b.Kind }

func containsValue(vs []diag.Value, v diag.Value) bool {
	return slices.ContainsFunc(vs, func(x diag.Value) bool { return sameValue(x, v) })
}

func subsetOf(a, b []diag.Value) bool {
	for _, e := range a {
		if !containsValue(b, e) {
			return false
		}
	}
	return true
}

func sortValues(vs []diag.Value) {
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Kind == diag.IntValue && vs[j].Kind == diag.IntValue {
			return vs[i].Int < vs[j].Int
		}
		return vs[i].String() < vs[j].String()
	})
}
