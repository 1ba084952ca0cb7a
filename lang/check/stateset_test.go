package check

import (
	"math/rand"
	"testing"
)

// TestStateSets: sets built state by state hold exactly the states added, each level's
// set stays as it was when later states are added, and compaction keeps them all.
func TestStateSets(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	const nbits = 12
	d := newStateSets(nbits)
	rs := &reachSet{sets: d}
	var added [][]bool
	level := map[string]int{}
	key := func(s []bool) string {
		b := make([]byte, len(s))
		for i, x := range s {
			b[i] = '0'
			if x {
				b[i] = '1'
			}
		}
		return string(b)
	}
	u := emptySet
	for l := range 6 {
		for range 40 {
			s := make([]bool, nbits)
			for i := range s {
				s[i] = r.Intn(2) == 0
			}
			if _, ok := level[key(s)]; !ok {
				level[key(s)] = l
				added = append(added, s)
			}
			u = d.add(u, s)
		}
		rs.roots = append(rs.roots, u)
	}
	check := func(when string) {
		for _, s := range added {
			if got := rs.levelOf(s); got != level[key(s)] {
				t.Fatalf("%s: level of %s: got %d, want %d", when, key(s), got, level[key(s)])
			}
		}
		for range 200 {
			s := make([]bool, nbits)
			for i := range s {
				s[i] = r.Intn(2) == 0
			}
			if _, ok := level[key(s)]; !ok && rs.levelOf(s) != -1 {
				t.Fatalf("%s: %s was never added but is found", when, key(s))
			}
		}
	}
	check("built")
	before := d.size()
	rs.roots = d.compact(rs.roots)
	if d.size() >= before {
		t.Errorf("compaction kept %d of %d nodes", d.size(), before)
	}
	check("compacted")
}
