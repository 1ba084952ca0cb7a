package parser

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/specls/specls/internal/heappeak"
	"github.com/specls/specls/internal/specgen"
)

// maxParseBytesPerByte bounds the heap Parse needs at its peak, per input byte: the
// tree it returns (about 15 bytes per byte) plus the garbage of parsing one
// declaration at a time that the collector has not yet freed. Before pieces were
// dropped once converted it was about 270.
const maxParseBytesPerByte = 64

// TestParseMemoryPerByte: Parse's peak heap is a small constant per input byte,
// the same at 256 KiB and 1 MiB (measured, not timed).
func TestParseMemoryPerByte(t *testing.T) {
	for _, size := range []int{256 << 10, 1 << 20} {
		src := specgen.Syntax(size)
		var errs int
		peak := heappeak.Of(func() {
			f, findings := Parse(src)
			errs = len(findings)
			runtime.KeepAlive(f)
		})
		if errs != 0 {
			t.Fatalf("%d bytes: %d syntax findings in a generated spec", len(src), errs)
		}
		heappeak.Check(t, fmt.Sprintf("%d bytes", len(src)), len(src), peak, maxParseBytesPerByte)
	}
}

// BenchmarkParse parses generated specs of 100 KiB and 1 MiB; peak-B/byte is the
// peak heap per input byte.
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct {
		name string
		size int
	}{{"100KiB", 100 << 10}, {"1MiB", 1 << 20}} {
		src := specgen.Syntax(bc.size)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				f, _ := Parse(src)
				runtime.KeepAlive(f)
			}
			peak := heappeak.Of(func() {
				f, _ := Parse(src)
				runtime.KeepAlive(f)
			})
			b.ReportMetric(float64(peak)/float64(len(src)), "peak-B/byte")
		})
	}
}

// TestCacheMemoryPerByte: the language server's cache keeps each declaration's tree,
// not its parse, so a first parse through it and a parse after an edit that moves every
// declaration (a line added at the top) stay within Parse's bound per byte.
func TestCacheMemoryPerByte(t *testing.T) {
	src := specgen.Syntax(1 << 20)
	c := NewCache()
	for i, text := range []string{src, "// a line at the top\n" + src} {
		peak := heappeak.Of(func() {
			f, _ := c.Parse(text)
			runtime.KeepAlive(f)
		})
		heappeak.Check(t, fmt.Sprintf("parse %d through the cache", i), len(text), peak, maxParseBytesPerByte)
	}
	runtime.KeepAlive(c)
}
