package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/fleet"
	"github.com/pushsim/pushsim/internal/rlimit"
	"github.com/pushsim/pushsim/loadgen"
)

const loadUsage = `usage: pushsim load --devices N [--brands meizu=0.2,xiaomi=0.3,...] [--messages M | --rate R --duration D]
                    [--target embedded|virtual|http://HOST:PORT] [--seed N] [--shard i/N] [--report-dir DIR]
       pushsim load --print-serve-config [--seed N] [--secret-key K] [--vendor-limits on|off] [--serve-config-out FILE]

A fleet of N phones is launched, logged in and killed; then M messages (one per phone by
default) go out through the IM server's REST API, or R a second for D, and each is followed to
its outcome. Writes load.json to the report folder.

With --target http://HOST:PORT the phones run in this process and connect over TCP to a
pushsim serve started with the config --print-serve-config prints (the same --seed and
--secret-key); any number of shards can share that serve.

`

// loadCmd is pushsim load.
func loadCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	devices := fs.Int("devices", 0, "phones in the fleet (required)")
	brands := fs.String("brands", "meizu=1", "each brand's share of the fleet, summing to 1")
	messages := fs.Int("messages", 0, "messages to send, to phone i mod N (default one per phone)")
	rate := fs.Float64("rate", 0, "messages a second (with --duration)")
	duration := fs.Duration("duration", 0, "how long to send at --rate")
	target := fs.String("target", loadgen.TargetEmbedded, "embedded (in this process, real time), virtual (in this process, virtual time), or http://HOST:PORT of a pushsim serve")
	secretKey := fs.String("secret-key", "", "the IM secret key of the serve at --target (default: derived from --seed, as --print-serve-config prints it)")
	adminToken := fs.String("admin-token", "", "the admin token of the serve at --target, if it has one")
	printServe := fs.Bool("print-serve-config", false, "print the pushsim serve --config document a --target URL run needs, and exit")
	serveConfigOut := fs.String("serve-config-out", "", "with --print-serve-config: write it to this file instead of stdout")
	workers := fs.Int("workers", 64, "phones started and messages in flight at once")
	limits := fs.String("vendor-limits", "on", "on: the vendors' published limits apply (Meizu folds more than 5 a minute to one phone, ...); off: none (also in --print-serve-config)")
	tunnelFlag := fs.Bool("tunnel", false, "with --target URL: carry the phones' sockets as HTTP/2 streams over a few TCP connections to serve, not one socket each")
	batch := fs.Int("batch", 1, "with --target URL: send up to this many messages, to as many phones, in one REST batchsendmsg (1 to 500; 1: one sendmsg each)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiles (net/http/pprof, /debug/pprof/) on this address while the load runs")
	seed := fs.String("seed", "1", "the seed: the same seed gives the same fleet and the same counts")
	shard := fs.String("shard", "0/1", "run the i-th of N slices of the fleet")
	settle := fs.Duration("settle", 2*time.Minute, "how long after the last send outcomes are awaited")
	reportDir := fs.String("report-dir", "pushsim-report", "folder for load.json")
	fs.Usage = func() {
		fmt.Fprint(stderr, loadUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "pushsim load: "+format+"\n", a...)
		return exitCode(2)
	}
	if fs.NArg() > 0 {
		return fail("unexpected arguments %q", fs.Args())
	}
	if *limits != "on" && *limits != "off" {
		return fail("--vendor-limits %q: want on or off", *limits)
	}
	if *printServe {
		s, err := parseSeed(*seed)
		if err != nil {
			return fail("--seed %q: %v", *seed, err)
		}
		doc := loadgen.Options{Seed: s, SecretKey: *secretKey, VendorLimitsOff: *limits == "off"}.ServeConfig()
		if *serveConfigOut != "" {
			if err := os.WriteFile(*serveConfigOut, doc, 0o600); err != nil {
				return fail("--serve-config-out: %v", err)
			}
			return nil
		}
		_, err = stdout.Write(doc)
		return err
	}
	if *devices < 1 {
		return fail("--devices N is required (at least 1)")
	}
	if *workers < 1 {
		return fail("--workers %d: want at least 1", *workers)
	}
	o := loadgen.Options{Devices: *devices, Messages: *messages, Rate: *rate, Duration: *duration, Target: *target, Settle: *settle,
		SecretKey: *secretKey, AdminToken: *adminToken, Workers: *workers, Batch: *batch, Tunnel: *tunnelFlag, VendorLimitsOff: *limits == "off"}
	var err error
	if o.Brands, err = fleet.ParseBrands(*brands); err != nil {
		return fail("--brands: %v", err)
	}
	if err := o.Spec().Validate(); err != nil {
		return fail("%v", err)
	}
	if o.Seed, err = parseSeed(*seed); err != nil {
		return fail("--seed %q: %v", *seed, err)
	}
	if o.Shard, o.Shards, err = fleet.ParseShard(*shard); err != nil {
		return fail("--shard: %v", err)
	}
	if o.Target != loadgen.TargetEmbedded && o.Target != loadgen.TargetVirtual && !loadgen.IsURLTarget(o.Target) {
		return fail("--target %q: want embedded, virtual or http://HOST:PORT", o.Target)
	}
	if (*secretKey != "" || *adminToken != "") && !loadgen.IsURLTarget(o.Target) {
		return fail("--secret-key and --admin-token are for --target http://HOST:PORT")
	}
	if loadgen.IsURLTarget(o.Target) {
		if _, err := rlimit.RaiseFiles(); err != nil {
			fmt.Fprintf(stderr, "pushsim load: raising the open-file limit: %v\n", err)
		}
	}
	if *pprofAddr != "" {
		stop, err := servePprof(*pprofAddr, stderr)
		if err != nil {
			return fail("--pprof: %v", err)
		}
		defer stop()
	}
	o.Progress = &loadgen.Progress{}
	stop := showProgress(stdout, o.Progress)
	r, err := loadgen.Execute(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(stderr, "pushsim load:", err)
		return exitCode(1)
	}
	path, err := r.Write(*reportDir)
	if err != nil {
		fmt.Fprintln(stderr, "pushsim load: writing the report:", err)
		return exitCode(2)
	}
	printLoad(stdout, r)
	fmt.Fprintf(stdout, "pushsim: report in %s\n", filepath.Clean(path))
	return nil
}

// mergeCmd is pushsim merge DIR...: joins shards' load.json.
func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reportDir := fs.String("report-dir", "pushsim-report", "folder for the merged load.json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim merge [--report-dir DIR] DIR...   (each DIR holds a shard's load.json)")
		fs.PrintDefaults()
	}
	dirs, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if len(dirs) == 0 {
		fs.Usage()
		return errUsage
	}
	var parts []*loadgen.Report
	for _, d := range dirs {
		r, err := loadgen.ReadReport(d)
		if err != nil {
			fmt.Fprintln(stderr, "pushsim merge:", err)
			return exitCode(2)
		}
		parts = append(parts, r)
	}
	m, err := loadgen.Merge(parts)
	if err != nil {
		fmt.Fprintln(stderr, "pushsim", err)
		return exitCode(2)
	}
	path, err := m.Write(*reportDir)
	if err != nil {
		fmt.Fprintln(stderr, "pushsim merge: writing the report:", err)
		return exitCode(2)
	}
	printLoad(stdout, m)
	fmt.Fprintf(stdout, "pushsim: report in %s\n", filepath.Clean(path))
	return nil
}

// showProgress prints the run's progress until the returned stop is
// called: one line rewritten in place on a terminal, else a plain line at
// each phase change and every 5 seconds.
func showProgress(w io.Writer, p *loadgen.Progress) (stop func()) {
	tty := isTerminal(w)
	every := 5 * time.Second
	if tty {
		every = 200 * time.Millisecond
	}
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	line := func() string {
		return fmt.Sprintf("pushsim load [%s] phones %d/%d ready, sent %d/%d, settled %d, %s",
			p.Phase(), p.Ready.Load(), p.Phones.Load(), p.Sent.Load(), p.Messages.Load(), p.Settled.Load(), time.Since(start).Round(100*time.Millisecond))
	}
	wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		phase := ""
		poll := time.NewTicker(100 * time.Millisecond)
		defer poll.Stop()
		for {
			select {
			case <-done:
				if tty {
					fmt.Fprintf(w, "\r%s\033[K\n", line())
				} else {
					fmt.Fprintln(w, line())
				}
				return
			case <-tick.C:
				if tty {
					fmt.Fprintf(w, "\r%s\033[K", line())
				} else {
					fmt.Fprintln(w, line())
				}
			case <-poll.C:
				if ph := p.Phase(); ph != phase && !tty && ph != "done" {
					phase = ph
					fmt.Fprintln(w, line())
				}
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// printLoad prints a report's summary.
func printLoad(w io.Writer, r *loadgen.Report) {
	fmt.Fprintf(w, "pushsim load: %d phones (shard %s of a fleet of %d), seed %d, %s\n", r.Devices, r.Shard, r.FleetDevices, r.Seed, r.Target)
	fmt.Fprintf(w, "  sent %d: notified %d, online %d", r.Sent, r.Notified, r.Online)
	reasons := make([]string, 0, len(r.NotDelivered))
	for k := range r.NotDelivered {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	for _, k := range reasons {
		fmt.Fprintf(w, ", %s %d", k, r.NotDelivered[k])
	}
	fmt.Fprintf(w, "\n  wall %s, %.0f messages/s, peak RSS %d MiB\n", (time.Duration(r.WallMS) * time.Millisecond).Round(time.Millisecond), r.RatePerS, r.PeakRSSBytes>>20)
	vendors := make([]string, 0, len(r.LatencyMS))
	for v := range r.LatencyMS {
		vendors = append(vendors, v)
	}
	sort.Strings(vendors)
	var lat []string
	for _, v := range vendors {
		p := r.LatencyMS[v]
		lat = append(lat, fmt.Sprintf("%s %d/%d/%d", v, p.P50, p.P95, p.P99))
	}
	if len(lat) > 0 {
		fmt.Fprintf(w, "  latency ms p50/p95/p99: %s\n", strings.Join(lat, ", "))
	}
	if r.TraceMissed > 0 {
		fmt.Fprintf(w, "  serve's trace dropped %d events before this run read them: the messages they were about count in_flight (raise serve's --trace-max-events)\n", r.TraceMissed)
	}
}
