package runner_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/format"
)

// catalogScenario parses a catalog file, after edit, as the same path.
func catalogScenario(t *testing.T, name string, edit func(string) string) *format.Scenario {
	t.Helper()
	path := filepath.Join("..", "catalog", name)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	if edit != nil {
		if src = edit(string(raw)); src == string(raw) {
			t.Fatalf("%s: the edit changed nothing", name)
		}
	}
	sc, err := format.Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func latencies(res reports.Scenario) []int64 {
	var out []int64
	for _, m := range res.Messages {
		out = append(out, m.LatencyMS)
	}
	return out
}

var (
	deviceLinkBlock = regexp.MustCompile(`(?m)^    link:\n      vendor: \{flap: .*\}\n`)
	linkStep        = regexp.MustCompile(`(?m)^  - link: .*\n`)
)

// Every vendor's link scenarios pass, and each fails (or loses what it
// shows) once its link condition is taken out: the conditions really
// change the outcome. Flapping makes some pushes late, and with jitter
// another seed gives other lateness.
func TestLinkScenariosDependOnTheirCondition(t *testing.T) {
	vendors := []string{"meizu", "xiaomi", "huawei", "honor", "oppo", "vivo", "fcm", "apns"}
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			for _, name := range []string{"link_im_silent_partition", "link_im_hard_cut", "link_vendor_latency"} {
				file := v + "_" + name + ".yaml"
				if res := runScenario(t, catalogScenario(t, file, nil), 1); res.Status != reports.StatusPassed {
					t.Fatalf("%s: %s %+v", file, res.Status, res.Failures)
				}
				if res := runScenario(t, catalogScenario(t, file, func(s string) string { return linkStep.ReplaceAllString(s, "") }), 1); res.Status != reports.StatusFailed {
					t.Errorf("%s without its link step: %s, want failed", file, res.Status)
				}
			}
			for _, name := range []string{"link_vendor_flapping", "link_vendor_flapping_jitter"} {
				file := v + "_" + name + ".yaml"
				res := runScenario(t, catalogScenario(t, file, nil), 1)
				if res.Status != reports.StatusPassed {
					t.Fatalf("%s: %s %+v", file, res.Status, res.Failures)
				}
				if late := slices.Max(latencies(res)); late < 5_000 {
					t.Errorf("%s: the latest push took %d ms; flapping should hold some back by seconds", file, late)
				}
				steady := runScenario(t, catalogScenario(t, file, func(s string) string { return deviceLinkBlock.ReplaceAllString(s, "") }), 1)
				if late := slices.Max(latencies(steady)); late >= 5_000 {
					t.Errorf("%s without flapping: a push took %d ms", file, late)
				}
				if strings.HasSuffix(name, "jitter") {
					again, other := runScenario(t, catalogScenario(t, file, nil), 1), runScenario(t, catalogScenario(t, file, nil), 2)
					if !slices.Equal(latencies(again), latencies(res)) {
						t.Errorf("%s: seed 1 twice gave different latencies", file)
					}
					if slices.Equal(latencies(other), latencies(res)) {
						t.Errorf("%s: seeds 1 and 2 gave the same latencies %v", file, latencies(res))
					}
				}
			}
		})
	}
}
