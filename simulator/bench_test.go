package simulator

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/wsbuf"
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

// BenchmarkMeizuLoopback is Meizu notifications delivered to a phone
// over a real loopback websocket and their acks read back: each frame read
// through the phone's links, parsed, rendered, put in the tray and traced,
// and its ack written back. The server end is a bare websocket driven by
// the benchmark, so what it costs is mostly the phone's side. With one
// notification in flight the round trip's wakeups dominate; with 64 in
// flight, as at a load's steady rate, the phone's work does. cpu-ns/op is
// the process's CPU time (both ends) per notification.
func BenchmarkMeizuLoopback(b *testing.B) {
	for _, inflight := range []int{1, 64} {
		b.Run("inflight="+strconv.Itoa(inflight), func(b *testing.B) { benchMeizuLoopback(b, inflight) })
	}
}

func benchMeizuLoopback(b *testing.B, inflight int) {
	const pkg = "com.example.chat"
	lo := netsim.NewLoopback()
	defer lo.Close()
	ln, err := lo.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	conns := make(chan *websocket.Conn, 1)
	up := wsbuf.Upgrader(func(*http.Request) bool { return true })
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ws, err := up.Upgrade(w, r, nil); err == nil {
			conns <- ws
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()
	d, err := New(Config{
		ID: "d", Brand: protocol.BrandMeizu, ROM: "flyme-9",
		App:       AppConfig{Package: pkg, Permissions: MeizuPermissions(pkg)},
		VendorURL: "http://" + ln.Addr().String(), Dialer: lo, Trace: trace.New(time.Now()),
		UserSig: func(string) (string, error) { return "sig", nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	d.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.WaitPushService(ctx); err != nil {
		b.Fatal(err)
	}
	ws := <-conns
	defer ws.Close()
	const payload = `{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":0,"parameters":{"ext":"x"}}}`
	before := len(d.tray.All())
	window := make(chan struct{}, inflight)
	wrote := make(chan error, 1)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU(b)
	go func() {
		var frame []byte
		for i := 1; i <= b.N; i++ {
			window <- struct{}{}
			frame = append(frame[:0], `{"type":"notification","notification":{"msgId":"m`...)
			frame = strconv.AppendInt(frame, int64(i), 10)
			frame = append(frame, `","token":"tok","package":"`+pkg+`","payload":`+payload+`}}`...)
			if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()
	for i := 1; i <= b.N; i++ {
		_, ack, err := ws.ReadMessage()
		if err != nil {
			b.Fatal(err)
		}
		if want := `{"type":"ack","msgId":"m` + strconv.Itoa(i) + `","token":"tok"}`; string(ack) != want {
			b.Fatalf("ack %s, want %s", ack, want)
		}
		<-window
	}
	if err := <-wrote; err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
	if got := len(d.tray.All()) - before; got != b.N {
		b.Fatalf("%d of %d notifications in the tray", got, b.N)
	}
}

// processCPU is the CPU time the process has used (user and system), in
// nanoseconds: on a shared machine a steadier measure of a round trip's
// cost than its wall time.
func processCPU(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
