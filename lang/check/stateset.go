package check

import "github.com/specls/specls/lang/logic"

// stateSets holds sets of states as a decision diagram kept in Go: a node is a test
// of one bit of the state (bits in a fixed order, every path tests every bit), with
// the sub-sets where the bit is 0 and 1; equal nodes are one node, and a set is never
// changed (adding a state makes new nodes along one path), so the set of the states
// found by each level of a breadth-first search stays available. A set becomes a
// circuit ("the bits spell one of its states") in any builder, one gate per node, so
// a question over "s is a reachable state" is one state constrained by a circuit
// whose size is that of the diagram (small for structured spaces), not one unrolling
// to the diameter.
type stateSets struct {
	nbits  int
	nodes  []setNode // 0: the empty set, 1: the set of the empty suffix
	unique map[setNode]int32
}

type setNode struct {
	bit    int32
	lo, hi int32 // the sub-sets where the bit is 0, 1
}

const (
	emptySet int32 = 0
	fullSet  int32 = 1 // below the last bit: the one (empty) suffix
)

func newStateSets(nbits int) *stateSets {
	return &stateSets{nbits: nbits, nodes: make([]setNode, 2), unique: map[setNode]int32{}}
}

func (d *stateSets) mk(bit int, lo, hi int32) int32 {
	n := setNode{int32(bit), lo, hi}
	if id, ok := d.unique[n]; ok {
		return id
	}
	id := int32(len(d.nodes))
	d.nodes = append(d.nodes, n)
	d.unique[n] = id
	return id
}

// add returns the set u with the state s (one bool per bit) added.
func (d *stateSets) add(u int32, s []bool) int32 { return d.addFrom(u, s, 0) }

func (d *stateSets) addFrom(u int32, s []bool, bit int) int32 {
	if bit == d.nbits {
		return fullSet
	}
	lo, hi := emptySet, emptySet
	if u != emptySet {
		lo, hi = d.nodes[u].lo, d.nodes[u].hi
	}
	if s[bit] {
		hi = d.addFrom(hi, s, bit+1)
	} else {
		lo = d.addFrom(lo, s, bit+1)
	}
	return d.mk(bit, lo, hi)
}

// size is the number of nodes made so far (every set shares them).
func (d *stateSets) size() int { return len(d.nodes) }

// circuit builds, in one builder, the literal "the bits ls spell a state of a set";
// memo keeps the literal of each node built already, so the sets of successive
// levels share their gates.
type setCircuit struct {
	d    *stateSets
	b    *logic.Builder
	ls   []logic.Lit
	memo map[int32]logic.Lit
}

func (d *stateSets) circuit(b *logic.Builder, ls []logic.Lit) *setCircuit {
	return &setCircuit{d: d, b: b, ls: ls, memo: map[int32]logic.Lit{emptySet: logic.False, fullSet: logic.True}}
}

func (sc *setCircuit) lit(u int32) logic.Lit {
	if l, ok := sc.memo[u]; ok {
		return l
	}
	n := sc.d.nodes[u]
	lo, hi := sc.lit(n.lo), sc.lit(n.hi)
	l := sc.b.Ite(sc.ls[n.bit], hi, lo)
	sc.memo[u] = l
	return l
}

// live is the number of nodes of set u.
func (d *stateSets) live(u int32) int {
	seen := map[int32]bool{}
	var walk func(u int32)
	walk = func(u int32) {
		if u <= fullSet || seen[u] {
			return
		}
		seen[u] = true
		walk(d.nodes[u].lo)
		walk(d.nodes[u].hi)
	}
	walk(u)
	return len(seen)
}

// compact drops the nodes no set of roots uses (every add leaves the old path
// behind): it returns the roots renumbered. Circuits built before are invalid after.
func (d *stateSets) compact(roots []int32) []int32 {
	nodes := make([]setNode, 2, len(d.nodes)/2+2)
	unique := map[setNode]int32{}
	moved := map[int32]int32{emptySet: emptySet, fullSet: fullSet}
	var copyNode func(u int32) int32
	copyNode = func(u int32) int32 {
		if v, ok := moved[u]; ok {
			return v
		}
		n := d.nodes[u]
		m := setNode{n.bit, copyNode(n.lo), copyNode(n.hi)}
		v := int32(len(nodes))
		nodes = append(nodes, m)
		unique[m] = v
		moved[u] = v
		return v
	}
	out := make([]int32, len(roots))
	for i, r := range roots {
		out[i] = copyNode(r)
	}
	d.nodes, d.unique = nodes, unique
	return out
}
