package mockvendors_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

type testOptions struct{ n int }

type testOption func(*testOptions) error

func TestConfigure(t *testing.T) {
	set := func(n int) testOption { return func(o *testOptions) error { o.n = n; return nil } }
	fail := func(msg string) testOption { return func(*testOptions) error { return errors.New(msg) } }

	cfg, o, err := mockvendors.Configure("acme", mockvendors.Config{}, testOptions{n: 1}, []testOption{set(2), set(3)})
	if err != nil || o.n != 3 || cfg.HTTPClient == nil || cfg.Latency != mockvendors.DefaultLatency {
		t.Fatalf("Configure = %+v, %+v, %v; want defaults filled in and the options applied in order", cfg, o, err)
	}
	_, _, err = mockvendors.Configure("acme", mockvendors.Config{}, testOptions{}, []testOption{fail("one"), set(1), fail("two")})
	if err == nil || !strings.HasPrefix(err.Error(), "acme: ") || !strings.Contains(err.Error(), "one") || !strings.Contains(err.Error(), "two") {
		t.Fatalf("failing options: %v, want both errors under the vendor's name", err)
	}
	_, _, err = mockvendors.Configure("acme", mockvendors.Config{DropRate: 2}, testOptions{}, []testOption{set(1)})
	if err == nil || !strings.HasPrefix(err.Error(), "acme: drop_rate") {
		t.Fatalf("bad config: %v", err)
	}
}

func TestBase(t *testing.T) {
	hub := mockvendors.NewHub(mockvendors.HubConfig{Vendor: "acme", Register: testRegister})
	apps := mockvendors.NewApps()
	var stopped []string
	hosts := []string{"api.acme.example"}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	b := mockvendors.NewBase(mockvendors.BaseConfig{Vendor: "acme", Hosts: hosts, Apps: apps, Hub: hub, API: api,
		Stops: []func(){func() { stopped = append(stopped, "a") }, func() { stopped = append(stopped, "b") }}})
	var _ mockvendors.Server = struct{ *mockvendors.Base }{b}

	if b.Vendor() != "acme" || b.Hub() != hub || b.Messages() == nil || b.Messages().Len() != 0 {
		t.Error("Base does not hand out what it was given")
	}
	b.AddApp(mockvendors.App{ID: "1"})
	if !b.HasApp("1") || !apps.Has("1") || b.HasApp("2") {
		t.Error("AddApp and HasApp do not use the vendor's apps")
	}
	got := b.Hosts()
	got[0] = "changed"
	if b.Hosts()[0] != "api.acme.example" {
		t.Error("Hosts hands out its own slice")
	}
	for path, want := range map[string]int{"/anything": http.StatusTeapot, protocol.DevicePath: http.StatusBadRequest} {
		rec := httptest.NewRecorder()
		b.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", path, rec.Code, want)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil || !slices.Equal(stopped, []string{"a", "b"}) {
		t.Errorf("after two Closes the stops ran %q, want a then b once", stopped)
	}
	rec := httptest.NewRecorder()
	b.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, protocol.DevicePath, nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("the device channel after Close answers %d, want 503", rec.Code)
	}
}
