package fakeim

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestDispatchReasons(t *testing.T) {
	custom := func(desc string) []any {
		return []any{map[string]any{"MsgType": "TIMCustomElem", "MsgContent": map[string]any{"Data": "{}", "Desc": desc}}}
	}
	type setup func(e *env) *device
	// killed logs alice in on "phone", binds the token when cert != 0 and
	// kills the app.
	killed := func(cert int64) setup {
		return func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			if cert != 0 {
				d.bind(cert, "tok-phone")
			}
			d.kill()
			return d
		}
	}
	tests := []struct {
		name     string
		setup    setup
		msg      map[string]any
		decision string
		reason   protocol.Reason
		pushed   bool
	}{
		{"killed: pushed", killed(testCertID), nil, DecisionPush, protocol.ReasonNone, true},
		{"never logged in", func(e *env) *device { return nil }, nil, DecisionDrop, protocol.ReasonLoggedOut, false},
		{"foreground: online", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			return d
		}, nil, DecisionOnline, protocol.ReasonDeliveredOnline, false},
		{"background: online and pushed", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			d.mustCall(protocol.CmdDoBackground, protocol.BackgroundRequest{})
			return d
		}, nil, DecisionOnlinePush, protocol.ReasonNone, true},
		{"logged out", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			d.mustCall(protocol.CmdLogout, nil)
			return d
		}, nil, DecisionDrop, protocol.ReasonLoggedOut, false},
		{"kicked by REST", func(e *env) *device {
			d := killed(testCertID)(e)
			e.srv.Kick("alice")
			return d
		}, nil, DecisionDrop, protocol.ReasonKicked, false},
		{"online only", killed(testCertID), map[string]any{"OnlineOnlyFlag": 1}, DecisionDrop, protocol.ReasonOnlineOnly, false},
		{"MsgLifeTime 0", killed(testCertID), map[string]any{"MsgLifeTime": 0}, DecisionDrop, protocol.ReasonOnlineOnly, false},
		{"PushFlag 1", killed(testCertID), map[string]any{"OfflinePushInfo": map[string]any{"PushFlag": 1}}, DecisionDrop, protocol.ReasonPushDisabled, false},
		{"custom without desc", killed(testCertID), map[string]any{"MsgBody": custom("")}, DecisionDrop, protocol.ReasonNoPushText, false},
		{"custom with desc", killed(testCertID), map[string]any{"MsgBody": custom("a card")}, DecisionPush, protocol.ReasonNone, true},
		{"custom with push desc", killed(testCertID), map[string]any{"MsgBody": custom(""), "OfflinePushInfo": map[string]any{"Desc": "look"}}, DecisionPush, protocol.ReasonNone, true},
		{"no token", killed(0), nil, DecisionDrop, protocol.ReasonNoToken, false},
		{"token unbound", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			d.bind(0, "")
			d.kill()
			return d
		}, nil, DecisionDrop, protocol.ReasonNoToken, false},
		{"certificate missing", killed(4242), nil, DecisionDrop, protocol.ReasonCertificateMissing, false},
		{"certificate inactive", func(e *env) *device {
			e.srv.AddCertificate(CertificateSpec{Certificate: protocol.Certificate{ID: 7777, Vendor: protocol.VendorMeizu}})
			return killed(7777)(e)
		}, nil, DecisionDrop, protocol.ReasonCertificateInactive, false},
		{"no vendor client", func(e *env) *device {
			e.addCert(8888, protocol.VendorAPNs, protocol.ClickAction{})
			delete(e.srv.cfg.Pushers, protocol.VendorAPNs)
			return killed(8888)(e)
		}, nil, DecisionDrop, protocol.ReasonVendorError, false},
		{"REST ignores receive options", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			d.mustCall(protocol.CmdSetC2CReceiveOpt, protocol.ReceiveOptRequest{UserIDs: []string{DefaultAdmin}, Opt: RecvOptOnlineOnly})
			d.kill()
			return d
		}, nil, DecisionPush, protocol.ReasonNone, true},
		{"receive option online only, WithMuteNotifications", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok")
			d.mustCall(protocol.CmdSetC2CReceiveOpt, protocol.ReceiveOptRequest{UserIDs: []string{DefaultAdmin}, Opt: RecvOptOnlineOnly})
			d.kill()
			return d
		}, map[string]any{"SendMsgControl": []string{"WithMuteNotifications"}}, DecisionDrop, protocol.ReasonReceiveOptNoPush, false},
		{"receive option nothing, WithMuteNotifications", func(e *env) *device {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.mustCall(protocol.CmdSetC2CReceiveOpt, protocol.ReceiveOptRequest{UserIDs: []string{DefaultAdmin}, Opt: RecvOptNotReceive})
			return d
		}, map[string]any{"SendMsgControl": []string{"WithMuteNotifications"}}, DecisionDrop, protocol.ReasonReceiveOptNoPush, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, Config{}, func(e *env) {
				e.srv.ImportAccount("alice")
				e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
				d := tt.setup(e)
				key := e.send("alice", "hello", tt.msg)
				device := "phone"
				if d == nil {
					device = ""
				}
				r := e.route(key, device)
				if r.Reason != tt.reason || r.Detail("decision") != tt.decision {
					t.Fatalf("route = %s/%q (%s), want %s/%q", r.Detail("decision"), r.Reason, r.Detail("note"), tt.decision, tt.reason)
				}
				if r.Reason != protocol.ReasonNone && r.Reason != protocol.ReasonDeliveredOnline && r.Detail("note") == "" && r.Detail("cause") == "" {
					t.Fatalf("drop without a note: %+v", r)
				}
				if got := len(e.pusher.requests()) == 1; got != tt.pushed {
					t.Fatalf("pushed = %v (%d requests), want %v", got, len(e.pusher.requests()), tt.pushed)
				}
				online := len(d.eventsIfAny(protocol.EventRecvNewMessage)) == 1
				if wantOnline := tt.decision == DecisionOnline || tt.decision == DecisionOnlinePush; online != wantOnline {
					t.Fatalf("delivered online = %v, want %v", online, wantOnline)
				}
			})
		})
	}
}

// eventsIfAny is eventsNamed on a device that may not exist.
func (d *device) eventsIfAny(name string) []protocol.IMFrame {
	if d == nil {
		return nil
	}
	return d.eventsNamed(name)
}

func TestPushRequestContent(t *testing.T) {
	tests := []struct {
		name      string
		click     protocol.ClickAction
		push      map[string]any
		wantTitle string
		wantDesc  string
		wantExt   string
	}{
		{"default title, text body", protocol.ClickAction{}, nil, protocol.DefaultTitle, "hello", ""},
		{"title, desc and ext for open_app", protocol.ClickAction{Action: protocol.ClickOpenApp},
			map[string]any{"Title": "Bob", "Desc": "hi there", "Ext": `{"conv":"c2c_bob"}`}, "Bob", "hi there", `{"conv":"c2c_bob"}`},
		{"ext kept for open_activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"},
			map[string]any{"Ext": `{"k":1}`}, protocol.DefaultTitle, "hello", `{"k":1}`},
		{"ext dropped for open_url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/x"},
			map[string]any{"Ext": `{"k":1}`}, protocol.DefaultTitle, "hello", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, Config{}, func(e *env) {
				e.addCert(testCertID, protocol.VendorMeizu, tt.click)
				d := e.dial("phone")
				d.loginAs("alice", "Android")
				d.bind(testCertID, "tok-phone")
				d.kill()
				extra := map[string]any{}
				if tt.push != nil {
					tt.push["AndroidInfo"] = map[string]any{"XiaoMiChannelID": "chan"}
					extra["OfflinePushInfo"] = tt.push
				}
				key := e.send("alice", "hello", extra)
				reqs := e.pusher.requests()
				if len(reqs) != 1 {
					t.Fatalf("%d pushes", len(reqs))
				}
				r := reqs[0]
				if r.Title != tt.wantTitle || r.Desc != tt.wantDesc || r.Ext != tt.wantExt || r.Token != "tok-phone" ||
					r.MsgKey != key || r.Device != "phone" || r.Cert.ID != testCertID || r.Cert.Click.Action != orOpenApp(tt.click.Action) {
					t.Fatalf("push = %+v", r)
				}
				if tt.push != nil && (r.Android == nil || r.Android.XiaoMiChannelID != "chan") {
					t.Fatalf("AndroidInfo not passed: %+v", r.Android)
				}
				// vendor.request then vendor.result, linked to the message.
				var kinds []string
				for _, ev := range e.trace.ForMessage(key) {
					kinds = append(kinds, string(ev.Kind))
				}
				if got := strings.Join(kinds, " "); got != "im.send im.route vendor.request vendor.result" {
					t.Fatalf("trace of the message = %s", got)
				}
				if e.trace.MsgKeyOf("v1") != key {
					t.Fatal("vendor message ID not linked to the MsgKey")
				}
			})
		})
	}
}

func orOpenApp(a string) string {
	if a == "" {
		return protocol.ClickOpenApp
	}
	return a
}

func TestPushOrderPerDevice(t *testing.T) {
	bubble(t, Config{LoginPolicy: PolicyMulti}, func(e *env) {
		e.pusher.delay = 700 * time.Millisecond
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		for _, id := range []string{"p1", "p2"} {
			d := e.dial(id)
			d.loginAs("alice", "Android")
			d.bind(testCertID, "tok-"+id)
			d.kill()
		}
		var keys []string
		for i := range 12 {
			body := map[string]any{"To_Account": "alice", "MsgRandom": i, "MsgBody": []any{map[string]any{
				"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": fmt.Sprint("m", i)}}}}
			r := e.rest("openim/sendmsg", body) // all at the same virtual instant
			keys = append(keys, r["MsgKey"].(string))
		}
		synctest.Wait()
		time.Sleep(time.Minute)
		synctest.Wait()
		perDevice := map[string][]string{}
		for _, r := range e.pusher.requests() {
			perDevice[r.Device] = append(perDevice[r.Device], r.MsgKey)
		}
		for _, id := range []string{"p1", "p2"} {
			if strings.Join(perDevice[id], ",") != strings.Join(keys, ",") {
				t.Fatalf("%s got %v, want %v", id, perDevice[id], keys)
			}
		}
	})
}

func TestDeviceSendAndReceive(t *testing.T) {
	bubble(t, Config{LoginPolicy: PolicyMulti}, func(e *env) {
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		bob := e.dial("bob-phone")
		bob.loginAs("bob", "Android")
		alice := e.dial("alice-phone")
		alice.loginAs("alice", "Android")
		alice.bind(testCertID, "tok")
		f := bob.mustCall(protocol.CmdSendC2CMessage, protocol.SendC2CRequest{To: "alice", MsgBody: []protocol.MsgElem{
			{MsgType: "TIMTextElem", MsgContent: []byte(`{"Text":"yo"}`)}}})
		var sent protocol.SendResult
		jsonUnmarshal(t, f.Data, &sent)
		msgs := alice.eventsNamed(protocol.EventRecvNewMessage)
		if len(msgs) != 1 {
			t.Fatalf("alice got %d messages", len(msgs))
		}
		var got protocol.IMMessage
		jsonUnmarshal(t, msgs[0].Data, &got)
		if got.MsgKey != sent.MsgKey || got.From != "bob" || got.To != "alice" || len(got.MsgBody) != 1 {
			t.Fatalf("alice got %+v, sent %+v", got, sent)
		}
		// Device-originated messages honour the receiver's options.
		alice.mustCall(protocol.CmdSetC2CReceiveOpt, protocol.ReceiveOptRequest{UserIDs: []string{"bob"}, Opt: RecvOptOnlineOnly})
		alice.kill()
		f = bob.mustCall(protocol.CmdSendC2CMessage, protocol.SendC2CRequest{To: "alice", MsgBody: []protocol.MsgElem{
			{MsgType: "TIMTextElem", MsgContent: []byte(`{"Text":"again"}`)}}})
		var res protocol.SendResult
		jsonUnmarshal(t, f.Data, &res)
		if r := e.route(res.MsgKey, "alice-phone"); r.Reason != protocol.ReasonReceiveOptNoPush {
			t.Fatalf("route = %+v", r)
		}
		if f := bob.call(protocol.CmdSendC2CMessage, protocol.SendC2CRequest{To: "ghost", MsgBody: []protocol.MsgElem{
			{MsgType: "TIMTextElem", MsgContent: []byte(`{"Text":"?"}`)}}}); f.Code != 20003 {
			t.Fatalf("send to an unknown user = %d", f.Code)
		}
		if f := bob.call(protocol.CmdSendC2CMessage, protocol.SendC2CRequest{To: "alice"}); f.Code != protocol.CodeInvalidArgument {
			t.Fatalf("send without a body = %d", f.Code)
		}
		if f := bob.call("teleport", nil); f.Code != protocol.CodeInvalidArgument {
			t.Fatalf("unknown command = %d", f.Code)
		}
	})
}

func TestNoSecretsInTrace(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		d := e.dial("phone")
		sig, _ := e.srv.GenUserSig("alice", time.Hour)
		d.mustCall(protocol.CmdLogin, protocol.LoginRequest{UserID: "alice", UserSig: sig, Platform: "Android", InstanceID: "phone"})
		d.bind(testCertID, "tok")
		d.kill()
		e.send("alice", "hello", nil)
		var b strings.Builder
		e.trace.WriteJSON(&b)
		for _, secret := range []string{testKey, "s3cr3t-app", sig} {
			if strings.Contains(b.String(), secret) {
				t.Fatalf("trace contains a secret %q", secret)
			}
		}
		_, certs := e.do("GET", "/_pushsim/im/certificates", "")
		if strings.Contains(string(certs), "s3cr3t-app") {
			t.Fatal("certificate list shows a secret")
		}
		if strings.Contains(e.srv.String(), testKey) {
			t.Fatal("String shows the key")
		}
	})
}

// TestDeterministicTrace runs one scenario twice with the same seed and
// compares the traces byte for byte.
func TestDeterministicTrace(t *testing.T) {
	run := func() string {
		var out string
		bubble(t, Config{Seed: 42, LoginPolicy: PolicyMulti}, func(e *env) {
			e.srv.AddCertificate(CertificateSpec{Certificate: protocol.Certificate{ID: testCertID, Vendor: protocol.VendorMeizu}})
			for _, id := range []string{"p1", "p2", "p3"} {
				d := e.dial(id)
				d.loginAs("alice", "Android")
				d.bind(testCertID, "tok-"+id)
			}
			time.Sleep(11 * time.Minute)
			e.srv.Instances()
			for i := range 5 {
				e.send("alice", fmt.Sprint("m", i), nil)
			}
			var b strings.Builder
			e.trace.WriteJSON(&b)
			out = b.String()
		})
		return out
	}
	a, b := run(), run()
	if a != b {
		t.Fatalf("traces differ:\n%s\n----\n%s", a, b)
	}
	if !strings.Contains(a, string(trace.IMRoute)) {
		t.Fatal("no routes recorded")
	}
}
