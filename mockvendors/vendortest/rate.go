package vendortest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/benchrow"
	"github.com/pushsim/pushsim/internal/h1front"
	"github.com/pushsim/pushsim/internal/httpbench"
	"github.com/pushsim/pushsim/protocol"
)

// RateEnv names the seconds each load run of Rate lasts; unset, Rate
// skips.
const RateEnv = "PUSHSIM_VENDOR_RATE"

// RateProfileEnv names a file Rate writes a CPU profile of the mock's
// runs to (the mock's own handling only: nginx, the load client and the
// comparison servers are idle or outside the profile).
const RateProfileEnv = "PUSHSIM_VENDOR_CPUPROFILE"

// Rate shape: wrk (h2load for APNs) with 2 threads and 64 connections,
// cycling through pushes to rateDevices devices; rateRounds rounds of
// nginx then the mock.
const (
	rateThreads     = 2
	rateConnections = 64
	rateDevices     = 16
	rateRounds      = 3
)

// Rate measures the mock's push requests a second on a loopback port
// against nginx serving the mock's own answer to the same requests: the
// same load client, load shape and machine, nginx and the mock in turn
// for a few rounds. Every answer is checked (status, and for HTTP/1.1
// p.AcceptedBody in the body); a run with a refused answer fails the
// test. The row (mock rate, nginx rate, median ratio) goes to the bench
// table. APNs is measured over h2c with h2load, the others over HTTP/1.1
// with wrk. Set PUSHSIM_VENDOR_RATE=<seconds per run> to run it.
func Rate(t *testing.T, p Profile) {
	secs, _ := strconv.Atoi(os.Getenv(RateEnv))
	if secs <= 0 {
		t.Skip("set " + RateEnv + "=<seconds per run> to measure (make bench)")
	}
	h2c := p.Vendor == protocol.VendorAPNs
	tool, tools := "wrk", httpbench.Tools{"nginx", "wrk"}
	if h2c {
		tool, tools = "h2load", httpbench.Tools{"nginx", "h2load"}
	}
	what := fmt.Sprintf("%s push requests/s (%s %dx%d) vs nginx", p.Vendor, tool, rateThreads, rateConnections)
	if missing := tools.Missing(); len(missing) > 0 {
		note := fmt.Sprintf("not measured: %s missing; install with: %s", strings.Join(missing, ", "), httpbench.Install)
		if err := benchrow.Add(benchrow.Row{What: what, Value: "-", Note: note}); err != nil {
			t.Error(err)
		}
		t.Skip(note)
	}
	l := StartLoopback(t, p, rateDevices)
	t.Logf("%s answers %s %s with %d %q", p.Vendor, l.Pushes[0].Method, l.Pushes[0].Path, l.Reply.Status, l.Reply.Body)
	ng, err := httpbench.StartNginx(context.Background(), t.TempDir(), l.Reply, h2c)
	if err != nil {
		t.Fatal(err)
	}
	defer ng.Stop()
	plain := servePlain(t, l.Reply)
	var minimal string
	if !h2c {
		minimal = serveMinimal(t, l.Reply)
	}
	load := httpbench.Load{Threads: rateThreads, Connections: rateConnections, Duration: time.Duration(secs) * time.Second,
		Status: l.Reply.Status, BodyHas: p.AcceptedBody}
	run := httpbench.Wrk
	if h2c {
		run = httpbench.H2load
	}
	dir := t.TempDir()
	var mocks, nginxes, ratios, plainRatios, minimalRatios, cpus []float64
	prof := startProfile(t)
	for round := range rateRounds {
		nr, err := run(context.Background(), dir, ng.URL, l.Pushes, load)
		if err != nil {
			t.Fatal(err)
		}
		prof.begin()
		cpu0, measured := processCPU()
		mr, err := run(context.Background(), dir, l.URL, l.Pushes, load)
		cpu1, _ := processCPU()
		prof.end()
		if err != nil {
			t.Fatal(err)
		}
		perRequest := 0.0
		if measured && mr.Requests > 0 {
			perRequest = float64((cpu1 - cpu0).Nanoseconds()) / 1e3 / float64(mr.Requests)
			cpus = append(cpus, perRequest)
		}
		pr, err := run(context.Background(), dir, plain, l.Pushes, load)
		if err != nil {
			t.Fatal(err)
		}
		var xr httpbench.Result
		if minimal != "" {
			if xr, err = run(context.Background(), dir, minimal, l.Pushes, load); err != nil {
				t.Fatal(err)
			}
			if !xr.OK() {
				t.Fatalf("round %d: the minimal HTTP/1.1 loop's answers not all accepted: %+v", round+1, xr)
			}
			minimalRatios = append(minimalRatios, xr.Rate/nr.Rate)
		}
		t.Logf("round %d: %s %.0f/s (%d answers, %d refused, %.1f µs of CPU each), nginx %.0f/s (%d answers, %d refused), bare handler %.0f/s, minimal HTTP/1.1 loop %.0f/s",
			round+1, p.Vendor, mr.Rate, mr.Requests, mr.Bad, perRequest, nr.Rate, nr.Requests, nr.Bad, pr.Rate, xr.Rate)
		if !mr.OK() || !nr.OK() || !pr.OK() {
			t.Fatalf("round %d: not every answer accepted: %s %+v, nginx %+v, bare handler %+v", round+1, p.Vendor, mr, nr, pr)
		}
		mocks, nginxes = append(mocks, mr.Rate), append(nginxes, nr.Rate)
		ratios, plainRatios = append(ratios, mr.Rate/nr.Rate), append(plainRatios, pr.Rate/nr.Rate)
	}
	ratio := median(ratios)
	value := fmt.Sprintf("%.0f vs %.0f (%.0f %%)", median(mocks), median(nginxes), 100*ratio)
	note := fmt.Sprintf("median of %d rounds of %ds, every answer checked", rateRounds, secs)
	if len(cpus) > 0 {
		note += fmt.Sprintf(", the mock's CPU %.0f µs a request", median(cpus))
	}
	note += fmt.Sprintf("; a bare handler served the same way writing the same answer: %.0f %% of nginx", 100*median(plainRatios))
	if len(minimalRatios) > 0 {
		note += fmt.Sprintf("; a minimal Go HTTP/1.1 loop (no net/http): %.0f %%", 100*median(minimalRatios))
	}
	t.Logf("%s: %s, %s", what, value, note)
	if err := benchrow.Add(benchrow.Row{What: what, Value: value, Note: note}); err != nil {
		t.Error(err)
	}
}

// servePlain serves reply from a bare handler on loopback, served as the
// mock is (the HTTP/1.1 front, net/http for h2c): what answering these
// requests costs before the mock does any work.
func servePlain(t *testing.T, reply httpbench.Reply) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols),
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			maps.Copy(w.Header(), reply.Header)
			w.WriteHeader(reply.Status)
			_, _ = w.Write(reply.Body)
		})}
	hs.Protocols.SetHTTP1(true)
	hs.Protocols.SetUnencryptedHTTP2(true)
	served := make(chan struct{})
	front := &h1front.Server{Fallback: hs}
	go func() { defer close(served); _ = front.Serve(ln) }()
	t.Cleanup(func() { front.Close(); <-served })
	return "http://" + ln.Addr().String()
}

// rateProfile is the CPU profile of the mock's runs, when RateProfileEnv
// names a file: each run of the mock writes the file anew (a Go CPU
// profile cannot pause while the other servers run), so the last round's
// is kept.
type rateProfile struct {
	t    *testing.T
	path string
	f    *os.File
}

func startProfile(t *testing.T) *rateProfile {
	return &rateProfile{t: t, path: os.Getenv(RateProfileEnv)}
}

func (p *rateProfile) begin() {
	if p.path == "" {
		return
	}
	f, err := os.Create(p.path)
	if err != nil {
		p.t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		p.t.Fatal(err)
	}
	p.f = f
}

func (p *rateProfile) end() {
	if p.f == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := p.f.Close(); err != nil {
		p.t.Error(err)
	}
	p.f = nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
