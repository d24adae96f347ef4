package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pushsim/pushsim/scenarios/format"
)

// validate checks scenario files and serve configs without running them,
// printing every problem as file:line:col: message (hint). A file is read
// as a serve config with --serve, or when it has a serve config's shape
// (no name and no steps, and an im, vendors or devices block).
func validate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schema := fs.Bool("schema", false, "print the JSON Schema of the scenario format and exit")
	serveCfg := fs.Bool("serve", false, "read every file as a pushsim serve --config file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim validate [--serve] [--schema] FILE|GLOB ...")
		fs.PrintDefaults()
	}
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
		if err := validateFile(f, *serveCfg); err != nil {
			bad++
			fmt.Fprintln(stdout, err)
		}
	}
	fmt.Fprintf(stdout, "%d files, %d valid, %d invalid\n", len(files), len(files)-bad, bad)
	if bad > 0 {
		return fmt.Errorf("%d invalid files", bad)
	}
	return nil
}

// validateFile checks one file as a scenario or a serve config.
func validateFile(path string, serveCfg bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if serveCfg || format.IsServeConfig(data) {
		_, err = format.ParseServeConfig(path, data)
		return err
	}
	_, err = format.Parse(path, data)
	return err
}
