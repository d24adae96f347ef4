package vivo_test

import (
	"regexp"
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestDeviceRegistration(t *testing.T) {
	tests := []struct {
		name string
		req  protocol.RegisterRequest
		ok   bool
	}{
		{"ok", protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: "d"}, true},
		{"no App ID in the manifest", protocol.RegisterRequest{AppKey: appKey, Package: pkg, DeviceID: "d"}, false},
		{"no App Key in the manifest", protocol.RegisterRequest{AppID: appID, Package: pkg, DeviceID: "d"}, false},
		{"unknown app", protocol.RegisterRequest{AppID: "999", AppKey: appKey, Package: pkg, DeviceID: "d"}, false},
		{"wrong App Key", protocol.RegisterRequest{AppID: appID, AppKey: "nope", Package: pkg, DeviceID: "d"}, false},
		{"wrong package", protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: "com.other", DeviceID: "d"}, false},
	}
	regID := regexp.MustCompile(`^1[0-9]{22}$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{Seed: 3})
				st := e.Register(e.Dial(""), tc.req)
				regs := e.Events(trace.VendorRegister)
				if len(regs) != 1 || regs[0].Device != "d" || regs[0].Component != "vivo" {
					t.Fatalf("register events = %+v", regs)
				}
				if !tc.ok {
					if st.Code != vivo.RegisterFailed || st.Token != "" || st.Message == "" || regs[0].Reason != protocol.ReasonRegistrationFailed {
						t.Fatalf("refusal = %+v, event reason %q", st, regs[0].Reason)
					}
					return
				}
				if st.Code != vivo.RegisterOK || !regID.MatchString(st.Token) || !vivo.WellFormedRegID(st.Token) {
					t.Fatalf("status %+v, want state 0 and a 23-digit regId", st)
				}
				if want := vivo.NewRegID(3, appID, "d", 1); st.Token != want {
					t.Fatalf("regId = %s, want the seeded %s", st.Token, want)
				}
			})
		})
	}
	if vivo.NewRegID(3, appID, "d", 1) == vivo.NewRegID(3, appID, "d", 2) {
		t.Fatal("a reinstall got the same regId")
	}
}
