package vendortest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// cannedResponses answers every request with the same status and body, as
// a vendor (or anything pretending to be one) might.
type cannedResponses struct {
	status int
	body   []byte
}

func (c cannedResponses) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status, Status: http.StatusText(c.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json;charset=UTF-8"}},
		Body:    io.NopCloser(bytes.NewReader(c.body)),
		Request: req, ContentLength: int64(len(c.body)),
	}, nil
}

// FuzzClient fuzzes the response parsing of the vendor's thin client:
// every HTTP answer (auth token requests included) has a fuzzed status and
// body. The client never panics, reports a known reason, and never takes
// an answer that is not 2xx for an accepted push.
func FuzzClient(f *testing.F, p Profile) {
	for _, s := range []string{
		`{"code":"200","msg":"ok","msgId":"m1"}`, `{"code":0,"message":"Success","data":{"messageId":"1"}}`,
		`{"result":"ok","code":0,"data":{"id":"x"}}`, `{"access_token":"t","expires_in":3600,"token_type":"Bearer"}`,
		`{"code":"80000000","msg":"Success","requestId":"r"}`, `{"result":0,"desc":"ok","authToken":"a","taskId":"t"}`,
		`{"name":"projects/p/messages/1"}`, `{"reason":"BadDeviceToken"}`, `{"error":{"code":401,"status":"UNAUTHENTICATED"}}`,
		``, `null`, `[]`, `{"code":`, `{"data":"x","code":"x"}`,
	} {
		f.Add(uint16(200), []byte(s))
		f.Add(uint16(400), []byte(s))
	}
	f.Add(uint16(503), []byte(`{}`))
	f.Add(uint16(302), []byte(``))
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := int(status)
		if code < 100 || code > 599 {
			code = 100 + code%500
		}
		hc := &http.Client{Transport: cannedResponses{status: code, body: body}, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r := p.Client("http://vendor.invalid", hc).Push(ctx, protocol.PushRequest{
			MsgKey: "k1", Device: "d", Token: p.UnknownToken, Cert: p.Certificate,
			Title: "Bob", Desc: "hi", Ext: ext(p.Certificate), Android: p.Android,
		})
		if r.Reason != protocol.ReasonNone && !r.Reason.Known() {
			t.Fatalf("HTTP %d %q: unknown reason %q", code, body, r.Reason)
		}
		if r.Reason == protocol.ReasonNone && (code < 200 || code > 299) {
			t.Fatalf("HTTP %d %q taken for an accepted push: %+v", code, body, r)
		}
	})
}
