package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/check"
)

// DeepCheck runs the solver-backed checks on a snapshot: findings and the verdict on
// every property. It must return promptly once ctx is cancelled. When the next edit
// cancels it, what it returns is thrown away; when the user cancels its progress,
// what it returns is published, so every question it did not finish must be an
// `unknown` finding, never a pass. Progress(ctx) reports its stages.
type DeepCheck func(ctx context.Context, s *Snapshot) check.Result

// Options configure a server session.
type Options struct {
	// Logger receives the server's log. Nil discards it. It must never write to the
	// protocol's output.
	Logger *slog.Logger
	// DeepCheck, when set, runs after the front end on every version once edits
	// have paused for DeepCheckDelay; its findings join the front end's.
	DeepCheck DeepCheck
	// DeepCheckDelay is the pause that starts a deep check; 300ms when zero.
	DeepCheckDelay time.Duration
	// Version is reported in serverInfo.
	Version string
}

// ErrExitWithoutShutdown is returned by Serve when the client sent `exit` before
// `shutdown`; the protocol asks for exit status 1 then.
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// Serve runs one LSP session over in and out until the client sends `exit`, closes
// its end, or ctx is cancelled. It returns nil after a clean shutdown and exit or
// at the end of input, ErrExitWithoutShutdown after an exit without shutdown.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	return serve(ctx, in, out, opts, nil)
}

// serve is Serve with extra methods, which tests use to add requests that block
// until cancelled.
func serve(ctx context.Context, in io.Reader, out io.Writer, opts Options, extra map[string]extraMethod) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.DeepCheckDelay <= 0 {
		opts.DeepCheckDelay = 300 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	stream := newTolerantStream(in, out, log)
	conn := jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(codec{}))
	s := newServer(ctx, conn, opts, log)
	s.extra = extra
	conn.Go(protocol.WithLogger(ctx, log), s.handler())
	log.Info("serving")

	var err error
	exited := false
	select {
	case <-conn.Done():
		err = conn.Err()
	case <-s.exited:
		exited = true
		if !s.shutdownReceived() {
			err = ErrExitWithoutShutdown
		}
	case <-ctx.Done():
		err = ctx.Err()
	}
	cancel()
	if exited {
		// `exit` ends the session at once: the deep checks are cancelled and nothing
		// is left to answer, so nothing is waited for (the reader may be blocked on
		// a stdin that stays open).
		go func() { _ = conn.Close() }()
		log.Info("exited", "error", err)
		return err
	}
	waitBounded(&s.deep, time.Second, log)
	// Close drains in-flight requests, closes the stream and waits for the reader. A
	// reader blocked on a file that closing cannot interrupt (a terminal's stdin)
	// would hold it forever, so the wait is bounded: the process is about to exit.
	closed := make(chan struct{})
	go func() { _ = conn.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		log.Warn("connection did not close in time")
	}
	log.Info("stopped", "error", err)
	return err
}

// waitBounded waits for the deep checks to see their cancellation, but not for ever:
// one that did not stop in time is logged, and the session ends anyway.
func waitBounded(wg *sync.WaitGroup, limit time.Duration, log *slog.Logger) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		log.Warn("deep checks did not stop in time")
	}
}

// extraMethod answers a request that is not part of the protocol.
type extraMethod func(ctx context.Context, params jsonrpc2.RawMessage) (any, error)

// inline lists the calls that run on the read loop like notifications: nothing may
// overtake the session's start or end.
var inline = map[string]bool{
	protocol.MethodInitialize: true,
	protocol.MethodShutdown:   true,
}

// handler builds the middleware around the protocol's generated dispatch. The
// library closes the connection on a handler panic and on an error returned for a
// notification, and protocol.NewServer would run every handler asynchronously
// (reordering edits); so:
//   - notifications (text sync, configuration) and initialize/shutdown run in wire
//     order on the read loop;
//   - every other call is released with jsonrpc2.Async after capturing the current
//     snapshots, so a request always sees the edits sent before it;
//   - $/cancelRequest cancels the named call, which then answers RequestCancelled;
//   - panics are recovered per request, notification errors are logged and dropped,
//     unknown $/ notifications are ignored.
func (s *server) handler() jsonrpc2.Handler {
	dispatch := protocol.ServerHandler(s, nil)
	var (
		mu       sync.Mutex
		inFlight = map[jsonrpc2.ID]context.CancelFunc{}
	)
	return func(reqCtx context.Context, req *jsonrpc2.Request) (any, error) {
		// The request's own context is pooled and recycled when the handler
		// returns, and context.WithCancel on it races with that recycling (its
		// propagation goroutine may call Done on a recycled request), so handlers
		// run under the connection's context instead, with a cancel of their own.
		ctx := jsonrpc2.DetachContext(reqCtx)
		switch {
		case req.Method() == protocol.MethodCancelRequest && !req.IsCall():
			if id, ok := s.cancelID(req.Params()); ok {
				mu.Lock()
				cancel := inFlight[id]
				mu.Unlock()
				if cancel != nil {
					cancel()
				}
			}
			return nil, nil
		case !req.IsCall() || inline[req.Method()]:
			return s.guard(ctx, req, dispatch)
		}
		id := req.ID()
		ctx, cancel := context.WithCancel(withView(ctx, s.view()))
		mu.Lock()
		inFlight[id] = cancel
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(inFlight, id)
			mu.Unlock()
			cancel()
		}()
		jsonrpc2.Async(reqCtx)
		return s.guard(ctx, req, dispatch)
	}
}

// cancelID reads the id of a $/cancelRequest; a malformed one is logged and
// ignored (returning an error for a notification would close the connection).
func (s *server) cancelID(params jsonrpc2.RawMessage) (jsonrpc2.ID, bool) {
	var p protocol.CancelParams
	if err := protocol.Unmarshal(params, &p); err != nil {
		s.log.Warn("malformed $/cancelRequest", "error", err)
		return jsonrpc2.ID{}, false
	}
	switch id := p.ID.(type) {
	case protocol.Integer:
		return jsonrpc2.NewNumberID(int64(id)), true
	case protocol.String:
		return jsonrpc2.NewStringID(string(id)), true
	}
	s.log.Warn("malformed $/cancelRequest", "id", fmt.Sprint(p.ID))
	return jsonrpc2.ID{}, false
}

// guard runs one request through the lifecycle gate and answers what the protocol
// expects whatever happens inside: a panic becomes InternalError, a cancelled call
// RequestCancelled, a notification's error a log line.
func (s *server) guard(ctx context.Context, req *jsonrpc2.Request, next jsonrpc2.Handler) (result any, err error) {
	method := strings.Clone(req.Method())
	isCall := req.IsCall()
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("handler panicked", "method", method, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, r)
		}
		if !isCall {
			if err != nil {
				s.log.Warn("notification failed", "method", method, "error", err)
			}
			result, err = nil, nil
			return
		}
		if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
			result, err = nil, protocol.ErrRequestCancelled
		}
		s.log.Debug("answered", "method", method, "ms", time.Since(start).Milliseconds(), "error", err)
	}()

	if err := s.admit(method, isCall); err != nil {
		return nil, err
	}
	if strings.HasPrefix(method, "$/") && !isCall && !knownDollar[method] {
		return nil, nil
	}
	if m, ok := s.extra[method]; ok && isCall {
		return m(ctx, req.Params())
	}
	return next(ctx, req)
}

var knownDollar = map[string]bool{protocol.MethodSetTrace: true, protocol.MethodProgress: true}
