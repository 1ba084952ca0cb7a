package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specls/specls/lang/lsp"
)

// runServe is `specls serve`: the language server on stdin and stdout. Editors pass
// --stdio, which is the only transport and so is accepted and ignored. The log goes
// to stderr or to the --log file, never to stdout, which carries the protocol.
// Exit status: 0 after shutdown and exit (or the end of input), 1 after an exit
// without shutdown (as the protocol asks), 2 when the server could not start.
func runServe(args []string) int {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(os.Stderr)
	flags.Bool("stdio", true, "speak LSP over stdin and stdout (the only transport; accepted for editors that pass it)")
	logPath := flags.String("log", "", "write the server's log to this file instead of stderr")
	verbose := flags.Bool("verbose", false, "log every request with its latency")
	if err := flags.Parse(args); err != nil {
		return exitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "specls serve: unexpected argument %q\n", flags.Arg(0))
		return exitUsage
	}
	var logOut io.Writer = os.Stderr
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "specls serve: %s\n", ioError(err))
			return exitUsage
		}
		defer f.Close()
		logOut = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := lsp.Serve(ctx, os.Stdin, os.Stdout, lsp.Options{
		Logger:  lsp.NewLogger(logOut, *verbose),
		Version: version(),
	})
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return exitOK
	case errors.Is(err, lsp.ErrExitWithoutShutdown):
		return exitFindings
	}
	fmt.Fprintf(os.Stderr, "specls serve: %v\n", err)
	return exitFindings
}
