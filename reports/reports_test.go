package reports_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture is a run with one passing and one failing scenario.
func fixture() reports.Results {
	var r reports.Results
	r.Seed = 7
	r.Add(reports.Scenario{
		Name: "Meizu: killed app gets the notification", File: "scenarios/catalog/meizu_killed.yaml",
		Labels: []string{"vendor:meizu", "smoke"}, Status: reports.StatusPassed, Seed: 7, SimMS: 660000, WallMS: 12,
		Messages: []reports.Message{{Ref: "m1", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotified, LatencyMS: 812},
			{Ref: "m2", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "logged_out",
				Chain: []string{"+0s im.send from=bob", "+0s im.route device=alice-phone reason=logged_out"}}},
		Replay: "make run SCENARIOS=scenarios/catalog/meizu_killed.yaml SEED=7",
	})
	r.Add(reports.Scenario{
		Name: "Meizu: a burst | folded", File: "scenarios/catalog/meizu_burst.yaml", Status: reports.StatusFailed, Seed: 7,
		SimMS: 120000, WallMS: 5,
		Failures: []reports.Failure{{Step: 9, Message: "expected alice-phone to show m6 within 1m0s\n  +0s im.send"}},
		Messages: []reports.Message{{Ref: "m6", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "vendor_folded"}},
		Replay:   "make run SCENARIOS=scenarios/catalog/meizu_burst.yaml SEED=7",
	})
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func TestGenerators(t *testing.T) {
	for _, g := range []struct {
		name string
		gen  func(reports.Results, *bytes.Buffer) error
	}{
		{"results.json", func(r reports.Results, b *bytes.Buffer) error { return reports.WriteJSON(r, b) }},
		{"junit.xml", func(r reports.Results, b *bytes.Buffer) error { return reports.WriteJUnit(r, b) }},
		{"index.html", func(r reports.Results, b *bytes.Buffer) error { return reports.WriteHTML(r, b) }},
		{"summary.md", func(r reports.Results, b *bytes.Buffer) error { return reports.WriteMarkdown(r, b) }},
	} {
		t.Run(g.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := g.gen(fixture(), &b); err != nil {
				t.Fatal(err)
			}
			golden(t, g.name, b.Bytes())
		})
	}
}

// TestResultsJSONShape checks the contract keys of results.json
// (docs/contracts.md).
func TestResultsJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteJSON(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"seed", "totals", "scenarios"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("results.json lacks %q", k)
		}
	}
	sc := doc["scenarios"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "file", "status", "seed", "sim_ms", "wall_ms", "failures", "messages", "replay"} {
		if _, ok := sc[k]; !ok {
			t.Errorf("scenario lacks %q", k)
		}
	}
	msg := sc["messages"].([]any)[0].(map[string]any)
	for _, k := range []string{"ref", "to", "vendor", "outcome", "latency_ms", "reason"} {
		if _, ok := msg[k]; !ok {
			t.Errorf("message lacks %q", k)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteHTML(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q: it must open offline", bad)
		}
	}
	if !strings.Contains(page, "a burst | folded") || !strings.Contains(page, "vendor_folded") {
		t.Error("the page lacks the failing scenario")
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	if err := reports.WriteAll(fixture(), dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range reports.Files {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
