package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/internal/h2client"
)

const serveConfig = `
seed: 7
im:
  sdkappid: 1400000001
  secret_key: "k3y-for-tests"
  certificates:
    - id: 6666
      vendor: meizu
      package: com.example.chat
      app_id: "1234512345123451234"
      app_key: "1234512345123"
      app_secret: "s3cr3t"
devices:
  - id: alice-phone
    brand: meizu
    user: alice
    app: {package: com.example.chat, certificate: 6666}
users: [bob]
`

// startServe runs `pushsim serve` in-process on a free loopback port with
// serveConfig and returns its base URL once the ready line is printed.
func startServe(t *testing.T) string {
	t.Helper()
	base, _ := startServeWith(t, serveConfig)
	return base
}

// lockedBuffer is a bytes.Buffer safe for one writer and one reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testingT is what startServeWith needs of a test: a *testing.T, or a
// Ginkgo spec's GinkgoT().
type testingT interface {
	Helper()
	TempDir() string
	Cleanup(func())
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// startServeWith runs `pushsim serve` in-process on a free loopback port
// with config (none when empty) and extra flags, and returns its base URL
// once the ready line is printed, and what it wrote to stderr by then.
func startServeWith(t testingT, config string, args ...string) (base, stderr string) {
	t.Helper()
	argv := []string{"serve", "--listen", "127.0.0.1:0"}
	if config != "" {
		cfg := filepath.Join(t.TempDir(), "env.yaml")
		if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		argv = append(argv, "--config", cfg)
	}
	argv = append(argv, args...)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errOut := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, argv, pw, errOut)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case line := <-lines:
		base, ok := strings.CutPrefix(line, "pushsim ready ")
		if !ok {
			t.Fatalf("first line %q, want 'pushsim ready http://...'", line)
		}
		return base, errOut.String()
	case err := <-done:
		t.Fatalf("serve exited before ready: %v\n%s", err, errOut.String())
	case <-timeout.C:
		t.Fatal("serve not ready after 30s")
	}
	return "", ""
}

func meizuSign(params url.Values, secret string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "sign" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + params.Get(k))
	}
	sum := md5.Sum([]byte(b.String() + secret))
	return hex.EncodeToString(sum[:])
}

func postJSON(t *testing.T, c *http.Client, u string, body any, out any) {
	t.Helper()
	data, _ := json.Marshal(body)
	resp, err := c.Post(u, "application/json", strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func TestServeAnswersMeizuAndREST(t *testing.T) {
	base := startServe(t)
	c := &http.Client{Timeout: 10 * time.Second}

	// The device from --config is launched and logged in: its PushId exists.
	resp, err := c.Get(base + "/_pushsim/devices")
	if err != nil {
		t.Fatal(err)
	}
	var devices []struct {
		ID, Token, IMState string
	}
	json.NewDecoder(resp.Body).Decode(&devices)
	resp.Body.Close()
	if len(devices) != 1 || devices[0].Token == "" {
		t.Fatalf("devices = %+v, want alice-phone with a token", devices)
	}
	pushID := devices[0].Token

	push := func(secret, host string) (code string) {
		form := url.Values{}
		form.Set("appId", "1234512345123451234")
		form.Set("pushIds", pushID)
		form.Set("messageJson", `{"noticeBarInfo":{"title":"Bob","content":"hi there"}}`)
		form.Set("sign", meizuSign(form, secret))
		target := base + "/meizu/garcia/api/server/push/varnished/pushByPushId"
		if host != "" {
			target = base + "/garcia/api/server/push/varnished/pushByPushId"
		}
		req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		if host != "" {
			req.Host = host
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Code string }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out.Code
	}
	if got := push("s3cr3t", ""); got != "200" {
		t.Errorf("correctly signed push: code %q, want \"200\"", got)
	}
	if got := push("wrong-secret", ""); got != "1006" {
		t.Errorf("wrongly signed push: code %q, want \"1006\"", got)
	}
	for _, host := range []string{"server-api-push.meizu.com", "api-push.meizu.com"} {
		if got := push("s3cr3t", host); got != "200" {
			t.Errorf("push with Host %s and no prefix: code %q, want \"200\"", host, got)
		}
	}

	sig, err := usersig.Gen(1400000001, "k3y-for-tests", "administrator", 24*time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {"1400000001"}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"12345"}, "contenttype": {"json"}}
	var out struct {
		ActionStatus string
		ErrorCode    int
		MsgKey       string
	}
	postJSON(t, c, base+"/v4/openim/sendmsg?"+q.Encode(), map[string]any{
		"From_Account": "bob", "To_Account": "alice", "MsgRandom": 1,
		"MsgBody": []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "hi"}}},
	}, &out)
	if out.ActionStatus != "OK" || out.ErrorCode != 0 || out.MsgKey == "" {
		t.Fatalf("sendmsg = %+v, want OK with a MsgKey", out)
	}

	q.Set("usersig", strings.Replace(sig, sig[10:14], "AAAA", 1))
	postJSON(t, c, base+"/v4/openim/sendmsg?"+q.Encode(), map[string]any{"To_Account": "alice", "MsgRandom": 2}, &out)
	if out.ActionStatus != "FAIL" {
		t.Fatalf("sendmsg with a tampered sig = %+v, want FAIL", out)
	}
}

func TestServeSpeaksH2C(t *testing.T) {
	base := startServe(t)
	tr := h2client.H2C()
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/_pushsim/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET over h2c: %s %d, want HTTP/2 200", resp.Proto, resp.StatusCode)
	}
}

func TestServeTLSWithCA(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errR, errW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0", "--ca-out", caFile}, pw, errW)
		pw.Close()
		errW.Close()
	}()
	defer func() { cancel(); <-done }()
	tlsLine := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(errR)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "pushsim tls ") {
				tlsLine <- sc.Text()
			}
		}
	}()
	go io.Copy(io.Discard, pr)
	var u string
	select {
	case line := <-tlsLine:
		u = strings.Fields(line)[2]
	case <-time.After(30 * time.Second):
		t.Fatal("no TLS line")
	}
	pemData, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		t.Fatal("--ca-out wrote no certificate")
	}
	tr := h2client.TLS(&tls.Config{RootCAs: pool})
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Get(u + "/_pushsim/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != 200 {
		t.Fatalf("GET over TLS: %s %d, want HTTP/2 200", resp.Proto, resp.StatusCode)
	}
}
