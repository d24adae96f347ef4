package reports_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// The tests below open index.html in headless Chromium (Debian's
// chromium package, which .ci/run installs). Each writes its report
// folder, screenshots included, under $PUSHSIM_ARTIFACTS/<test>, or under
// reports/out/browser/<test> (ignored by git) when the variable is unset.

// artifactDir is the report folder of one browser test.
func artifactDir(t *testing.T, name string) string {
	t.Helper()
	base := os.Getenv("PUSHSIM_ARTIFACTS")
	if base == "" {
		base = filepath.Join("out", "browser")
	}
	dir, err := filepath.Abs(filepath.Join(base, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// page is a report open in a headless Chromium tab.
type page struct {
	t   *testing.T
	ctx context.Context
	dir string
	url string

	mu sync.Mutex
	// problems are console errors, uncaught exceptions, browser log
	// errors and requests for anything but the page itself.
	problems []string
}

// openReport starts Chromium on dir/index.html (fragment appended, if
// any) and waits until the page's script has built the scenario list.
// It skips the test when no chromium is on PATH.
func openReport(t *testing.T, dir, fragment string) *page {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH; install it with: apt-get install -y --no-install-recommends chromium (.ci/run does)")
	}
	// One bound for the whole browser session: start, load, checks.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.Headless, chromedp.ExecPath(path),
		chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	p := &page{t: t, ctx: bctx, dir: dir, url: "file://" + filepath.ToSlash(filepath.Join(dir, "index.html"))}
	if err := chromedp.Listen(bctx, p.observe); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(p.url+fragment), chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`))); err != nil {
		t.Fatalf("open %s: %v", p.url, err)
	}
	return p
}

// observe records what must not happen on an offline report page.
func (p *page) observe(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = fmt.Sprintf("exception at %d:%d: %s", d.LineNumber+1, d.ColumnNumber+1, d.Text)
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			problem = fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		if u := ev.Request.URL; !strings.HasPrefix(u, p.url) && !strings.HasPrefix(u, "data:") {
			problem = "request for " + u + ": the page must not load anything"
		}
	}
	if problem != "" {
		p.mu.Lock()
		p.problems = append(p.problems, problem)
		p.mu.Unlock()
	}
}

// checkClean fails the test on any console error, exception or request.
func (p *page) checkClean() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pr := range p.problems {
		p.t.Error(pr)
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

// do runs actions on the page.
func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// screenshot writes a PNG into the report folder: of the window when css
// is "", of the whole page when it is "full", else of the first element
// that matches css.
func (p *page) screenshot(name, css string) {
	p.t.Helper()
	var shot chromedp.Action[[]byte]
	switch css {
	case "":
		shot = chromedp.CaptureScreenshot()
	case "full":
		shot = chromedp.FullScreenshot(100)
	default:
		shot = chromedp.Screenshot(chromedp.CSS(css))
	}
	png, err := chromedp.Run(p.ctx, shot)
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(p.dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s (%d KB)", file, len(png)/1024)
}

// timing is what the Performance API measured while the page loaded.
type timing struct {
	FirstPaint           float64 `json:"fp"`
	FirstContentfulPaint float64 `json:"fcp"`
	ListReady            float64 `json:"ready"`
	DOMContentLoaded     float64 `json:"dcl"`
}

// timingJS waits until the paint entries are in the performance
// timeline (Chromium adds them once the frame is presented), then reads
// them with the page's own mark.
const timingJS = `new Promise(resolve => {
  const read = () => {
    const paint = n => (performance.getEntriesByName(n, "paint")[0] || {startTime: -1}).startTime;
    const nav = performance.getEntriesByType("navigation")[0] || {};
    return {fp: paint("first-paint"), fcp: paint("first-contentful-paint"),
      ready: (performance.getEntriesByName("pushsim-list-ready")[0] || {startTime: -1}).startTime,
      dcl: nav.domContentLoadedEventEnd || -1};
  };
  if (performance.getEntriesByName("first-contentful-paint", "paint").length) { resolve(read()); return; }
  new PerformanceObserver((list, obs) => {
    if (list.getEntriesByName("first-contentful-paint").length) { obs.disconnect(); resolve(read()); }
  }).observe({type: "paint", buffered: true});
})`

// logMeasure logs the page's size and load times, measured and never
// asserted: for the load that opened the page (a browser just started),
// then for a second load of the same file.
func (p *page) logMeasure(label string) {
	p.t.Helper()
	st, err := os.Stat(filepath.Join(p.dir, "index.html"))
	if err != nil {
		p.t.Fatal(err)
	}
	measure := func() timing {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[timing](timingJS, chromedp.EvalAwaitPromise))
		if err != nil {
			p.t.Fatalf("read paint timing: %v", err)
		}
		return v
	}
	cold := measure()
	p.do(chromedp.Navigate("about:blank"), chromedp.Navigate(p.url), chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`)))
	warm := measure()
	p.t.Logf("%s: index.html %d bytes (%.0f KB)", label, st.Size(), float64(st.Size())/1024)
	for _, m := range []struct {
		name string
		t    timing
	}{{"first load", cold}, {"second load", warm}} {
		p.t.Logf("  %s: first paint %.0f ms, first contentful paint %.0f ms, DOMContentLoaded %.0f ms, scenario list built %.0f ms",
			m.name, m.t.FirstPaint, m.t.FirstContentfulPaint, m.t.DOMContentLoaded, m.t.ListReady)
	}
}

// overview is what the static part of the page and the list show.
type overview struct {
	Verdict       string   `json:"verdict"`
	MatrixRows    int      `json:"matrixRows"`
	MatrixCells   int      `json:"matrixCells"`
	Charts        int      `json:"charts"`
	ChartBars     int      `json:"chartBars"`
	Failures      []string `json:"failures"`
	FailedSegment float64  `json:"failedSegment"`
	Rows          int      `json:"rows"`
	FirstRow      string   `json:"firstRow"`
	Count         string   `json:"count"`
}

const overviewJS = `(() => {
  const q = s => document.querySelector(s), qa = s => Array.from(document.querySelectorAll(s));
  const seg = q(".bar .seg.failed");
  const first = q("#list details.sc");
  return {
    verdict: q(".head .verdict").textContent,
    matrixRows: qa("#matrix table.matrix tbody tr").length,
    matrixCells: qa("#matrix td.cell button.pick").length,
    charts: qa("#latency figure.chart svg.hist").length,
    chartBars: qa("#latency svg.hist rect").length,
    failures: qa("#failures li").map(li => li.textContent.replace(/\s+/g, " ").trim()),
    failedSegment: seg ? seg.getBoundingClientRect().width : 0,
    rows: qa("#list details.sc").length,
    firstRow: first ? first.className : "",
    count: q("#count").textContent,
  };
})()`

func (p *page) overview() overview {
	p.t.Helper()
	return eval[overview](p, overviewJS)
}

// goTo sets the URL fragment to a scenario's ID and waits until its
// section is open with a timeline drawn.
func (p *page) goTo(id string) {
	p.t.Helper()
	eval[bool](p, fmt.Sprintf(`(() => { location.hash = %q; return true; })()`, id))
	p.do(chromedp.WaitReady(chromedp.CSS("#" + id + "[open] svg.tl")))
}

// checkMatrixFilter clicks the first matrix cell and checks that the
// list then holds only scenarios with a message of that vendor and
// state; with a name, it takes a screenshot of the filtered list.
func (p *page) checkMatrixFilter(shot string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS("#matrix td.cell button.pick")))
	got := eval[struct {
		Chip  string `json:"chip"`
		Count string `json:"count"`
		Rows  int    `json:"rows"`
	}](p, `({chip: document.querySelector("#f-cell").hidden ? "" : document.querySelector("#f-cell").textContent,
	  count: document.querySelector("#count").textContent, rows: document.querySelectorAll("#list details.sc").length})`)
	if got.Chip == "" || !strings.Contains(got.Count, " of ") || got.Rows == 0 {
		p.t.Errorf("a click on a matrix cell did not filter the list: %+v", got)
	}
	if shot != "" {
		p.screenshot(shot, "")
	}
	p.do(chromedp.Click(chromedp.CSS("#f-clear")))
}

// checkExpanded checks the expanded scenario: steps with their status,
// and a swimlane timeline for every message.
func (p *page) checkExpanded(id string) (steps, timelines, messages int, why []string) {
	p.t.Helper()
	got := eval[struct {
		Open      bool     `json:"open"`
		Steps     int      `json:"steps"`
		Timelines int      `json:"timelines"`
		Messages  int      `json:"messages"`
		Why       []string `json:"why"`
	}](p, fmt.Sprintf(`(() => { const d = document.getElementById(%q); return {open: !!(d && d.open),
	  steps: d ? d.querySelectorAll("table.steps tbody tr").length : 0,
	  timelines: d ? d.querySelectorAll("svg.tl").length : 0,
	  messages: d ? d.querySelectorAll(".msg").length : 0,
	  why: d ? Array.from(d.querySelectorAll("svg.tl text.why")).map(e => e.textContent) : []}; })()`, id))
	if !got.Open {
		p.t.Errorf("scenario %s is not expanded", id)
	}
	return got.Steps, got.Timelines, got.Messages, got.Why
}

// TestBrowserCatalog renders the report of the whole catalog run: no
// console error, the matrix, the charts and the list are there.
func TestBrowserCatalog(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("no chromium on PATH; install it with: apt-get install -y --no-install-recommends chromium (.ci/run does)")
	}
	files, err := runner.Resolve([]string{"../scenarios/catalog"})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := runner.Load(files, "")
	if err != nil {
		t.Fatal(err)
	}
	res := batch.Run(t, runner.BatchOptions{Parallel: 2})
	dir := artifactDir(t, "catalog")
	if err := reports.WriteAll(res, dir); err != nil {
		t.Fatal(err)
	}
	p := openReport(t, dir, "")
	p.logMeasure(fmt.Sprintf("catalog, %d scenarios", len(res.Scenarios)))
	o := p.overview()
	vendors := len(res.Vendors())
	if o.MatrixRows != vendors || o.MatrixCells < vendors || o.Charts != vendors || o.ChartBars == 0 {
		t.Errorf("matrix %d rows / %d cells, %d charts with %d bars; want a row and a chart per vendor (%d)", o.MatrixRows, o.MatrixCells, o.Charts, o.ChartBars, vendors)
	}
	if o.Rows == 0 || !strings.Contains(o.Count, fmt.Sprint(len(res.Scenarios))) {
		t.Errorf("scenario list: %d rows, %q", o.Rows, o.Count)
	}
	if want := map[bool]string{true: "PASSED", false: "FAILED"}[res.OK()]; o.Verdict != want {
		t.Errorf("verdict %q, want %q", o.Verdict, want)
	}
	p.screenshot("screenshot-top.png", "")
	p.screenshot("screenshot-full.png", "full")
	p.checkMatrixFilter("screenshot-matrix-filter.png")
	// A delivered message has a timeline too.
	id := ""
	for i, s := range res.Scenarios {
		if len(s.Messages) > 0 && s.Messages[0].Outcome == reports.OutcomeNotified {
			id = reports.ScenarioIDs(res.Scenarios)[i]
			break
		}
	}
	p.goTo(id)
	steps, timelines, messages, _ := p.checkExpanded(id)
	if steps == 0 || timelines == 0 || timelines != messages {
		t.Errorf("%s: %d steps, %d timelines for %d messages", id, steps, timelines, messages)
	}
	p.screenshot("screenshot-delivered.png", "#"+id)
	p.checkClean()
}

// failingScenario fails at its expect_notification step: the user logged
// out, so nothing is pushed.
const failingScenario = `name: "Meizu: a logged-out user still expects the notification"
labels: [vendor:meizu, qa:deliberately-failing]
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
  - expect_notification: {device: alice-phone, message: m1, within: 1m}
`

// TestBrowserFailure renders a run with one failed scenario among many
// passed ones: the failure is in the header with its reason and replay,
// the bar shows it, the list starts with it, and its section, opened by
// URL fragment, shows the failed step and the undelivered message's
// timeline with its reason.
func TestBrowserFailure(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("no chromium on PATH; install it with: apt-get install -y --no-install-recommends chromium (.ci/run does)")
	}
	bad := filepath.Join(t.TempDir(), "logged_out_expects_notification.yaml")
	if err := os.WriteFile(bad, []byte(failingScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := runner.Resolve([]string{"../scenarios/catalog/meizu_*.yaml", "../scenarios/catalog/xiaomi_*.yaml", bad})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := runner.Load(files, "")
	if err != nil {
		t.Fatal(err)
	}
	res := batch.Run(t, runner.BatchOptions{Parallel: 2})
	if res.Totals.Failed != 1 {
		t.Fatalf("%d failed, want the one deliberate failure", res.Totals.Failed)
	}
	dir := artifactDir(t, "failure")
	if err := reports.WriteAll(res, dir); err != nil {
		t.Fatal(err)
	}
	p := openReport(t, dir, "")
	p.logMeasure(fmt.Sprintf("failure run, %d scenarios", len(res.Scenarios)))
	o := p.overview()
	if o.Verdict != "FAILED" || len(o.Failures) != 1 {
		t.Fatalf("verdict %q, failures %q", o.Verdict, o.Failures)
	}
	for _, want := range []string{"a logged-out user still expects", "logged_out", "pushsim run " + bad + " --seed 1", ":14"} {
		if !strings.Contains(o.Failures[0], want) {
			t.Errorf("the header's failure lacks %q: %s", want, o.Failures[0])
		}
	}
	if o.FailedSegment < 14 {
		t.Errorf("the bar's failed segment is %.1f px wide; one failure must stay visible", o.FailedSegment)
	}
	if !strings.Contains(o.FirstRow, "failed") {
		t.Errorf("the list starts with %q, want the failed scenario", o.FirstRow)
	}
	if o.MatrixRows != 2 || o.Charts != 2 {
		t.Errorf("matrix rows %d, charts %d; want meizu and xiaomi", o.MatrixRows, o.Charts)
	}
	p.screenshot("screenshot-top.png", "")
	p.screenshot("screenshot-full.png", "full")
	// The header links to the failed scenario's section.
	p.do(chromedp.Click(chromedp.CSS("#failures li a.name")), chromedp.WaitReady(chromedp.CSS("details.sc.failed[open] svg.tl")))
	id := eval[string](p, `document.querySelector("details.sc.failed[open]").id`)
	steps, timelines, _, why := p.checkExpanded(id)
	if steps != 6 || timelines != 1 || len(why) != 1 || !strings.Contains(why[0], "logged_out") {
		t.Errorf("failed scenario: %d steps, %d timelines, reasons %q; want 6 steps and one timeline that says logged_out", steps, timelines, why)
	}
	failedStep := eval[string](p, `Array.from(document.querySelectorAll("details.sc.failed table.steps tr.failed td")).map(td => td.textContent).join("|")`)
	if !strings.HasPrefix(failedStep, "6|14|expect_notification|") || !strings.HasSuffix(failedStep, "|failed") {
		t.Errorf("the failed step row is %q", failedStep)
	}
	p.screenshot("screenshot-failed-scenario.png", "details.sc.failed")
	// The fragment alone opens the section in a fresh load.
	p.do(chromedp.Navigate("about:blank"), chromedp.Navigate(p.url+"#"+id), chromedp.WaitReady(chromedp.CSS("#"+id+"[open] svg.tl")))
	p.checkClean()
}

// TestBrowserSynthetic5000 measures a 5,000-scenario report: its size
// and paint times (logged), and that it works: matrix, charts, failures,
// list, filter, a scenario by fragment.
func TestBrowserSynthetic5000(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skips the 5,000-scenario page")
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("no chromium on PATH; install it with: apt-get install -y --no-install-recommends chromium (.ci/run does)")
	}
	res := synthetic(5000)
	dir := artifactDir(t, "synthetic-5000")
	if err := reports.WriteAll(res, dir); err != nil {
		t.Fatal(err)
	}
	p := openReport(t, dir, "")
	p.logMeasure("synthetic, 5000 scenarios")
	o := p.overview()
	if o.Verdict != "FAILED" || len(o.Failures) == 0 || o.MatrixRows != 8 || o.Charts != 8 || o.Rows == 0 || o.Rows > 200 {
		t.Errorf("overview: %+v", o)
	}
	p.screenshot("screenshot-top.png", "")
	p.screenshot("screenshot-full.png", "full")
	p.checkMatrixFilter("")
	eval[bool](p, `(() => { const s = document.querySelector("#f-status"); s.value = "failed"; return s.dispatchEvent(new Event("change")); })()`)
	if got := eval[int](p, `document.querySelectorAll("#list details.sc:not(.failed)").length`); got != 0 {
		t.Errorf("status filter failed: %d rows are not failed", got)
	}
	last := reports.ScenarioIDs(res.Scenarios)[len(res.Scenarios)-1]
	p.goTo(last)
	p.checkClean()
}
