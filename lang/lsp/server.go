package lsp

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/specls/specls/lang/source"
)

type lifecycle int

const (
	starting lifecycle = iota // before initialize
	running
	shuttingDown // after shutdown, waiting for exit
)

// server is one session's state. Documents change only on the read loop (ordered
// notifications); requests read immutable snapshots; mu guards the maps and
// serialises publishing, so a stale result can never be written after a newer one.
type server struct {
	protocol.UnimplementedServer

	opts   Options
	log    *slog.Logger
	ctx    context.Context // the session's lifetime: deep checks run under it
	conn   jsonrpc2.Conn
	client protocol.Client
	extra  map[string]extraMethod

	mu          sync.Mutex
	state       lifecycle
	enc         source.Encoding
	pull        bool // the client pulls diagnostics (textDocument/diagnostic)
	refresh     bool // the client accepts workspace/diagnostic/refresh
	lensRefresh bool // the client accepts workspace/codeLens/refresh
	hintRefresh bool // the client accepts workspace/inlayHint/refresh
	settings    Settings
	docs        map[uri.URI]*document
	resultGen   int // numbers pulled diagnostic reports

	workDoneProgress bool                          // the client shows server-initiated progress
	progressGen      int                           // numbers progress tokens
	progress         map[protocol.String]*workDone // the deep checks' progress, by token

	elicit elicitation // mutation results per document (elicit.go)

	exitOnce  sync.Once
	exited    chan struct{}
	deep      sync.WaitGroup // running deep checks
	deepSlots chan struct{}  // one token per deep check running: the cap
}

// maxDeepChecks is how many deep checks run at once: half the processors (the
// editor and the front end need the rest), at least one.
func maxDeepChecks() int { return max(1, runtime.GOMAXPROCS(0)/2) }

func newServer(ctx context.Context, conn jsonrpc2.Conn, opts Options, log *slog.Logger) *server {
	return &server{
		opts:     opts,
		log:      log,
		ctx:      ctx,
		conn:     conn,
		client:   protocol.ClientDispatcher(conn),
		enc:      source.UTF16,
		docs:     map[uri.URI]*document{},
		progress: map[protocol.String]*workDone{},
		exited:   make(chan struct{}),

		deepSlots: make(chan struct{}, maxDeepChecks()),
	}
}

// admit is the lifecycle gate of the protocol: nothing but initialize (and exit)
// before initialize, nothing but exit after shutdown.
func (s *server) admit(method string, isCall bool) error {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case method == protocol.MethodExit:
		return nil
	case state == starting && method != protocol.MethodInitialize:
		if isCall {
			return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
		}
		return fmt.Errorf("%s before initialize", method)
	case state != starting && method == protocol.MethodInitialize:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice")
	case state == shuttingDown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	}
	return nil
}

func (s *server) shutdownReceived() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state == shuttingDown
}

// viewKey carries the versions current when a request was read.
type viewKey struct{}

// view captures the latest version of every open document (built or not).
func (s *server) view() map[uri.URI]*pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := make(map[uri.URI]*pending, len(s.docs))
	for u, d := range s.docs {
		if d.pend != nil {
			d.pend.wanted = true
			v[u] = d.pend
		}
	}
	return v
}

func withView(ctx context.Context, v map[uri.URI]*pending) context.Context {
	return context.WithValue(ctx, viewKey{}, v)
}

// snapshot returns the version of u that was current when the request arrived, once
// it is built, or an error for a document that is not open (or was replaced by a
// newer version before that one was built: ContentModified).
func (s *server) snapshot(ctx context.Context, u uri.URI) (*Snapshot, error) {
	v, ok := ctx.Value(viewKey{}).(map[uri.URI]*pending)
	if !ok {
		v = s.view()
	}
	p := v[u]
	if p == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "document %s is not open", u)
	}
	return p.wait(ctx)
}

// wait returns the pending version's snapshot once built.
func (p *pending) wait(ctx context.Context) (*Snapshot, error) {
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if p.snap == nil {
		return nil, protocol.ErrContentModified
	}
	return p.snap, nil
}

// snapshots waits for every document of the request's view, in URI order (so that
// answers over all documents are deterministic), leaving out those superseded.
func (s *server) snapshots(ctx context.Context) ([]*Snapshot, error) {
	v, ok := ctx.Value(viewKey{}).(map[uri.URI]*pending)
	if !ok {
		v = s.view()
	}
	var out []*Snapshot
	for _, p := range v {
		snap, err := p.wait(ctx)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			out = append(out, snap)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URI < out[j].URI })
	return out, nil
}

func (s *server) Initialize(ctx context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	var offered []protocol.PositionEncodingKind
	if g := p.Capabilities.General; g != nil {
		offered = g.PositionEncodings
	}
	kind, enc := negotiateEncoding(offered)
	settings, err := applySettings(Settings{}, p.InitializationOptions)
	if err != nil {
		s.log.Warn("ignoring initializationOptions", "error", err)
	}
	pull := p.Capabilities.TextDocument != nil && p.Capabilities.TextDocument.Diagnostic != nil
	workDone := p.Capabilities.Window != nil && p.Capabilities.Window.WorkDoneProgress != nil && *p.Capabilities.Window.WorkDoneProgress
	var refresh, lensRefresh, hintRefresh bool
	if w := p.Capabilities.Workspace; w != nil {
		refresh = w.Diagnostics != nil && w.Diagnostics.RefreshSupport != nil && *w.Diagnostics.RefreshSupport
		lensRefresh = w.CodeLens != nil && w.CodeLens.RefreshSupport != nil && *w.CodeLens.RefreshSupport
		hintRefresh = w.InlayHint != nil && w.InlayHint.RefreshSupport != nil && *w.InlayHint.RefreshSupport
	}

	s.mu.Lock()
	s.state = running
	s.enc = enc
	s.pull = pull
	s.refresh = refresh
	s.lensRefresh, s.hintRefresh = lensRefresh, hintRefresh
	s.workDoneProgress = workDone
	s.settings = settings
	s.mu.Unlock()
	s.log.Info("initialized", "client", p.ClientInfo.Name,
		"positionEncoding", string(kind), "pullDiagnostics", pull)

	return &protocol.InitializeResult{
		Capabilities: s.capabilities(kind, pull),
		ServerInfo:   protocol.ServerInfo{Name: "specls", Version: protocol.NewOptional(s.opts.Version)},
	}, nil
}

func (s *server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.state = shuttingDown
	for _, d := range s.docs {
		d.stopDeep()
	}
	s.mu.Unlock()
	return nil
}

func (s *server) Exit(ctx context.Context) error {
	s.exitOnce.Do(func() { close(s.exited) })
	return nil
}

// Request answers methods outside the protocol: none are known.
func (s *server) Request(ctx context.Context, method string, params any) (any, error) {
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
}

func (s *server) DidChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	settings, err := applySettings(s.settings, p.Settings)
	if err != nil {
		return err
	}
	s.settings = settings
	for _, d := range s.docs {
		if d.snap == nil {
			continue // its build reads the new settings
		}
		d.snap = d.snap.withSettings(settings.over(d.project))
		if d.pend != nil && d.pend.snap != nil && d.pend.version == d.snap.Version {
			d.pend = newPending(d.snap.Version, d.text)
			d.pend.taken = true
			d.pend.resolve(d.snap)
		}
		s.installedLocked(ctx, d, s.opts.DeepCheckDelay)
	}
	return nil
}
