package format

import (
	"fmt"
	"testing"

	"github.com/specls/specls/internal/heappeak"
	"github.com/specls/specls/internal/specgen"
)

// TestSourceMemoryPerByte: formatting a file (parse, print) needs a small constant
// of heap per input byte at its peak, the same at 256 KiB and 1 MiB: the printer reads
// the source's tokens as it goes instead of listing them all.
func TestSourceMemoryPerByte(t *testing.T) {
	const limit = 64 // bytes of peak heap per input byte; about 40 measured, 330 before
	for _, size := range []int{256 << 10, 1 << 20} {
		src := specgen.Syntax(size)
		var out string
		var err error
		peak := heappeak.Of(func() { out, err = Source(src) })
		if err != nil {
			t.Fatalf("%d bytes: %v", len(src), err)
		}
		if len(out) < len(src)/2 {
			t.Fatalf("%d bytes formatted to %d", len(src), len(out))
		}
		heappeak.Check(t, fmt.Sprintf("%d bytes", len(src)), len(src), peak, limit)
	}
}

// BenchmarkSource formats a generated 1 MiB spec; peak-B/byte is the peak heap per
// input byte.
func BenchmarkSource(b *testing.B) {
	src := specgen.Syntax(1 << 20)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Source(src); err != nil {
			b.Fatal(err)
		}
	}
	peak := heappeak.Of(func() { _, _ = Source(src) })
	b.ReportMetric(float64(peak)/float64(len(src)), "peak-B/byte")
}
