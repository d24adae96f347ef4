package fakeim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

const (
	testHost   = "im.sim:80"
	testKey    = "test-secret-key-0123456789"
	testCertID = 6666
)

// env is a fakeim server on an in-memory network, inside a synctest
// bubble, with a recording Pusher for every vendor.
type env struct {
	t      testing.TB
	srv    *Server
	mem    *netsim.Memory
	client *http.Client
	trace  *trace.Trace
	pusher *recPusher
}

// bubble runs f in a synctest bubble with a fresh env configured by cfg.
func bubble(t *testing.T, cfg Config, f func(e *env)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		f(newEnv(t, cfg))
	})
}

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	mem := netsim.NewMemory()
	ln, err := mem.Listen("tcp", testHost)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SecretKey == "" {
		cfg.SecretKey = testKey
	}
	tr := trace.New(time.Now())
	cfg.Trace = tr
	rp := &recPusher{}
	if cfg.Pushers == nil {
		cfg.Pushers = map[protocol.Vendor]protocol.Pusher{}
		for _, v := range protocol.Vendors {
			cfg.Pushers[v] = rp
		}
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = hs.Serve(ln)
	}()
	client := netsim.HTTPClient(mem, 10*time.Second)
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		client.CloseIdleConnections()
		mem.Close()
		<-served
	})
	return &env{t: t, srv: srv, mem: mem, client: client, trace: tr, pusher: rp}
}

// restResult is a decoded REST answer.
type restResult map[string]any

func (r restResult) code() int {
	n, _ := r["ErrorCode"].(float64)
	return int(n)
}

func (r restResult) ok() bool { return r["ActionStatus"] == "OK" && r.code() == 0 }

// adminQuery is a valid REST query for the admin.
func (e *env) adminQuery() url.Values {
	e.t.Helper()
	sig, err := e.srv.GenUserSig(e.srv.Admin(), 24*time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return url.Values{
		"sdkappid": {strconv.FormatUint(e.srv.SDKAppID(), 10)}, "identifier": {e.srv.Admin()},
		"usersig": {sig}, "random": {"12345"}, "contenttype": {"json"},
	}
}

// rest posts body (a string is sent verbatim) to /v4/cmd as the admin.
func (e *env) rest(cmd string, body any) restResult {
	e.t.Helper()
	return e.restQ(cmd, e.adminQuery(), body)
}

// restQ posts body to /v4/cmd with query q and checks the HTTP status is 200.
func (e *env) restQ(cmd string, q url.Values, body any) restResult {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		raw, _ = json.Marshal(b)
	}
	resp, err := e.client.Post("http://"+testHost+"/v4/"+cmd+"?"+q.Encode(), "application/json", bytes.NewReader(raw))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("POST %s: HTTP %d %s", cmd, resp.StatusCode, data)
	}
	var out restResult
	if err := json.Unmarshal(data, &out); err != nil {
		e.t.Fatalf("POST %s: %v in %s", cmd, err, data)
	}
	return out
}

// send posts an openim/sendmsg text message and returns its MsgKey.
func (e *env) send(to, text string, extra map[string]any) string {
	e.t.Helper()
	body := map[string]any{
		"To_Account": to, "MsgRandom": 1000 + e.srv.msgSeqForTest(),
		"MsgBody": []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": text}}},
	}
	for k, v := range extra {
		body[k] = v
	}
	r := e.rest("openim/sendmsg", body)
	if !r.ok() {
		e.t.Fatalf("sendmsg: %v", r)
	}
	synctest.Wait()
	return r["MsgKey"].(string)
}

// do sends an HTTP request to the server's pushsim API.
func (e *env) do(method, path, body string) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, "http://"+testHost+path, bytes.NewBufferString(body))
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// routes returns the im.route events of msgKey.
func (e *env) routes(msgKey string) []trace.Event {
	var out []trace.Event
	for _, ev := range e.trace.ForMessage(msgKey) {
		if ev.Kind == trace.IMRoute {
			out = append(out, ev)
		}
	}
	return out
}

// route returns the single im.route event of msgKey for device.
func (e *env) route(msgKey, device string) trace.Event {
	e.t.Helper()
	for _, ev := range e.routes(msgKey) {
		if ev.Device == device {
			return ev
		}
	}
	e.t.Fatalf("no im.route of %s to %q in %v", msgKey, device, e.routes(msgKey))
	return trace.Event{}
}

func (e *env) wantState(device, state, cause string) {
	e.t.Helper()
	if s, c := e.srv.InstanceState(device); s != state || c != cause {
		e.t.Fatalf("InstanceState(%s) = %s/%s, want %s/%s", device, s, c, state, cause)
	}
}

// addCert registers an immediately active certificate.
func (e *env) addCert(id int64, vendor protocol.Vendor, click protocol.ClickAction) {
	e.t.Helper()
	err := e.srv.AddCertificate(CertificateSpec{ActivationDelay: Immediate, Certificate: protocol.Certificate{
		ID: id, Vendor: vendor, Package: "com.example.chat", Click: click,
		Credentials: map[string]string{"app_id": "123", "app_secret": "s3cr3t-app"},
	}})
	if err != nil {
		e.t.Fatal(err)
	}
}

// device is a test IM client: one websocket, requests answered in order,
// events collected.
type device struct {
	t    testing.TB
	e    *env
	id   string
	ws   *websocket.Conn
	link *netsim.Link
	seq  uint64
	resp chan protocol.IMFrame
	done chan struct{}

	mu         sync.Mutex
	events     []protocol.IMFrame
	dropEvents bool // forget events instead of keeping them (benchmarks)
}

// dial connects a device over its own link.
func (e *env) dial(id string) *device {
	e.t.Helper()
	link := netsim.NewLink(e.mem)
	d := websocket.Dialer{NetDialContext: link.DialContext}
	ws, resp, err := d.DialContext(context.Background(), "ws://"+testHost+protocol.IMPath, nil)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		e.t.Fatal(err)
	}
	dev := &device{t: e.t, e: e, id: id, ws: ws, link: link, resp: make(chan protocol.IMFrame, 64), done: make(chan struct{})}
	go dev.read()
	e.t.Cleanup(func() { ws.Close(); <-dev.done })
	return dev
}

func (d *device) read() {
	defer close(d.done)
	defer close(d.resp)
	for {
		_, data, err := d.ws.ReadMessage()
		if err != nil {
			return
		}
		var f protocol.IMFrame
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		if f.Event != "" {
			d.mu.Lock()
			if !d.dropEvents {
				d.events = append(d.events, f)
			}
			d.mu.Unlock()
			continue
		}
		d.resp <- f
	}
}

// call sends a request and waits for its answer.
func (d *device) call(cmd string, data any) protocol.IMFrame {
	d.t.Helper()
	d.seq++
	var raw json.RawMessage
	if data != nil {
		raw, _ = json.Marshal(data)
	}
	if err := d.ws.WriteJSON(protocol.IMFrame{Cmd: cmd, Seq: d.seq, Data: raw}); err != nil {
		d.t.Fatalf("%s: write %s: %v", d.id, cmd, err)
	}
	select {
	case f, ok := <-d.resp:
		if !ok {
			d.t.Fatalf("%s: %s: connection closed", d.id, cmd)
		}
		if f.Seq != d.seq || f.Cmd != cmd {
			d.t.Fatalf("%s: %s: answer %+v", d.id, cmd, f)
		}
		return f
	case <-time.After(10 * time.Second):
		d.t.Fatalf("%s: %s: no answer", d.id, cmd)
	}
	return protocol.IMFrame{}
}

// mustCall is call that fails the test unless the answer is code 0.
func (d *device) mustCall(cmd string, data any) protocol.IMFrame {
	d.t.Helper()
	f := d.call(cmd, data)
	if f.Code != protocol.CodeOK {
		d.t.Fatalf("%s: %s = %d %s", d.id, cmd, f.Code, f.Desc)
	}
	return f
}

// loginAs logs user in on this device with a fresh UserSig.
func (d *device) loginAs(user, platform string) protocol.IMFrame {
	d.t.Helper()
	sig, err := d.e.srv.GenUserSig(user, 24*time.Hour)
	if err != nil {
		d.t.Fatal(err)
	}
	return d.call(protocol.CmdLogin, protocol.LoginRequest{SDKAppID: d.e.srv.SDKAppID(), UserID: user, UserSig: sig, Platform: platform, InstanceID: d.id})
}

// bind reports (certificate ID, token).
func (d *device) bind(cert int64, token string) {
	d.t.Helper()
	d.mustCall(protocol.CmdSetOfflinePushConfig, protocol.OfflinePushConfig{BusinessID: cert, Token: token})
}

// kill closes the socket as a killed process does (FIN).
func (d *device) kill() {
	d.ws.Close()
	<-d.done
	synctest.Wait()
}

// eventsNamed returns the events received so far with that name.
func (d *device) eventsNamed(name string) []protocol.IMFrame {
	synctest.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []protocol.IMFrame
	for _, f := range d.events {
		if f.Event == name {
			out = append(out, f)
		}
	}
	return out
}

// recPusher records every push and answers with a vendor message ID.
type recPusher struct {
	mu    sync.Mutex
	reqs  []protocol.PushRequest
	delay time.Duration // simulated vendor latency per call
}

func (p *recPusher) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-ctx.Done():
			return protocol.PushResult{Code: "timeout", Reason: protocol.ReasonVendorError}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reqs = append(p.reqs, req)
	return protocol.PushResult{VendorMsgID: fmt.Sprintf("v%d", len(p.reqs)), Code: "200", Message: "ok"}
}

func (p *recPusher) requests() []protocol.PushRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]protocol.PushRequest(nil), p.reqs...)
}

// msgSeqForTest is the number of MsgKeys issued so far.
func (s *Server) msgSeqForTest() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.msgSeq
}

func jsonUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
}
