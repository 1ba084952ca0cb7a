package diag

import (
	"encoding/json"
	"testing"
)

// TestCounterexampleJSON: the shape of the language reference — states as objects
// keyed by variable, sets as arrays, maps and records as objects keyed by the key's
// or field's text, steps as strings, bindings only when there are some.
func TestCounterexampleJSON(t *testing.T) {
	cx := &Counterexample{
		States: []State{
			{{"balance", Int(0)}, {"status", Enum("Open")}},
			{{"grants", Map(Binding{"Admin", Set(Enum("Read"), Enum("Write"))}, Binding{"Guest", Set()})},
				{"cfg", Record(Binding{"on", Bool(true)}, Binding{"n", Int(-2)})}},
		},
		Steps:    []string{"Deposit(amount: 1)"},
		Bindings: []Binding{{"amount", Int(1)}},
	}
	js, err := json.Marshal(cx)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"states":[{"balance":0,"status":"Open"},{"grants":{"Admin":["Read","Write"],"Guest":[]},"cfg":{"on":true,"n":-2}}],"steps":["Deposit(amount: 1)"],"bindings":{"amount":1}}`
	if string(js) != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
	static, _ := json.Marshal(&Counterexample{States: []State{{{"x", Int(3)}}}})
	if string(static) != `{"states":[{"x":3}],"steps":[]}` {
		t.Errorf("static: %s", static)
	}
	blocked, _ := json.Marshal(&Counterexample{States: []State{{{"x", Int(3)}}}, Attempted: "Inc", Reads: []string{"x"}})
	if string(blocked) != `{"states":[{"x":3}],"steps":[],"attempted":"Inc"}` {
		t.Errorf("blocked: %s", blocked)
	}
	if got := cx.Short(); got != "amount = 1; s0: balance = 0, status = Open; Deposit(amount: 1) → s1: grants = [Admin -> {Read, Write}, Guest -> {}], cfg = {on: true, n: -2}" {
		t.Errorf("Short: %s", got)
	}
}
