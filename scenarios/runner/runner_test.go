package runner_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/format"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// runJSON runs one scenario in its own bubble and returns its results.json.
func runJSON(t *testing.T, sc *format.Scenario, seed uint64) []byte {
	t.Helper()
	var res reports.Scenario
	harness.RunVirtual(t, func(ctx context.Context) {
		res = runner.Run(ctx, sc, runner.Options{Seed: &seed})
	})
	var r reports.Results
	r.Seed = seed
	r.Add(res)
	var b bytes.Buffer
	if err := reports.WriteJSON(r, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSameSeedSameResults runs every catalog file twice with the same
// seed and compares the results byte for byte.
func TestSameSeedSameResults(t *testing.T) {
	files, err := filepath.Glob("../catalog/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalog files: %v", err)
	}
	for _, f := range files {
		sc, err := format.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, b := runJSON(t, sc, 99), runJSON(t, sc, 99)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs with seed 99 differ:\n%s\n---\n%s", f, a, b)
		}
		if bytes.Contains(a, []byte(`"status": "failed"`)) {
			t.Errorf("%s failed with seed 99:\n%s", f, a)
		}
	}
}

func TestSeedPrecedence(t *testing.T) {
	seven, nine := uint64(7), uint64(9)
	sc := &format.Scenario{Seed: &seven}
	if got := runner.SeedFor(sc, runner.Options{}); got != 7 {
		t.Errorf("file seed: %d", got)
	}
	if got := runner.SeedFor(sc, runner.Options{Seed: &nine}); got != 9 {
		t.Errorf("command line seed: %d", got)
	}
	if got := runner.SeedFor(&format.Scenario{}, runner.Options{}); got != runner.DefaultSeed {
		t.Errorf("default seed: %d", got)
	}
}

func TestFailureCarriesReplayAndChain(t *testing.T) {
	sc, err := format.Parse("fail.yaml", []byte(`
name: "a deliberately wrong expectation"
im:
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1", app_key: "k", app_secret: "s"}
devices:
  - {id: alice-phone, brand: meizu, user: alice, app: {package: com.example.chat, certificate: 6666}}
steps:
  - launch: alice-phone
  - login: alice-phone
  - wait: 11m
  - logout: alice-phone
  - send: {from: bob, to: alice, text: hi, as: m1}
  - expect_notification: {device: alice-phone, message: m1}
`))
	if err != nil {
		t.Fatal(err)
	}
	var res reports.Scenario
	harness.RunVirtual(t, func(ctx context.Context) { res = runner.Run(ctx, sc, runner.Options{}) })
	if res.Status != reports.StatusFailed || len(res.Failures) != 1 || res.Failures[0].Step != 6 {
		t.Fatalf("result = %+v", res)
	}
	msg := res.Failures[0].Message
	for _, want := range []string{"logged_out", "im.route", "line 14"} {
		if !bytes.Contains([]byte(msg), []byte(want)) {
			t.Errorf("failure %q lacks %q", msg, want)
		}
	}
	if res.Replay != "pushsim run fail.yaml --seed 1" {
		t.Errorf("replay = %q", res.Replay)
	}
	if len(res.Messages) != 1 || res.Messages[0].Reason != "logged_out" || res.Messages[0].Outcome != reports.OutcomeNotDelivered {
		t.Errorf("messages = %+v", res.Messages)
	}
}

// TestLogoutOfAKilledAppFailsWithTheTrueCause checks that the logout step
// of a killed app fails because the app is not running, not because it is
// "not logged in" (its IM login stays: the server still pushes to it).
func TestLogoutOfAKilledAppFailsWithTheTrueCause(t *testing.T) {
	sc, err := format.Parse("killed_logout.yaml", []byte(`
name: "logout after a kill"
im:
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1", app_key: "k", app_secret: "s"}
devices:
  - {id: alice-phone, brand: meizu, user: alice, app: {package: com.example.chat, certificate: 6666}}
steps:
  - launch: alice-phone
  - login: alice-phone
  - kill: alice-phone
  - logout: alice-phone
`))
	if err != nil {
		t.Fatal(err)
	}
	var res reports.Scenario
	harness.RunVirtual(t, func(ctx context.Context) { res = runner.Run(ctx, sc, runner.Options{}) })
	if res.Status != reports.StatusFailed || len(res.Failures) != 1 || res.Failures[0].Step != 4 {
		t.Fatalf("result = %+v", res)
	}
	msg := res.Failures[0].Message
	for _, want := range []string{"step 4 (logout, line 12)", "app not running", "killed", "login stays"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "not logged in") {
		t.Errorf("failure %q says the app is not logged in", msg)
	}
}

// TestReportFields checks what the report's matrix and timelines read:
// each message's device state at send time, its send time and hops, and
// every step with its status and line.
func TestReportFields(t *testing.T) {
	sc, err := format.Parse("fields.yaml", []byte(`
name: "killed, then logged out"
im:
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1", app_key: "k", app_secret: "s"}
devices:
  - {id: alice-phone, brand: meizu, user: alice, app: {package: com.example.chat, certificate: 6666}}
steps:
  - launch: alice-phone
  - login: alice-phone
  - wait: 11m
  - send: {from: bob, to: alice, text: hi, as: m0}
  - kill: alice-phone
  - send: {from: bob, to: alice, text: hi, as: m1, push: {title: Bob, desc: hi}}
  - expect_notification: {device: alice-phone, message: m1, within: 1m}
  - click: {device: alice-phone, message: m1}
  - launch: alice-phone
  - logout: alice-phone
  - send: {from: bob, to: alice, text: again, as: m2}
  - expect_notification: {device: alice-phone, message: m2, within: 1m}
  - wait: 1m
`))
	if err != nil {
		t.Fatal(err)
	}
	var res reports.Scenario
	harness.RunVirtual(t, func(ctx context.Context) { res = runner.Run(ctx, sc, runner.Options{}) })
	if res.Status != reports.StatusFailed || len(res.Failures) != 1 {
		t.Fatalf("result = %+v", res)
	}
	if f := res.Failures[0]; f.Step != 12 || f.Line != 20 || f.Reason != "logged_out" {
		t.Errorf("failure step %d line %d reason %q; want step 12, line 20, logged_out", f.Step, f.Line, f.Reason)
	}
	if len(res.Steps) != 13 {
		t.Fatalf("%d steps, want 13", len(res.Steps))
	}
	for i, st := range res.Steps {
		want := reports.StepPassed
		switch {
		case i == 11:
			want = reports.StepFailed
		case i > 11:
			want = reports.StepNotRun
		}
		if st.Index != i+1 || st.Line != 9+i || st.Status != want {
			t.Errorf("step %d = %+v, want line %d, %s", i+1, st, 9+i, want)
		}
	}
	if d := res.Steps[5].Detail; d != "m1: bob → alice" {
		t.Errorf("send step detail %q", d)
	}
	byRef := map[string]reports.Message{}
	for _, m := range res.Messages {
		byRef[m.Ref] = m
	}
	for ref, want := range map[string]string{"m0": reports.StateForeground, "m1": reports.StateKilled, "m2": reports.StateLoggedOut} {
		if got := byRef[ref].State; got != want {
			t.Errorf("%s sent while %q, want %q", ref, got, want)
		}
	}
	m1 := byRef["m1"]
	if m1.Outcome != reports.OutcomeNotified || m1.SentMS != 11*60*1000 {
		t.Fatalf("m1 = %+v", m1)
	}
	var kinds []string
	for _, h := range m1.Hops {
		kinds = append(kinds, h.Kind)
		if h.AtMS < m1.SentMS || h.AtMS > m1.SentMS+m1.LatencyMS || strings.Contains(h.Detail, "token=") {
			t.Errorf("hop %+v: outside the message's time or carries a token", h)
		}
	}
	if got := strings.Join(kinds, " "); got != "im.send im.route vendor.request vendor.result vendor.deliver device.notify device.click device.intent" {
		t.Errorf("m1 hops: %s", got)
	}
	if last := m1.Hops[len(m1.Hops)-1]; last.AtMS != m1.SentMS+m1.LatencyMS {
		t.Errorf("the tap is at %d, the notification at %d", last.AtMS, m1.SentMS+m1.LatencyMS)
	}
	m2 := byRef["m2"]
	if len(m2.Hops) == 0 || m2.Hops[len(m2.Hops)-1].Reason != "logged_out" {
		t.Errorf("m2 hops %+v: the last one should say logged_out", m2.Hops)
	}
}
