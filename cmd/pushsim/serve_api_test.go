package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// fastConfig is serveConfig with the certificate in effect at once and a
// fast vendor, so a push arrives within milliseconds of real time.
const fastConfig = `
seed: 7
im:
  sdkappid: 1400000001
  secret_key: "k3y-for-tests"
  certificates:
    - id: 6666
      vendor: meizu
      package: com.example.chat
      app_id: "1234512345123451234"
      app_key: "1234512345123"
      app_secret: "s3cr3t"
      activation_delay: 0s
      click: {action: open_activity, activity: com.example.chat.ChatActivity}
vendors:
  meizu: {latency: {median: 2ms, p99: 5ms}}
devices:
  - id: alice-phone
    brand: meizu
    user: alice
    app: {package: com.example.chat, certificate: 6666}
users: [bob]
`

// TestServeDrivesAPhone kills the phone, sends from outside over REST,
// waits for the notification and taps it, all over HTTP in real time.
func TestServeDrivesAPhone(t *testing.T) {
	base, _ := startServeWith(t, fastConfig)
	c := &http.Client{Timeout: 10 * time.Second}
	do := func(method, path, body string, want int, out any) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != want {
			var e struct{ Error string }
			json.NewDecoder(resp.Body).Decode(&e)
			t.Fatalf("%s %s = %d %q, want %d", method, path, resp.StatusCode, e.Error, want)
		}
		if out != nil {
			if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
				t.Fatal(err)
			}
		}
	}
	var dev struct {
		IMState  string `json:"im_state"`
		AppState string `json:"app_state"`
		Tray     []struct {
			ID, MsgKey string
		} `json:"notifications"`
	}
	do("POST", "/_pushsim/devices/alice-phone/kill", "", 200, &dev)
	if dev.IMState != "PushOnline" || dev.AppState != "killed" {
		t.Fatalf("after kill: IM %s, app %s", dev.IMState, dev.AppState)
	}

	sig, err := usersig.Gen(1400000001, "k3y-for-tests", "administrator", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {"1400000001"}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"9"}, "contenttype": {"json"}}
	var sent struct{ MsgKey string }
	do("POST", "/v4/openim/sendmsg?"+q.Encode(), `{"From_Account":"bob","To_Account":"alice","MsgRandom":5,
		"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}],"OfflinePushInfo":{"Title":"Bob","Desc":"hi there"}}`, 200, &sent)

	var fate struct {
		Devices []struct{ Device, Outcome, Reason string } `json:"devices"`
	}
	eventually(t, 10*time.Second, func() bool {
		do("GET", "/_pushsim/messages/"+sent.MsgKey, "", 200, &fate)
		return len(fate.Devices) == 1 && fate.Devices[0].Outcome != ""
	})
	if len(fate.Devices) != 1 || fate.Devices[0].Outcome != "notified" {
		t.Fatalf("fate = %+v, want notified on alice-phone", fate)
	}
	do("GET", "/_pushsim/devices/alice-phone", "", 200, &dev)
	if len(dev.Tray) != 1 {
		t.Fatalf("tray = %+v, want one notification", dev.Tray)
	}
	var intent struct{ Component string }
	do("POST", "/_pushsim/devices/alice-phone/notifications/"+url.PathEscape(dev.Tray[0].ID)+"/click", "", 200, &intent)
	if intent.Component != "com.example.chat.ChatActivity" {
		t.Fatalf("click opened %+v", intent)
	}
	do("GET", "/_pushsim/devices/alice-phone", "", 200, &dev)
	if dev.AppState != "foreground" || dev.IMState != "Online" {
		t.Fatalf("after the tap: app %s, IM %s; want foreground and Online (the tap restarts the app and its session)", dev.AppState, dev.IMState)
	}
}

// eventually polls cond every 10ms until it holds or within passes.
func eventually(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			return
		}
	}
}
