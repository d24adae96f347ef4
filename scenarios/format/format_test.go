package format_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/scenarios/format"
)

// A full example scenario: every im field set, and the README's steps.
const designExample = `
name: "Meizu: killed app gets the notification, tap opens the chat with ext"
labels: [vendor:meizu, smoke]
seed: 7
im:
  sdkappid: 1400000001
  secret_key: "k3y"
  admin: administrator
  login_policy: same_platform_kick
  certificates:
    - id: 6666
      vendor: meizu
      package: com.example.chat
      app_id: "1234512345123451234"
      app_secret: "s3cr3t"
      click: {action: open_activity, activity: com.example.chat.ChatActivity}
      activation_delay: 10m
vendors:
  meizu: {latency: {median: 800ms, p99: 5s}, drop_rate: 0.0}
devices:
  - id: alice-phone
    brand: meizu
    rom: flyme-9
    user: alice
    app: {package: com.example.chat, certificate: 6666}
steps:
  - launch: alice-phone
  - login: alice-phone
  - wait: 11m
  - kill: alice-phone
  - send: {from: bob, to: alice, text: hi, as: m1,
           push: {title: Bob, desc: "hi there", ext: '{"conv":"c2c_bob"}'}}
  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 60s}
  - click: {device: alice-phone, message: m1}
  - expect_intent: {device: alice-phone, component: com.example.chat.ChatActivity,
                    extras: {ext: '{"conv":"c2c_bob"}'}}
  - logout: alice-phone
  - send: {from: bob, to: alice, text: again, as: m2}
  - expect_no_notification: {device: alice-phone, message: m2, for: 5m, reason: logged_out}
`

func TestParseDesignExample(t *testing.T) {
	sc, err := format.Parse("design.yaml", []byte(designExample))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name == "" || len(sc.Labels) != 2 || sc.Seed == nil || *sc.Seed != 7 {
		t.Errorf("header = %q %v %v", sc.Name, sc.Labels, sc.Seed)
	}
	if len(sc.Steps) != 11 {
		t.Fatalf("%d steps, want 11", len(sc.Steps))
	}
	cert := sc.Env.IM.Certificates[0]
	if cert.ID != 6666 || cert.Click.Action != protocol.ClickOpenActivity || cert.ActivationDelay.D() != 10*time.Minute {
		t.Errorf("certificate = %+v", cert)
	}
	if v := sc.Env.Vendors["meizu"]; v.Latency.Median.D() != 800*time.Millisecond || v.Latency.P99.D() != 5*time.Second {
		t.Errorf("vendors = %+v", sc.Env.Vendors)
	}
	send := sc.Steps[4]
	if send.Send == nil || send.Send.As != "m1" || send.Send.Push.Ext != `{"conv":"c2c_bob"}` || send.Line != 31 {
		t.Errorf("send step = %+v (line %d)", send.Send, send.Line)
	}
	exp := sc.Steps[5].Expect
	if exp.Message != "m1" || *exp.Title != "Bob" || exp.Within != time.Minute {
		t.Errorf("expect_notification = %+v", exp)
	}
	intent := sc.Steps[7].Expect
	if intent.Component != "com.example.chat.ChatActivity" || intent.Extras["ext"] != `{"conv":"c2c_bob"}` {
		t.Errorf("expect_intent = %+v", intent)
	}
	last := sc.Steps[10].Expect
	if last.For != 5*time.Minute || last.Reason != protocol.ReasonLoggedOut {
		t.Errorf("expect_no_notification = %+v", last)
	}
}

func TestDefaults(t *testing.T) {
	sc, err := format.Parse("d.yaml", []byte(`
name: defaults
devices: [{id: a, brand: meizu, user: alice, app: {package: p}}]
steps:
  - send: {to: alice, text: hi, as: m}
  - expect_notification: {device: a, message: m}
  - expect_no_notification: {device: a, message: m}
`))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Steps[1].Expect.Within != format.DefaultWithin || sc.Steps[2].Expect.For != format.DefaultFor {
		t.Errorf("defaults: within %v, for %v", sc.Steps[1].Expect.Within, sc.Steps[2].Expect.For)
	}
}

// TestInvalidFiles checks every file in testdata/invalid fails with the
// line, column and message its first line announces ("# want: L:C: msg").
func TestInvalidFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/invalid/*.yaml")
	if err != nil || len(files) < 12 {
		t.Fatalf("found %d invalid files, want at least 12 (%v)", len(files), err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want := wantLine(t, file)
			_, err := format.ParseFile(file)
			var ps format.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("ParseFile = %v, want Problems", err)
			}
			got := strings.TrimPrefix(ps[0].Error(), file+":")
			if !strings.HasPrefix(got, want) {
				t.Errorf("first problem:\n got %s\nwant %s", got, want)
			}
			if !strings.HasPrefix(ps[0].Error(), file+":") {
				t.Errorf("problem %q does not name the file", ps[0].Error())
			}
		})
	}
}

func wantLine(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	want, ok := strings.CutPrefix(sc.Text(), "# want: ")
	if !ok {
		t.Fatalf("%s: first line must be '# want: L:C: message'", file)
	}
	return want
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(designExample))
	files, _ := filepath.Glob("../testdata/invalid/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := format.Parse("fuzz.yaml", data)
		if err == nil && sc == nil {
			t.Fatal("nil scenario without an error")
		}
		var ps format.Problems
		if err != nil && errors.As(err, &ps) {
			for _, p := range ps {
				if p.Line <= 0 || p.Msg == "" {
					t.Fatalf("problem without a position or message: %+v", p)
				}
			}
		}
	})
}
