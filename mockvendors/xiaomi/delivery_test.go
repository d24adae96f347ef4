package xiaomi_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestDeliveredMiPushMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs = []string{callback}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}})
		dev, tok := e.phone("alice")
		msg := note("Bob", "hi")
		msg.Payload = `{"k":1}`
		msg.NotifyID = xiaomi.Int(7)
		msg.Extra["ext"] = "x"
		msg.Extra[xiaomi.ExtraCallback] = callback
		msg.Extra["locale"] = "zh_CN"
		r := e.push(msg, tok)
		time.Sleep(time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != r.Send().ID || got[0].Token != tok || got[0].Package != pkg {
			t.Fatalf("notices = %+v", got)
		}
		var m xiaomi.DeviceMessage
		if err := json.Unmarshal(got[0].Payload, &m); err != nil {
			t.Fatal(err)
		}
		want := xiaomi.DeviceMessage{MessageID: r.Send().ID, MessageType: xiaomi.MessageTypeRegID, Content: `{"k":1}`,
			NotifyType: -1, NotifyID: 7, Title: "Bob", Description: "hi",
			Extra: map[string]string{"channel_id": channel, "ext": "x"}}
		if m.MessageID != want.MessageID || m.Content != want.Content || m.NotifyType != -1 || m.NotifyID != 7 ||
			m.Title != "Bob" || m.Description != "hi" || len(m.Extra) != 2 || m.Extra["ext"] != "x" || m.Extra["channel_id"] != channel {
			t.Fatalf("MiPushMessage = %+v, want %+v (callback and targeting stay on the server)", m, want)
		}
	})
}

func TestTimeToLiveAndSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		dev.Close()
		synctest.Wait()
		short := note("t", "short")
		short.TimeToLive = time.Hour.Milliseconds()
		kept := e.push(note("t", "kept"), tok)
		lost := e.push(short, tok)
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != lost.Send().ID || drops[0].Reason != protocol.ReasonExpired {
			t.Fatalf("drops = %+v, want the 1 h message expired", drops)
		}
		back := e.Dial("alice")
		synctest.Wait()
		if got := back.Notices(); len(got) != 1 || got[0].MsgID != kept.Send().ID {
			t.Fatalf("on reconnect got %+v, want the message kept two weeks", got)
		}

		later := note("t", "later")
		later.TimeToSend = time.Now().Add(time.Hour).UnixMilli()
		sched := e.push(later, tok)
		if !sched.OK() || e.srv.Scheduled() != 1 {
			t.Fatalf("scheduled push = %+v, %d scheduled", sched, e.srv.Scheduled())
		}
		time.Sleep(59 * time.Minute)
		synctest.Wait()
		if got := back.Notices(); len(got) != 0 {
			t.Fatalf("delivered %d before time_to_send", len(got))
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if got := back.Notices(); len(got) != 1 || got[0].MsgID != sched.Send().ID || e.srv.Scheduled() != 0 {
			t.Fatalf("after time_to_send got %+v", got)
		}
	})
}

func TestScheduledDroppedOnClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		m := note("t", "later")
		m.TimeToSend = time.Now().Add(time.Hour).UnixMilli()
		if r := e.push(m, tok); !r.OK() {
			t.Fatal(r)
		}
		e.srv.Close()
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if n := len(e.Events(trace.VendorDeliver)); n != 0 {
			t.Fatalf("%d deliveries after Close", n)
		}
	})
}

func TestPublicDailyCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs = []string{callback}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}},
			xiaomi.WithPublicDailyCap(1), xiaomi.WithPrivateChannels(channel))
		dev, tok := e.phone("alice")
		public := func(c string) xiaomi.Message {
			m := note("t", c)
			m.Extra[xiaomi.ExtraChannelID] = "marketing"
			m.Extra[xiaomi.ExtraCallback] = callback
			m.Extra[xiaomi.ExtraCallbackType] = strconv.Itoa(xiaomi.ReceiptOverDailyLimit)
			return m
		}
		first := e.push(public("1"), tok)
		second := e.push(public("2"), tok)
		private := e.push(note("t", "im"), tok)
		if !first.OK() || !second.OK() || !private.OK() {
			t.Fatalf("pushes = %+v %+v %+v, want all accepted", first, second, private)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		var ids []string
		for _, n := range dev.Notices() {
			ids = append(ids, n.MsgID)
		}
		if len(ids) != 2 || ids[0] != first.Send().ID || ids[1] != private.Send().ID {
			t.Fatalf("delivered %v, want the first public and the private message", ids)
		}
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != second.Send().ID || drops[0].Reason != protocol.ReasonVendorQuotaExceeded || drops[0].Device != "alice" {
			t.Fatalf("drops = %+v", drops)
		}
		got := e.receipts.All()
		if len(got) != 1 {
			t.Fatalf("receipts = %v, want one type-128 receipt", got)
		}
		var data map[string]xiaomi.ReceiptEntry
		if err := json.Unmarshal([]byte(got[0].Get("data")), &data); err != nil {
			t.Fatal(err)
		}
		if ent := data[second.Send().ID]; len(data) != 1 || ent.Type != xiaomi.ReceiptOverDailyLimit || ent.Targets != tok {
			t.Fatalf("receipt data = %+v", data)
		}
	})
}

func TestDeviceRegistration(t *testing.T) {
	tests := []struct {
		name string
		req  protocol.RegisterRequest
		code string
	}{
		{"ok", registerReq(pkg, appID, appKey, "d"), xiaomi.RegisterOK},
		{"unknown app", registerReq(pkg, "2882303761517599999", appKey, "d"), xiaomi.RegisterAuthError},
		{"no app", registerReq(pkg, "", appKey, "d"), xiaomi.RegisterInvalidRequest},
		{"wrong app key", registerReq(pkg, appID, "nope", "d"), xiaomi.RegisterAuthError},
		{"wrong package", registerReq("com.other", appID, appKey, "d"), xiaomi.RegisterAuthError},
	}
	regID := regexp.MustCompile(`^[A-Za-z0-9+/]{64}$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{Seed: 3})
				st := e.Register(e.Dial(""), tc.req)
				if st.Code != tc.code {
					t.Fatalf("code = %s (%s), want %s", st.Code, st.Message, tc.code)
				}
				regs := e.Events(trace.VendorRegister)
				if len(regs) != 1 || regs[0].Device != "d" || regs[0].Component != "xiaomi" {
					t.Fatalf("register events = %+v", regs)
				}
				if tc.code != xiaomi.RegisterOK {
					if st.Token != "" || st.Message == "" || regs[0].Reason != protocol.ReasonRegistrationFailed {
						t.Fatalf("refusal = %+v, event reason %q", st, regs[0].Reason)
					}
					return
				}
				if !regID.MatchString(st.Token) {
					t.Fatalf("regId %q has the wrong shape", st.Token)
				}
				if want := xiaomi.NewRegID(3, appID, "d", 1); st.Token != want {
					t.Fatalf("regId = %s, want the seeded %s", st.Token, want)
				}
			})
		})
	}
	if xiaomi.NewRegID(3, appID, "d", 1) == xiaomi.NewRegID(3, appID, "d", 2) {
		t.Fatal("a reinstall got the same regId")
	}
	if xiaomi.NewRegID(3, appID, "d", 1) == xiaomi.NewRegID(4, appID, "d", 1) {
		t.Fatal("two seeds gave the same regId")
	}
}
