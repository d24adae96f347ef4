package harness_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// soakWorkers is how many REST clients send at once: each sends its next
// message when the last one is answered, so together they find the
// highest rate the server sustains.
const soakWorkers = 4

// TestSoakSendMsg drives REST openim/sendmsg against a loopback
// environment with serve's limits (what pushsim serve runs) for PUSHSIM_SOAK (e.g. 60s) and
// logs, every second, the messages accepted in that second, the process
// RSS and the Go heap in use. Every message must be accepted.
// PUSHSIM_SOAK_HEAPPROFILE=<file> writes the live heap at the end.
func TestSoakSendMsg(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("PUSHSIM_SOAK"))
	if err != nil || d <= 0 {
		t.Skip("set PUSHSIM_SOAK=<duration> (e.g. 60s) to run the soak")
	}
	env, err := harness.Start(context.Background(), apiConfig(), harness.WithVendors(protocol.VendorMeizu), harness.WithListen("127.0.0.1:0"), harness.WithLimits(harness.ServeLimits))
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	sig, err := env.IM().GenUserSig(harness.DefaultAdmin, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {"1400000000"}, "identifier": {harness.DefaultAdmin}, "usersig": {sig}, "contenttype": {"json"}}
	endpoint := env.URL() + "/v4/openim/sendmsg?" + q.Encode()

	w := startSoakWorkers(env.HTTPClient(), endpoint, func(uint64) string { return "alice" })
	accepted, failure := &w.accepted, &w.failure
	tick := time.NewTicker(time.Second)
	var last uint64
	for s := 1; s <= int(d/time.Second) && failure.Load() == nil; s++ {
		<-tick.C
		n := accepted.Load()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("soak t=%3ds accepted/s=%6d total=%8d rss=%6.1fMB heap=%6.1fMB", s, n-last, n, rssMB(), float64(ms.HeapInuse)/(1<<20))
		last = n
	}
	tick.Stop()
	w.stop()
	if path := os.Getenv("PUSHSIM_SOAK_HEAPPROFILE"); path != "" {
		writeHeapProfile(t, path)
	}
	if f := failure.Load(); f != nil {
		t.Fatalf("after %d accepted: %s", accepted.Load(), f)
	}
}

// soakLoop is soakWorkers senders in a closed loop until stopped: each sends its next message
// when the last one is answered.
type soakLoop struct {
	accepted atomic.Uint64
	failure  atomic.Value // the first failure's text
	done     chan struct{}
	wg       sync.WaitGroup
}

// startSoakWorkers starts soakWorkers senders; message n goes to to(n).
func startSoakWorkers(hc *http.Client, endpoint string, to func(n uint64) string) *soakLoop {
	w := &soakLoop{done: make(chan struct{})}
	var seq atomic.Uint64
	for range soakWorkers {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for {
				select {
				case <-w.done:
					return
				default:
				}
				n := seq.Add(1)
				if err := soakSend(hc, endpoint, to(n), n); err != nil {
					w.failure.CompareAndSwap(nil, err.Error())
					return
				}
				w.accepted.Add(1)
			}
		}()
	}
	return w
}

// stop stops the senders and waits for them.
func (w *soakLoop) stop() {
	close(w.done)
	w.wg.Wait()
}

// soakSend posts one text message to a user and checks it was accepted.
func soakSend(hc *http.Client, endpoint, to string, n uint64) error {
	body, _ := json.Marshal(map[string]any{
		"From_Account": "bob", "To_Account": to, "MsgRandom": n % (1 << 32),
		"MsgBody":         []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": fmt.Sprint("soak ", n)}}},
		"OfflinePushInfo": map[string]any{"Title": "bob", "Desc": "soak"},
	})
	resp, err := hc.Post(endpoint, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct{ ActionStatus, MsgKey string }
	if json.Unmarshal(raw, &out) != nil || out.ActionStatus != "OK" || out.MsgKey == "" {
		return fmt.Errorf("message %d: HTTP %d %s", n, resp.StatusCode, raw)
	}
	return nil
}

// writeHeapProfile writes the live heap, with the environment still up.
func writeHeapProfile(t *testing.T, path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		t.Fatal(err)
	}
}

// rssMB is the process's resident set size in MB (Linux), or -1.
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			return kb / 1024
		}
	}
	return -1
}
