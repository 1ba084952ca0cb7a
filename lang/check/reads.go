package check

import "github.com/specls/specls/lang/ast"

// reads names the variables that n reads (through preds and funs too), in declaration
// order: a counterexample's Reads, so that a renderer can show the variables a finding
// is about and leave out the rest of a large state.
func (c *checker) reads(n ast.Node) []string {
	used := c.usedVars(n)
	out := []string{}
	for _, v := range c.enc.Vars() {
		if used[v] {
			out = append(out, v.Name)
		}
	}
	return out
}
