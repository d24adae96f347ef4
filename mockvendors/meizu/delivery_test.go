package meizu_test

import (
	"encoding/json"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestDeliveryCarriesNormalizedMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		mj := `{"noticeBarInfo":{"noticeMsgType":true,"title":"Bob","content":"hi"},` +
			`"clickTypeInfo":{"clickType":"2","url":"https://example.com/x"},"pushTimeInfo":{"offLine":true}}`
		r := e.raw(meizu.PathPushByPushID, signedForm(tok, mj))
		if r.CodeFor(tok) != meizu.CodeOK {
			t.Fatalf("push = %+v", r)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != r.MsgID || got[0].Token != tok || got[0].Package != pkg {
			t.Fatalf("notices = %+v", got)
		}
		var payload map[string]map[string]any
		if err := json.Unmarshal(got[0].Payload, &payload); err != nil {
			t.Fatal(err)
		}
		if payload["noticeBarInfo"]["noticeMsgType"] != 1.0 || payload["clickTypeInfo"]["clickType"] != 2.0 ||
			payload["pushTimeInfo"]["offLine"] != 1.0 || payload["pushTimeInfo"]["validTime"] != 24.0 {
			t.Fatalf("payload = %s", got[0].Payload)
		}
		if _, err := meizu.ParseNoticeMessage(string(got[0].Payload)); err != nil {
			t.Fatalf("payload does not parse back: %v", err)
		}
	})
}

func TestOfflineValidityAndOnlineOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		dev.Close()
		synctest.Wait()
		kept := e.raw(meizu.PathPushByPushID, signedForm(tok, `{"noticeBarInfo":{"title":"t","content":"kept"},"pushTimeInfo":{"offLine":1,"validTime":2}}`))
		online := e.raw(meizu.PathPushByPushID, signedForm(tok, `{"noticeBarInfo":{"title":"t","content":"online"},"pushTimeInfo":{"offLine":0}}`))
		time.Sleep(time.Second)
		synctest.Wait()
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != online.MsgID || drops[0].Reason != protocol.ReasonDeviceNetworkDown {
			t.Fatalf("drops = %+v, want the offLine 0 message dropped", drops)
		}
		back := e.Dial("alice")
		synctest.Wait()
		if got := back.Notices(); len(got) != 1 || got[0].MsgID != kept.MsgID {
			t.Fatalf("on reconnect got %+v, want the kept message", got)
		}
		back.Close()
		synctest.Wait()
		late := e.raw(meizu.PathPushByPushID, signedForm(tok, `{"noticeBarInfo":{"title":"t","content":"late"},"pushTimeInfo":{"validTime":2}}`))
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		drops = e.Events(trace.VendorDrop)
		if last := drops[len(drops)-1]; last.VendorMsgID != late.MsgID || last.Reason != protocol.ReasonExpired {
			t.Fatalf("last drop = %+v, want %s expired after validTime", last, late.MsgID)
		}
	})
}

func TestDeviceRegistration(t *testing.T) {
	tests := []struct {
		name string
		req  protocol.RegisterRequest
		code string
	}{
		{"ok", protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: "d"}, meizu.CodeOK},
		{"unknown app", protocol.RegisterRequest{AppID: "999", AppKey: appKey, Package: pkg, DeviceID: "d"}, meizu.CodeBadAppID},
		{"no app", protocol.RegisterRequest{AppKey: appKey, Package: pkg, DeviceID: "d"}, meizu.CodeParamEmpty},
		{"wrong app key", protocol.RegisterRequest{AppID: appID, AppKey: "nope", Package: pkg, DeviceID: "d"}, meizu.CodeBadAppKey},
		{"wrong package", protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: "com.other", DeviceID: "d"}, meizu.CodeBadPackage},
	}
	pushID := regexp.MustCompile(`^[A-Z]{3}[0-9a-f]{42}$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{Seed: 3})
				st := e.Register(e.Dial(""), tc.req)
				if st.Code != tc.code {
					t.Fatalf("code = %s (%s), want %s", st.Code, st.Message, tc.code)
				}
				regs := e.Events(trace.VendorRegister)
				if len(regs) != 1 || regs[0].Device != "d" || regs[0].Component != "meizu" {
					t.Fatalf("register events = %+v", regs)
				}
				if tc.code != meizu.CodeOK {
					if st.Token != "" || regs[0].Reason != protocol.ReasonRegistrationFailed {
						t.Fatalf("refusal = %+v, event reason %q", st, regs[0].Reason)
					}
					return
				}
				if !pushID.MatchString(st.Token) || !meizu.WellFormedPushID(st.Token) {
					t.Fatalf("PushId %q has the wrong shape", st.Token)
				}
				if want := meizu.NewPushID(3, appID, "d", 1); st.Token != want {
					t.Fatalf("PushId = %s, want the seeded %s", st.Token, want)
				}
			})
		})
	}
	if meizu.NewPushID(3, appID, "d", 1) == meizu.NewPushID(3, appID, "d", 2) {
		t.Fatal("a reinstall got the same PushId")
	}
	if meizu.NewPushID(3, appID, "d", 1) == meizu.NewPushID(4, appID, "d", 1) {
		t.Fatal("two seeds gave the same PushId")
	}
}

func TestWellFormedPushID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"RA50c6348036344485d01776773577c64740465480a6b", true},
		{"J0476035d625e6sd64567f71487e040e7d017f0558675b", true},
		{"", false},
		{"short", false},
		{"RA50c6348036344485d0177677-3577c64740465480a6b", false},
		{"RA50c6348036344485d01776773577c64740465480a6b ", false},
		{string(make([]byte, 65)), false},
	}
	for _, tc := range tests {
		if got := meizu.WellFormedPushID(tc.id); got != tc.want {
			t.Errorf("WellFormedPushID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}
