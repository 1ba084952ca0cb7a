package smt

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// stats counts what the differential runs decided, so a test can insist that every
// kind of answer was exercised.
type stats struct {
	specs, factsSat, factsUnsat, claimsHeld, claimsFailed, cores, coreClauses, bigCores, models, skipped int
}

func (s *stats) add(o stats) {
	s.specs += o.specs
	s.factsSat += o.factsSat
	s.factsUnsat += o.factsUnsat
	s.claimsHeld += o.claimsHeld
	s.claimsFailed += o.claimsFailed
	s.cores += o.cores
	s.coreClauses += o.coreClauses
	s.bigCores += o.bigCores
	s.models += o.models
	s.skipped += o.skipped
}

func (s stats) String() string {
	return fmt.Sprintf("%d specs: facts sat %d, unsat %d; claims held %d, failed %d; %d cores (%d clauses, %d of several); %d models checked; %d clauses left out",
		s.specs, s.factsSat, s.factsUnsat, s.claimsHeld, s.claimsFailed, s.cores, s.coreClauses, s.bigCores, s.models, s.skipped)
}

// check is one check-sat-assuming of the z3 script with the answer we expect and
// what it stands for.
type check struct {
	assume []int
	want   Answer
	what   string
}

// differ asks every static question of lang/check about a spec, with lang/encode and
// lang/logic, then the same questions of z3 on our export, and reports the first
// disagreement. Questions: do the facts admit a state; per assert or invariant
// without primes, do the facts admit a state where it fails; with initially clauses,
// does some valid state meet them all. Unsat facts get their shrunk core checked (z3:
// the core is unsat, the core minus any one clause sat); every Sat answer gets its
// model checked (z3: the clauses with the vars pinned to our model are sat).
func differ(ctx context.Context, src string) (stats, error) {
	file, _ := parser.Parse(src)
	info := sema.Check(file)
	return differFile(ctx, file, info)
}

func differFile(ctx context.Context, file *ast.File, info *sema.Info) (st stats, err error) {
	st.specs = 1
	const budget = 10 * time.Second
	b := logic.New()
	enc := encode.New(b, info)
	state := enc.NewState()
	frame := &encode.Frame{Pre: state, Path: logic.Bool(true)}
	formula := func(e ast.Expr) (logic.Lit, error) { return enc.Formula(frame, e) }

	var clauses []Clause
	var lits []logic.Lit
	// take encodes the clauses both sides can translate; a clause either side cannot
	// is left out of both.
	take := func(cls []Clause) []int {
		var idx []int
		for _, cl := range cls {
			var probe bytes.Buffer
			if err := Write(&probe, file, info, Query{Clauses: []Clause{cl}}); err != nil {
				st.skipped++
				continue
			}
			lit, err := formula(cl.Body)
			if err != nil {
				st.skipped++
				continue
			}
			if cl.Negate {
				lit = lit.Not()
			}
			idx = append(idx, len(clauses))
			clauses = append(clauses, cl)
			lits = append(lits, lit)
		}
		return idx
	}
	facts := take(Facts(file, info))
	claims := take(Claims(file, info))
	inits := take(Initially(file, info))

	var checks []check
	pick := func(idx []int) []logic.Lit {
		out := make([]logic.Lit, len(idx))
		for i, j := range idx {
			out[i] = lits[j]
		}
		return out
	}
	npins := 0
	// ask solves one question with our solver, records the check for z3, and on Sat
	// adds a check that pins our model.
	ask := func(idx []int, what string) (logic.Status, error) {
		r := b.Solve(ctx, pick(idx), budget)
		switch r.Status {
		case logic.Sat:
			checks = append(checks, check{idx, Sat, what})
			npins++
			pin := Clause{Name: fmt.Sprintf("model!%d", npins), State: enc.Decode(state)}
			if len(pin.State) > 0 {
				clauses = append(clauses, pin)
				lits = append(lits, logic.Bool(true)) // never assumed on our side
				checks = append(checks, check{append(slices.Clone(idx), len(clauses)-1), Sat, what + ", with our model " + stateText(pin.State)})
				st.models++
			}
		case logic.Unsat:
			checks = append(checks, check{idx, Unsat, what})
		default:
			return r.Status, fmt.Errorf("%s: our solver answered %s", what, r)
		}
		return r.Status, nil
	}

	factsStatus, err := ask(facts, "do the facts admit a state")
	if err != nil {
		return st, err
	}
	if factsStatus == logic.Unsat {
		st.factsUnsat++
		core := b.Shrink(ctx, pick(facts), budget)
		if core.Result.Status != logic.Unsat || !core.Minimal {
			return st, fmt.Errorf("shrinking the facts' core: %v (minimal %v)", core.Result, core.Minimal)
		}
		var cidx []int
		for _, l := range core.Lits {
			for _, j := range facts {
				if lits[j] == l && !slices.Contains(cidx, j) {
					cidx = append(cidx, j)
					break
				}
			}
		}
		if len(cidx) != len(core.Lits) {
			return st, fmt.Errorf("core %v names literals that are no facts", core.Lits)
		}
		st.cores++
		st.coreClauses += len(cidx)
		if len(cidx) > 1 {
			st.bigCores++
		}
		names := clauseNames(clauses, cidx)
		checks = append(checks, check{cidx, Unsat, "our core " + names + " is unsat"})
		for i := range cidx {
			rest := slices.Concat(cidx[:i], cidx[i+1:])
			checks = append(checks, check{rest, Sat, "our core " + names + " without " + clauses[cidx[i]].Name + " is sat"})
		}
	} else {
		st.factsSat++
		for _, c := range claims {
			s, err := ask(append(slices.Clone(facts), c), "do the facts admit a state where "+clauses[c].Name+" fails")
			if err != nil {
				return st, err
			}
			if s == logic.Sat {
				st.claimsFailed++
			} else {
				st.claimsHeld++
			}
		}
		if len(inits) > 0 {
			if _, err := ask(slices.Concat(facts, inits), "does a valid state meet the initially clauses"); err != nil {
				return st, err
			}
		}
	}

	q := Query{Clauses: clauses}
	for _, c := range checks {
		q.Checks = append(q.Checks, c.assume)
	}
	var script bytes.Buffer
	if err := Write(&script, file, info, q); err != nil {
		return st, fmt.Errorf("export: %v", err)
	}
	run, err := RunZ3(ctx, script.Bytes())
	if err != nil {
		return st, err
	}
	if len(run.Answers) != len(checks) {
		return st, fmt.Errorf("z3 gave %d answers to %d checks", len(run.Answers), len(checks))
	}
	for i, c := range checks {
		if run.Answers[i] != c.want {
			return st, fmt.Errorf("%s: we say %s, z3 says %s\n--- script ---\n%s", c.what, c.want, run.Answers[i], script.String())
		}
	}
	return st, nil
}

func clauseNames(cls []Clause, idx []int) string {
	var names []string
	for _, i := range idx {
		names = append(names, cls[i].Name)
	}
	return "{" + strings.Join(names, ", ") + "}"
}

func stateText(s diag.State) string {
	var parts []string
	for _, b := range s {
		parts = append(parts, b.Name+" = "+b.Value.String())
	}
	return strings.Join(parts, ", ")
}
