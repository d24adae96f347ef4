package mockvendors_test

import (
	"bytes"
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// FuzzDeviceFrames sends arbitrary frames (NUL-separated, up to eight) on
// a registered device's channel, the socket every vendor mock serves at
// protocol.DevicePath: the hub never panics, answers only with
// register_status or notification frames, keeps the device connected and
// still registers an app on the same socket afterwards.
func FuzzDeviceFrames(f *testing.F) {
	for _, s := range []string{
		`{"type":"register","seq":7,"register":{"appId":"x","package":"p","deviceId":"d1"}}`,
		`{"type":"register","seq":1,"register":{"appId":"bad","deviceId":"other"}}`,
		`{"type":"register","seq":1}`,
		`{"type":"unregister","token":"tok-app-d1-1"}` + "\x00" + `{"type":"ack","msgId":"m","token":"tok-app-d1-1"}`,
		`{"type":"clicked","msgId":"m1","token":"nope"}`, `{"type":"ack"}`, `{"type":"notification","notification":{}}`,
		`{"type":"register_status","status":{"code":"200"}}`, `{}`, `[]`, `{`, "\x00\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		synctest.Test(t, func(t *testing.T) {
			e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
			dev := e.Dial("")
			if st := e.register(dev, "app", "d1"); st.Code != "200" {
				t.Fatalf("register = %+v", st)
			}
			for _, frame := range bytes.SplitN(data, []byte{0}, 8) {
				if err := dev.SendRaw(frame); err != nil {
					t.Fatalf("send %q: %v", frame, err)
				}
			}
			synctest.Wait()
			for _, fr := range dev.Frames() {
				switch {
				case fr.Type == protocol.DeviceRegisterStatus && fr.Status != nil:
				case fr.Type == protocol.DeviceNotification && fr.Notification != nil:
				default:
					t.Fatalf("after %q the hub sent %+v", data, fr)
				}
			}
			if !e.hub.Connected("d1") {
				t.Fatalf("after %q d1 is no longer connected", data)
			}
			if st := e.register(dev, "again", "d1"); st.Code != "200" || st.Token == "" {
				t.Fatalf("after %q register = %+v", data, st)
			}
		})
	})
}
