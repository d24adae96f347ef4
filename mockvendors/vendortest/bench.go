package vendortest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/internal/inproc"
	"github.com/pushsim/pushsim/protocol"
)

// BenchPush measures the mock's handler on one accepted push: parse,
// authenticate, admit, record and answer, without a network in between.
// The requests are the vendor client's own (StartLoopback captures them),
// replayed in turn over devices; every answer is checked like Rate checks
// it.
func BenchPush(b *testing.B, p Profile) {
	l := StartLoopback(b, p, rateDevices)
	h := l.Server.Handler()
	reqs := make([]*http.Request, len(l.Pushes))
	bodies := make([]*bytes.Reader, len(l.Pushes))
	for i, x := range l.Pushes {
		bodies[i] = bytes.NewReader(x.Body)
		r := httptest.NewRequest(x.Method, x.Path, bodies[i])
		r.Header = x.Header.Clone()
		r.Host = strings.TrimPrefix(l.URL, "http://")
		reqs[i] = r
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n := i % len(reqs)
		i++
		bodies[n].Seek(0, 0)
		r := reqs[n].Clone(reqs[n].Context())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != l.Reply.Status || !bytes.Contains(w.Body.Bytes(), []byte(p.AcceptedBody)) {
			b.Fatalf("push %d answered %d %s, want %d with %q", n, w.Code, w.Body, l.Reply.Status, p.AcceptedBody)
		}
	}
}

// BenchClientPush measures one accepted push as pushsim serve makes it:
// the vendor client's Push through net/http and an inproc.Transport to
// the mock's handler in the same process, both sides and no socket. The
// pushes go in turn to the devices StartLoopback registered; every result
// must be accepted.
func BenchClientPush(b *testing.B, p Profile) {
	l := StartLoopback(b, p, rateDevices)
	tr := &inproc.Transport{Host: strings.TrimPrefix(l.URL, "http://")}
	tr.SetHandler(l.Server.Handler())
	client := p.Client(l.URL, &http.Client{Transport: tr})
	reqs := make([]protocol.PushRequest, len(l.Tokens))
	for i, token := range l.Tokens {
		reqs[i] = protocol.PushRequest{MsgKey: "bench-c" + strconv.Itoa(i), Device: "d", Token: token, Cert: p.Certificate,
			Title: "Bob", Desc: "hi there", Ext: ext(p.Certificate), Android: p.Android}
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n := i % len(reqs)
		i++
		if res := client.Push(ctx, reqs[n]); res.Reason != protocol.ReasonNone {
			b.Fatalf("push %d = %+v, want accepted", n, res)
		}
	}
}
