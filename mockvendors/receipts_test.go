package mockvendors_test

import (
	"cmp"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
)

// TestReceiptQueue: receipts queued within an interval go out together,
// one POST per encoded batch in key order, with the encoder's content
// type and signature; the outcome reaches Sent; Close drops the rest.
func TestReceiptQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := mocktest.New(t)
		var mu sync.Mutex
		var got []string
		e.Serve(mocktest.BackendAddr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			got = append(got, r.URL.Path+" "+r.Header.Get("Content-Type")+" "+r.Header.Get("X-Sig")+" "+string(b))
			mu.Unlock()
			if r.URL.Path == "/fail" {
				http.Error(w, "no", http.StatusTeapot)
			}
		}))
		var outcomes []string
		q := mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[mockvendors.ReceiptKey, []string]{
			Interval: time.Second, Client: e.HC, Compare: mockvendors.ReceiptKey.Compare,
			Encode: func(k mockvendors.ReceiptKey, b []string) []mockvendors.ReceiptPost {
				return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "text/plain", Body: []byte(strings.Join(b, ",")),
					Sign: func(r *http.Request) { r.Header.Set("X-Sig", k.AppID) },
					Sent: func(outcome string) {
						mu.Lock()
						outcomes = append(outcomes, k.AppID+":"+outcome)
						mu.Unlock()
					}}}
			},
		})
		add := func(app, path, v string) {
			q.Add(mockvendors.ReceiptKey{AppID: app, URL: mocktest.BackendURL + path}, func(b []string) []string { return append(b, v) })
		}
		posted := func() ([]string, []string) {
			synctest.Wait()
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(got), slices.Clone(outcomes)
		}
		add("b", "/ok", "1")
		add("a", "/fail", "2")
		add("b", "/ok", "3")
		time.Sleep(999 * time.Millisecond)
		if p, _ := posted(); len(p) != 0 {
			t.Fatalf("posted before the interval: %q", p)
		}
		time.Sleep(time.Millisecond)
		p, o := posted()
		if want := []string{"/fail text/plain a 2", "/ok text/plain b 1,3"}; !slices.Equal(p, want) {
			t.Fatalf("posted %q, want %q", p, want)
		}
		if want := []string{"a:418", "b:200"}; !slices.Equal(o, want) {
			t.Fatalf("outcomes %q, want %q", o, want)
		}
		add("a", "/ok", "4")
		q.Close()
		add("a", "/ok", "5")
		time.Sleep(time.Minute)
		if p, _ := posted(); len(p) != 2 {
			t.Fatalf("posted after Close: %q", p[2:])
		}
	})
}

func TestReceiptQueueRedactsSecret(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := mocktest.New(t)
		var mu sync.Mutex
		var outcome string
		q := mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[string, int]{
			Interval: time.Second, Client: e.HC, Compare: cmp.Compare[string],
			Encode: func(u string, _ int) []mockvendors.ReceiptPost {
				return []mockvendors.ReceiptPost{{URL: u, Secret: "s3cr3t", Sent: func(o string) { mu.Lock(); outcome = o; mu.Unlock() }}}
			},
		})
		defer q.Close()
		q.Add("http://nowhere.sim:80/s3cr3t", func(n int) int { return n + 1 })
		time.Sleep(2 * time.Second)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		if !strings.HasPrefix(outcome, "error: ") || strings.Contains(outcome, "s3cr3t") || !strings.Contains(outcome, "***") {
			t.Fatalf("outcome %q, want an error without the secret", outcome)
		}
	})
}

func TestSoleDevice(t *testing.T) {
	for _, tc := range []struct {
		in   map[string]bool
		want string
	}{{nil, ""}, {map[string]bool{"a": true}, "a"}, {map[string]bool{"a": true, "b": true}, ""}} {
		if got := mockvendors.SoleDevice(tc.in); got != tc.want {
			t.Errorf("SoleDevice(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A receipt POST never follows a redirect: the 3xx is the outcome and the
// address it names is never called.
func TestReceiptQueueFollowsNoRedirect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := mocktest.New(t)
		var mu sync.Mutex
		var paths []string
		e.Serve(mocktest.BackendAddr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			paths = append(paths, r.URL.Path)
			mu.Unlock()
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusTemporaryRedirect)
		}))
		var outcome string
		q := mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[mockvendors.ReceiptKey, []string]{
			Interval: time.Second, Client: e.HC, Compare: mockvendors.ReceiptKey.Compare,
			Encode: func(k mockvendors.ReceiptKey, b []string) []mockvendors.ReceiptPost {
				return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "application/json", Body: []byte("{}"),
					Sent: func(o string) { outcome = o }}}
			},
		})
		defer q.Close()
		q.Add(mockvendors.ReceiptKey{AppID: "a", URL: mocktest.BackendURL + "/r"}, func(b []string) []string { return append(b, "1") })
		time.Sleep(2 * time.Second)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		if outcome != "307" || !slices.Equal(paths, []string{"/r"}) {
			t.Fatalf("outcome %q after %q, want 307 and one call", outcome, paths)
		}
	})
}

func TestReceiptAllowed(t *testing.T) {
	cfg := mockvendors.Config{ReceiptHosts: []string{"receipts.example"}}
	open := mockvendors.App{ID: "a"}
	registered := mockvendors.App{ID: "b", CallbackURLs: []string{"https://hooks.example/push"}}
	for _, c := range []struct {
		app  mockvendors.App
		url  string
		want bool
	}{
		{open, "http://127.0.0.1:8080/r", true},
		{open, "http://[::1]/r", true},
		{open, "http://localhost:9/r", true},
		{open, "https://receipts.example/r", true},
		{open, "https://RECEIPTS.example./r", true},
		{open, "http://169.254.169.254/latest/meta-data/", false},
		{open, "http://10.0.0.1/r", false},
		{open, "http://evil.example/r", false},
		{open, "http://user@127.0.0.1/r", false},
		{open, "file:///etc/passwd", false},
		{open, "gopher://127.0.0.1/", false},
		{open, "not a url", false},
		{registered, "https://hooks.example/push", true},
		{registered, "http://127.0.0.1/r", false},
	} {
		if got := cfg.ReceiptAllowed(c.app, c.url); got != c.want {
			t.Errorf("ReceiptAllowed(%s, %q) = %v, want %v", c.app.ID, c.url, got, c.want)
		}
	}
	if !(mockvendors.Config{ReceiptHosts: []string{"*"}}).ReceiptAllowed(open, "http://anywhere.example/") {
		t.Error(`ReceiptHosts "*" refused a host`)
	}
}
