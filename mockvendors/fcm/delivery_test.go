package fcm_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestRegister(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false, nil)
		for _, c := range []struct {
			name string
			req  protocol.RegisterRequest
			code string
		}{
			{"ok", protocol.RegisterRequest{AppID: project, Package: pkg}, fcm.RegisterOK},
			{"no project", protocol.RegisterRequest{Package: pkg}, fcm.RegisterMissingProject},
			{"unknown project", protocol.RegisterRequest{AppID: "nope", Package: pkg}, fcm.RegisterInvalidSender},
			{"other package", protocol.RegisterRequest{AppID: project, Package: "com.example.other"}, fcm.RegisterAuthFailed},
		} {
			_, st := e.phone("phone-"+strings.ReplaceAll(c.name, " ", "-"), c.req)
			if st.Code != c.code || (st.Token != "") != (c.code == fcm.RegisterOK) {
				t.Errorf("%s: register = %+v, want code %s", c.name, st, c.code)
			}
			if st.Token != "" && (!fcm.WellFormedToken(st.Token) || len(st.Token) != 163) {
				t.Errorf("%s: token %q is not shaped like an FCM token", c.name, st.Token)
			}
		}
	})
	a, b := fcm.NewToken(1, project, pkg, "d", 1), fcm.NewToken(1, project, pkg, "d", 1)
	if a != b || a == fcm.NewToken(1, project, pkg, "d", 2) || a == fcm.NewToken(2, project, pkg, "d", 1) {
		t.Error("tokens do not follow the seed, app, device and registration number")
	}
}

func TestDelivery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false, nil)
		dev, token := e.device("phone-1")

		// A data message: no notification keys, data as sent.
		if a := e.sendJSON("", `{"message":{"token":`+quote(token)+`,"data":{"k":"v"},"android":{"data":{"k":"android"}}}}`); a.status != 200 {
			t.Fatalf("send = %d %s", a.status, a.body)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		notes := dev.Notices()
		if len(notes) != 1 {
			t.Fatalf("%d notices", len(notes))
		}
		var b map[string]string
		_ = json.Unmarshal(notes[0].Payload, &b)
		if b["k"] != "android" || b[fcm.KeyNotification] != "" || b[fcm.KeyCollapseKey] != pkg || b[fcm.KeyTTL] != "2419200" {
			t.Errorf("data message bundle %v", b)
		}

		// ttl 0 is now or never: the device is away, the message is lost.
		dev.Close()
		synctest.Wait()
		if a := e.sendJSON("", `{"message":{"token":`+quote(token)+`,"notification":{"title":"t"},"android":{"ttl":"0s"}}}`); a.status != 200 {
			t.Fatalf("send = %d %s", a.status, a.body)
		}
		// A one-minute message waits, then expires.
		if a := e.sendJSON("", `{"message":{"token":`+quote(token)+`,"notification":{"title":"t"},"android":{"ttl":"60s"}}}`); a.status != 200 {
			t.Fatalf("send = %d %s", a.status, a.body)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		var reasons []protocol.Reason
		for _, ev := range e.events(trace.VendorDrop) {
			reasons = append(reasons, ev.Reason)
		}
		if len(reasons) != 2 || reasons[0] != protocol.ReasonDeviceNetworkDown || reasons[1] != protocol.ReasonExpired {
			t.Errorf("drops %v, want device_network_down then expired", reasons)
		}

		// Uninstalled: UNREGISTERED.
		e.srv.Hub().Unregister(token)
		if a := e.sendJSON("", msg(token)); a.status != 404 || a.errorResponse(t).FcmCode() != fcm.ErrUnregistered {
			t.Errorf("send to an uninstalled app = %d %s", a.status, a.body)
		}
	})
}

// Tokens and message IDs follow the seed and the requests, not timing.
func TestDeterministicIDs(t *testing.T) {
	run := func() []string {
		var out []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, false, nil)
			_, token := e.device("phone-1")
			out = append(out, token)
			for range 2 {
				var ok fcm.SendResponse
				_ = json.Unmarshal(e.sendJSON("", msg(token)).body, &ok)
				out = append(out, ok.Name)
			}
		})
		return out
	}
	a, b := run(), run()
	if strings.Join(a, ",") != strings.Join(b, ",") || a[1] == a[2] {
		t.Errorf("runs differ or repeat IDs:\n%v\n%v", a, b)
	}
}
