package trace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/types"
)

var (
	status = &types.Enum{Name: "Status", Members: []string{"Open", "Closed"}}
	role   = &types.Enum{Name: "Role", Members: []string{"Admin", "Guest"}}
	schema = &Schema{
		Vars: []Var{
			{"balance", &types.Range{Lo: 0, Hi: 1000}},
			{"status", status},
			{"grants", &types.Map{Key: role, Value: &types.Set{Elem: status}}},
			{"acct", &types.Record{Fields: []types.Field{{Name: "id", Type: &types.Range{Lo: 0, Hi: 3}}, {Name: "ok", Type: types.Bool}}}},
		},
		Actions: map[string][]Var{"Deposit": {{"amount", &types.Range{Lo: 1, Hi: 500}}}, "Close": nil},
	}
)

func TestRoundTrip(t *testing.T) {
	recs := []Record{
		{Run: "r1", Step: 0, State: []diag.Binding{
			{Name: "balance", Value: diag.Int(0)},
			{Name: "status", Value: diag.Enum("Open")},
			{Name: "grants", Value: diag.Map(diag.Binding{Name: "Admin", Value: diag.Set(diag.Enum("Open"))}, diag.Binding{Name: "Guest", Value: diag.Set()})},
			{Name: "acct", Value: diag.Record(diag.Binding{Name: "id", Value: diag.Int(2)}, diag.Binding{Name: "ok", Value: diag.Bool(true)})},
		}},
		{Run: "r1", Step: 1, Action: "Deposit", HasArgs: true, Args: []diag.Binding{{Name: "amount", Value: diag.Int(50)}},
			State: []diag.Binding{{Name: "balance", Value: diag.Int(50)}}},
		{Run: "r1", Step: 2, Action: "Close", HasArgs: true, State: []diag.Binding{}},
		{Run: "r 2", Step: 0, State: []diag.Binding{}},
		{Run: "r 2", Step: 1, Action: "Deposit", State: []diag.Binding{}},
	}
	var buf bytes.Buffer
	for _, r := range recs {
		if err := Write(&buf, r); err != nil {
			t.Fatal(err)
		}
	}
	want := `{"run":"r1","step":0,"state":{"balance":0,"status":"Open","grants":{"Admin":["Open"],"Guest":[]},"acct":{"id":2,"ok":true}}}
{"run":"r1","step":1,"action":"Deposit","args":{"amount":50},"state":{"balance":50}}
{"run":"r1","step":2,"action":"Close","args":{},"state":{}}
{"run":"r 2","step":0,"state":{}}
{"run":"r 2","step":1,"action":"Deposit","state":{}}
`
	if buf.String() != want {
		t.Fatalf("written:\n%s\nwant:\n%s", buf.String(), want)
	}
	rd := NewReader(&buf, "t.jsonl", schema)
	for i, w := range recs {
		got, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		w.Line = i + 1
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("line %d:\n got %v\nwant %v", i+1, got, w)
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
}

func TestBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"run":"r1","step":0,"state":{"balance":0},"note":"x","extra":1}`,
		`not json`,
		`{"run":"r1","step":0,"state":{"balanse":0}}`,
		`{"run":"r1","step":1,"action":"Withdraw","state":{}}`,
		`{"run":"r1","step":1,"action":"Deposit","args":{},"state":{}}`,
		`{"run":"r1","step":0,"action":"Deposit","state":{}}`,
		`{"run":"r1","step":-1,"state":{}}`,
		`{"run":"r1","state":{}}`,
		`{"run":"r1","step":0,"state":{"balance":"zero"}}`,
		`{"run":"r1","step":0,"state":{"grants":{"Admin":"Open"}}}`,
		`{"run":"r1","step":0,"state":{"acct":{"idd":1}}}`,
		``,
		`{"run":"r1","step":0,"state":{"balance":2000,"status":"Shut"}}`,
	}, "\n")
	rd := NewReader(strings.NewReader(in), "t.jsonl", schema)
	var got []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		var le *LineError
		if errors.As(err, &le) {
			got = append(got, err.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("line %d ok: %v", rec.Line, rec.State))
	}
	want := []string{
		`t.jsonl:1: unknown field "extra", "note" (a line has run, step, action, args and state)`,
		`t.jsonl:2: not a JSON object: invalid character 'o' in literal null (expecting 'u') (at byte 2)`,
		`t.jsonl:3: state: the spec has no variable "balanse"`,
		`t.jsonl:4: action: the spec has no action "Withdraw"`,
		`t.jsonl:5: args: missing amount`,
		`t.jsonl:6: step 0 is an initial state: it has no action or args`,
		`t.jsonl:7: step: want an integer from 0`,
		`t.jsonl:8: missing field "step"`,
		`t.jsonl:9: state: balance: want an integer, got "zero"`,
		`t.jsonl:10: state: grants: [Admin]: want an array (a set), got "Open"`,
		`t.jsonl:11: state: acct: the record has no field "idd"`,
		// Out of its type, but of the right shape: the replay judges it against the spec.
		`line 13 ok: [{balance 2000} {status Shut}]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStreaming reads a million states through a reader that makes them as it goes:
// the reader keeps one line at a time.
func TestStreaming(t *testing.T) {
	n := 1_000_000
	if raceEnabled {
		n = 100_000
	}
	pr, pw := io.Pipe()
	go func() {
		for i := range n {
			fmt.Fprintf(pw, `{"run":"r%d","step":0,"state":{"balance":%d}}`+"\n", i/100, i%1000)
		}
		pw.Close()
	}()
	rd := NewReader(pr, "big.jsonl", schema)
	count := 0
	var ms runtime.MemStats
	for {
		if count%100_000 == 0 {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > 64<<20 {
				t.Fatalf("after %d records the heap holds %d bytes", count, ms.HeapInuse)
			}
		}
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != n {
		t.Fatalf("read %d records", count)
	}
}
