package format_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/scenarios/format"
)

const fleetCerts = `
name: fleet
im:
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1", app_secret: s}
    - {id: 7777, vendor: xiaomi, package: com.example.chat, app_id: "2", app_key: k, app_secret: s}
`

const fleetMixed = fleetCerts + `devices:
  - fleet: {name: crowd, count: 10, brands: {meizu: 0.3, xiaomi: 0.7}, user_prefix: u, id_prefix: p}
    app: {package: com.example.chat}
  - {id: solo, brand: meizu, user: solo, app: {package: com.example.chat, certificate: 6666}}
steps:
  - launch: crowd
  - login: crowd
  - kill: crowd
  - send: {from: bob, to: crowd, text: hi, as: m}
  - expect_notification: {device: crowd, message: m}
  - expect_notification: {device: p03, message: m-3}
  - expect_delivery: {fleet: crowd, min_rate: 1}
  - expect_delivery: {device: crowd, vendor: xiaomi, min_rate: 1}
`

func TestFleetExpands(t *testing.T) {
	sc, err := format.Parse("fleet.yaml", []byte(fleetMixed))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Env.Devices) != 11 {
		t.Fatalf("%d devices, want 10 phones and solo", len(sc.Env.Devices))
	}
	brands := map[string]int{}
	for _, d := range sc.Env.Devices[:10] {
		brands[d.Brand]++
		want := map[string]int64{"meizu": 6666, "xiaomi": 7777}[d.Brand]
		if d.App.Certificate != want {
			t.Errorf("%s (%s) has certificate %d, want %d", d.ID, d.Brand, d.App.Certificate, want)
		}
	}
	if brands["meizu"] != 3 || brands["xiaomi"] != 7 {
		t.Errorf("brands %v, want 3 meizu and 7 xiaomi", brands)
	}
	if d := sc.Env.Devices[0]; d.ID != "p01" || d.User != "u01" {
		t.Errorf("first phone %s/%s, want p01/u01", d.ID, d.User)
	}
	// launch, login, kill: 10 steps each; send: 1; expect: 10 + 1; delivery: 2.
	if len(sc.Steps) != 44 {
		t.Fatalf("%d steps, want 44", len(sc.Steps))
	}
	if st := sc.Steps[0]; st.Device != "p01" || st.Index != 1 {
		t.Errorf("first step %+v, want launch p01 as step 1", st)
	}
	send := sc.Steps[30]
	if send.Action != format.ActSend || len(send.Recipients) != 10 || send.Recipients[9] != "u10" {
		t.Errorf("send step %+v, want one message to each of u01..u10", send)
	}
	if e := sc.Steps[31+4]; e.Device != "p05" || e.Expect.Message != "m-5" {
		t.Errorf("expect on the fleet: %s/%s, want p05/m-5", e.Device, e.Expect.Message)
	}
	for _, st := range sc.Steps[42:] {
		if st.Delivery.Fleet != "crowd" || len(st.Delivery.Devices) != 10 || st.Delivery.Device != "" {
			t.Errorf("expect_delivery %+v, want over the fleet", st.Delivery)
		}
	}
	again, _ := format.Parse("fleet.yaml", []byte(fleetMixed))
	for i := range sc.Env.Devices {
		if sc.Env.Devices[i].Brand != again.Env.Devices[i].Brand {
			t.Fatal("the same file gave another brand layout")
		}
	}
}

func TestFleetErrors(t *testing.T) {
	dev := func(fleet, app string) string {
		return fleetCerts + "devices:\n  - fleet: " + fleet + "\n    app: " + app + "\nsteps:\n  - wait: 1s\n"
	}
	ok := "{count: 4, brands: {meizu: 1}, user_prefix: u, id_prefix: p}"
	app := "{package: com.example.chat}"
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"shares do not sum to 1", dev("{count: 4, brands: {meizu: 0.5, xiaomi: 0.4}, user_prefix: u, id_prefix: p}", app),
			"fleet.yaml:8:31: fleet brand shares sum to 0.9"},
		{"unknown brand", dev("{count: 4, brands: {nokia: 1}, user_prefix: u, id_prefix: p}", app),
			`fleet.yaml:8:32: fleet brand: "nokia" is not one of`},
		{"count out of range", dev("{count: 0, brands: {meizu: 1}, user_prefix: u, id_prefix: p}", app),
			"fleet.yaml:8:20: fleet count 0 is out of range"},
		{"missing prefix", dev("{count: 4, brands: {meizu: 1}, user_prefix: u}", app),
			`fleet.yaml:8:12: a fleet needs "id_prefix"`},
		{"unknown key", dev("{count: 4, brands: {meizu: 1}, user_prefix: u, id_prefix: p, colour: red}", app),
			`fleet.yaml:8:73: unknown key "colour" in fleet`},
		{"no certificate for a brand", dev("{count: 4, brands: {meizu: 0.5, vivo: 0.5}, user_prefix: u, id_prefix: p}", app),
			"fleet.yaml:8:31: fleet brand vivo: no vivo certificate"},
		{"needs an app", fleetCerts + "devices:\n  - fleet: " + ok + "\nsteps:\n  - wait: 1s\n",
			`fleet.yaml:8:5: a fleet device needs "app"`},
		{"name taken", fleetCerts + "devices:\n  - {id: p, brand: meizu, user: x, app: {package: a, certificate: 6666}}\n  - fleet: " + ok + "\n    app: " + app + "\nsteps:\n  - wait: 1s\n",
			`fleet.yaml:9:12: fleet "p": the name is already a device or fleet`},
		{"count with a fleet", dev(ok, app) + "  - send: {to: p, text: hi, count: 2}\n",
			"fleet.yaml:12:11: step 2 (send): count with a fleet"},
		{"batch on one phone", dev(ok, app) + "  - send: {to: p, text: hi, as: m}\n  - expect_notification: {device: p1, message: m}\n",
			`fleet.yaml:13:26: step 3: "m" names the messages sent to fleet p`},
		{"login before launch", dev(ok, app) + "  - login: p\n",
			"fleet.yaml:12:12: step 2: login on p1, whose app is not launched"},
		{"unknown fleet in expect_delivery", dev(ok, app) + "  - expect_delivery: {fleet: q, min_rate: 1}\n",
			`fleet.yaml:12:30: step 2 (expect_delivery): no fleet "q" in devices`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := format.Parse("fleet.yaml", []byte(tc.doc))
			var ps format.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want problems", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got\n%v\nwant a line containing\n%s", err, tc.want)
			}
		})
	}
}
