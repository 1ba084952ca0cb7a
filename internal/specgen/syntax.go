package specgen

import (
	"fmt"
	"strings"
)

// Syntax generates a spec of at least n bytes that uses every kind of declaration and
// most expression forms (quantifiers, cases, set comprehensions, records, `with`,
// calls, doc and line comments), over 20 variables, for measuring the front end
// (parser, resolver, formatter) per input byte. It parses without errors; it is not
// meant to be solved.
func Syntax(n int) string {
	var b strings.Builder
	b.WriteString("spec Big\n\nenum Role { Admin, Dev, Guest }\ntype Pair = { a: 0..15, b: bool }\nconst N: 0..100 = 7\noption depth = 4\n\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "var v%d: 0..15\nvar s%d: set of Role\nvar m%d: Role -> Pair\n", i, i, i)
	}
	for i := 0; b.Len() < n; i++ {
		v, w := i%20, (i+1)%20
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "/// F%d bounds v%d.\nfact F%d: v%d <= %d or v%d == 0 // why\n", i, v, i, v, i%15, w)
		case 1:
			fmt.Fprintf(&b, "invariant I%d: all r in Role: r in s%d implies m%d[r].a + 1 > 0\n", i, v, v)
		case 2:
			fmt.Fprintf(&b, "action A%d(r: Role) {\n  requires v%d < 15 and r not in s%d\n  ensures v%d' == v%d + 1\n  ensures s%d' == s%d union {r}\n  ensures m%d' == m%d with [r] = {a: 0, b: true}\n}\n", i, v, v, v, v, v, v, v, v)
		case 3:
			fmt.Fprintf(&b, "pred P%d(x: 0..15): x > %d and (x < 10 or x == 15)\n", i, i%10)
		case 4:
			fmt.Fprintf(&b, "assert S%d: v%d == (cases { v%d > 3 => v%d, else => 0 }) or P%d(v%d)\n", i, v, v, v, i-1, w)
		case 5:
			fmt.Fprintf(&b, "fun G%d(x: 0..15): 0..16 = if x < N then x + 1 else x\n", i)
		case 6:
			fmt.Fprintf(&b, "/* block */ initially I%d: count({r in Role where m%d[r].b}) <= 2 and no r in Role: r in s%d\n", i, v, v)
		default:
			fmt.Fprintf(&b, "example E%d {\n  given v%d == 0 and s%d == {}\n  do A%d(Admin)\n  expect v%d == 1\n}\n", i, v, v, i-5, v)
		}
	}
	return b.String()
}
