package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/pushsim/pushsim/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture is a run with a handful of scenarios: two passed (a killed
// app notified, then logged out; a foreground app reached online), one
// failed (a folded burst) and one skipped.
func fixture() reports.Results {
	var r reports.Results
	r.Seed = 7
	r.WallMS = 15
	steps := func(failed int, actions ...string) []reports.Step {
		var out []reports.Step
		for i, a := range actions {
			st := reports.Step{Index: i + 1, Action: a, Line: 20 + i, Status: reports.StepPassed, Detail: "alice-phone"}
			switch {
			case failed == 0:
			case i+1 == failed:
				st.Status = reports.StepFailed
			case i+1 > failed:
				st.Status = reports.StepNotRun
			}
			out = append(out, st)
		}
		return out
	}
	r.Add(reports.Scenario{
		Name: "Meizu: killed app gets the notification", File: "scenarios/catalog/meizu_killed.yaml",
		Labels: []string{"vendor:meizu", "smoke"}, Vendors: []string{"meizu"}, Status: reports.StatusPassed, Seed: 7, SimMS: 660000, WallMS: 12,
		Messages: []reports.Message{{Ref: "m1", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotified, LatencyMS: 812,
			State: reports.StateKilled, SentMS: 660000, Hops: []reports.Hop{
				{Kind: "im.send", AtMS: 660000, Detail: "from=bob to=alice"},
				{Kind: "im.route", AtMS: 660000, Detail: "decision=push state=PushOnline"},
				{Kind: "vendor.request", AtMS: 660000, Detail: "title=Bob"},
				{Kind: "vendor.result", AtMS: 660000, Detail: "code=200"},
				{Kind: "vendor.deliver", AtMS: 660812, Detail: "attempt=1"},
				{Kind: "device.notify", AtMS: 660812, Detail: "title=Bob"},
				{Kind: "device.click", AtMS: 660812},
				{Kind: "device.intent", AtMS: 660812, Detail: "intent=-n com.example.chat/.ChatActivity"}}},
			{Ref: "m2", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "logged_out",
				State: reports.StateLoggedOut, SentMS: 661000,
				Chain: []string{"+0s im.send from=bob", "+0s im.route device=alice-phone reason=logged_out"},
				Hops: []reports.Hop{{Kind: "im.send", AtMS: 661000, Detail: "from=bob to=alice"},
					{Kind: "im.route", AtMS: 661000, Detail: "decision=drop state=Offline", Reason: "logged_out"}}}},
		Replay: "pushsim run scenarios/catalog/meizu_killed.yaml --seed 7",
		Steps:  steps(0, "launch", "login", "wait", "kill", "send", "expect_notification", "click", "logout", "send", "expect_no_notification"),
		Faults: []reports.FaultFired{{Vendor: "meizu", Rule: "meizu-slow", Kind: "latency", Fired: 2}},
	})
	r.Add(reports.Scenario{
		Name: "Meizu: a burst | folded", File: "scenarios/catalog/meizu_burst.yaml", Vendors: []string{"meizu"}, Status: reports.StatusFailed, Seed: 7,
		SimMS: 120000, WallMS: 5,
		Failures: []reports.Failure{{Step: 9, Line: 28, Reason: "vendor_folded",
			Message: "step 9 (expect_notification, line 28): expected alice-phone to show m6 within 1m0s\n  +0s im.send"}},
		Messages: []reports.Message{{Ref: "m6", To: "alice-phone", Vendor: "meizu", Outcome: reports.OutcomeNotDelivered, Reason: "vendor_folded",
			State: reports.StateKilled, SentMS: 60000, Hops: []reports.Hop{{Kind: "im.send", AtMS: 60000},
				{Kind: "im.route", AtMS: 60000, Detail: "decision=push"}, {Kind: "vendor.request", AtMS: 60000},
				{Kind: "vendor.result", AtMS: 60000, Detail: "code=520", Reason: "vendor_folded"}}}},
		Replay: "pushsim run scenarios/catalog/meizu_burst.yaml --seed 7",
		Steps:  steps(9, "launch", "login", "wait", "kill", "send", "send", "send", "send", "expect_notification", "click"),
		Faults: []reports.FaultFired{{Vendor: "meizu", Rule: "meizu-slow", Kind: "latency", Fired: 1},
			{Vendor: "meizu", Rule: "meizu-down", Kind: "down", Fired: 0}},
	})
	r.Add(reports.Scenario{
		Name: "Xiaomi: foreground app gets the message online", File: "scenarios/catalog/xiaomi_foreground.yaml",
		Labels: []string{"vendor:xiaomi"}, Vendors: []string{"xiaomi"}, Status: reports.StatusPassed, Seed: 7, SimMS: 661000, WallMS: 3,
		Messages: []reports.Message{{Ref: "m1", To: "bob-phone", Vendor: "xiaomi", Outcome: reports.OutcomeOnline, Reason: "delivered_online",
			State: reports.StateForeground, SentMS: 660000, Hops: []reports.Hop{{Kind: "im.send", AtMS: 660000},
				{Kind: "im.route", AtMS: 660000, Detail: "decision=online", Reason: "delivered_online"},
				{Kind: "im.online", AtMS: 660000}, {Kind: "device.message", AtMS: 660000}}}},
		Replay: "pushsim run scenarios/catalog/xiaomi_foreground.yaml --seed 7",
		Steps:  steps(0, "launch", "login", "send", "expect_online_message"),
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
	if suite.Tests != 4 || suite.Failures != 1 || suite.Skipped != 1 {
		t.Fatalf("tests=%d failures=%d skipped=%d; want 4/1/1", suite.Tests, suite.Failures, suite.Skipped)
	}
	if c := suite.TestCases[3]; c.Skipped == nil {
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
	if f := suite.TestCases[1].Failure; f == nil || strings.Contains(f.Description, "step 9: step 9") || !strings.HasPrefix(f.Message, "step 9 (expect_notification, line 28)") {
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

// TestHTMLIsSelfContained: the page opens offline. It has one inline
// script and inline SVG, and refers to nothing outside itself.
func TestHTMLIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteHTML(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script src", "http://", "https://", "<link", "url(", "@import", "<iframe", "<img", "fetch(", "XMLHttpRequest"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q: it must open offline", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("%d script elements, want the data and one inline script", n)
	}
}

// TestHTMLHeaderShowsTheFailure: the failure is in the static header
// with its reason, file line and replay, and the bar's failed segment
// has a minimum width.
func TestHTMLHeaderShowsTheFailure(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteHTML(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	head, _, _ := strings.Cut(page, `<section id="matrix"`)
	for _, want := range []string{"<title>FAILED", `class="verdict">FAILED`, "1 of 4 scenarios failed",
		`href="#s-meizu_burst"`, "a burst | folded", "scenarios/catalog/meizu_burst.yaml:28", `<span class="reason">vendor_folded</span>`,
		"pushsim run scenarios/catalog/meizu_burst.yaml --seed 7", `class="seg failed" style="flex-grow: 1; min-width: 14px"`} {
		if !strings.Contains(head, want) {
			t.Errorf("the header lacks %q", want)
		}
	}
}

// TestHTMLMatrixAndLatency: a matrix row per vendor, a column per device
// state, cells that filter; a chart per vendor with its percentiles.
func TestHTMLMatrixAndLatency(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteHTML(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`data-state="foreground">foreground online</button>`, `data-state="killed">killed</button>`, `data-state="logged_out">logged out</button>`,
		`<td class="cell failed"><button type="button" class="pick" data-vendor="meizu" data-state="killed"`,
		`<span class="c n">1</span><span class="c x">1</span><span class="c f">1</span>`,
		`<td class="cell online"><button type="button" class="pick" data-vendor="xiaomi" data-state="foreground"`,
		`<figure class="chart" data-vendor="meizu">`, `p50 <b>812ms</b>`, `<svg class="hist"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestHTMLData: the embedded data holds every scenario, failed first,
// with steps and hops, and its strings cannot close the script element.
func TestHTMLData(t *testing.T) {
	r := fixture()
	r.Scenarios[0].Name = "</script><script>alert(1)</script>"
	var b bytes.Buffer
	if err := reports.WriteHTML(r, &b); err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(b.String(), `<script type="application/json" id="pushsim-data">`)
	data, _, _ := strings.Cut(rest, "</script>")
	var doc struct {
		T []string `json:"t"`
		S []struct {
			ID string `json:"id"`
			N  string `json:"n"`
			St string `json:"st"`
			Sp []int  `json:"sp"`
			M  [][]any
		} `json:"s"`
	}
	if err := json.Unmarshal([]byte(data), &doc); err != nil {
		t.Fatalf("the page data is not JSON (%v): %.200s", err, data)
	}
	if len(doc.S) != 4 || doc.S[0].St != "failed" || doc.S[0].ID != "s-meizu_burst" {
		t.Fatalf("scenarios: %+v", doc.S)
	}
	if doc.S[1].N != r.Scenarios[0].Name {
		t.Errorf("the name came back as %q", doc.S[1].N)
	}
	if got := len(doc.S[1].Sp); got != 5*10 {
		t.Errorf("%d step fields, want 5 for each of 10 steps", got)
	}
	if hops := doc.S[1].M[0][8].([]any); len(hops) != 4*8 {
		t.Errorf("m1 has %d hop fields, want 4 for each of 8 hops", len(hops))
	}
}

func TestScenarioIDs(t *testing.T) {
	got := reports.ScenarioIDs([]reports.Scenario{{File: "a/b/meizu killed.yaml"}, {File: "c/meizu killed.yaml"}, {Name: "no file"}})
	want := []string{"s-meizu-killed", "s-meizu-killed-2", "s-no-file"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ScenarioIDs = %q, want %q", got, want)
	}
}

func TestVendorPercentiles(t *testing.T) {
	var r reports.Results
	var msgs []reports.Message
	for i := 1; i <= 100; i++ {
		msgs = append(msgs, reports.Message{Vendor: "fcm", Outcome: reports.OutcomeNotified, LatencyMS: int64(101 - i)})
	}
	msgs = append(msgs, reports.Message{Vendor: "fcm", Outcome: reports.OutcomeOnline}, reports.Message{Vendor: "apns", Outcome: reports.OutcomeNotDelivered})
	r.Add(reports.Scenario{Status: reports.StatusPassed, Messages: msgs})
	vs := r.Vendors()
	if len(vs) != 2 || vs[0].Vendor != "apns" || vs[1].Vendor != "fcm" {
		t.Fatalf("vendors %+v", vs)
	}
	fcm := vs[1]
	if fcm.Messages != 101 || fcm.Delivered() != 101 || fcm.Online != 1 {
		t.Errorf("fcm counts %+v", fcm)
	}
	for p, want := range map[float64]int64{50: 50, 95: 95, 99: 99, 100: 100} {
		if got := fcm.Percentile(p); got != want {
			t.Errorf("p%v = %d, want %d", p, got, want)
		}
	}
	if got := vs[0].Percentile(50); got != -1 {
		t.Errorf("apns p50 = %d, want -1 (nothing notified)", got)
	}
}

// TestHTMLAtScale writes the page of a 5,000-scenario run and logs its
// size: the list is data, not markup, so the page grows by under a
// kilobyte per scenario. TestBrowserSynthetic5000 measures it in Chromium.
func TestHTMLAtScale(t *testing.T) {
	r := synthetic(5000)
	var b bytes.Buffer
	if err := reports.WriteHTML(r, &b); err != nil {
		t.Fatal(err)
	}
	t.Logf("5000 scenarios, %d messages: index.html %d bytes (%d per scenario)", func() int {
		n := 0
		for _, s := range r.Scenarios {
			n += len(s.Messages)
		}
		return n
	}(), b.Len(), b.Len()/5000)
	if n := strings.Count(b.String(), `<details class="sc`); n != 0 {
		t.Errorf("the page has %d scenario sections in its markup; they belong in the data", n)
	}
}

func BenchmarkWriteHTML5000(b *testing.B) {
	r := synthetic(5000)
	for b.Loop() {
		if err := reports.WriteHTML(r, io.Discard); err != nil {
			b.Fatal(err)
		}
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
