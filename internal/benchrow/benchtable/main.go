// Command benchtable builds and prints the table `make bench` shows:
//
//	benchtable print ROWS            print the collected rows as one table
//	benchtable load LABEL DIR        add the rows of DIR/load.json (pushsim load)
//	benchtable catalog PUSHSIM DIR   run the scenario catalog with pushsim run,
//	                                 reporting into DIR, and add its speed
//	benchtable loopback PUSHSIM N DIR  run pushsim serve on a loopback port and
//	                                 pushsim load --target against it with N
//	                                 phones, reporting into DIR, then add its rows
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
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/internal/benchrow"
	"github.com/pushsim/pushsim/loadgen"
)

const usage = "usage: benchtable print ROWS | load LABEL DIR | catalog PUSHSIM DIR | loopback PUSHSIM DEVICES DIR"

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
	}
	return errors.New(usage)
}

// loadRows adds the phones held, memory per phone and notification rate
// of the load.json in dir. extraRSS is another process's peak resident set
// to name beside the load process's (the serve of a loopback run).
func loadRows(label, dir, extra string) error {
	data, err := os.ReadFile(filepath.Join(dir, "load.json"))
	if err != nil {
		return err
	}
	var r loadgen.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s/load.json: %w", dir, err)
	}
	if r.Devices == 0 {
		return fmt.Errorf("%s/load.json holds no phones", dir)
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	conf, err := exec.CommandContext(ctx, pushsim, "load", "--print-serve-config").Output()
	if err != nil {
		return fmt.Errorf("pushsim load --print-serve-config: %w", err)
	}
	confPath := filepath.Join(dir, "serve.yaml")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return err
	}
	const token = "bench-admin-token"
	serve := exec.CommandContext(ctx, pushsim, "serve", "--listen", "127.0.0.1:0", "--config", confPath, "--admin-token", token)
	serveLog, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return err
	}
	defer serveLog.Close()
	serve.Stderr = serveLog
	out, err := serve.StdoutPipe()
	if err != nil {
		return err
	}
	if err := serve.Start(); err != nil {
		return fmt.Errorf("pushsim serve: %w", err)
	}
	stopped := false
	stop := func() (*os.ProcessState, error) {
		if stopped {
			return serve.ProcessState, nil
		}
		stopped = true
		_ = serve.Process.Signal(os.Interrupt)
		err := serve.Wait()
		return serve.ProcessState, err
	}
	defer stop()
	url, err := readyURL(out)
	if err != nil {
		return fmt.Errorf("pushsim serve: %w (log in %s)", err, serveLog.Name())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	load := exec.CommandContext(ctx, pushsim, "load", "--target", url, "--admin-token", token,
		"--devices", strconv.Itoa(devices), "--report-dir", dir)
	loadLog, err := os.Create(filepath.Join(dir, "load.log"))
	if err != nil {
		return err
	}
	defer loadLog.Close()
	load.Stdout, load.Stderr = loadLog, loadLog
	if err := load.Run(); err != nil {
		return fmt.Errorf("pushsim load --target %s: %w (log in %s)", url, err, loadLog.Name())
	}
	st, _ := stop()
	extra := ""
	if st != nil {
		if ru, ok := peakRSS(st); ok {
			extra = fmt.Sprintf("serve's own peak RSS %.0f MiB", float64(ru)/(1<<20))
		}
	}
	return loadRows("loopback", dir, extra)
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
