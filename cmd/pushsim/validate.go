package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pushsim/pushsim/scenarios/format"
)

// validate checks scenario files without running them, printing every
// problem as file:line:col: message (hint).
func validate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schema := fs.Bool("schema", false, "print the JSON Schema of the scenario format and exit")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: pushsim validate [--schema] FILE|GLOB ...") }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *schema {
		_, err := stdout.Write(format.Schema)
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	var files []string
	for _, pat := range fs.Args() {
		matches, err := filepath.Glob(pat)
		if err != nil || len(matches) == 0 {
			return fmt.Errorf("%s: no such file", pat)
		}
		files = append(files, matches...)
	}
	bad := 0
	for _, f := range files {
		if _, err := format.ParseFile(f); err != nil {
			bad++
			fmt.Fprintln(stdout, err)
		}
	}
	fmt.Fprintf(stdout, "%d files, %d valid, %d invalid\n", len(files), len(files)-bad, bad)
	if bad > 0 {
		return fmt.Errorf("%d invalid scenario files", bad)
	}
	return nil
}
