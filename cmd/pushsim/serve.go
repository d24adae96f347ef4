package main

import (
	"bytes"
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
	tlsListen := fs.String("tls-listen", "", "also serve HTTPS (HTTP/2 and HTTP/1.1) on this address, with a certificate from a fresh local CA")
	caOut := fs.String("ca-out", "", "write the local CA certificate (PEM) here (with --tls-listen)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim serve [--listen ADDR] [--config FILE] [--seed N] [--tls-listen ADDR --ca-out FILE]")
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
	if *caOut != "" && *tlsListen == "" {
		return errors.New("--ca-out needs --tls-listen")
	}
	opts := []harness.Option{harness.WithListen(*listen)}
	if *tlsListen != "" {
		opts = append(opts, harness.WithTLSListen(*tlsListen))
	}
	env, err := harness.Start(ctx, cfg, opts...)
	if err != nil {
		return err
	}
	defer env.Close()
	if *tlsListen != "" {
		if *caOut != "" {
			if err := os.WriteFile(*caOut, env.CACertPEM(), 0o644); err != nil {
				return fmt.Errorf("--ca-out: %w", err)
			}
		}
		fmt.Fprintf(stderr, "pushsim tls %s (CA certificate in %s)\n", env.TLSURL(), orStdout(*caOut))
	}
	if err := env.BringUp(); err != nil {
		return fmt.Errorf("bring up devices: %w", err)
	}
	fmt.Fprintf(stdout, "pushsim ready %s\n", env.URL())
	<-ctx.Done()
	return nil
}

// serveFile is what --config reads: the im, vendors and devices blocks
// (and seed, users) of the scenario format. A whole scenario file is
// accepted too; its name, labels and steps are not used by serve.
type serveFile struct {
	harness.Config `yaml:",inline"`
	Name           string    `yaml:"name,omitempty"`
	Labels         []string  `yaml:"labels,omitempty"`
	Steps          yaml.Node `yaml:"steps,omitempty"`
}

// loadConfig reads a serve config, refusing unknown keys and bad values.
func loadConfig(path string) (harness.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return harness.Config{}, err
	}
	cfg, err := parseConfig(data)
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// parseConfig decodes and validates a serve config.
func parseConfig(data []byte) (harness.Config, error) {
	var f serveFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return f.Config, err
	}
	return f.Config, f.Config.Validate()
}

func orStdout(path string) string {
	if path == "" {
		return "memory only: pass --ca-out FILE to keep it"
	}
	return path
}
