package mutate

import (
	"strings"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/diff"
)

// killName names a synthesised block until the mutant's number is known.
const killName = "KillsMutant"

// blocks writes a difference (a model, initial state or run that one spec admits and
// the other rejects) as candidate blocks, most direct first; the caller keeps the
// first that passes on the original and fails on the mutant.
func blocks(d diff.Difference) []string {
	cx := d.Example
	if cx == nil || len(cx.States) == 0 {
		return nil
	}
	if d.Kind == "step" {
		return nil // from a state not known to be reachable: no run shows it
	}
	givens, ok := equalities(cx.States[0])
	if !ok {
		return nil
	}
	var steps []string
	for _, label := range cx.Steps {
		s, ok := doStep(label)
		if !ok {
			return nil
		}
		steps = append(steps, s)
	}
	originalAdmits := d.AdmittedBy != "mutant"
	var lines []string
	for _, g := range givens {
		lines = append(lines, "given "+g)
	}
	lines = append(lines, steps...)
	last, ok := equalities(cx.States[len(cx.States)-1])
	if !ok {
		return nil
	}
	lastState := strings.Join(last, " and ")
	var out []string
	if originalAdmits {
		// The original can take the run; the mutant cannot (or not to this end).
		out = append(out, block("example", lines))
		if len(steps) > 0 {
			out = append(out, block("example", append(lines, "expect "+lastState)))
			// Every state along the way, for a nondeterministic original.
			var each []string
			for _, g := range givens {
				each = append(each, "given "+g)
			}
			for i, s := range steps {
				each = append(each, s)
				eq, ok := equalities(cx.States[i+1])
				if !ok {
					return out
				}
				each = append(each, "expect "+strings.Join(eq, " and "))
			}
			out = append(out, block("example", each))
		}
		return out
	}
	// The mutant admits it; the original rejects it.
	out = append(out, block("nonexample", lines))
	if len(steps) > 0 {
		out = append(out, block("example", append(lines, "expect not ("+lastState+")")))
	}
	return out
}

func block(kind string, lines []string) string {
	var b strings.Builder
	b.WriteString(kind + " " + killName + " {\n")
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("}")
	return b.String()
}

// equalities writes a state as Specl equalities: `balance == 0`; a map entry by entry
// (`grants[Admin] == {Read}`), since Specl has no map literal.
func equalities(s diag.State) ([]string, bool) {
	var out []string
	var add func(name string, v diag.Value) bool
	add = func(name string, v diag.Value) bool {
		if v.Kind == diag.MapValue {
			for _, e := range v.Entries {
				if !add(name+"["+e.Name+"]", e.Value) {
					return false
				}
			}
			return true
		}
		text, ok := v.Literal()
		if !ok {
			return false
		}
		out = append(out, name+" == "+text)
		return true
	}
	for _, b := range s {
		if !add(b.Name, b.Value) {
			return nil, false
		}
	}
	return out, true
}

// doStep turns a step label, "Withdraw(amount: 1, to: {A, B})", into a do step,
// "do Withdraw(1, {A, B})". A map argument (no literal) becomes `_`.
func doStep(label string) (string, bool) {
	open := strings.IndexByte(label, '(')
	if open < 0 {
		return "do " + label, true
	}
	if !strings.HasSuffix(label, ")") {
		return "", false
	}
	var args []string
	for _, part := range splitTop(label[open+1 : len(label)-1]) {
		_, val, ok := strings.Cut(part, ": ")
		if !ok {
			return "", false
		}
		if strings.HasPrefix(val, "[") {
			val = "_"
		}
		args = append(args, val)
	}
	return "do " + label[:open] + "(" + strings.Join(args, ", ") + ")", true
}

// splitTop splits at the ", " that are outside brackets.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
