package mockvendors_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

const hubURL = "http://vendor.sim:80"

// hubEnv is a hub served on an in-memory network inside a bubble.
type hubEnv struct {
	t     *testing.T
	mem   *netsim.Memory
	hub   *mockvendors.Hub
	trace *trace.Trace

	mu     sync.Mutex
	acks   []mockvendors.DeviceEvent
	clicks []mockvendors.DeviceEvent
}

// testRegister issues "tok-<app>-<device>-<n>" and refuses app "bad".
func testRegister(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	if req.AppID == "bad" {
		return protocol.RegisterStatus{Code: "403", Message: "no such app"}
	}
	return protocol.RegisterStatus{Code: "200", Token: fmt.Sprintf("tok-%s-%s-%d", req.AppID, req.DeviceID, n)}
}

func newHubEnv(t *testing.T, cfg mockvendors.Config, tweak ...func(*mockvendors.HubConfig)) *hubEnv {
	t.Helper()
	e := &hubEnv{t: t, mem: netsim.NewMemory(), trace: trace.New(time.Now())}
	cfg.Trace = e.trace
	hc := mockvendors.HubConfig{
		Vendor: protocol.VendorMeizu, Config: cfg, Register: testRegister,
		OnAck: func(ev mockvendors.DeviceEvent) {
			e.mu.Lock()
			e.acks = append(e.acks, ev)
			e.mu.Unlock()
		},
		OnClick: func(ev mockvendors.DeviceEvent) {
			e.mu.Lock()
			e.clicks = append(e.clicks, ev)
			e.mu.Unlock()
		},
	}
	for _, f := range tweak {
		f(&hc)
	}
	e.hub = mockvendors.NewHub(hc)
	ln, err := e.mem.Listen("tcp", "vendor.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(protocol.DevicePath, e.hub)
	srv := &http.Server{Handler: mux}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		e.hub.Close()
		srv.Close()
		e.mem.Close()
		<-served
	})
	return e
}

func (e *hubEnv) dial(device string) *fakedevice.Device {
	return e.dialVia(e.mem, device)
}

func (e *hubEnv) dialVia(d netsim.Dialer, device string) *fakedevice.Device {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, d, hubURL, device)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(dev.Close)
	return dev
}

// register registers app on device over dev and returns the token.
func (e *hubEnv) register(dev *fakedevice.Device, app, device string) protocol.RegisterStatus {
	e.t.Helper()
	seq, err := dev.Register(protocol.RegisterRequest{AppID: app, Package: "com.example." + app, DeviceID: device})
	if err != nil {
		e.t.Fatal(err)
	}
	synctest.Wait()
	st, ok := dev.Status(seq)
	if !ok {
		e.t.Fatalf("no register_status for seq %d", seq)
	}
	return st
}

func (e *hubEnv) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

func notice(msgID string) protocol.DeviceNotice {
	return protocol.DeviceNotice{MsgID: msgID, Payload: []byte(`{"n":"` + msgID + `"}`)}
}

var fixed = seed.Latency{Median: time.Second, P99: time.Second}

func msgIDs(ns []protocol.DeviceNotice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.MsgID)
	}
	return out
}

func fakedeviceDial(ctx context.Context, e *hubEnv) (*fakedevice.Device, error) {
	return fakedevice.Dial(ctx, e.mem, hubURL, "d2")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
