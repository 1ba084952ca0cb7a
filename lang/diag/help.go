package diag

import "strings"

// ReferenceURL is where the language reference lives; each code has a section there.
const ReferenceURL = "https://github.com/specls/specls/blob/main/docs/reference.md"

// Help is the long explanation of a code, as `specls help CODE` prints it and SARIF
// rules carry it: what the finding means, a spec that triggers it, and how to fix it.
// The examples are checked by a test (cmd/specls) to produce their code.
type Help struct {
	Code        Code
	Explanation string
	Example     string // a whole spec that gets this finding
	Fix         string
}

// HelpURI is the address of the reference's section on code.
func HelpURI(c Code) string { return ReferenceURL + "#code-" + string(c) }

// HelpFor returns the help of a code; ok is false for an unknown code.
func HelpFor(c Code) (Help, bool) {
	for _, h := range helps {
		if h.Code == c {
			return h, true
		}
	}
	return Help{}, false
}

// Text is the help as plain text: explanation, example (indented), fix.
func (h Help) Text() string {
	var b strings.Builder
	b.WriteString(wrap(h.Explanation) + "\n\nExample:\n\n")
	for _, line := range strings.Split(strings.TrimRight(h.Example, "\n"), "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + line + "\n")
	}
	b.WriteString("\n" + wrap("How to fix it: "+h.Fix) + "\n")
	return b.String()
}

// wrap breaks a paragraph into lines of at most 80 characters, at spaces.
func wrap(s string) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && n+1+len(word) > 80 {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// Markdown is the help as Markdown, the example in a specl code block.
func (h Help) Markdown() string {
	return h.Explanation + "\n\nExample:\n\n```specl\n" + strings.TrimRight(h.Example, "\n") +
		"\n```\n\nHow to fix it: " + h.Fix + "\n\nSee [the reference](" + HelpURI(h.Code) + ").\n"
}

var helps = []Help{
	{Syntax,
		"The text does not parse. specls reports every syntax error in the file and still checks the declarations that do parse: a broken declaration, action clause or example step costs only itself. Common mistakes from other languages get the fix in the message (`=` for `==`, `&&` for `and`, `=>` for `implies`); a clause that ends too early is reported at its last token.",
		"spec Door\nvar open: bool\nvar locked: bool\nfact F: locked && open == false\n",
		"write the operator the message names (here `and`); Specl spells its boolean operators as words: `and`, `or`, `not`, `implies`, `iff`."},
	{Name,
		"A name is unknown, declared twice, ambiguous (an enum member shared by two enums, used unqualified), or a pred or fun calls itself (directly or through others). Names are visible in the whole file, whatever the order of declarations; a parameter or bound variable may not reuse a top-level name.",
		"spec Door\nvar locked: bool\nfact F: not lockd\n",
		"correct the spelling (the message suggests a close name), rename one of two clashing declarations, write `Enum.Member` for a shared member, or unfold the recursion."},
	{Type,
		"An expression has the wrong type: operands of `==` of different types, an integer where a bool is needed, a constant outside its type, an empty range, a prime where none may stand, or a fun whose body can leave its result type (with the values that show it).",
		"spec Door\nenum Status { Open, Closed }\nvar status: Status\nfact F: status == 2\n",
		"compare values of one type (here `status == Open`); widen a range, or constrain a fun's arguments so that its result stays inside its type."},
	{Contradiction,
		"The facts admit no state at all, or no state satisfies the facts and the `initially` clauses. Nothing else that depends on them is checked (every property is then `unknown`). The finding is reported on each clause of a minimal conflicting set: drop any one of them and the rest agree.",
		"spec Door\nvar open: bool\nvar locked: bool\nfact LockedShut: locked implies not open\nfact AlwaysLocked: locked\nfact AlwaysOpen: open\n",
		"decide which clause of the set is wrong and weaken or remove it; the related locations list the whole set."},
	{DeadAction,
		"The action can take a step from no valid state: its requires and ensures conflict with each other or with the facts (on the state before or after). The related locations name a minimal conflicting set of clauses.",
		"spec Counter\nvar n: 0..3\ninitially n == 0\naction Reset {\n  requires n > 2\n  ensures n' == 0\n  ensures n' == 1\n}\n",
		"remove or correct one of the conflicting clauses (here one of the two ensures)."},
	{BlockedAction,
		"From some reachable state the action's requires hold, yet no next state satisfies its ensures together with the facts and the types: the precondition is too weak. The counterexample is the run to that state, the attempted step with its arguments and the clauses involved.",
		"spec Counter\nvar n: 0..3\ninitially n == 0\naction Inc {\n  ensures n' == n + 1\n}\n",
		"add the missing requires (here `requires n < 3`), or widen the type or relax the ensures so that a next state exists."},
	{Vacuous,
		"A clause says nothing: (a) an implication whose premise, or a quantifier whose range, never holds where the clause is judged; (b) a property that holds, but would still hold with one of its atoms replaced by false (or true), so that atom never mattered; (c) a clause that is true by the types alone.",
		"spec Door\nvar open: bool\nvar locked: bool\nfact Shut: not open\nassert LockedWhenOpen: open implies locked\n",
		"check whether the clause says what you meant: a premise that never holds usually means a fact or a guard is stronger than intended; a tautology can be removed."},
	{Unreachable,
		"A `cases` arm or `if` branch that is never taken where it is evaluated (an earlier arm always wins, or its guard never holds), or an action that is enabled in some valid state but in no reachable one.",
		"spec Fees\nvar amount: 0..1000\nfun Fee(a: 0..1000): 0..5 = cases {\n  a > 100 => 2\n  a > 500 => 5\n  else => 0\n}\nfact F: Fee(amount) <= 5\n",
		"reorder the arms (the more specific guard first: `a > 500` before `a > 100`), or remove the dead arm; for an action, check the initial states and the steps that should lead to it."},
	{Redundant,
		"A fact follows from the other facts, or a requires from the facts and the action's other requires. It is a hint: the spec is still right, but the clause adds nothing.",
		"spec Door\nvar open: bool\nvar locked: bool\nfact Shut: not open\nfact NotOpenWhenLocked: locked implies not open\n",
		"remove the clause, or keep it as documentation and silence the hint with `// specls:ignore redundant`."},
	{Unknown,
		"A question was not answered: the solver budget ran out, the check was cancelled, an encoding limit was hit, or the question depends on a clause that does not type-check. The message says which question and why. It is never a pass: `--strict` fails on it.",
		"spec Big\nvar a: 0..1000000\nvar b: 0..1000000\noption budget = 1\nassert Square: a * a != b * b + 7\n",
		"raise the budget (`option budget = N` or `--budget N`), shrink the types, or fix the broken clause the message names."},
	{NonExhaustive,
		"A `cases` without `else` has a situation where no arm matches; its value there is an unknown value of its type. The counterexample shows the values where no arm applies.",
		"spec Fees\nvar amount: 0..1000\nvar fee: 0..5\nfact F: fee == cases {\n  amount > 500 => 5\n  amount > 100 => 2\n}\n",
		"add the missing arm or an `else` arm (here `else => 0`)."},
	{InvariantViolated,
		"An invariant fails in a reachable state (or, in a spec without actions, in some model of the facts). The counterexample is a shortest run that breaks it.",
		"spec Counter\nvar n: 0..3\ninitially n == 0\naction Inc {\n  requires n < 3\n  ensures n' == n + 1\n}\ninvariant Small: n <= 1\n",
		"read the run: either a requires is missing (the action should not be enabled there) or the invariant claims too much."},
	{AssertViolated,
		"An assert does not follow from the spec: a model of the facts (static spec), a reachable state, or a step (an assert with primes) breaks it.",
		"spec Access\nenum Role { Admin, Guest }\nvar canWrite: Role -> bool\nfact AdminWrites: canWrite[Admin]\nassert NobodyWrites: all r in Role: not canWrite[r]\n",
		"strengthen the facts or the actions, or weaken the assert, depending on which one the counterexample shows to be wrong."},
	{ExampleFailed,
		"An example's run is impossible (a `do` step cannot be taken: the message names the clauses that stop it) or an `expect` fails after the steps so far. An example stops at its first failure.",
		"spec Counter\nvar n: 0..3\ninitially n == 0\naction Inc {\n  requires n < 3\n  ensures n' == n + 1\n}\nexample TwoSteps {\n  do Inc\n  do Inc\n  expect n == 3\n}\n",
		"fix the spec if the example shows intended behaviour, or the example if it expects the wrong thing (here `expect n == 2`)."},
	{NonexampleAdmitted,
		"A nonexample's run is possible, so the spec allows something it should forbid. The counterexample is that run.",
		"spec Counter\nvar n: 0..3\ninitially n == 0\naction Inc {\n  requires n < 3\n  ensures n' == n + 1\n}\nnonexample TwoIncs {\n  do Inc\n  do Inc\n}\n",
		"add the requires or fact that rules the run out, or remove the nonexample if the run is in fact fine."},
}
