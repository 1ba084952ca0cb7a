package specgen

import (
	"os"
	"testing"
)

func TestPrintMutex(t *testing.T) {
	if os.Getenv("SPECGEN_OUT") == "" {
		t.Skip()
	}
	for _, n := range []int{3, 5, 8, 12, 20} {
		os.WriteFile(os.Getenv("SPECGEN_OUT")+"/mutex"+itoa(n)+".specl", []byte(Mutex(n, false)), 0o644)
		os.WriteFile(os.Getenv("SPECGEN_OUT")+"/broken"+itoa(n)+".specl", []byte(Mutex(n, true)), 0o644)
	}
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }
