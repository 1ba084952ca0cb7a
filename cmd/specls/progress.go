package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// progress is the one-line display of `specls check` on a terminal: which file is
// being checked and for how long, redrawn in place on stderr and erased at the end.
// It shows nothing when stderr is not a terminal (a pipe, a file, a CI log).
type progress struct {
	mu    sync.Mutex
	out   *os.File
	total int
	index int
	path  string
	start time.Time
	done  chan struct{}
	wg    sync.WaitGroup
}

// startProgress starts the display for n files, or returns nil (a no-op display)
// when stderr is not a terminal.
func startProgress(e *env, n int) *progress {
	f, ok := e.stderr.(*os.File)
	if !ok || n == 0 || e.getenv("TERM") == "dumb" {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	p := &progress{out: f, total: n, start: time.Now(), done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// file says that file i (0-based) is now being checked.
func (p *progress) file(i int, path string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.index, p.path, p.start = i, path, time.Now()
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	// \r and "erase to the end of the line": one line, redrawn in place.
	fmt.Fprintf(p.out, "\r\x1b[Kspecls: checking %s (%d/%d) %.1fs  (Ctrl-C to stop)", p.path, p.index+1, p.total, time.Since(p.start).Seconds())
}

// stop ends the display and erases its line.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	fmt.Fprint(p.out, "\r\x1b[K")
}
