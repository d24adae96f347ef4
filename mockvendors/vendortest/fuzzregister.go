package vendortest

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
)

// FuzzRegister sends the vendor's device SDK registration with fuzzed
// fields over the device channel: every register frame is answered, a
// success (the vendor's OK code) always carries a token the hub knows and
// never comes for a request that names neither the app's ID nor its
// package, a failure never carries a token, and a correct registration
// still succeeds afterwards.
func FuzzRegister(f *testing.F, p Profile) {
	r := p.Register
	f.Add(r.AppID, r.AppKey, r.Package, r.Brand, r.ROM, r.Android)
	f.Add(r.AppID, "wrong", r.Package, r.Brand, r.ROM, r.Android)
	f.Add("no-such-app", r.AppKey, "com.other", "", "", -1)
	f.Add("", "", "", "", "", 0)
	f.Add(r.AppID+"\x00", r.AppKey, r.Package+"\xff", "x", "flyme-99", 99)
	f.Fuzz(func(t *testing.T, appID, appKey, pkg, brand, rom string, android int) {
		bubble(t, p, p.New, func(e *env) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := fakedevice.Dial(ctx, e.mem, e.url, "phone-1")
			if err != nil {
				e.t.Fatal(err)
			}
			defer d.Close()
			req := protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: "phone-1", Brand: brand, ROM: rom, Android: android}
			seq, err := d.Register(req)
			if err != nil {
				e.t.Fatal(err)
			}
			synctest.Wait()
			st, ok := d.Status(seq)
			switch {
			case !ok:
				e.t.Fatalf("no register_status for %+v", req)
			case st.Code == p.OKCode && (st.Token == "" || !e.srv.Hub().Known(st.Token)):
				e.t.Fatalf("register %+v succeeded with token %q the hub does not know", req, st.Token)
			case st.Code == p.OKCode && appID != r.AppID && pkg != r.Package:
				e.t.Fatalf("register %+v for another app succeeded: %+v", req, st)
			case st.Code != p.OKCode && st.Token != "":
				e.t.Fatalf("failed register %+v carries token %q", req, st.Token)
			}
			e.device("phone-2")
		})
	})
}
