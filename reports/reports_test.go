package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/pushsim/pushsim/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture is a run with one passing, one failing and one skipped scenario.
func fixture() reports.Results {
	var r reports.Results
	r.Seed = 7
	r.WallMS = 15
	r.Add(reports.Scenario{
		Name: "Meizu: killed app gets the notification", File: "scenarios/catalog/meizu_killed.yaml",
		Labels: []string{"vendor:meizu", "smoke"}, Vendors: []string{"meizu"}, Status: reports.StatusPassed, Seed: 7, SimMS: 660000, WallMS: 12,
		Messages: []reports.Message{{Ref: "m1", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotified, LatencyMS: 812},
			{Ref: "m2", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "logged_out",
				Chain: []string{"+0s im.send from=bob", "+0s im.route device=alice-phone reason=logged_out"}}},
		Replay: "pushsim run scenarios/catalog/meizu_killed.yaml --seed 7",
	})
	r.Add(reports.Scenario{
		Name: "Meizu: a burst | folded", File: "scenarios/catalog/meizu_burst.yaml", Vendors: []string{"meizu"}, Status: reports.StatusFailed, Seed: 7,
		SimMS: 120000, WallMS: 5,
		Failures: []reports.Failure{{Step: 9, Message: "step 9 (expect_notification, line 31): expected alice-phone to show m6 within 1m0s\n  +0s im.send"}},
		Messages: []reports.Message{{Ref: "m6", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "vendor_folded"}},
		Replay:   "pushsim run scenarios/catalog/meizu_burst.yaml --seed 7",
	})
	r.Add(reports.Scenario{
		Name: "vivo: classification", File: "scenarios/catalog/vivo_classification.yaml", Labels: []string{"vendor:vivo"},
		Status: reports.StatusSkipped, Seed: 7, Replay: "pushsim run scenarios/catalog/vivo_classification.yaml --seed 7",
	})
	return r
}

// invalidFixture is a run that did not start: one file is invalid.
func invalidFixture() reports.Results {
	var r reports.Results
	r.Seed = 1
	r.AddInvalid(reports.InvalidFile{File: "qa/broken.yaml", Problems: []reports.Problem{
		{Line: 3, Column: 5, Message: "unknown key \"devics\" (hint: did you mean \"devices\"?)"},
		{Line: 9, Column: 3, Message: "step 2: unknown action \"kil\""},
	}})
	return r
}

// readJUnit parses JUnit XML with a third party's model of it (Ginkgo's).
func readJUnit(t *testing.T, r reports.Results) reporters.JUnitTestSuites {
	t.Helper()
	var b bytes.Buffer
	if err := reports.WriteJUnit(r, &b); err != nil {
		t.Fatal(err)
	}
	var doc reporters.JUnitTestSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return doc
}

// TestJUnitInvalidFileIsRed: a CI that reads only JUnit must see red when
// a file is invalid, though nothing ran.
func TestJUnitInvalidFileIsRed(t *testing.T) {
	doc := readJUnit(t, invalidFixture())
	if doc.Failures != 1 || doc.Tests != 1 || len(doc.TestSuites) != 1 {
		t.Fatalf("tests=%d failures=%d suites=%d; want 1 failing testcase", doc.Tests, doc.Failures, len(doc.TestSuites))
	}
	c := doc.TestSuites[0].TestCases[0]
	if c.Failure == nil {
		t.Fatalf("the invalid file's testcase has no failure: %+v", c)
	}
	for _, want := range []string{"qa/broken.yaml:3:5: unknown key", "qa/broken.yaml:9:3: step 2"} {
		if !strings.Contains(c.Failure.Description, want) {
			t.Errorf("failure text lacks %q:\n%s", want, c.Failure.Description)
		}
	}
	if !strings.HasPrefix(c.Failure.Message, "qa/broken.yaml:3:5:") {
		t.Errorf("failure message %q does not start with file:line:col", c.Failure.Message)
	}
}

func TestJUnitSkippedAndProperties(t *testing.T) {
	doc := readJUnit(t, fixture())
	suite := doc.TestSuites[0]
	if suite.Tests != 3 || suite.Failures != 1 || suite.Skipped != 1 {
		t.Fatalf("tests=%d failures=%d skipped=%d; want 3/1/1", suite.Tests, suite.Failures, suite.Skipped)
	}
	if c := suite.TestCases[2]; c.Skipped == nil {
		t.Errorf("the label-filtered scenario is not skipped: %+v", c)
	}
	props := map[string]string{}
	if suite.TestCases[0].Properties == nil {
		t.Fatal("the passing testcase has no properties")
	}
	for _, p := range suite.TestCases[0].Properties.Properties {
		props[p.Name] = p.Value
	}
	for k, v := range map[string]string{"seed": "7", "vendors": "meizu", "labels": "vendor:meizu,smoke", "simulated_ms": "660000",
		"message m1 → alice-phone outcome": "notified", "message m1 → alice-phone latency_ms": "812",
		"message m2 → alice-phone outcome": "not_delivered (logged_out)"} {
		if props[k] != v {
			t.Errorf("property %q = %q, want %q", k, props[k], v)
		}
	}
	if f := suite.TestCases[1].Failure; f == nil || strings.Contains(f.Description, "step 9: step 9") || !strings.HasPrefix(f.Message, "step 9 (expect_notification, line 31)") {
		t.Errorf("failure text repeats or lacks its step: %+v", f)
	}
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
