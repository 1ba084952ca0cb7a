//go:build race

package trace

// raceEnabled: the race detector slows code ten times or more; the heaviest tests
// shrink their inputs under it (the same code runs, on less data).
const raceEnabled = true
