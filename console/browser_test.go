package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// browserTimeout bounds the whole browser session; every wait inside it
// is bounded by it.
const browserTimeout = 90 * time.Second

const (
	browserToken = "console-t0ken"
	sdkAppID     = 1400000001
	secretKey    = "k3y-for-console-tests"
	phoneID      = "alice-phone"
	activity     = "com.example.chat.ChatActivity"
)

// findChromium returns the first Chromium or Chrome binary on PATH.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: the browser test needs one " +
		"(Debian: apt-get install chromium; .ci/run installs it)")
	return ""
}

// startEnv starts a real-time environment on a loopback port with one
// Meizu phone, launched and logged in, as `pushsim serve --config` does.
func startEnv(t *testing.T, opts ...harness.Option) *harness.Env {
	t.Helper()
	now := harness.Duration(0)
	env, err := harness.Start(context.Background(), harness.Config{
		Seed: 7,
		IM: harness.IMConfig{SDKAppID: sdkAppID, SecretKey: secretKey, Certificates: []harness.CertificateConfig{{
			ID: 6666, Vendor: "meizu", Package: "com.example.chat",
			AppID: "1234512345123451234", AppKey: "1234512345123", AppSecret: "s3cr3t",
			Click:           protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: activity},
			ActivationDelay: &now,
		}}},
		Vendors: map[string]harness.VendorConfig{"meizu": {Latency: harness.LatencyConfig{
			Median: harness.Duration(2 * time.Millisecond), P99: harness.Duration(5 * time.Millisecond)}}},
		Devices: []harness.DeviceConfig{{ID: phoneID, Brand: "meizu", ROM: "flyme-9", User: "alice",
			App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}}},
		Users: []string{"bob"},
	}, append([]harness.Option{harness.WithListen("127.0.0.1:0"), harness.WithVendors(protocol.VendorMeizu)}, opts...)...)
	if env != nil {
		t.Cleanup(func() {
			if err := env.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := env.BringUp(); err != nil {
		t.Fatal(err)
	}
	return env
}

// sendMessage sends bob → alice over fakeim's REST API, signed with an
// admin UserSig as a backend would, and returns the MsgKey.
func sendMessage(t *testing.T, env *harness.Env) string {
	t.Helper()
	sig, err := usersig.Gen(sdkAppID, secretKey, harness.DefaultAdmin, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {fmt.Sprint(sdkAppID)}, "identifier": {harness.DefaultAdmin}, "usersig": {sig},
		"random": {"4242"}, "contenttype": {"json"}}
	body, _ := json.Marshal(map[string]any{
		"From_Account": "bob", "To_Account": "alice", "MsgRandom": 7,
		"MsgBody":         []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "hi"}}},
		"OfflinePushInfo": map[string]any{"Title": "Bob", "Desc": "hi there <b>&amp;</b>", "Ext": `{"conv":"c2c_bob"}`},
	})
	c := &http.Client{Timeout: testTimeout}
	resp, err := c.Post(env.URL()+"/v4/openim/sendmsg?"+q.Encode(), "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ActionStatus string
		ErrorCode    int
		MsgKey       string
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.ActionStatus != "OK" || out.MsgKey == "" {
		t.Fatalf("sendmsg = %+v, want OK with a MsgKey", out)
	}
	return out.MsgKey
}

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PUSHSIM_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// consoleErrors collects what the page reports as an error: uncaught
// exceptions, console.error calls and browser log errors (a CSP refusal,
// a failed load).
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
	end  chan struct{} // closed when the end marker was logged
}

// endMarker is logged last: once the watcher sees it, it has seen every
// message before it (the browser keeps their order).
const endMarker = "pushsim-console-test-end"

func (c *consoleErrors) watch(ctx context.Context) {
	c.end = make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleLog && m.Text == endMarker {
				close(c.end)
				continue
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				c.mu.Lock()
				c.msgs = append(c.msgs, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				c.mu.Unlock()
			}
		}
	}()
}

// list logs the end marker, waits until the watcher saw it, and returns
// the errors.
func (c *consoleErrors) list(t *testing.T, ctx context.Context) []string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.log("`+endMarker+`")`)); err != nil {
		t.Fatalf("log the end marker: %v", err)
	}
	select {
	case <-c.end:
	case <-ctx.Done():
		t.Fatal("the console watcher never saw the end marker")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

// TestBrowserKillSendTap drives the console in headless Chromium: kill
// the phone, send it a message over REST, see the notification card, tap
// it, read the intent it opened, look the message up, and check the page
// reported no error.
func TestBrowserKillSendTap(t *testing.T) {
	chrome := findChromium(t)
	// With an admin token, as a non-loopback serve has: the page takes it
	// from ?token= and sends it on every call and on the trace stream.
	env := startEnv(t, harness.WithAdminToken(browserToken))
	base := env.URL()
	dir := artifactsDir(t)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1100))...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", chrome, err)
	}
	var errs consoleErrors
	errs.watch(browser)
	ctx, cancel := context.WithTimeout(browser, browserTimeout)
	defer cancel()

	card := `article.phone[data-device="` + phoneID + `"]`
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			shot(t, browser, dir, "console-failed.png")
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			shot(t, browser, dir, "console-failed.png")
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	step("open the console",
		chromedp.Navigate(base+"/_pushsim/ui/?token="+browserToken),
		chromedp.WaitVisible(chromedp.CSS(card+`[data-im="Online"]`)))
	if got := strings.ToLower(text(card + " h3")); !strings.Contains(got, "meizu") || !strings.Contains(got, "flyme-9") {
		t.Errorf("card title = %q, want the brand and the ROM", got)
	}
	if got := text(card + " .user"); got != "alice" {
		t.Errorf("card user = %q, want alice", got)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || strings.Contains(loc, "token") {
		t.Errorf("address bar = %q (%v), want the token taken out of it", loc, err)
	}

	step("kill the phone",
		chromedp.Click(chromedp.CSS(card+` button[data-action="kill"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(card+`[data-app="killed"][data-im="PushOnline"]`)))

	key := sendMessage(t, env)
	notif := card + " button.notif"
	step("wait for the notification card", chromedp.WaitVisible(chromedp.CSS(notif)))
	if got := text(notif + " .title"); got != "Bob" {
		t.Errorf("notification title = %q, want Bob", got)
	}
	if got := text(notif + " .body"); got != "hi there <b>&amp;</b>" {
		t.Errorf("notification body = %q, want the text as sent, not markup", got)
	}

	step("tap the notification",
		chromedp.Click(chromedp.CSS(notif), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(card+" .intent .component")))
	if got := text(card + " .intent .component"); got != activity {
		t.Errorf("intent component = %q, want %s", got, activity)
	}
	if got := text(card + " .intent"); !strings.Contains(got, `{"conv":"c2c_bob"}`) {
		t.Errorf("intent = %q, want the ext extra {\"conv\":\"c2c_bob\"}", got)
	}

	step("look the message up",
		chromedp.SendKeys(chromedp.ID("fate-key"), key),
		chromedp.Click(chromedp.CSS(`#fate-form button[type="submit"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.fate-device[data-device="`+phoneID+`"][data-outcome="notified"]`)))
	if got := text(`.fate-device[data-device="` + phoneID + `"] .chain`); !strings.Contains(got, "vendor.deliver") || !strings.Contains(got, "device.notify") {
		t.Errorf("chain = %q, want the vendor delivery and the notification", got)
	}

	step("see the tap in the live trace",
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="trace"]/li[span[@class="kind" and text()="device.intent"]]`)))

	shot(t, browser, dir, "console.png")
	if errs := errs.list(t, ctx); len(errs) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

// shot writes a full-page PNG screenshot into dir.
func shot(t *testing.T, browser context.Context, dir, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(browser, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", path)
}
