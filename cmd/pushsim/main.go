// Command pushsim runs the pushsim environment for real backends (serve)
// and prints what it knows.
//
//	pushsim run [--seed N] [--report-dir DIR] [--labels EXPR] [--parallel N] PATH...
//	pushsim serve --listen 127.0.0.1:4780 [--config env.yaml] [--seed N]
//	pushsim validate scenarios/catalog/*.yaml
//	pushsim version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var code exitCode
		if errors.As(err, &code) {
			os.Exit(int(code))
		}
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "pushsim:", err)
		}
		os.Exit(2)
	}
}

var errUsage = errors.New("usage")

const usage = `pushsim: a device simulator and test harness for mobile offline push.

Commands:
  run       run scenario files (files, folders, globs) in virtual time and write the reports
  serve     run the fake IM server and every vendor mock on one port
  validate  check scenario files (file:line:col: problem), or print the JSON Schema
  version   print the version

Run 'pushsim <command> --help' for a command's flags.
`

// run dispatches a subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "run":
		return runScenarios(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "pushsim", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "pushsim: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}
