package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specls/specls/lang/check"
	"github.com/specls/specls/lang/lsp"
)

// serveCmd is `specls serve`: the language server on stdin and stdout. Editors pass
// --stdio, which is the only transport and so is accepted and ignored. The log goes
// to stderr or to the --log file, never to stdout, which carries the protocol.
// Exit status: 0 after shutdown and exit (or the end of input), 1 after an exit
// without shutdown (as the protocol asks), 2 when the server could not start.
type serveCmd struct {
	Stdio   bool   `help:"Speak LSP over stdin and stdout (the only transport; accepted for editors that pass it)."`
	Log     string `placeholder:"FILE" help:"Write the server's log to this file instead of stderr."`
	Verbose bool   `help:"Log every request with its latency."`
}

func (c *serveCmd) run(e *env) int {
	logPath, verbose := &c.Log, &c.Verbose
	var logOut io.Writer = e.stderr
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(e.stderr, "specls serve: %s\n", ioError(err))
			return exitUsage
		}
		defer f.Close()
		logOut = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := lsp.Serve(ctx, e.stdin, e.stdout, lsp.Options{
		Logger:    lsp.NewLogger(logOut, *verbose),
		Version:   version(),
		DeepCheck: deepCheck,
	})
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return exitOK
	case errors.Is(err, lsp.ErrExitWithoutShutdown):
		return exitFindings
	}
	fmt.Fprintf(e.stderr, "specls serve: %v\n", err)
	return exitFindings
}

// deepCheck runs the solver's checks on a snapshot: findings and property verdicts
// (code lenses, inlay hints and hovers show those). The server debounces it and
// cancels it when the text changes.
func deepCheck(ctx context.Context, s *lsp.Snapshot) check.Result {
	return check.Check(ctx, s.Text, s.File, s.Info, check.Options{Depth: s.Settings.Depth, Budget: s.Settings.Budget, Progress: lsp.Progress(ctx)})
}
