// Command benchtable builds and prints the table `make bench` shows:
//
//	benchtable print ROWS            print the collected rows as one table
//	benchtable load LABEL DIR        add the rows of DIR/load.json (pushsim load)
//	benchtable catalog PUSHSIM DIR   run the scenario catalog with pushsim run,
//	                                 reporting into DIR, and add its speed
//	benchtable loopback PUSHSIM N DIR  run pushsim serve on a loopback port and
//	                                 pushsim load --target against it with N
//	                                 phones, reporting into DIR, then add its rows
//	benchtable sustained PUSHSIM N RATE DURATION DIR  the same with RATE
//	                                 messages a second offered for DURATION,
//	                                 the vendors' limits off; adds the rate
//	                                 sustained second by second
//	benchtable wsfloor DURATION N    the floor under that rate: websocket
//	                                 frames and acks over N loopback
//	                                 connections to a child process, no work
//	benchtable hold PUSHSIM N SHARDS DIR [tunnel]  N phones in SHARDS load
//	                                 processes against one serve at once
//	                                 (over HTTP/2 tunnels with tunnel); adds
//	                                 the phones serve held at once
//
// Rows go to the file PUSHSIM_BENCH_ROWS names.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/benchrow"
	"github.com/pushsim/pushsim/internal/rlimit"
	"github.com/pushsim/pushsim/loadgen"
)

const usage = "usage: benchtable print ROWS | load LABEL DIR | catalog PUSHSIM DIR | loopback PUSHSIM DEVICES DIR | sustained PUSHSIM DEVICES RATE DURATION DIR | wsfloor DURATION CONNECTIONS | hold PUSHSIM DEVICES SHARDS DIR [tunnel]"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 2 && args[0] == "print":
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := benchrow.Read(f)
		if err != nil {
			return err
		}
		return benchrow.Table(stdout, rows)
	case len(args) == 3 && args[0] == "load":
		return loadRows(args[1], args[2], "")
	case len(args) == 3 && args[0] == "catalog":
		return catalog(args[1], args[2])
	case len(args) == 4 && args[0] == "loopback":
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return fmt.Errorf("devices %q: want a positive number", args[2])
		}
		return loopback(args[1], n, args[3])
	case len(args) == 6 && args[0] == "sustained":
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return fmt.Errorf("devices %q: want a positive number", args[2])
		}
		rate, err := strconv.ParseFloat(args[3], 64)
		if err != nil || rate <= 0 {
			return fmt.Errorf("rate %q: want a positive number", args[3])
		}
		d, err := time.ParseDuration(args[4])
		if err != nil || d <= 0 {
			return fmt.Errorf("duration %q: want a positive duration", args[4])
		}
		return sustained(args[1], n, rate, d, args[5])
	case (len(args) == 5 || len(args) == 6 && args[5] == "tunnel") && args[0] == "hold":
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return fmt.Errorf("devices %q: want a positive number", args[2])
		}
		shards, err := strconv.Atoi(args[3])
		if err != nil || shards < 1 || shards > n {
			return fmt.Errorf("shards %q: want a number from 1 to the devices", args[3])
		}
		return hold(args[1], n, shards, args[4], len(args) == 6)
	case len(args) == 3 && (args[0] == "wsfloor" || args[0] == "wsfloor-phones"):
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return fmt.Errorf("connections %q: want a positive number", args[2])
		}
		_, _ = rlimit.RaiseFiles()
		if args[0] == "wsfloor-phones" {
			return wsFloorPhones(args[1], n)
		}
		d, err := time.ParseDuration(args[1])
		if err != nil || d <= 0 {
			return fmt.Errorf("duration %q: want a positive duration", args[1])
		}
		return wsFloor(n, d)
	}
	return errors.New(usage)
}

// readReport reads DIR/load.json.
func readReport(dir string) (loadgen.Report, error) {
	var r loadgen.Report
	data, err := os.ReadFile(filepath.Join(dir, "load.json"))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s/load.json: %w", dir, err)
	}
	if r.Devices == 0 {
		return r, fmt.Errorf("%s/load.json holds no phones", dir)
	}
	return r, nil
}

// loadRows adds the phones held, memory per phone and notification rate
// of the load.json in dir. extraRSS is another process's peak resident set
// to name beside the load process's (the serve of a loopback run).
func loadRows(label, dir, extra string) error {
	r, err := readReport(dir)
	if err != nil {
		return err
	}
	wall := time.Duration(r.WallMS) * time.Millisecond
	perPhone := float64(r.PeakRSSBytes) / float64(r.Devices)
	rate := fmt.Sprintf("%.0f notified/s over the whole run", float64(r.Notified)/wall.Seconds())
	var peak int64
	for _, s := range r.PerSecond {
		peak = max(peak, s.Notified)
	}
	if peak > 0 {
		rate = fmt.Sprintf("%d notified/s in the busiest second; %s", peak, rate)
	}
	note := fmt.Sprintf("pushsim load --target %s --devices %d: %d sent, %d notified, wall %s", r.Target, r.Devices,
		r.Sent, r.Notified, wall.Round(time.Millisecond))
	memNote := "peak RSS of the load process / phones"
	if extra != "" {
		memNote += "; " + extra
	}
	return benchrow.Add(
		benchrow.Row{What: "phones held (" + label + ")", Value: strconv.Itoa(r.Devices), Note: note},
		benchrow.Row{What: "memory per phone (" + label + ")", Value: fmt.Sprintf("%.1f KiB", perPhone/1024), Note: memNote},
		benchrow.Row{What: "notifications end to end (" + label + ")", Value: rate, Note: "every message followed to its outcome"},
	)
}

// loopback runs pushsim serve on a free loopback port with the config
// pushsim load prints, then pushsim load against it.
func loopback(pushsim string, devices int, dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	srv, err := startServe(ctx, pushsim, dir)
	if err != nil {
		return err
	}
	defer srv.stop()
	if _, err := runLoad(ctx, pushsim, dir, "--target", srv.url, "--admin-token", benchToken,
		"--devices", strconv.Itoa(devices), "--report-dir", dir); err != nil {
		return err
	}
	return loadRows("loopback", dir, rssText(srv.stop()))
}

// sustained offers rate messages a second for duration to devices phones
// through a served environment with the vendors' limits off, then adds
// the rate the phones' trays took in, second by second.
func sustained(pushsim string, devices int, rate float64, duration time.Duration, dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute+duration)
	defer cancel()
	srv, err := startServe(ctx, pushsim, dir, "--vendor-limits", "off")
	if err != nil {
		return err
	}
	defer srv.stop()
	args := []string{"--target", srv.url, "--admin-token", benchToken, "--devices", strconv.Itoa(devices),
		"--rate", strconv.FormatFloat(rate, 'f', -1, 64), "--duration", duration.String(), "--batch", "250",
		"--vendor-limits", "off", "--settle", "30s", "--report-dir", dir}
	loadState, err := runLoad(ctx, pushsim, dir, args...)
	if err != nil {
		return err
	}
	r, err := readReport(dir)
	if err != nil {
		return err
	}
	serveState := srv.stop()
	extra := []string{rssText(serveState)}
	if serveState != nil && r.Sent > 0 {
		// The whole of each process, launching and logging in the
		// phones included: a little more than the sending alone.
		perSent := func(st *os.ProcessState) float64 {
			return float64((st.UserTime() + st.SystemTime()).Microseconds()) / float64(r.Sent)
		}
		extra = append(extra, fmt.Sprintf("CPU per message sent: serve %.0f µs, load %.0f µs (whole runs)", perSent(serveState), perSent(loadState)))
	}
	return benchrow.Add(sustainedRow(r, rate, duration, strings.Join(slices.DeleteFunc(extra, func(x string) bool { return x == "" }), "; ")))
}

// sustainedRow reads the rate curve of a sustained run: the notifications
// of each whole second of the sending (the first and the last left out as
// ramps), their median and lowest, and the mean of the last third beside
// the first's, which shows a decline.
func sustainedRow(r loadgen.Report, rate float64, duration time.Duration, extra string) benchrow.Row {
	secs := int(duration / time.Second)
	var curve []int64
	for s := 1; s < secs-1 && s < len(r.PerSecond); s++ {
		curve = append(curve, r.PerSecond[s].Notified)
	}
	for len(curve) < secs-2 {
		curve = append(curve, 0)
	}
	row := benchrow.Row{What: "notifications a second sustained (loopback)"}
	if len(curve) < 3 {
		row.Value = "not measured"
		row.Note = fmt.Sprintf("a sustained run needs at least 5 s (got %s)", duration)
		return row
	}
	sorted := slices.Clone(curve)
	slices.Sort(sorted)
	third := len(curve) / 3
	first, last := mean(curve[:third]), mean(curve[len(curve)-third:])
	row.Value = fmt.Sprintf("median %d/s, lowest %d/s (%.0f/s offered for %s)", sorted[len(sorted)/2], sorted[0], rate, duration)
	row.Note = fmt.Sprintf("pushsim load --devices %d --rate %.0f --duration %s --batch 250 --vendor-limits off: %d sent, %d notified, %s; mean of the first third %.0f/s, of the last %.0f/s",
		r.Devices, rate, duration, r.Sent, r.Notified, notNotified(r), first, last)
	if extra != "" {
		row.Note += "; " + extra
	}
	return row
}

// notNotified names what became of the messages no tray showed, by
// reason ("every one notified" when there are none).
func notNotified(r loadgen.Report) string {
	var parts []string
	if r.Online > 0 {
		parts = append(parts, fmt.Sprintf("%d delivered online", r.Online))
	}
	for _, k := range slices.Sorted(maps.Keys(r.NotDelivered)) {
		parts = append(parts, fmt.Sprintf("%d %s", r.NotDelivered[k], k))
	}
	if len(parts) == 0 {
		return "every one notified"
	}
	return strings.Join(parts, ", ")
}

func mean(xs []int64) float64 {
	var sum int64
	for _, x := range xs {
		sum += x
	}
	return float64(sum) / float64(max(len(xs), 1))
}

// benchToken is the admin token of the serve a bench step starts.
const benchToken = "bench-admin-token"

// served is a pushsim serve a bench step started.
type served struct {
	url  string
	pid  int
	stop func() *os.ProcessState
}

// rssText names the peak resident set of serve, once stopped ("" when
// unknown).
func rssText(st *os.ProcessState) string {
	if st != nil {
		if ru, ok := peakRSS(st); ok {
			return fmt.Sprintf("serve's own peak RSS %.0f MiB", float64(ru)/(1<<20))
		}
	}
	return ""
}

// startServe starts pushsim serve on a free loopback port with the config
// pushsim load --print-serve-config prints (with printArgs), logging into
// dir, and waits until it is ready.
func startServe(ctx context.Context, pushsim, dir string, printArgs ...string) (*served, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	conf, err := exec.CommandContext(ctx, pushsim, append([]string{"load", "--print-serve-config"}, printArgs...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("pushsim load --print-serve-config: %w", err)
	}
	confPath := filepath.Join(dir, "serve.yaml")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return nil, err
	}
	serve := exec.CommandContext(ctx, pushsim, "serve", "--listen", "127.0.0.1:0", "--config", confPath, "--admin-token", benchToken)
	serveLog, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	serve.Stderr = serveLog
	out, err := serve.StdoutPipe()
	if err != nil {
		serveLog.Close()
		return nil, err
	}
	if err := serve.Start(); err != nil {
		serveLog.Close()
		return nil, fmt.Errorf("pushsim serve: %w", err)
	}
	var once sync.Once
	s := &served{}
	s.stop = func() *os.ProcessState {
		once.Do(func() {
			_ = serve.Process.Signal(os.Interrupt)
			_ = serve.Wait()
			serveLog.Close()
		})
		return serve.ProcessState
	}
	url, err := readyURL(out)
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("pushsim serve: %w (log in %s)", err, serveLog.Name())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	s.url, s.pid = url, serve.Process.Pid
	return s, nil
}

// runLoad runs pushsim load with args, its output logged to dir/load.log,
// and returns how the process ended.
func runLoad(ctx context.Context, pushsim, dir string, args ...string) (*os.ProcessState, error) {
	load := exec.CommandContext(ctx, pushsim, append([]string{"load"}, args...)...)
	loadLog, err := os.Create(filepath.Join(dir, "load.log"))
	if err != nil {
		return nil, err
	}
	defer loadLog.Close()
	load.Stdout, load.Stderr = loadLog, loadLog
	if err := load.Run(); err != nil {
		return nil, fmt.Errorf("pushsim load %s: %w (log in %s)", strings.Join(args, " "), err, loadLog.Name())
	}
	return load.ProcessState, nil
}

// readyURL reads serve's stdout up to its "pushsim ready URL" line.
func readyURL(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "pushsim ready "); ok {
			return strings.TrimSpace(u), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New("exited before it was ready")
}

// catalog runs pushsim run over scenarios/catalog and adds the simulated
// time its scenarios cover per wall second of the whole command.
func catalog(pushsim, dir string) error {
	start := time.Now()
	cmd := exec.Command(pushsim, "run", "--report-dir", dir, "scenarios/catalog")
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	// Exit status 1 is a failed scenario: the speed still counts.
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("pushsim run scenarios/catalog: %w: %s", err, lastLines(out, 5))
	}
	data, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return err
	}
	var res struct {
		Scenarios []struct {
			SimMS int64 `json:"sim_ms"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return fmt.Errorf("%s/results.json: %w", dir, err)
	}
	var sim time.Duration
	for _, s := range res.Scenarios {
		sim += time.Duration(s.SimMS) * time.Millisecond
	}
	return benchrow.Add(benchrow.Row{What: "catalog in virtual time",
		Value: fmt.Sprintf("%.0f simulated min per wall s", sim.Minutes()/wall.Seconds()),
		Note:  fmt.Sprintf("pushsim run scenarios/catalog: %d scenarios, %s simulated in %s wall", len(res.Scenarios), sim.Round(time.Second), wall.Round(time.Millisecond))})
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
