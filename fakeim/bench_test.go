package fakeim

import (
	"context"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

// signalPusher answers every push at once and signals it.
type signalPusher struct{ pushed chan struct{} }

func (p signalPusher) Push(context.Context, protocol.PushRequest) protocol.PushResult {
	p.pushed <- struct{}{}
	return protocol.PushResult{Code: "200"}
}

// BenchmarkSendMsgPush is one REST sendmsg to a user whose app is in the
// background: parsed, stored, routed, delivered online over the socket and
// handed to the vendor's Pusher, each iteration waiting for the push.
func BenchmarkSendMsgPush(b *testing.B) {
	p := signalPusher{pushed: make(chan struct{}, 1)}
	pushers := map[protocol.Vendor]protocol.Pusher{}
	for _, v := range protocol.Vendors {
		pushers[v] = p
	}
	e := newEnv(b, Config{Pushers: pushers})
	e.srv.ImportAccount("alice")
	e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
	d := e.dial("phone")
	d.mu.Lock()
	d.dropEvents = true
	d.mu.Unlock()
	d.loginAs("alice", "Android")
	d.bind(testCertID, "tok")
	d.mustCall(protocol.CmdDoBackground, protocol.BackgroundRequest{})
	body := map[string]any{
		"To_Account":      "alice",
		"MsgBody":         []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": "hello"}}},
		"OfflinePushInfo": map[string]any{"Title": "t", "Desc": "d"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		body["MsgRandom"] = i + 1
		if r := e.rest("openim/sendmsg", body); !r.ok() {
			b.Fatalf("sendmsg: %v", r)
		}
		<-p.pushed
	}
}
