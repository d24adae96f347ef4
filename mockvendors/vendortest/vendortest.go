// Package vendortest is the conformance suite every vendor mock passes:
// register, push, deliver, tap, unknown token, bad credentials, expired
// auth token, rate or quota exceeded, receipts and retrospection. A vendor
// package runs it from a test with its Profile; vendor-specific tests only
// add to it.
//
// Every check runs in its own testing/synctest bubble over an in-memory
// network, so token lifetimes and rate windows cost no real time.
package vendortest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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

// Profile describes one vendor to the suite.
type Profile struct {
	// Vendor names the vendor.
	Vendor protocol.Vendor
	// New builds the mock with its default behaviour.
	New func(cfg mockvendors.Config) (mockvendors.Server, error)
	// NewLimited builds the mock with a limit that the second push to one
	// device exceeds (a rate, quota or fold limit set to 1).
	NewLimited func(cfg mockvendors.Config) (mockvendors.Server, error)
	// LimitReason is the reason the client reports for the refused push.
	LimitReason protocol.Reason
	// Limits are the cases for every one of the vendor's named limits.
	Limits []LimitCase
	// Client builds the thin client for the mock at baseURL.
	Client func(baseURL string, hc *http.Client) protocol.Pusher
	// App is the app registered on the vendor's platform.
	App mockvendors.App
	// Certificate is the IM console certificate for App: the credentials
	// the client authenticates with.
	Certificate protocol.Certificate
	// WrongCredentials returns the certificate with a wrong secret.
	WrongCredentials func(protocol.Certificate) protocol.Certificate
	// Register is what the device SDK sends to register App (DeviceID is
	// filled in by the suite).
	Register protocol.RegisterRequest
	// OKCode is the register status code of a success.
	OKCode string
	// UnknownToken is a well-formed token the vendor never issued.
	UnknownToken string
	// AuthTokenLifetime is how long the vendor's auth token lives; 0 when
	// every request is signed on its own (Meizu, Xiaomi).
	AuthTokenLifetime time.Duration
	// Receipts is true when the vendor posts receipts to
	// protocol.CredReceiptURL.
	Receipts bool
	// DecodeClick reads the tap behaviour and ext from a delivered payload,
	// as the brand's device SDK would.
	DecodeClick func(payload json.RawMessage) (click protocol.ClickAction, ext string, err error)
	// AcceptedBody is text the body of every accepted push answer holds
	// (a success code); Rate checks each answer for it. Empty: the status
	// alone tells.
	AcceptedBody string
	// Android adds AndroidInfo to every push (e.g. a channel ID the vendor
	// requires); nil for none.
	Android *protocol.AndroidInfo
}

// Run runs the whole suite against the vendor.
func Run(t *testing.T, p Profile) {
	t.Helper()
	t.Run("register", func(t *testing.T) { bubble(t, p, p.New, testRegister) })
	t.Run("push_deliver_tap", func(t *testing.T) { bubble(t, p, p.New, testPushDeliverTap) })
	t.Run("click_actions", func(t *testing.T) { bubble(t, p, p.New, testClickActions) })
	t.Run("unknown_token", func(t *testing.T) { bubble(t, p, p.New, testUnknownToken) })
	t.Run("bad_credentials", func(t *testing.T) { bubble(t, p, p.New, testBadCredentials) })
	t.Run("expired_auth_token", func(t *testing.T) {
		if p.AuthTokenLifetime == 0 {
			t.Skip(string(p.Vendor) + " signs every request; it has no auth token to expire")
		}
		bubble(t, p, p.New, testExpiredAuthToken)
	})
	t.Run("limit_exceeded", func(t *testing.T) {
		if p.NewLimited == nil {
			t.Skip(string(p.Vendor) + " has no configurable limit")
		}
		bubble(t, p, p.NewLimited, testLimit)
	})
	t.Run("named_limits", func(t *testing.T) { testNamedLimits(t, p) })
	t.Run("receipts", func(t *testing.T) {
		if !p.Receipts {
			t.Skip(string(p.Vendor) + " has no delivery receipts")
		}
		bubble(t, p, p.New, testReceipts)
	})
	t.Run("retrospection", func(t *testing.T) { bubble(t, p, p.New, testRetrospection) })
	t.Run("uninstalled_token", func(t *testing.T) { bubble(t, p, p.New, testUnregistered) })
}

// env is one check's world: the mock on an in-memory network.
type env struct {
	t      *testing.T
	p      Profile
	mem    *netsim.Memory
	srv    mockvendors.Server
	url    string
	hc     *http.Client
	client protocol.Pusher
	trace  *trace.Trace
	mux    *http.ServeMux
}

const host = "vendor.sim:80"

func bubble(t *testing.T, p Profile, build func(mockvendors.Config) (mockvendors.Server, error), check func(*env)) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		hc := netsim.HTTPClient(mem, 30*time.Second)
		defer hc.CloseIdleConnections()
		tr := trace.New(time.Now())
		app := p.App
		srv, err := build(mockvendors.Config{
			Trace: tr, Seed: seed.Root(11), HTTPClient: hc, Apps: []mockvendors.App{app}, ReceiptHosts: []string{"vendor.sim"},
			Latency: seed.Latency{Median: 200 * time.Millisecond, P99: time.Second},
		})
		if err != nil {
			t.Fatalf("build %s mock: %v", p.Vendor, err)
		}
		defer srv.Close()
		if srv.Vendor() != p.Vendor {
			t.Fatalf("Vendor() = %s, want %s", srv.Vendor(), p.Vendor)
		}
		ln, err := mem.Listen("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		mux.Handle("/", srv.Handler())
		hs := &http.Server{Handler: mux}
		served := make(chan struct{})
		go func() { defer close(served); _ = hs.Serve(ln) }()
		defer func() { hs.Close(); <-served }()
		e := &env{t: t, p: p, mem: mem, srv: srv, url: "http://" + host, hc: hc, trace: tr, mux: mux}
		e.client = p.Client(e.url, hc)
		check(e)
	})
}

// device registers a fake device for the app and returns it with its token.
func (e *env) device(id string) (*fakedevice.Device, string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := fakedevice.Dial(ctx, e.mem, e.url, id)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(d.Close)
	req := e.p.Register
	req.DeviceID = id
	seq, err := d.Register(req)
	if err != nil {
		e.t.Fatal(err)
	}
	synctest.Wait()
	st, ok := d.Status(seq)
	if !ok {
		e.t.Fatalf("no register_status for %s", id)
	}
	if st.Code != e.p.OKCode || st.Token == "" {
		e.t.Fatalf("register %s = %+v, want code %s and a token", id, st, e.p.OKCode)
	}
	return d, st.Token
}

// push sends one notification to token with the certificate.
func (e *env) push(cert protocol.Certificate, token, key string) protocol.PushResult {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := e.client.Push(ctx, protocol.PushRequest{
		MsgKey: key, Device: "d", Token: token, Cert: cert, Title: "Bob", Desc: "hi there " + key,
		Ext: ext(cert), Android: e.p.Android,
	})
	synctest.Wait()
	return r
}

func ext(cert protocol.Certificate) string {
	if cert.Click.CarriesExt() {
		return `{"conv":"c2c_bob"}`
	}
	return ""
}

// awaitNotice lets the vendor's latency pass and returns what arrived.
func (e *env) awaitNotice(d *fakedevice.Device) []protocol.DeviceNotice {
	time.Sleep(10 * time.Second)
	synctest.Wait()
	return d.Notices()
}

func testRegister(e *env) {
	_, token := e.device("phone-1")
	if !e.srv.Hub().Known(token) {
		e.t.Errorf("token %s not known after registration", token)
	}
	_, again := e.device("phone-1")
	if again != token {
		e.t.Errorf("re-registering the same install gave a new token %s, want %s", again, token)
	}
	_, other := e.device("phone-2")
	if other == token {
		e.t.Error("two devices got the same token")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := fakedevice.Dial(ctx, e.mem, e.url, "phone-3")
	if err != nil {
		e.t.Fatal(err)
	}
	defer d.Close()
	bad := e.p.Register
	bad.DeviceID, bad.AppID = "phone-3", "no-such-app"
	seq, _ := d.Register(bad)
	synctest.Wait()
	if st, ok := d.Status(seq); !ok || st.Token != "" || st.Code == e.p.OKCode {
		e.t.Errorf("register with an unknown app = %+v, want a refusal", st)
	}
}

func testPushDeliverTap(e *env) {
	d, token := e.device("phone-1")
	r := e.push(e.p.Certificate, token, "m1")
	if r.Reason != protocol.ReasonNone || r.VendorMsgID == "" {
		e.t.Fatalf("push = %+v, want accepted with a message ID", r)
	}
	notes := e.awaitNotice(d)
	if len(notes) != 1 || notes[0].MsgID != r.VendorMsgID || notes[0].Token != token {
		e.t.Fatalf("delivered %+v, want one notice %s for %s", notes, r.VendorMsgID, token)
	}
	if e.p.Certificate.Package != "" && notes[0].Package != e.p.Certificate.Package {
		e.t.Errorf("notice package %q, want %q", notes[0].Package, e.p.Certificate.Package)
	}
	if err := d.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.VendorMsgID, Token: token}); err != nil {
		e.t.Fatal(err)
	}
	if err := d.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: r.VendorMsgID, Token: token}); err != nil {
		e.t.Fatal(err)
	}
	synctest.Wait()
	var delivered bool
	for _, ev := range e.trace.Events() {
		if ev.Kind == trace.VendorDeliver && ev.VendorMsgID == r.VendorMsgID {
			delivered = true
		}
	}
	if !delivered {
		e.t.Error("no vendor.deliver event in the trace")
	}
}

func testClickActions(e *env) {
	d, token := e.device("phone-1")
	for _, click := range []protocol.ClickAction{
		{Action: protocol.ClickOpenApp},
		{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"},
		{Action: protocol.ClickOpenURL, URL: "https://example.com/inbox"},
	} {
		cert := e.p.Certificate
		cert.Click = click
		r := e.push(cert, token, "click-"+click.Action)
		if r.Reason != protocol.ReasonNone {
			e.t.Errorf("%s: push = %+v", click.Action, r)
			continue
		}
		notes := e.awaitNotice(d)
		if len(notes) != 1 {
			e.t.Errorf("%s: %d notices arrived, want 1", click.Action, len(notes))
			continue
		}
		_ = d.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.VendorMsgID, Token: token})
		got, gotExt, err := e.p.DecodeClick(notes[0].Payload)
		if err != nil {
			e.t.Errorf("%s: decode payload %s: %v", click.Action, notes[0].Payload, err)
			continue
		}
		if got.Action != click.Action || got.URL != click.URL || got.Activity != click.Activity {
			e.t.Errorf("%s: the device reads click %+v, want %+v", click.Action, got, click)
		}
		if want := ext(cert); gotExt != want {
			e.t.Errorf("%s: the device reads ext %q, want %q", click.Action, gotExt, want)
		}
	}
}

func testUnknownToken(e *env) {
	e.device("phone-1")
	if r := e.push(e.p.Certificate, e.p.UnknownToken, "m1"); r.Reason != protocol.ReasonVendorTokenInvalid {
		e.t.Errorf("push to an unknown token = %+v, want %s", r, protocol.ReasonVendorTokenInvalid)
	}
}

func testUnregistered(e *env) {
	_, token := e.device("phone-1")
	e.srv.Hub().Unregister(token)
	if r := e.push(e.p.Certificate, token, "m1"); r.Reason != protocol.ReasonVendorTokenInvalid {
		e.t.Errorf("push to an unregistered token = %+v, want %s", r, protocol.ReasonVendorTokenInvalid)
	}
}

func testBadCredentials(e *env) {
	_, token := e.device("phone-1")
	if r := e.push(e.p.WrongCredentials(e.p.Certificate), token, "m1"); r.Reason != protocol.ReasonVendorAuthFailed {
		e.t.Errorf("push with wrong credentials = %+v, want %s", r, protocol.ReasonVendorAuthFailed)
	}
	if e.srv.Messages().Len() != 0 {
		e.t.Error("the vendor recorded a message it refused")
	}
}

func testExpiredAuthToken(e *env) {
	d, token := e.device("phone-1")
	if r := e.push(e.p.Certificate, token, "m1"); r.Reason != protocol.ReasonNone {
		e.t.Fatalf("first push = %+v", r)
	}
	e.awaitNotice(d)
	time.Sleep(e.p.AuthTokenLifetime + time.Minute)
	if r := e.push(e.p.Certificate, token, "m2"); r.Reason != protocol.ReasonNone {
		e.t.Errorf("push after the auth token expired = %+v, want the client to get a new token and succeed", r)
	}
}

func testLimit(e *env) {
	_, token := e.device("phone-1")
	if r := e.push(e.p.Certificate, token, "m1"); r.Reason != protocol.ReasonNone {
		e.t.Fatalf("first push = %+v", r)
	}
	if r := e.push(e.p.Certificate, token, "m2"); r.Reason != e.p.LimitReason {
		e.t.Errorf("second push = %+v, want %s", r, e.p.LimitReason)
	}
}

func testReceipts(e *env) {
	var mu sync.Mutex
	var bodies []string
	e.mux.HandleFunc("/receipts", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
	d, token := e.device("phone-1")
	cert := e.p.Certificate
	cert.Credentials = map[string]string{}
	for k, v := range e.p.Certificate.Credentials {
		cert.Credentials[k] = v
	}
	cert.Credentials[protocol.CredReceiptURL] = e.url + "/receipts"
	r := e.push(cert, token, "m1")
	if r.Reason != protocol.ReasonNone {
		e.t.Fatalf("push = %+v", r)
	}
	e.awaitNotice(d)
	_ = d.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.VendorMsgID, Token: token})
	_ = d.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: r.VendorMsgID, Token: token})
	time.Sleep(10 * time.Second)
	synctest.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) == 0 {
		e.t.Fatal("no receipt reached the callback URL")
	}
	var receipts int
	for _, ev := range e.trace.Events() {
		if ev.Kind == trace.VendorReceipt {
			receipts++
		}
	}
	if receipts == 0 {
		e.t.Error("no vendor.receipt event in the trace")
	}
}

func testRetrospection(e *env) {
	_, token := e.device("phone-1")
	r := e.push(e.p.Certificate, token, "m1")
	if r.Reason != protocol.ReasonNone {
		e.t.Fatalf("push = %+v", r)
	}
	get := func() []map[string]any {
		req, _ := http.NewRequest(http.MethodGet, "/", nil)
		rec := httptest.NewRecorder()
		e.srv.Messages().ServeHTTP(rec, req)
		var out []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			e.t.Fatalf("GET messages: %v: %s", err, rec.Body.String())
		}
		return out
	}
	msgs := get()
	if len(msgs) != 1 {
		e.t.Fatalf("GET messages = %v, want one", msgs)
	}
	for _, k := range []string{"token", "title", "body", "received_at"} {
		if _, ok := msgs[0][k]; !ok {
			e.t.Errorf("message lacks %q: %v", k, msgs[0])
		}
	}
	if msgs[0]["token"] != token || msgs[0]["title"] != "Bob" {
		e.t.Errorf("message = %v, want token %s title Bob", msgs[0], token)
	}
	del, _ := http.NewRequest(http.MethodDelete, "/", nil)
	e.srv.Messages().ServeHTTP(httptest.NewRecorder(), del)
	if n := len(get()); n != 0 {
		e.t.Errorf("after DELETE, %d messages remain", n)
	}
}
