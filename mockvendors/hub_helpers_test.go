package mockvendors_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/protocol"
)

const hubAddr = "vendor.sim:80"

// hubEnv is a hub served on an in-memory network inside a bubble.
type hubEnv struct {
	*mocktest.Env
	hub *mockvendors.Hub

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
	e := &hubEnv{Env: mocktest.New(t)}
	cfg.Trace = e.Trace
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
	mux := http.NewServeMux()
	mux.Handle(protocol.DevicePath, e.hub)
	e.Serve(hubAddr, mux)
	e.URL = "http://" + hubAddr
	t.Cleanup(func() { e.hub.Close() })
	return e
}

// register registers app on device over dev and returns the token.
func (e *hubEnv) register(dev *fakedevice.Device, app, device string) protocol.RegisterStatus {
	e.T.Helper()
	return e.Register(dev, protocol.RegisterRequest{AppID: app, Package: "com.example." + app, DeviceID: device})
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
	return fakedevice.Dial(ctx, e.Mem, e.URL, "d2")
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
