// Command specls checks, formats and explains Specl specs and serves editors:
// `specls check`, `specls fmt`, `specls explain`, `specls serve`, `specls version` and
// `specls help`. It is the only place besides the language server
// that reads files; everything below it takes (path, text) and returns values.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/alecthomas/kong"
)

// Exit statuses of every command.
const (
	exitOK       = 0 // nothing wrong
	exitFindings = 1 // errors found (warnings too under --strict); a file that does not parse for fmt
	exitUsage    = 2 // the command could not run: a bad flag, an unreadable file
)

// cli is the command line. kong rather than the standard flag package: flag stops at
// the first path, so `specls check a.specl --strict` would treat --strict as a path;
// kong takes flags anywhere, checks --format against its enum and prints help per
// command.
type cli struct {
	VersionFlag kong.VersionFlag `name:"version" help:"Print the version of specls and exit."`
	MaxBytes    int64            `name:"max-bytes" placeholder:"N" help:"Largest spec file read, in bytes (1048576 when not given); a larger one is not read."`

	Check   checkCmd   `cmd:"" help:"Check specs and report findings and property verdicts."`
	Fmt     fmtCmd     `cmd:"" help:"Format specs (like gofmt): print, list (-l), diff (-d) or rewrite (-w)."`
	Explain explainCmd `cmd:"" help:"Read each declaration of a spec in plain English."`
	Diff    diffCmd    `cmd:"" help:"Compare two specs of one thing: equivalent, or each behaviour one admits and the other rejects."`
	Synth   synthCmd   `cmd:"" help:"Propose a clause from a spec's examples and nonexamples."`
	Run     runCmd     `cmd:"" help:"Make random runs of a spec, checking every invariant and assert; print the first failing run."`
	Replay  replayCmd  `cmd:"" help:"Replay a trace (JSON Lines, one state per line) against a spec: each run accepted, or its first rejected step."`
	Mine    mineCmd    `cmd:"" help:"Propose candidate invariants and step relations from traces; with --spec, ask each of the spec."`
	Mutate  mutateCmd  `cmd:"" help:"Test a spec's tests: rewrite its clauses and report which rewrites its examples and properties fail to notice, with an example that would."`
	Serve   serveCmd   `cmd:"" help:"Run the language server on stdin and stdout (for editors)."`
	Version versionCmd `cmd:"" help:"Print the version of specls."`
	Help    helpCmd    `cmd:"" help:"Show the commands and the codes of findings; 'specls help CODE' explains a code."`
}

// env is what a command may touch of the process, so tests can run it in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	maxSize        int64 // --max-bytes; 0: defaultMaxBytes
}

func main() {
	os.Exit(run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}))
}

// kongExit carries kong's request to exit (after --help, or on a parse error it
// reports itself) out of its parser as a panic, so that run returns instead of the
// process ending inside kong.
type kongExit int

func run(args []string, e *env) (code int) {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("specls"),
		kong.Description("A checker for Specl, a small finite-domain specification language."),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(func(code int) { panic(kongExit(code)) }),
		kong.Help(printHelp),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Vars{"version": versionLine()},
		helpDefaults(),
	)
	if err != nil {
		// The command line is a literal of this file; an error here is a bug in it.
		panic(err)
	}
	defer func() {
		if r := recover(); r != nil {
			k, ok := r.(kongExit)
			if !ok {
				panic(r)
			}
			code = int(k)
			if code != exitOK {
				code = exitUsage
			}
		}
	}()
	ctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "specls: %v\n", err)
		fmt.Fprintln(e.stderr, "Run 'specls help' for usage.")
		return exitUsage
	}
	if c.MaxBytes < 0 {
		fmt.Fprintln(e.stderr, "specls: --max-bytes must not be negative")
		return exitUsage
	}
	e.maxSize = c.MaxBytes
	switch strings.Fields(ctx.Command())[0] {
	case "check":
		return c.Check.run(e)
	case "fmt":
		return c.Fmt.run(e)
	case "explain":
		return c.Explain.run(e)
	case "diff":
		return c.Diff.run(e)
	case "mine":
		return c.Mine.run(e)
	case "synth":
		return c.Synth.run(e)
	case "run":
		return c.Run.run(e)
	case "replay":
		return c.Replay.run(e)
	case "mutate":
		return c.Mutate.run(e)
	case "serve":
		return c.Serve.run(e)
	case "version":
		return c.Version.run(e)
	case "help":
		return c.Help.run(e)
	}
	// Every command of cli is in the switch; kong accepts no other.
	panic("unhandled command " + ctx.Command())
}

// printHelp is kong's help followed, at the top level, by the table of finding codes.
func printHelp(options kong.HelpOptions, ctx *kong.Context) error {
	if err := kong.DefaultHelpPrinter(options, ctx); err != nil {
		return err
	}
	if ctx.Selected() == nil {
		fmt.Fprintln(ctx.Stdout)
		writeCodes(ctx.Stdout)
	}
	return nil
}

// ioError says which file could not be read or written, without Go's operation
// prefix ("open …: ") that says nothing to a user.
func ioError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
