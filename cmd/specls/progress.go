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
	files int
	index int
	path  string
	// what the check of the current file is doing, and how far it is
	what        string
	done, total int
	start       time.Time
	quit        chan struct{}
	wg          sync.WaitGroup
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
	p := &progress{out: f, files: n, start: time.Now(), quit: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
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
	p.index, p.path, p.start, p.what = i, path, time.Now(), ""
	p.mu.Unlock()
	p.draw()
}

// stage is check.Options.Progress: the current file's check started a stage. A nil
// display ignores it (the method is safe on nil).
func (p *progress) stage(what string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.what, p.done, p.total = what, done, total
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	// \r and "erase to the end of the line": one line, redrawn in place.
	stage := ""
	if p.what != "" {
		stage = fmt.Sprintf(": %s (stage %d of %d)", p.what, p.done+1, p.total)
	}
	fmt.Fprintf(p.out, "\r\x1b[Kspecls: checking %s (file %d of %d)%s %.1fs  (Ctrl-C to stop)", p.path, p.index+1, p.files, stage, time.Since(p.start).Seconds())
}

// stop ends the display and erases its line.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.quit)
	p.wg.Wait()
	fmt.Fprint(p.out, "\r\x1b[K")
}
