package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/benchrow"
)

// Hold shape: the shards send two messages to every phone of the fleet
// over holdSending (the vendors' limits off). Message i goes to phone i
// mod N and each shard holds a contiguous slice of the fleet, so every
// shard sends through most of that time and their phones are all up
// together whatever the spread of their launches; serve is sampled every
// holdSample.
const (
	holdPerPhone = 2
	holdSending  = 30 * time.Second
	holdSample   = 200 * time.Millisecond
)

// peaks is the most of each count seen in serve while the shards ran;
// the sampling goroutine alone writes it, and hold reads it once that
// goroutine has ended.
type peaks struct {
	sockets harness.Sockets // each field its own maximum
	fds     int             // serve's open descriptors (Linux), 0 when unknown
}

func (p *peaks) see(s harness.Sockets, fds int) {
	p.sockets.IM = max(p.sockets.IM, s.IM)
	p.sockets.DeviceChannels = max(p.sockets.DeviceChannels, s.DeviceChannels)
	p.fds = max(p.fds, fds)
}

// hold runs devices phones in shards load processes against one serve at
// the same time, each process its slice (--shard i/N), and adds the most
// phones serve held at once: its open device channels (a killed phone
// keeps its push service's socket), IM sockets and descriptors, sampled
// from /_pushsim/healthz and /proc while the shards ran.
func hold(pushsim string, devices, shards int, dir string, tunnel bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	srv, err := startServe(ctx, pushsim, dir, "--vendor-limits", "off")
	if err != nil {
		return err
	}
	defer srv.stop()
	var p peaks
	sampling, stopSampling := context.WithCancel(ctx)
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		sample(sampling, srv, &p)
	}()
	errs := make([]error, shards)
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() {
			sd := filepath.Join(dir, "shard-"+strconv.Itoa(i))
			if errs[i] = os.MkdirAll(sd, 0o755); errs[i] != nil {
				return
			}
			args := []string{"--target", srv.url, "--admin-token", benchToken, "--devices", strconv.Itoa(devices),
				"--shard", fmt.Sprintf("%d/%d", i, shards), "--rate", strconv.FormatFloat(holdPerPhone*float64(devices)/holdSending.Seconds(), 'f', -1, 64), "--duration", holdSending.String(),
				"--vendor-limits", "off", "--report-dir", sd}
			if tunnel {
				args = append(args, "--tunnel")
			}
			_, errs[i] = runLoad(ctx, pushsim, sd, args...)
		})
	}
	wg.Wait()
	stopSampling()
	<-sampled
	var sent, notified int64
	for i := range shards {
		if errs[i] != nil {
			return errs[i]
		}
		r, err := readReport(filepath.Join(dir, "shard-"+strconv.Itoa(i)))
		if err != nil {
			return err
		}
		sent, notified = sent+r.Sent, notified+r.Notified
	}
	how := "a socket a phone"
	if tunnel {
		how = "--tunnel"
	}
	procs, cmd := "one load process", fmt.Sprintf("pushsim load --target URL --devices %d (%s)", devices, how)
	if shards > 1 {
		procs, cmd = fmt.Sprintf("%d load processes", shards), fmt.Sprintf("pushsim load --target URL --devices %d --shard i/%d (%s), the %d at once", devices, shards, how, shards)
	}
	notes := []string{fmt.Sprintf("%s: at most %d IM sockets and %d device channels open in serve", cmd, p.sockets.IM, p.sockets.DeviceChannels)}
	if p.fds > 0 {
		notes = append(notes, fmt.Sprintf("serve's open descriptors at most %d", p.fds))
	}
	if rss := rssText(srv.stop()); rss != "" {
		notes = append(notes, rss)
	}
	notes = append(notes, fmt.Sprintf("%d messages sent, %d notified", sent, notified))
	what := fmt.Sprintf("phones one serve holds from %s (loopback, %s)", procs, how)
	return benchrow.Add(benchrow.Row{What: what, Value: fmt.Sprintf("%d at once", p.sockets.DeviceChannels), Note: strings.Join(notes, "; ")})
}

// sample reads serve's socket counts every holdSample until ctx ends.
func sample(ctx context.Context, srv *served, p *peaks) {
	client := &http.Client{Timeout: 5 * time.Second}
	tick := time.NewTicker(holdSample)
	defer tick.Stop()
	for {
		if s, err := health(ctx, client, srv.url); err == nil {
			p.see(s, openFiles(srv.pid))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// health reads the socket counts of serve's /_pushsim/healthz.
func health(ctx context.Context, client *http.Client, base string) (harness.Sockets, error) {
	var h struct {
		Sockets harness.Sockets `json:"sockets"`
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_pushsim/healthz", nil)
	if err != nil {
		return h.Sockets, err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	resp, err := client.Do(req)
	if err != nil {
		return h.Sockets, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return h.Sockets, fmt.Errorf("healthz: %s", resp.Status)
	}
	err = json.NewDecoder(resp.Body).Decode(&h)
	return h.Sockets, err
}

// openFiles is the number of descriptors process pid has open, from
// /proc; 0 where there is no /proc.
func openFiles(pid int) int {
	entries, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pid), "fd"))
	if err != nil {
		return 0
	}
	return len(entries)
}
