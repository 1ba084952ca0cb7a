package lsp

import (
	"context"
	"encoding/json"
	"path"
	"strconv"
	"sync"
	"time"

	"go.lsp.dev/protocol"
)

// Work-done progress for the deep checks: with a client that declares
// window.workDoneProgress, each deep check that runs creates a token and reports
// begin, a report per stage of the check (facts, definitions, the state machine or
// the properties and examples) and end. The progress is cancellable: the user's
// window/workDoneProgress/cancel cancels that check alone, and what it returns (the
// questions it could not finish are `unknown`, never passed) is published as the
// version's findings. An edit cancels the check as before; its progress ends then.

// progressKey carries a deep check's stage reporter in its context.
type progressKey struct{}

// Progress returns the stage reporter of the deep check running under ctx, for
// check.Options.Progress; it does nothing when the client shows no progress.
func Progress(ctx context.Context) func(stage string, done, total int) {
	if f, ok := ctx.Value(progressKey{}).(func(string, int, int)); ok {
		return f
	}
	return func(string, int, int) {}
}

// workDone is the progress of one deep check.
type workDone struct {
	s         *server
	token     protocol.String
	cancel    context.CancelFunc // cancels the check (not the document's work)
	mu        sync.Mutex
	cancelled bool // by the user
	ended     bool
	lastPct   uint32
}

// beginWorkDone creates a token with the client and reports begin; nil when the
// client does not take progress or refused the token. cancel stops the check.
func (s *server) beginWorkDone(ctx context.Context, snap *Snapshot, cancel context.CancelFunc) *workDone {
	s.mu.Lock()
	if !s.workDoneProgress {
		s.mu.Unlock()
		return nil
	}
	s.progressGen++
	token := protocol.String("specls/check/" + strconv.Itoa(s.progressGen))
	s.mu.Unlock()
	// A client that does not answer must not hold the check up: without an answer
	// in time, the check runs without progress.
	cctx, cancelCreate := context.WithTimeout(ctx, createTimeout)
	err := s.client.WorkDoneProgressCreate(cctx, &protocol.WorkDoneProgressCreateParams{Token: token})
	cancelCreate()
	if err != nil {
		s.log.Debug("the client refused a progress token", "error", err)
		return nil
	}
	w := &workDone{s: s, token: token, cancel: cancel}
	s.mu.Lock()
	s.progress[token] = w
	s.mu.Unlock()
	yes := true
	msg := "starting"
	var zero uint32
	w.send(ctx, protocol.WorkDoneProgressBegin{
		Kind:        "begin",
		Title:       "Checking " + path.Base(string(snap.URI)),
		Cancellable: &yes,
		Message:     &msg,
		Percentage:  &zero,
	})
	return w
}

// createTimeout bounds the wait for the client's answer to a token's creation (a
// variable for the test of a client that never answers).
var createTimeout = 5 * time.Second

// stage reports that a stage of the check starts (not after the user cancelled or
// an edit superseded the check: it then only winds down).
func (w *workDone) stage(ctx context.Context, what string, done, total int) {
	if w == nil || total <= 0 || ctx.Err() != nil {
		return
	}
	pct := uint32(done * 100 / total)
	w.mu.Lock()
	if w.ended || w.cancelled || pct < w.lastPct {
		w.mu.Unlock()
		return
	}
	w.lastPct = pct
	w.mu.Unlock()
	msg := what + " (" + strconv.Itoa(done+1) + "/" + strconv.Itoa(total) + ")"
	w.send(ctx, protocol.WorkDoneProgressReport{Kind: "report", Message: &msg, Percentage: &pct})
}

// userCancel cancels the check at the user's request.
func (w *workDone) userCancel() {
	w.mu.Lock()
	w.cancelled = true
	w.mu.Unlock()
	w.cancel()
}

func (w *workDone) wasCancelled() bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cancelled
}

// end reports the end with msg and forgets the token.
func (w *workDone) end(ctx context.Context, msg string) {
	if w == nil {
		return
	}
	w.mu.Lock()
	if w.ended {
		w.mu.Unlock()
		return
	}
	w.ended = true
	w.mu.Unlock()
	w.s.mu.Lock()
	delete(w.s.progress, w.token)
	w.s.mu.Unlock()
	w.send(ctx, protocol.WorkDoneProgressEnd{Kind: "end", Message: &msg})
}

func (w *workDone) send(ctx context.Context, value any) {
	raw, err := json.Marshal(value)
	if err == nil {
		err = w.s.client.Progress(ctx, &protocol.ProgressParams{Token: w.token, Value: protocol.LSPAny(raw)})
	}
	if err != nil {
		w.s.log.Warn("reporting progress", "token", string(w.token), "error", err)
	}
}

// WorkDoneProgressCancel cancels the deep check whose progress the user cancelled.
// A token that has ended (or was never ours) is ignored, as the protocol asks.
func (s *server) WorkDoneProgressCancel(ctx context.Context, p *protocol.WorkDoneProgressCancelParams) error {
	var token protocol.String
	switch t := p.Token.(type) {
	case protocol.String:
		token = t
	default:
		return nil
	}
	s.mu.Lock()
	w := s.progress[token]
	s.mu.Unlock()
	if w != nil {
		s.log.Info("deep check cancelled by the user", "token", string(token))
		w.userCancel()
	}
	return nil
}
