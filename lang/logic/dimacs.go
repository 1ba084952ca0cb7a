package logic

import (
	"bufio"
	"fmt"
	"io"

	"github.com/go-air/gini/z"
)

// WriteDIMACS writes the problem a Solve with these assumptions decides, in DIMACS
// CNF: every clause given to the solver so far (the cones of asserted and assumed
// literals, and the assertions) and each assumption as a unit clause. It is our own
// CNF, not gini's simplified database, so an external solver can judge exactly our
// question. Variable 1 is the constant true.
func (b *Builder) WriteDIMACS(w io.Writer, assumptions []Lit) error {
	b.translate(assumptions...)
	maxVar := z.Var(1)
	for _, m := range b.cnf {
		maxVar = max(maxVar, m.Var())
	}
	for _, a := range assumptions {
		maxVar = max(maxVar, z.Lit(a).Var())
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "p cnf %d %d\n", maxVar, b.ncls+len(assumptions))
	for _, m := range b.cnf {
		if m == z.LitNull {
			bw.WriteString("0\n")
		} else {
			fmt.Fprintf(bw, "%d ", m.Dimacs())
		}
	}
	for _, a := range assumptions {
		fmt.Fprintf(bw, "%d 0\n", z.Lit(a).Dimacs())
	}
	return bw.Flush()
}
