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
