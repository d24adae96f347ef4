package runner_test

import (
	"strings"
	"testing"

	"github.com/pushsim/pushsim/scenarios/format"
)

// A fleet of 10 Meizu phones, one of which logs out before the send: the
// fleet's delivery counts every phone, so 9 of 10 were notified.
const fleetScenario = `
name: fleet delivery counts every phone
im:
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1234512345123451234", app_secret: s3cr3t}
devices:
  - fleet: {name: f, count: 10, brands: {meizu: 1}, user_prefix: u, id_prefix: p}
    app: {package: com.example.chat}
users: [bob]
steps:
  - launch: f
  - login: f
  - wait: 11m
  - logout: p04
  - kill: f
  - send: {from: bob, to: f, text: hi, as: m}
  - expect_no_notification: {device: p04, message: m-4, reason: logged_out}
  - expect_delivery: {fleet: f, min_rate: 0.9}
  - expect_delivery: {fleet: f, min_rate: 1}
`

func TestFleetDelivery(t *testing.T) {
	sc, err := format.Parse("fleet.yaml", []byte(fleetScenario))
	if err != nil {
		t.Fatal(err)
	}
	out := string(runJSON(t, sc, 3))
	if !strings.Contains(out, "9 of 10 notified (90.0 %), want at least 100.0 %") || !strings.Contains(out, "fleet f") {
		t.Errorf("want the last step to fail with 9 of 10 notified over fleet f:\n%s", out)
	}
	if n := strings.Count(out, `"outcome": "notified"`); n != 9 {
		t.Errorf("%d messages notified, want 9", n)
	}
	if strings.Count(out, `"step":`) != 1 {
		t.Errorf("want exactly one failing step:\n%s", out)
	}
}
