// Command pushsim runs the pushsim environment for real backends (serve)
// and prints what it knows.
//
//	pushsim run [--seed N] [--report-dir DIR] [--labels EXPR] [--parallel N] PATH...
//	pushsim serve --listen 127.0.0.1:4780 [--config env.yaml] [--seed N] [--secret-key K]
//	pushsim usersig --sdkappid N --key K --user U [--expire SECONDS]
//	pushsim load --devices N [--brands ...] [--messages M | --rate R --duration D] [--target embedded|virtual|http://HOST:PORT] [--seed N] [--shard i/N] [--report-dir DIR]
//	pushsim load --print-serve-config [--seed N] [--vendor-limits on|off]
//	pushsim merge [--report-dir DIR] DIR...
//	pushsim validate [--serve] scenarios/catalog/*.yaml
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
		if !errors.Is(err, errUsage) && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "pushsim:", err)
		}
		os.Exit(2)
	}
}

// errUsage is a usage error: the usage has been printed.
var errUsage = errors.New("usage")

// errReported is a failure whose details have been printed already.
var errReported = errors.New("reported")

const usage = `pushsim: a device simulator and test harness for mobile offline push.

Commands:
  run       run scenario files (files, folders, globs) in virtual time and write the reports
  serve     run the fake IM server and every vendor mock on one port
  usersig   print a UserSig v2 for REST calls or device logins
  load      launch a fleet of phones, send messages, count every outcome (load.json)
  merge     join the load.json of several shards
  validate  check scenario files and serve configs (file:line:col: problem), or print the JSON Schema
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
	case "usersig":
		return usersigCmd(args[1:], stdout, stderr)
	case "load":
		return loadCmd(ctx, args[1:], stdout, stderr)
	case "merge":
		return mergeCmd(args[1:], stdout, stderr)
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
