// Package heappeak measures how much heap a function needs at its peak, with
// runtime/metrics, for the tests and benchmarks that bound memory per input byte.
// Only tests and benchmarks import it.
package heappeak

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// Of runs f and returns the largest growth of the heap (bytes in live objects and in
// dead ones not yet swept: what the process holds for them) over the heap before f
// started, sampled every 200µs while f runs and once at its end. The garbage f makes
// counts as long as the collector has not freed it, as it does for the process.
func Of(f func()) uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	base := read()
	var peak atomic.Uint64
	note := func() {
		if v := read(); v > peak.Load() {
			peak.Store(v)
		}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			note()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	note()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// MinHeap is the heap the collector lets a program reach before it starts a cycle,
// whatever the program (GOGC's minimum, 4 MiB): garbage up to it may stand at a small
// input's peak, so a bound per input byte allows it on top.
const MinHeap = 4 << 20

// Limit is the largest peak Of may report for an input of n bytes under a bound of
// perByte bytes of heap per input byte.
func Limit(n int, perByte float64) uint64 { return uint64(perByte*float64(n)) + MinHeap }

// Check logs a peak measured by Of for an input of n bytes (what names the
// measurement, e.g. "1048576 bytes") and fails t when it passes Limit(n, perByte).
func Check(t testing.TB, what string, n int, peak uint64, perByte float64) {
	t.Helper()
	per := float64(peak) / float64(n)
	t.Logf("%s: peak heap %.1f bytes per byte", what, per)
	if peak > Limit(n, perByte) {
		t.Errorf("%s: peak heap %.1f bytes per input byte, over %s and the collector's minimum heap", what, per, fmt.Sprint(perByte))
	}
}
