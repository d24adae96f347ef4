package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

func TestDeviceLifecycle(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		_, c := virtualClient(t, ctx)
		list, err := c.Devices(ctx)
		if err != nil || len(list) != 1 || list[0].ID != "alice-phone" || list[0].AppState != client.AppNotLaunched {
			t.Fatalf("Devices = %+v, %v", list, err)
		}
		alice := c.Device("alice-phone")
		if alice.ID() != "alice-phone" {
			t.Fatalf("ID() = %q", alice.ID())
		}
		for _, step := range []struct {
			name     string
			do       func(context.Context) (client.Device, error)
			app, im  string
			loggedIn bool
		}{
			{"Launch", alice.Launch, client.AppForeground, client.IMLoggedOut, false},
			{"Login", alice.Login, client.AppForeground, client.IMOnline, true},
			{"Background", alice.Background, client.AppBackground, client.IMBackground, true},
			{"Foreground", alice.Foreground, client.AppForeground, client.IMOnline, true},
			{"Logout", alice.Logout, client.AppForeground, client.IMLoggedOut, false},
			{"Login", alice.Login, client.AppForeground, client.IMOnline, true},
			{"Kill", alice.Kill, client.AppKilled, client.IMPushOnline, false},
			{"Uninstall", alice.Uninstall, client.AppUninstalled, client.IMPushOnline, false},
			{"Reinstall", alice.Reinstall, client.AppNotLaunched, client.IMPushOnline, false},
		} {
			d, err := step.do(ctx)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if d.AppState != step.app || d.IMState != step.im || d.LoggedIn != step.loggedIn {
				t.Fatalf("after %s: app %s, IM %s, logged in %v; want %s, %s, %v", step.name, d.AppState, d.IMState, d.LoggedIn, step.app, step.im, step.loggedIn)
			}
		}
		d, err := alice.SetNetwork(ctx, false)
		if err != nil || d.Network != "off" {
			t.Fatalf("SetNetwork(false) = %s, %v", d.Network, err)
		}
		d, err = alice.SetNetwork(ctx, true)
		if err != nil || d.Network != "on" {
			t.Fatalf("SetNetwork(true) = %s, %v", d.Network, err)
		}
		got, err := alice.Get(ctx)
		if err != nil || got.ID != "alice-phone" || got.Brand != "meizu" || got.User != "alice" || got.Vendor != "meizu" {
			t.Fatalf("Get = %+v, %v", got, err)
		}
	})
}

func TestKillWaitClick(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, c := virtualClient(t, ctx)
		alice := c.Device("alice-phone")
		bringUp(t, ctx, alice)
		key := send(t, env, "hi there")

		m := c.Message(key)
		if m.Key() != key {
			t.Fatalf("Key() = %q", m.Key())
		}
		fate, err := m.Get(ctx)
		if err != nil || fate.MsgKey != key || len(fate.Devices) != 1 || fate.Devices[0].Outcome != "" || fate.Settled() {
			t.Fatalf("Get while in flight = %+v, %v", fate, err)
		}
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		fate, err = m.Wait(wctx)
		if err != nil {
			t.Fatal(err)
		}
		on, ok := fate.On("alice-phone")
		if !ok || on.Outcome != client.OutcomeNotified || on.LatencyMS <= 0 || len(on.Chain) == 0 || on.Chain[0].Kind != "im.send" {
			t.Fatalf("Wait = %+v", fate)
		}
		if _, err := m.Wait(wctx, client.NotifiedOn("alice-phone"), client.Settled()); err != nil {
			t.Fatalf("Wait(NotifiedOn) on a notified message: %v", err)
		}

		tray, err := alice.Notifications(ctx)
		if err != nil || len(tray) != 1 || tray[0].MsgKey != key || tray[0].Title != "Bob" || tray[0].Clicked {
			t.Fatalf("Notifications = %+v, %v", tray, err)
		}
		intent, err := alice.Click(ctx, tray[0].ID)
		if err != nil || intent.Component != "com.example.chat.ChatActivity" || intent.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Fatalf("Click = %+v, %v", intent, err)
		}
		d, err := alice.Get(ctx)
		if err != nil || d.LastIntent == nil || d.LastIntent.Component != intent.Component || !d.Notifications[0].Clicked || d.AppState != client.AppForeground {
			t.Fatalf("Get after the click = %+v, %v", d, err)
		}

		vm, err := c.VendorMessages(ctx, "meizu")
		if err != nil || len(vm) != 1 || vm[0].Token != d.Token || vm[0].Title != "Bob" || vm[0].ReceivedAt.IsZero() {
			t.Fatalf("VendorMessages = %+v, %v", vm, err)
		}
		if err := c.ClearVendorMessages(ctx, "meizu"); err != nil {
			t.Fatal(err)
		}
		if vm, err := c.VendorMessages(ctx, "meizu"); err != nil || len(vm) != 0 {
			t.Fatalf("VendorMessages after Clear = %+v, %v", vm, err)
		}
	})
}

func TestTrace(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, c := virtualClient(t, ctx)
		bringUp(t, ctx, c.Device("alice-phone"))
		env.Advance(2 * time.Second)
		key := send(t, env, "hi")
		env.Advance(time.Second)

		all, err := c.Trace(ctx, client.TraceFilter{})
		if err != nil || len(all) == 0 {
			t.Fatalf("Trace = %d events, %v", len(all), err)
		}
		for _, tc := range []struct {
			name string
			f    client.TraceFilter
			keep func(client.TraceEvent) bool
		}{
			{"device", client.TraceFilter{Device: "alice-phone"}, func(e client.TraceEvent) bool { return e.Device == "alice-phone" }},
			{"message", client.TraceFilter{Message: key}, func(e client.TraceEvent) bool { return e.Msg == key }},
			{"kinds", client.TraceFilter{Kinds: []string{"im.send", "vendor"}}, func(e client.TraceEvent) bool {
				return e.Kind == "im.send" || strings.HasPrefix(e.Kind, "vendor.")
			}},
			{"since", client.TraceFilter{Since: 2 * time.Second}, func(e client.TraceEvent) bool { return e.ElapsedMS >= 2000 }},
			{"since time", client.TraceFilter{SinceTime: env.Trace().Start().Add(2 * time.Second)}, func(e client.TraceEvent) bool { return e.ElapsedMS >= 2000 }},
		} {
			got, err := c.Trace(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			want := 0
			for _, e := range all {
				if tc.keep(e) {
					want++
				}
			}
			if want == 0 || len(got) != want {
				t.Errorf("Trace(%s) = %d events, want %d (and more than none)", tc.name, len(got), want)
			}
			for _, e := range got {
				if !tc.keep(e) {
					t.Errorf("Trace(%s) kept %+v", tc.name, e)
				}
			}
		}
		// Nothing failed, so no event names a reason.
		for _, reasons := range [][]string{{"*"}, {"expired", "push_queue_full"}} {
			if got, err := c.Trace(ctx, client.TraceFilter{Reasons: reasons}); err != nil || len(got) != 0 {
				t.Errorf("Trace(reasons %v) = %d events, %v; want none", reasons, len(got), err)
			}
		}
	})
}

// TestTracePage reads the trace a few events a page and checks the pages
// hold every event once, in the order recorded.
func TestTracePage(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, c := virtualClient(t, ctx)
		bringUp(t, ctx, c.Device("alice-phone"))
		send(t, env, "hi")
		env.Advance(time.Second)
		all, err := c.Trace(ctx, client.TraceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []client.PagedTraceEvent
		after := int64(0)
		for range len(all) + 1 {
			p, err := c.TracePage(ctx, client.TraceFilter{}, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Events) > 3 || p.Dropped != 0 {
				t.Fatalf("page after %d: %d events, %d dropped", after, len(p.Events), p.Dropped)
			}
			got = append(got, p.Events...)
			after = p.Next
			if !p.More {
				break
			}
		}
		if len(got) != len(all) {
			t.Fatalf("pages hold %d events, the trace %d", len(got), len(all))
		}
		for i, e := range got {
			if e.Seq != int64(i)+1 {
				t.Fatalf("event %d has seq %d", i, e.Seq)
			}
		}
	})
}

func TestCreateAndDeleteDevice(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		_, c := virtualClient(t, ctx)
		d, err := c.CreateDevice(ctx, client.DeviceSpec{ID: "bob-phone", Brand: "meizu", ROM: "flyme-9", User: "bob",
			App: client.AppSpec{Package: "com.example.chat", Certificate: 6666, RegisterDelay: "0s"}})
		if err != nil || d.ID != "bob-phone" || d.AppState != client.AppNotLaunched {
			t.Fatalf("CreateDevice = %+v, %v", d, err)
		}
		bob := c.Device("bob-phone")
		if _, err := bob.Launch(ctx); err != nil {
			t.Fatal(err)
		}
		if d, err = bob.Login(ctx); err != nil || d.Token == "" || d.IMState != client.IMOnline {
			t.Fatalf("Login = %+v, %v", d, err)
		}
		if err := bob.Delete(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := bob.Get(ctx); !errors.Is(err, client.ErrNotFound) {
			t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
		}
	})
}

func TestErrors(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		_, c := virtualClient(t, ctx)
		nobody := c.Device("no-such-phone")
		alice := c.Device("alice-phone")
		for _, tc := range []struct {
			name   string
			call   func() error
			kind   error
			status int
			says   string
		}{
			{"Get unknown device", func() error { _, err := nobody.Get(ctx); return err }, client.ErrNotFound, 404, "no-such-phone"},
			{"Kill unknown device", func() error { _, err := nobody.Kill(ctx); return err }, client.ErrNotFound, 404, "no-such-phone"},
			{"SetNetwork unknown device", func() error { _, err := nobody.SetNetwork(ctx, false); return err }, client.ErrNotFound, 404, "no-such-phone"},
			{"Notifications unknown device", func() error { _, err := nobody.Notifications(ctx); return err }, client.ErrNotFound, 404, "no-such-phone"},
			{"Delete unknown device", func() error { return nobody.Delete(ctx) }, client.ErrNotFound, 404, "no-such-phone"},
			{"Click unknown notification", func() error { _, err := alice.Click(ctx, "n-1"); return err }, client.ErrNotFound, 404, `"n-1"`},
			{"Login before Launch", func() error { _, err := alice.Login(ctx); return err }, client.ErrConflict, 409, "launch it first"},
			{"Logout while logged out", func() error { _, err := alice.Logout(ctx); return err }, client.ErrConflict, 409, "logout alice-phone: "},
			{"CreateDevice invalid", func() error { _, err := c.CreateDevice(ctx, client.DeviceSpec{ID: "x"}); return err }, client.ErrBadRequest, 400, "required"},
			{"CreateDevice duplicate", func() error {
				_, err := c.CreateDevice(ctx, client.DeviceSpec{ID: "alice-phone", Brand: "meizu", User: "alice", App: client.AppSpec{Package: "p"}})
				return err
			}, client.ErrConflict, 409, "already exists"},
			{"CreateDevice bad duration", func() error {
				_, err := c.CreateDevice(ctx, client.DeviceSpec{ID: "y", Brand: "meizu", User: "y", App: client.AppSpec{Package: "p", RegisterDelay: "soon"}})
				return err
			}, client.ErrBadRequest, 400, "bad JSON"},
			{"Message unknown key", func() error { _, err := c.Message("1_1_1").Get(ctx); return err }, client.ErrNotFound, 404, `"1_1_1"`},
			{"Wait unknown key", func() error { _, err := c.Message("1_1_1").Wait(ctx); return err }, client.ErrNotFound, 404, `"1_1_1"`},
			{"VendorMessages unknown vendor", func() error { _, err := c.VendorMessages(ctx, "nokia"); return err }, client.ErrNotFound, 404, "nokia"},
			{"ClearVendorMessages unknown vendor", func() error { return c.ClearVendorMessages(ctx, "nokia") }, client.ErrNotFound, 404, "nokia"},
		} {
			err := tc.call()
			var e *client.Error
			if !errors.As(err, &e) {
				t.Errorf("%s: %v, want a *client.Error", tc.name, err)
				continue
			}
			if !errors.Is(err, tc.kind) || e.Status != tc.status || !strings.Contains(e.Message, tc.says) || !strings.Contains(e.Error(), e.Path) {
				t.Errorf("%s: %#v, want %v, status %d and a message saying %q", tc.name, e, tc.kind, tc.status, tc.says)
			}
		}
	})
}

func TestWaitHonoursContext(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, c := virtualClient(t, ctx)
		alice := c.Device("alice-phone")
		bringUp(t, ctx, alice)
		if _, err := alice.SetNetwork(ctx, false); err != nil {
			t.Fatal(err)
		}
		key := send(t, env, "held")
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		start := time.Now()
		fate, err := c.Message(key).Wait(wctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait with the phone offline: %v, want the deadline", err)
		}
		if waited := time.Since(start); waited < 30*time.Second || waited > 31*time.Second {
			t.Errorf("Wait returned after %s, want the 30s deadline", waited)
		}
		on, _ := fate.On("alice-phone")
		if on.Outcome != "" || on.Reason != "device_network_down" || !strings.Contains(err.Error(), "device_network_down") {
			t.Errorf("last fate = %+v, error %v; want in flight for device_network_down", on, err)
		}
		if _, err := alice.SetNetwork(ctx, true); err != nil {
			t.Fatal(err)
		}
		wctx2, cancel2 := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel2()
		if _, err := c.Message(key).Wait(wctx2, client.OutcomeOn("alice-phone", client.OutcomeNotified)); err != nil {
			t.Fatalf("Wait after the network came back: %v", err)
		}
	})
}

func TestErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		status int
		kind   error
	}{{404, client.ErrNotFound}, {400, client.ErrBadRequest}, {409, client.ErrConflict}, {405, client.ErrMethodNotAllowed}} {
		e := &client.Error{Status: tc.status}
		for _, other := range []error{client.ErrNotFound, client.ErrBadRequest, client.ErrConflict, client.ErrMethodNotAllowed} {
			if got := errors.Is(e, other); got != (other == tc.kind) {
				t.Errorf("errors.Is(status %d, %v) = %v", tc.status, other, got)
			}
		}
	}
}

func TestAnswerThatIsNotPushsimJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusBadGateway)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := client.New(srv.URL).Devices(ctx)
	var e *client.Error
	if !errors.As(err, &e) || e.Status != http.StatusBadGateway || e.Message != "upstream down" || errors.Is(err, client.ErrNotFound) {
		t.Fatalf("Devices against a 502 = %#v", err)
	}
	srv.Close()
	if _, err := client.New(srv.URL).Devices(ctx); err == nil || errors.As(err, &e) {
		t.Fatalf("Devices against a closed server = %v, want a transport error", err)
	}
}

// countingTransport counts the requests it passes on.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestWaitBacksOff(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, c := virtualClient(t, ctx)
		bringUp(t, ctx, c.Device("alice-phone"))
		if _, err := c.Device("alice-phone").SetNetwork(ctx, false); err != nil {
			t.Fatal(err)
		}
		key := send(t, env, "held")
		tr := &countingTransport{next: env.HTTPClient().Transport}
		slow := client.New(env.URL(), client.WithHTTPClient(&http.Client{Transport: tr}), client.WithPollInterval(time.Second, 4*time.Second))
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if _, err := slow.Message(key).Wait(wctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait: %v, want the deadline", err)
		}
		// Polls at 0, 1, 3, 7, 11, ..., 27s: nine in 30s.
		if got := tr.n.Load(); got != 9 {
			t.Errorf("Wait polled %d times in 30s with intervals 1s doubling to 4s, want 9", got)
		}
	})
}

func TestWithTokenSendsTheBearer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env, err := harness.Start(ctx, envConfig(), harness.WithVendors(protocol.VendorMeizu), harness.WithAdminToken("t0ken"))
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	hc := client.WithHTTPClient(env.HTTPClient())
	if _, err := client.New(env.URL(), hc, client.WithToken("t0ken")).Devices(ctx); err != nil {
		t.Fatalf("Devices with the token: %v", err)
	}
	for _, tok := range []string{"", "wrong"} {
		_, err := client.New(env.URL(), hc, client.WithToken(tok)).Devices(ctx)
		var e *client.Error
		if !errors.As(err, &e) || e.Status != http.StatusUnauthorized {
			t.Errorf("Devices with token %q = %v, want a 401", tok, err)
		}
	}
}
