package vendortest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
