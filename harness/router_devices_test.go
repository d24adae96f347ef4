package harness_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
)

// deviceState is the part of a device answer the tests check.
type deviceState struct {
	ID            string                     `json:"id"`
	Token         string                     `json:"token"`
	IMState       string                     `json:"im_state"`
	AppState      string                     `json:"app_state"`
	Network       string                     `json:"network"`
	Notifications []harness.NotificationInfo `json:"notifications"`
	LastIntent    *harness.IntentInfo        `json:"last_intent"`
}

func TestDeviceActionsOverHTTP(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		var d deviceState
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/alice-phone", "", http.StatusOK, &d)
		if d.AppState != "not_launched" || d.IMState != "LoggedOut" || d.Network != "on" || d.Notifications == nil || d.LastIntent != nil {
			t.Fatalf("fresh device = %+v", d)
		}
		for _, step := range []struct {
			action, appState, imState string
		}{
			{"launch", "foreground", "LoggedOut"},
			{"login", "foreground", "Online"},
			{"background", "background", "Background"},
			{"foreground", "foreground", "Online"},
			{"kill", "killed", "PushOnline"},
			{"launch", "foreground", "PushOnline"},
			{"login", "foreground", "Online"},
			{"logout", "foreground", "LoggedOut"},
			{"uninstall", "uninstalled", "LoggedOut"},
			{"reinstall", "not_launched", "LoggedOut"},
			{"launch", "foreground", "LoggedOut"},
			{"login", "foreground", "Online"},
		} {
			callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/"+step.action, "", http.StatusOK, &d)
			if d.AppState != step.appState || d.IMState != step.imState {
				t.Fatalf("after %s: app %s, IM %s; want app %s, IM %s", step.action, d.AppState, d.IMState, step.appState, step.imState)
			}
		}
		if d.Token == "" {
			t.Fatal("no token after launch and login")
		}
		callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/network", `{"state":"off"}`, http.StatusOK, &d)
		if d.Network != "off" {
			t.Fatalf("network after off = %s", d.Network)
		}
		callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/network", `{"state":"on"}`, http.StatusOK, &d)
		if d.Network != "on" {
			t.Fatalf("network after on = %s", d.Network)
		}
	})
}

func TestKillTrayClickAndFateOverHTTP(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		for _, a := range []string{"launch", "login", "kill"} {
			callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/"+a, "", http.StatusOK, nil)
		}
		key := sendREST(t, env, "bob", "alice", "hi there")
		env.Settle()

		var fate harness.MessageFate
		callJSON(t, env, http.MethodGet, "/_pushsim/messages/"+key, "", http.StatusOK, &fate)
		if len(fate.Devices) != 1 || fate.Devices[0].Device != "alice-phone" || fate.Devices[0].Outcome != "" {
			t.Fatalf("fate while the vendor holds the push = %+v, want alice-phone in flight", fate)
		}
		env.Advance(time.Minute)
		callJSON(t, env, http.MethodGet, "/_pushsim/messages/"+key, "", http.StatusOK, &fate)
		got := fate.Devices[0]
		if fate.MsgKey != key || got.Outcome != harness.OutcomeNotified || got.Reason != "" || got.LatencyMS <= 0 || len(got.Chain) == 0 {
			t.Fatalf("fate after a minute = %+v, want notified with a latency and a chain", fate)
		}

		var d deviceState
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/alice-phone", "", http.StatusOK, &d)
		if len(d.Notifications) != 1 {
			t.Fatalf("tray = %+v, want one notification", d.Notifications)
		}
		n := d.Notifications[0]
		if n.MsgKey != key || n.Title != "bob" || n.Body != "hi there" || n.Clicked || n.ShownAt.IsZero() || n.ID == "" {
			t.Fatalf("notification = %+v", n)
		}
		var tray []harness.NotificationInfo
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/alice-phone/notifications", "", http.StatusOK, &tray)
		if len(tray) != 1 || tray[0].ID != n.ID {
			t.Fatalf("GET notifications = %+v, want the device's tray", tray)
		}

		var intent harness.IntentInfo
		callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/notifications/"+n.ID+"/click", "", http.StatusOK, &intent)
		if intent.Component != "com.example.chat.ChatActivity" || intent.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Fatalf("click opened %+v", intent)
		}
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/alice-phone", "", http.StatusOK, &d)
		if !d.Notifications[0].Clicked || d.LastIntent == nil || d.LastIntent.Component != intent.Component || d.AppState != "foreground" {
			t.Fatalf("after the click: %+v, want the entry clicked, the intent kept and the app started", d)
		}

		var list []deviceState
		callJSON(t, env, http.MethodGet, "/_pushsim/devices", "", http.StatusOK, &list)
		if len(list) != 1 || len(list[0].Notifications) != 1 || list[0].Notifications[0].MsgKey != key {
			t.Fatalf("device list = %+v, want alice-phone with its tray", list)
		}
	})
}

func TestCreateAndDeleteDeviceOverHTTP(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		body := `{"id":"bob-phone","brand":"meizu","rom":"flyme-9","user":"bob","app":{"package":"com.example.chat","certificate":6666}}`
		status, raw := call(t, env, http.MethodPost, "/_pushsim/devices", body)
		if status != http.StatusCreated {
			t.Fatalf("POST /_pushsim/devices = %d %s", status, raw)
		}
		var d deviceState
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/bob-phone", "", http.StatusOK, &d)
		if d.ID != "bob-phone" || d.AppState != "not_launched" || d.IMState != "LoggedOut" {
			t.Fatalf("created device = %+v", d)
		}
		for _, a := range []string{"launch", "login"} {
			callJSON(t, env, http.MethodPost, "/_pushsim/devices/bob-phone/"+a, "", http.StatusOK, &d)
		}
		if d.Token == "" || d.IMState != "Online" {
			t.Fatalf("created device after launch and login = %+v, want a token and Online", d)
		}
		if got := env.DeviceIDs(); len(got) != 2 || got[1] != "bob-phone" {
			t.Fatalf("DeviceIDs = %v", got)
		}
		callJSON(t, env, http.MethodDelete, "/_pushsim/devices/bob-phone", "", http.StatusNoContent, nil)
		callJSON(t, env, http.MethodGet, "/_pushsim/devices/bob-phone", "", http.StatusNotFound, nil)
		if _, ok := env.LookupPhone("bob-phone"); ok {
			t.Fatal("LookupPhone finds a deleted device")
		}
		status, raw = call(t, env, http.MethodPost, "/_pushsim/devices", body)
		if status != http.StatusCreated {
			t.Fatalf("POST /_pushsim/devices again after DELETE = %d %s", status, raw)
		}
	})
}

func TestTraceFilters(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		for _, a := range []string{"launch", "login", "kill"} {
			callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/"+a, "", http.StatusOK, nil)
		}
		env.Advance(time.Second)
		key := sendREST(t, env, "bob", "alice", "hi")
		env.Advance(time.Minute)

		type rec struct {
			TMS    int64  `json:"t_ms"`
			Kind   string `json:"kind"`
			Msg    string `json:"msg"`
			Device string `json:"device"`
		}
		get := func(query string) []rec {
			t.Helper()
			var out []rec
			callJSON(t, env, http.MethodGet, "/_pushsim/trace"+query, "", http.StatusOK, &out)
			return out
		}
		all := get("")
		for _, tc := range []struct {
			query string
			keep  func(rec) bool
		}{
			{"?device=alice-phone", func(r rec) bool { return r.Device == "alice-phone" }},
			{"?message=" + key, func(r rec) bool { return r.Msg == key }},
			{"?kind=device.notify", func(r rec) bool { return r.Kind == "device.notify" }},
			{"?kind=vendor", func(r rec) bool { return len(r.Kind) > 7 && r.Kind[:7] == "vendor." }},
			{"?kind=im.send,device.notify", func(r rec) bool { return r.Kind == "im.send" || r.Kind == "device.notify" }},
			{"?since=1000", func(r rec) bool { return r.TMS >= 1000 }},
			{"?since=1s", func(r rec) bool { return r.TMS >= 1000 }},
			{"?since=" + env.Trace().Start().Add(time.Second).Format(time.RFC3339Nano), func(r rec) bool { return r.TMS >= 1000 }},
			{"?device=alice-phone&message=" + key + "&kind=device", func(r rec) bool {
				return r.Device == "alice-phone" && r.Msg == key && r.Kind[:7] == "device."
			}},
			{"?device=nobody", func(rec) bool { return false }},
		} {
			var want []rec
			for _, r := range all {
				if tc.keep(r) {
					want = append(want, r)
				}
			}
			got := get(tc.query)
			if len(want) == 0 && tc.query != "?device=nobody" {
				t.Errorf("%s: the trace has nothing to keep; the test is wrong", tc.query)
			}
			if len(got) != len(want) {
				t.Errorf("GET /_pushsim/trace%s: %d events, want %d", tc.query, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("GET /_pushsim/trace%s: event %d = %+v, want %+v", tc.query, i, got[i], want[i])
				}
			}
		}
	})
}

// TestDevicesAddedConcurrently adds, lists, drives and deletes devices from
// many requests at once (run it with -race).
func TestDevicesAddedConcurrently(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		const n = 8
		errs := make(chan string, 4*n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				id := fmt.Sprintf("phone-%d", i)
				body := fmt.Sprintf(`{"id":%q,"brand":"meizu","user":"user%d","app":{"package":"com.example.chat","certificate":6666}}`, id, i)
				for _, r := range []struct{ method, path, body string }{
					{http.MethodPost, "/_pushsim/devices", body},
					{http.MethodGet, "/_pushsim/devices", ""},
					{http.MethodPost, "/_pushsim/devices/" + id + "/launch", ""},
					{http.MethodGet, "/_pushsim/messages/none", ""},
				} {
					status, raw, err := request(env, r.method, r.path, r.body)
					if err != nil {
						errs <- fmt.Sprintf("%s %s: %v", r.method, r.path, err)
					} else if status >= 500 || (status >= 400 && r.path != "/_pushsim/messages/none") {
						errs <- fmt.Sprintf("%s %s = %d %s", r.method, r.path, status, raw)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		if got := len(env.DeviceIDs()); got != n+1 {
			t.Fatalf("%d devices after %d concurrent adds, want %d", got, n, n+1)
		}
		for i := range n {
			if err := env.RemoveDevice(fmt.Sprintf("phone-%d", i)); err != nil {
				t.Error(err)
			}
		}
	})
}

func TestHealthCountsThePhonesSockets(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		sockets := func() harness.Sockets {
			t.Helper()
			env.Settle()
			var h struct {
				Sockets harness.Sockets `json:"sockets"`
			}
			callJSON(t, env, http.MethodGet, "/_pushsim/healthz", "", http.StatusOK, &h)
			return h.Sockets
		}
		base := sockets()
		if base.IM != 0 {
			t.Fatalf("IM sockets before any launch = %d, want 0", base.IM)
		}
		for _, step := range []struct {
			action string
			im     int
		}{
			{"launch", 0},
			{"login", 1},
			{"kill", 0},
			{"uninstall", 0},
		} {
			callJSON(t, env, http.MethodPost, "/_pushsim/devices/alice-phone/"+step.action, "", http.StatusOK, nil)
			got := sockets()
			if got.IM != step.im {
				t.Errorf("after %s: %d IM sockets, want %d", step.action, got.IM, step.im)
			}
			// The system push service stays connected whatever the app does.
			if got.DeviceChannels != base.DeviceChannels || got.DeviceChannels < 1 {
				t.Errorf("after %s: %d device channels, want the %d of the phones' push services", step.action, got.DeviceChannels, base.DeviceChannels)
			}
		}
	})
}
