package harness_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// soakPhones is how many killed Meizu phones the push-path soak sends to,
// round robin, so each message goes IM → Meizu mock → device channel → tray.
const soakPhones = 100

// TestSoakPushPath is TestSoakSendMsg through the whole offline push path:
// PUSHSIM_SOAK (e.g. 60s) of REST sendmsg to logged-in, killed phones, with
// serve's limits and the Meizu frequency limits off (the soak measures
// pushsim, not Meizu's folding). Every second it logs the messages accepted
// and the notifications that reached a tray in that second, RSS and heap;
// the phones' user swipes the tray clear each second, as a person would.
// At the end every accepted message must have reached its phone.
func TestSoakPushPath(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("PUSHSIM_SOAK"))
	if err != nil || d <= 0 {
		t.Skip("set PUSHSIM_SOAK=<duration> (e.g. 60s) to run the soak")
	}
	cfg := apiConfig()
	fast := harness.Duration(2 * time.Millisecond)
	cfg.Vendors = map[string]harness.VendorConfig{"meizu": {
		Latency: harness.LatencyConfig{Median: fast, P99: fast * 2},
		Limits:  mockvendors.Limits{Off: true},
	}}
	cfg.Devices = nil
	users := make([]string, soakPhones)
	for i := range users {
		users[i] = fmt.Sprintf("soak%03d", i)
		cfg.Devices = append(cfg.Devices, harness.DeviceConfig{ID: users[i] + "-phone", Brand: "meizu", ROM: "flyme-9", User: users[i],
			App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}})
	}
	env, err := harness.Start(context.Background(), cfg, harness.WithVendors(protocol.VendorMeizu), harness.WithListen("127.0.0.1:0"), harness.WithLimits(harness.ServeLimits))
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	phones := make([]*harness.Phone, len(users))
	for i, u := range users {
		phones[i] = env.Phone(u + "-phone")
		for _, step := range []func() error{phones[i].Launch, phones[i].Login, phones[i].Kill} {
			if err := step(); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
		}
	}
	sig, err := env.IM().GenUserSig(harness.DefaultAdmin, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {"1400000000"}, "identifier": {harness.DefaultAdmin}, "usersig": {sig}, "contenttype": {"json"}}
	endpoint := env.URL() + "/v4/openim/sendmsg?" + q.Encode()

	w := startSoakWorkers(env.HTTPClient(), endpoint, func(n uint64) string { return users[n%soakPhones] })
	accepted, failure := &w.accepted, &w.failure
	var delivered uint64
	sweep := func() uint64 {
		var n uint64
		for _, p := range phones {
			n += uint64(p.Device().Tray().DismissAll())
		}
		delivered += n
		return n
	}
	tick := time.NewTicker(time.Second)
	var last uint64
	for s := 1; s <= int(d/time.Second) && failure.Load() == nil; s++ {
		<-tick.C
		n := accepted.Load()
		got := sweep()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("soak t=%3ds accepted/s=%6d notified/s=%6d total=%8d rss=%6.1fMB heap=%6.1fMB", s, n-last, got, n, rssMB(), float64(ms.HeapInuse)/(1<<20))
		last = n
	}
	w.stop()
	// Whatever is still in flight lands within the vendor's latency; give
	// it at most 30 s, sweeping each second.
	for i := 0; i < 30 && delivered < accepted.Load(); i++ {
		<-tick.C
		sweep()
	}
	tick.Stop()
	if path := os.Getenv("PUSHSIM_SOAK_HEAPPROFILE"); path != "" {
		writeHeapProfile(t, path)
	}
	if f := failure.Load(); f != nil {
		t.Fatalf("after %d accepted: %s", accepted.Load(), f)
	}
	t.Logf("soak accepted %d, notified %d", accepted.Load(), delivered)
	if delivered != accepted.Load() {
		t.Fatalf("%d messages accepted, %d reached a tray", accepted.Load(), delivered)
	}
}
