package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/rlimit"
	"github.com/pushsim/pushsim/scenarios/format"
)

// serve runs the environment on a real socket until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:4780", "address to listen on (port 0 picks a free port)")
	configPath := fs.String("config", "", "YAML file with the im, vendors and devices blocks of the scenario format")
	seedFlag := fs.Uint64("seed", 0, "root seed (overrides the config's seed)")
	secretKey := fs.String("secret-key", "", "the IM secret key UserSigs are signed with (overrides im.secret_key; default: random)")
	activation := fs.Duration("activation-delay", harness.DefaultActivationDelay,
		"certificate changes take effect at a seeded moment within this (overrides im.activation_delay; 0s: at once)")
	heartbeat := fs.Duration("heartbeat-timeout", fakeim.HeartbeatTimeout,
		"how long after a device's last frame the IM notices a silently lost connection (overrides im.heartbeat_timeout; devices beat at 120/400 of it)")
	tlsListen := fs.String("tls-listen", "", "also serve HTTPS (HTTP/2 and HTTP/1.1) on this address, with a certificate from a fresh local CA")
	caOut := fs.String("ca-out", "", "write the local CA certificate (PEM) here (with --tls-listen)")
	apnsClientCA := fs.String("apns-client-ca", "", "also trust this CA (PEM file) for APNs TLS client certificates (with --tls-listen)")
	adminToken := fs.String("admin-token", "", "require Authorization: Bearer TOKEN on every /_pushsim/ route (default: none on a loopback --listen, a random one printed on stderr otherwise)")
	insecureAdmin := fs.Bool("insecure-admin", false, "serve the /_pushsim/ admin API without a token even on a non-loopback --listen")
	traceMaxEvents := fs.Int("trace-max-events", harness.ServeLimits.TraceMaxEvents, "keep at most this many trace events, dropping the oldest (0: no limit)")
	traceMaxAge := fs.Duration("trace-max-age", harness.ServeLimits.TraceMaxAge, "drop trace events older than this before the newest (0: no limit)")
	vendorMaxMessages := fs.Int("vendor-max-messages", harness.ServeLimits.VendorMaxMessages, "keep at most this many accepted messages per vendor in /_pushsim/vendors/<vendor>/messages (0: no limit)")
	loginDeadline := fs.Duration("login-deadline", harness.ServeLimits.LoginDeadline, "close an IM websocket on which nobody logged in within this long (0: never)")
	maxConns := fs.Int("max-connections", harness.ServeLimits.MaxConnections, "cap the open connections of each listener (0: no cap; by default the open-file limit, raised to its hard limit, less 256, and at least 4096)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiles (net/http/pprof, /debug/pprof/) on this separate address, for go tool pprof")
	var allowedHosts stringList
	fs.Var(&allowedHosts, "allowed-host", "a host name (beside loopback and the --listen host) the admin API and device websockets answer to (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim serve [--listen ADDR] [--config FILE] [--seed N] [--secret-key K] [--activation-delay D] [--heartbeat-timeout D] [--tls-listen ADDR --ca-out FILE --apns-client-ca FILE] [--admin-token T | --insecure-admin] [--allowed-host H]... [--trace-max-events N] [--trace-max-age D] [--vendor-max-messages N] [--login-deadline D] [--max-connections N] [--pprof ADDR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pushsim serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if *adminToken != "" && *insecureAdmin {
		fmt.Fprintln(stderr, "pushsim serve: --admin-token and --insecure-admin contradict each other: give one")
		fs.Usage()
		return errUsage
	}
	if strings.ContainsAny(*adminToken, " \t\r\n") {
		fmt.Fprintln(stderr, "pushsim serve: --admin-token must not contain white space")
		return errUsage
	}
	if *activation < 0 {
		fmt.Fprintf(stderr, "pushsim serve: --activation-delay %v is negative\n", *activation)
		fs.Usage()
		return errUsage
	}
	limits := harness.Limits{TraceMaxEvents: *traceMaxEvents, TraceMaxAge: *traceMaxAge, VendorMaxMessages: *vendorMaxMessages,
		LoginDeadline: *loginDeadline, MaxConnections: *maxConns}
	if *traceMaxEvents < 0 || *traceMaxAge < 0 || *vendorMaxMessages < 0 || *loginDeadline < 0 || *maxConns < 0 {
		fmt.Fprintln(stderr, "pushsim serve: --trace-max-events, --trace-max-age, --vendor-max-messages, --login-deadline and --max-connections must not be negative")
		return errUsage
	}
	var cfg harness.Config
	if *configPath != "" {
		var err error
		if cfg, err = loadConfig(*configPath); err != nil {
			var ps format.Problems
			if errors.As(err, &ps) {
				fmt.Fprintln(stderr, ps.Error())
				return errReported
			}
			return err
		}
	}
	if *seedFlag != 0 {
		cfg.Seed = *seedFlag
	}
	if flagSet(fs, "heartbeat-timeout") {
		if *heartbeat <= 0 {
			fmt.Fprintf(stderr, "pushsim serve: --heartbeat-timeout %v: give a positive duration\n", *heartbeat)
			return errUsage
		}
		cfg.IM.HeartbeatTimeout = harness.Duration(*heartbeat)
	}
	if flagSet(fs, "activation-delay") {
		d := harness.Duration(*activation)
		cfg.IM.ActivationDelay = &d
	}
	keyFrom, err := chooseSecretKey(&cfg, *secretKey)
	if err != nil {
		return err
	}
	if *caOut != "" && *tlsListen == "" {
		return errors.New("--ca-out needs --tls-listen")
	}
	if *apnsClientCA != "" && *tlsListen == "" {
		return errors.New("--apns-client-ca needs --tls-listen (client certificates come over TLS)")
	}
	token, generated, err := chooseAdminToken(*adminToken, *insecureAdmin, *listen, *tlsListen)
	if err != nil {
		return err
	}
	opts := []harness.Option{harness.WithListen(*listen), harness.WithAdminToken(token), harness.WithAllowedHosts(allowedHosts...), harness.WithLimits(limits)}
	if *tlsListen != "" {
		opts = append(opts, harness.WithTLSListen(*tlsListen))
	}
	if *apnsClientCA != "" {
		pemCerts, err := os.ReadFile(*apnsClientCA)
		if err != nil {
			return fmt.Errorf("--apns-client-ca: %w", err)
		}
		opts = append(opts, harness.WithClientCAs(pemCerts))
	}
	files, err := rlimit.RaiseFiles()
	if err != nil {
		fmt.Fprintf(stderr, "pushsim serve: raising the open-file limit: %v\n", err)
	}
	if !flagSet(fs, "max-connections") {
		opts = append(opts, harness.WithLimits(limitsFor(limits, files)))
	}
	if *pprofAddr != "" {
		stop, err := servePprof(*pprofAddr, stderr)
		if err != nil {
			return fmt.Errorf("--pprof: %w", err)
		}
		defer stop()
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
	printSignIn(stderr, env, keyFrom, activationOf(cfg))
	switch {
	case generated:
		fmt.Fprintf(stderr, "pushsim admin token: %s (send Authorization: Bearer TOKEN to /_pushsim/; console: %s/_pushsim/ui/?token=TOKEN; pass --admin-token to choose it)\n", token, env.URL())
	case *insecureAdmin && !harness.IsLoopbackListen(*listen):
		fmt.Fprintf(stderr, "pushsim WARNING: --insecure-admin: anyone who reaches %s can read every message and drive every device\n", *listen)
	}
	fmt.Fprintf(stdout, "pushsim ready %s\n", env.URL())
	<-ctx.Done()
	return nil
}

// limitsFor is the default connection cap for an open-file limit: room
// for two sockets a phone up to the limit, less 256 for everything else,
// and at least ServeLimits.MaxConnections.
func limitsFor(l harness.Limits, files uint64) harness.Limits {
	if files > 256 {
		l.MaxConnections = max(l.MaxConnections, int(min(files-256, 1<<30)))
	}
	return l
}

// chooseAdminToken settles the admin token: --admin-token; else none when
// the user said --insecure-admin or every listener is on loopback; else a
// fresh random one (generated reports that, so serve prints it: nobody
// else sees serve's stderr).
func chooseAdminToken(flagToken string, insecure bool, listen, tlsListen string) (token string, generated bool, err error) {
	switch {
	case flagToken != "":
		return flagToken, false, nil
	case insecure:
		return "", false, nil
	case harness.IsLoopbackListen(listen) && (tlsListen == "" || harness.IsLoopbackListen(tlsListen)):
		return "", false, nil
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", false, fmt.Errorf("random admin token: %w", err)
	}
	return hex.EncodeToString(b), true, nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// chooseSecretKey settles the IM secret key: --secret-key, else the
// config's im.secret_key, else a fresh random one (a served environment
// must not be signable by whoever guesses its seed). It reports where the
// key came from.
func chooseSecretKey(cfg *harness.Config, flagKey string) (string, error) {
	switch {
	case flagKey != "":
		cfg.IM.SecretKey = flagKey
		return "--secret-key", nil
	case cfg.IM.SecretKey != "":
		return "im.secret_key", nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret key: %w", err)
	}
	cfg.IM.SecretKey = hex.EncodeToString(b)
	return "", nil
}

// printSignIn tells the user how to sign REST calls: the SDKAppID, the
// admin identifier and where the secret key came from (never a random
// key), and how soon certificate changes take effect.
func printSignIn(w io.Writer, env *harness.Env, keyFrom string, activation time.Duration) {
	im := env.IM()
	key := "random, not shown (pass --secret-key K to mint UserSigs with pushsim usersig)"
	if keyFrom != "" {
		key = "set by " + keyFrom
	}
	fmt.Fprintf(w, "pushsim im sdkappid %d, admin %s, secret key %s\n", im.SDKAppID(), im.Admin(), key)
	when := "at once"
	if activation > 0 {
		when = "within " + activation.String()
	}
	fmt.Fprintf(w, "pushsim certificates take effect %s of a change (--activation-delay; POST /_pushsim/im/certificates/{id}/activate for now)\n", when)
}

// activationOf is the default activation delay of cfg's certificates.
func activationOf(cfg harness.Config) time.Duration {
	if cfg.IM.ActivationDelay != nil {
		return cfg.IM.ActivationDelay.D()
	}
	return harness.DefaultActivationDelay
}

// flagSet reports whether the named flag was given.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// loadConfig reads a serve config: the seed, im, vendors, devices and
// users blocks of the scenario format. Every problem, a steps block
// included, is a format.Problems entry (file:line:col: message (hint)).
func loadConfig(path string) (harness.Config, error) {
	return format.ParseServeConfigFile(path)
}

func orStdout(path string) string {
	if path == "" {
		return "memory only: pass --ca-out FILE to keep it"
	}
	return path
}
