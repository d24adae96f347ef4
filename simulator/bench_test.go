package simulator

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// BenchmarkSendToTray is one Meizu notification frame arriving on the
// device channel: decoded, checked, rendered by the vendor SDK, put in the
// tray and traced. The ack it sends back has no socket to go to here.
func BenchmarkSendToTray(b *testing.B) {
	const pkg = "com.example.chat"
	mem := netsim.NewMemory()
	defer mem.Close()
	d, err := New(Config{
		ID: "d", Brand: protocol.BrandMeizu, ROM: "flyme-9",
		App:    AppConfig{Package: pkg, Permissions: MeizuPermissions(pkg)},
		Dialer: mem, Trace: trace.New(time.Now()),
		UserSig: func(string) (string, error) { return "sig", nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	payload := json.RawMessage(`{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":0,"parameters":{"ext":"x"}}}`)
	before := len(d.tray.All())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		raw, _ := json.Marshal(protocol.DeviceFrame{Type: protocol.DeviceNotification, Notification: &protocol.DeviceNotice{
			MsgID: "m" + strconv.Itoa(n), Package: pkg, Token: "tok", Payload: payload,
		}})
		d.push.onFrame(raw)
	}
	if got := len(d.tray.All()) - before; got != n {
		b.Fatalf("%d of %d notifications in the tray", got, n)
	}
}
