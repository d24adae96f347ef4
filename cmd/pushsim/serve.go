package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
)

// serve runs the environment on a real socket until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:4780", "address to listen on (port 0 picks a free port)")
	configPath := fs.String("config", "", "YAML file with the im, vendors and devices blocks of the scenario format")
	seedFlag := fs.Uint64("seed", 0, "root seed (overrides the config's seed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim serve [--listen ADDR] [--config FILE] [--seed N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	var cfg harness.Config
	if *configPath != "" {
		var err error
		if cfg, err = loadConfig(*configPath); err != nil {
			return err
		}
	}
	if *seedFlag != 0 {
		cfg.Seed = *seedFlag
	}
	env, err := harness.Start(ctx, cfg, harness.WithListen(*listen))
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.BringUp(); err != nil {
		return fmt.Errorf("bring up devices: %w", err)
	}
	fmt.Fprintf(stdout, "pushsim ready %s\n", env.URL())
	<-ctx.Done()
	return nil
}

// loadConfig reads a serve config, refusing unknown keys.
func loadConfig(path string) (harness.Config, error) {
	var cfg harness.Config
	f, err := os.Open(path)
	if err != nil {
		return cfg, err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}
