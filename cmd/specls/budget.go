package main

import (
	"fmt"
	"time"

	"github.com/specls/specls/lang/steps"
)

// workFlags are the limits of every command that asks the solver (check, diff, synth,
// mine --spec, mutate), defined once so that they mean the same everywhere: a
// deterministic work budget per question, and a wall-clock limit for CI. What either
// cuts off is unknown, never a pass.
type workFlags struct {
	Budget  int           `placeholder:"N" help:"Work budget per question, in thousands of work units (solver propagations and gates built): deterministic, the same verdicts on any machine (overrides the spec's option budget; default: ${budgetDefault})."`
	Timeout time.Duration `placeholder:"DUR" help:"Wall-clock limit on the whole command, for CI (e.g. 2m); what it cuts off is unknown (none unless given)."`
}

// strictFlag is --strict for the commands whose unknowns do not already fail.
type strictFlag struct {
	Strict bool `help:"Exit with status 1 when anything is unknown (a question the budget, the time limit or an encoding limit left unanswered)."`
}

// valid reports a negative limit as a usage error.
func (w workFlags) valid() error {
	if w.Budget < 0 || w.Timeout < 0 {
		return fmt.Errorf("--budget and --timeout must not be negative")
	}
	return nil
}

// units is the budget per question for the spec at path: --budget, else the project
// file's, else 0 (the spec's own `option budget`, else the default), as for check.
func (w workFlags) units(paths ...string) (int, error) {
	if w.Budget > 0 {
		return w.Budget, nil
	}
	units := 0
	for _, p := range paths {
		proj, err := projectOf(p)
		if err != nil {
			return 0, err
		}
		units = max(units, proj.Budget)
	}
	return units, nil
}

// limits is the budget for the specs at paths, with the time limit counted from now.
func (w workFlags) limits(paths ...string) (steps.Budget, error) {
	units, err := w.units(paths...)
	if err != nil {
		return steps.Budget{}, err
	}
	b := steps.Budget{Units: units}
	if w.Timeout > 0 {
		b.Deadline = time.Now().Add(w.Timeout)
	}
	return b, nil
}
