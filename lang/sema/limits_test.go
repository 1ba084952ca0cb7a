package sema

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"

	"github.com/specls/specls/lang/types"
)

// allocated is the bytes the Go heap has handed out so far (runtime/metrics).
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestTypeLimits: a declared type too large to encode is one `type` finding at its
// declaration, with its size and the limit, found from the type alone (the checker
// allocates next to nothing for it), and Invalid, so that nothing downstream builds
// it and the clauses that read it are broken.
func TestTypeLimits(t *testing.T) {
	arrows := "bool" + strings.Repeat(" -> bool", 26)
	var rec strings.Builder
	rec.WriteString("type R = {")
	for i := range 40 {
		if i > 0 {
			rec.WriteString(", ")
		}
		fmt.Fprintf(&rec, "f%d: 0..65535 -> 0..65535", i)
	}
	rec.WriteString("}\nvar r: R\nfact F: r.f0[0] == 0\n")
	var vars, small strings.Builder
	var wantVars, wantSmall []string
	for i := range 40 {
		fmt.Fprintf(&vars, "var v%d: 0..65535 -> 0..65535\n", i)
		wantVars = append(wantVars, fmt.Sprintf("%d:%d type", i+1, len(fmt.Sprintf("var v%d: ", i))+1))
		// 4096 bits each: 16 fill a state of 65536 bits, the rest are over.
		fmt.Fprintf(&small, "var s%d: set of 0..4095\n", i)
		if i >= types.MaxStateBits/4096 {
			wantSmall = append(wantSmall, fmt.Sprintf("%d:%d type", i+1, len(fmt.Sprintf("var s%d: ", i))+1))
		}
	}
	for _, tc := range []struct {
		name, src string
		want      []string
		message   string // the first finding's message
	}{
		{"26 arrows", "var x: " + arrows + "\nfact F: x[true][false] == x[false][true]", []string{"1:8 type"},
			"bool -> bool -> bool -> bool -> bool ->… is too large to encode: one value takes 67108864 bits, over the limit of 4096 bits for a declared type"},
		{"record of 40 big maps", rec.String(), []string{"1:10 type"},
			"is too large to encode: one value takes 41943040 bits, over the limit of 4096 bits for a declared type"},
		{"40 big vars", vars.String(), wantVars,
			"0..65535 -> 0..65535 is too large to encode: one value takes 1048576 bits, over the limit of 4096 bits for a declared type"},
		{"a state too large", small.String(), wantSmall,
			"the state is too large to encode: with s16 (4096 bits) the variables take 69632 bits, over the limit of 65536 bits for a state"},
		{"at the limit", "var x: 0..4095 -> bool\naction A(m: set of 0..4095) { requires m == {} }", nil, ""},
		{"param", "action A(m: 0..4096 -> bool) { requires m[0] }", []string{"1:13 type"},
			"0..4096 -> bool is too large to encode: one value takes 4097 bits, over the limit of 4096 bits for a declared type"},
		{"fun result", "fun F: set of 0..4096 = {}", []string{"1:8 type"},
			"set of 0..4096 is too large to encode: one value takes 4097 bits, over the limit of 4096 bits for a declared type"},
		{"alias flagged once", "type B = set of 0..9999\nvar x: B\nvar y: B", []string{"1:10 type"},
			"set of 0..9999 is too large to encode: one value takes 10000 bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			runtime.GC()
			before := allocated()
			info := Check(f)
			used := allocated() - before
			if got := findings(tc.src, info.Findings); !slices.Equal(got, tc.want) {
				t.Fatalf("want %v, got %v%s", tc.want, got, dump(tc.src, info.Findings))
			}
			if len(tc.want) == 0 {
				return
			}
			if m := info.Findings[0].Message; !strings.Contains(m, tc.message) {
				t.Errorf("message %q, want it to contain %q", m, tc.message)
			}
			// The judgement is made on the type's text: bounded by a small multiple
			// of the text, whatever the size of the type's values.
			if limit := uint64(1<<20 + 2000*len(tc.src)); used > limit {
				t.Errorf("checking allocated %d bytes, over %d", used, limit)
			}
			for _, s := range info.Defs {
				if !types.IsInvalid(s.Type) && types.Bits(s.Type) > types.MaxBits {
					t.Errorf("var %s keeps its too-large type %s", s.Name, s.Type)
				}
			}
		})
	}
}
