package oppo_test

import (
	"encoding/json"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestDeliveryCarriesNormalizedNotification(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs = []string{callback}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}})
		dev, tok := e.phone("alice")
		n := note("Bob", "hi")
		n.CallBackURL, n.CallBackParameter = callback, "p"
		id := messageID(t, e.unicast(to(tok, n)))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != id || got[0].Token != tok || got[0].Package != pkg {
			t.Fatalf("notices = %+v", got)
		}
		var p map[string]any
		if err := json.Unmarshal(got[0].Payload, &p); err != nil {
			t.Fatal(err)
		}
		if p["off_line"] != true || p["off_line_ttl"] != float64(oppo.DefaultOffLineTTL) || p["click_action_type"] != 0.0 || p["channel_id"] != channel {
			t.Errorf("payload = %s, want defaults filled in", got[0].Payload)
		}
		if _, ok := p["call_back_url"]; ok {
			t.Errorf("payload carries the receipt address: %s", got[0].Payload)
		}
		if _, err := oppo.ParseNotification(string(got[0].Payload)); err != nil {
			t.Errorf("payload does not parse back: %v", err)
		}
	})
}

func TestOfflineTTLAndOnlineOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		dev.Close()
		synctest.Wait()
		kept := note("Bob", "kept")
		kept.OffLineTTL = oppo.Int(7200)
		keptID := messageID(t, e.unicast(to(tok, kept)))
		online := note("Bob", "online")
		online.OffLine = oppo.Bool(false)
		onlineID := messageID(t, e.unicast(to(tok, online)))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != onlineID || drops[0].Reason != protocol.ReasonDeviceNetworkDown {
			t.Fatalf("drops = %+v, want the off_line false message dropped", drops)
		}
		back := e.Dial("alice")
		synctest.Wait()
		if got := back.Notices(); len(got) != 1 || got[0].MsgID != keptID {
			t.Fatalf("on reconnect got %+v, want the kept message", got)
		}
		back.Close()
		synctest.Wait()
		lateID := messageID(t, e.unicast(to(tok, kept)))
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		drops = e.Events(trace.VendorDrop)
		if last := drops[len(drops)-1]; last.VendorMsgID != lateID || last.Reason != protocol.ReasonExpired {
			t.Fatalf("last drop = %+v, want %s expired after off_line_ttl", last, lateID)
		}
	})
}

func TestDeviceRegistration(t *testing.T) {
	tests := []struct {
		name string
		opts []oppo.Option
		req  protocol.RegisterRequest
		code string
	}{
		{"ok", nil, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: "d"}, oppo.RegisterOK},
		{"unknown app", nil, protocol.RegisterRequest{AppID: "999", AppKey: appKey, Package: pkg, DeviceID: "d"}, oppo.RegisterBadApp},
		{"no app", nil, protocol.RegisterRequest{AppKey: appKey, Package: pkg, DeviceID: "d"}, oppo.RegisterBadApp},
		{"wrong app key", nil, protocol.RegisterRequest{AppID: appID, AppKey: "nope", Package: pkg, DeviceID: "d"}, oppo.RegisterBadApp},
		{"wrong package", nil, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: "com.other", DeviceID: "d"}, oppo.RegisterBadPackage},
		{"disabled app", []oppo.Option{oppo.WithDisabledApps(appID)}, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: "d"}, oppo.RegisterDisabled},
	}
	regID := regexp.MustCompile(`^CN_[0-9a-f]{32}$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{Seed: 3}, tc.opts...)
				st := e.Register(e.Dial(""), tc.req)
				if st.Code != tc.code {
					t.Fatalf("code = %s (%s), want %s", st.Code, st.Message, tc.code)
				}
				regs := e.Events(trace.VendorRegister)
				if len(regs) != 1 || regs[0].Device != "d" || regs[0].Component != "oppo" {
					t.Fatalf("register events = %+v", regs)
				}
				if tc.code != oppo.RegisterOK {
					if st.Token != "" || st.Message == "" || regs[0].Reason != protocol.ReasonRegistrationFailed {
						t.Fatalf("refusal = %+v, event reason %q", st, regs[0].Reason)
					}
					return
				}
				if !regID.MatchString(st.Token) || !oppo.WellFormedRegID(st.Token) {
					t.Fatalf("regId %q has the wrong shape", st.Token)
				}
				if want := oppo.NewRegID(3, appID, "d", 1); st.Token != want {
					t.Fatalf("regId = %s, want the seeded %s", st.Token, want)
				}
			})
		})
	}
	if oppo.NewRegID(3, appID, "d", 1) == oppo.NewRegID(3, appID, "d", 2) {
		t.Fatal("a reinstall got the same regId")
	}
}

func TestWellFormedRegID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"CN_078ad8b8a137cadb14ae5b70cf846312", true},
		{"OPPO_CN_078ad8b8a137cadb14ae5b70cf846312", true},
		{"078ad8b8a137cadb14ae5b70cf846312", true},
		{"", false},
		{"CN_", false},
		{"CN_078ad8b8-a137cadb14ae5b70cf846312", false},
		{"cn_078ad8b8a137cadb14ae5b70cf846312", false},
		{"CN_078ad8b8a137cadb14ae5b70cf846312 ", false},
	} {
		if got := oppo.WellFormedRegID(tc.id); got != tc.want {
			t.Errorf("WellFormedRegID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}
