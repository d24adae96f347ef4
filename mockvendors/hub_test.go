package mockvendors_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestHubRegisterDeliverAckClick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		dev := e.Dial("")
		st := e.register(dev, "app", "d1")
		if st.Code != "200" || st.Token != "tok-app-d1-1" {
			t.Fatalf("register = %+v, want 200 tok-app-d1-1", st)
		}
		if !e.hub.Known(st.Token) || !e.hub.Connected("d1") {
			t.Fatalf("Known=%v Connected=%v, want both true", e.hub.Known(st.Token), e.hub.Connected("d1"))
		}
		start := time.Now()
		e.hub.Deliver(st.Token, notice("m1"), time.Hour, mockvendors.DeliverOptions{})
		synctest.Wait()
		if got := dev.Notices(); len(got) != 0 {
			t.Fatalf("notice before the latency: %v", got)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != "m1" || got[0].Token != st.Token || got[0].Package != "com.example.app" {
			t.Fatalf("notices = %+v, want m1 for %s in com.example.app", got, st.Token)
		}
		dels := e.Events(trace.VendorDeliver)
		if len(dels) != 1 || dels[0].At.Sub(start) != time.Second || dels[0].Component != "meizu" ||
			dels[0].Device != "d1" || dels[0].VendorMsgID != "m1" {
			t.Fatalf("deliver events = %+v", dels)
		}
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: "m1", Token: st.Token}); err != nil {
			t.Fatal(err)
		}
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: "m1"}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		want := mockvendors.DeviceEvent{MsgID: "m1", Token: st.Token, AppID: "app", Package: "com.example.app", DeviceID: "d1"}
		e.mu.Lock()
		defer e.mu.Unlock()
		if len(e.acks) != 1 || e.acks[0] != want {
			t.Errorf("acks = %+v, want [%+v]", e.acks, want)
		}
		if len(e.clicks) != 1 || e.clicks[0] != want {
			t.Errorf("clicks = %+v, want [%+v]", e.clicks, want)
		}
		if regs := e.Events(trace.VendorRegister); len(regs) != 1 || regs[0].Details["token"] != st.Token {
			t.Errorf("register events = %+v", regs)
		}
	})
}

func TestHubRegistrationLifecycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1})
		dev := e.Dial("")
		first := e.register(dev, "app", "d1")
		again := e.register(dev, "app", "d1")
		if again.Token != first.Token {
			t.Fatalf("re-register token = %s, want the same %s", again.Token, first.Token)
		}
		if st := e.register(dev, "bad", "d1"); st.Token != "" || st.Code != "403" {
			t.Fatalf("refused register = %+v", st)
		}
		if regs := e.Events(trace.VendorRegister); regs[len(regs)-1].Reason != protocol.ReasonRegistrationFailed {
			t.Fatalf("refusal reason = %q", regs[len(regs)-1].Reason)
		}
		err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceUnregister,
			Register: &protocol.RegisterRequest{AppID: "app", DeviceID: "d1"}})
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if e.hub.Known(first.Token) {
			t.Fatal("token still known after unregister")
		}
		e.hub.Deliver(first.Token, notice("late"), time.Hour, mockvendors.DeliverOptions{})
		if drops := e.Events(trace.VendorDrop); len(drops) != 1 || drops[0].Reason != protocol.ReasonAppUninstalled {
			t.Fatalf("drops after unregister = %+v", drops)
		}
		reinstall := e.register(dev, "app", "d1")
		if reinstall.Token != "tok-app-d1-2" {
			t.Fatalf("reinstall token = %s, want tok-app-d1-2", reinstall.Token)
		}
		if n := len(e.hub.Registrations()); n != 2 {
			t.Fatalf("registrations = %d, want 2", n)
		}
		e.hub.Deliver("nobody", notice("x"), time.Hour, mockvendors.DeliverOptions{})
		for _, d := range e.Events(trace.VendorDrop) {
			if d.VendorMsgID == "x" && d.Reason != protocol.ReasonVendorTokenInvalid {
				t.Fatalf("unknown token drop reason = %q", d.Reason)
			}
		}
	})
}

func TestHubHoldsWhileAwayAndDeliversOnReconnect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		dev := e.Dial("")
		tok := e.register(dev, "app", "d1").Token
		dev.Close()
		synctest.Wait()
		if e.hub.Connected("d1") {
			t.Fatal("still connected after close")
		}
		e.hub.Deliver(tok, notice("m1"), time.Hour, mockvendors.DeliverOptions{})
		e.hub.Deliver(tok, notice("m2"), time.Hour, mockvendors.DeliverOptions{})
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if n := e.hub.Held("d1"); n != 2 {
			t.Fatalf("held = %d, want 2", n)
		}
		back := e.Dial("d1")
		synctest.Wait()
		if got := msgIDs(back.Notices()); !slices.Equal(got, []string{"m1", "m2"}) {
			t.Fatalf("delivered on reconnect = %v, want [m1 m2]", got)
		}
		if n := e.hub.Held("d1"); n != 0 {
			t.Fatalf("held after reconnect = %d", n)
		}
	})
}

func TestHubExpiresAndOnlineOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		dev := e.Dial("")
		tok := e.register(dev, "app", "d1").Token
		dev.Close()
		synctest.Wait()
		e.hub.Deliver(tok, notice("kept"), time.Hour, mockvendors.DeliverOptions{})
		e.hub.Deliver(tok, notice("online"), time.Hour, mockvendors.DeliverOptions{OnlineOnly: true})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != "online" || drops[0].Reason != protocol.ReasonDeviceNetworkDown {
			t.Fatalf("drops = %+v, want online dropped as device_network_down", drops)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		drops = e.Events(trace.VendorDrop)
		if len(drops) != 2 || drops[1].VendorMsgID != "kept" || drops[1].Reason != protocol.ReasonExpired {
			t.Fatalf("drops = %+v, want kept expired", drops)
		}
		back := e.Dial("d1")
		synctest.Wait()
		if got := back.Notices(); len(got) != 0 {
			t.Fatalf("expired notice delivered: %v", got)
		}
	})
}

func TestHubKeepsOrderForEqualLatencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		dev := e.Dial("")
		tok := e.register(dev, "app", "d1").Token
		var want []string
		for i := range 20 {
			id := "m" + strconv.Itoa(i)
			want = append(want, id)
			e.hub.Deliver(tok, notice(id), time.Hour, mockvendors.DeliverOptions{})
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if got := msgIDs(dev.Notices()); !slices.Equal(got, want) {
			t.Fatalf("order = %v, want %v", got, want)
		}
	})
}

func TestHubResendsUnackedOnNewSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		old := e.Dial("d1")
		tok := e.register(old, "app", "d1").Token
		e.hub.Deliver(tok, notice("m1"), time.Hour, mockvendors.DeliverOptions{})
		time.Sleep(time.Second)
		synctest.Wait()
		if n := len(old.Notices()); n != 1 {
			t.Fatalf("first socket got %d notices", n)
		}
		fresh := e.Dial("d1") // never acked: the hub resends on the new socket
		synctest.Wait()
		if got := msgIDs(fresh.Notices()); !slices.Equal(got, []string{"m1"}) {
			t.Fatalf("resent = %v, want [m1]", got)
		}
		select {
		case <-old.Closed():
		default:
			t.Fatal("the replaced socket is still open")
		}
		dels := e.Events(trace.VendorDeliver)
		if len(dels) != 2 || dels[1].Details["attempt"] != "2" {
			t.Fatalf("deliver events = %+v", dels)
		}
	})
}

func TestHubNoticesSilentDevice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed}, func(hc *mockvendors.HubConfig) {
			hc.PingInterval, hc.PongWait = 10*time.Second, 30*time.Second
		})
		link := netsim.NewLink(e.Mem)
		dev := e.DialVia(link, "")
		tok := e.register(dev, "app", "d1").Token
		time.Sleep(time.Minute) // pings answered: still connected
		synctest.Wait()
		if !e.hub.Connected("d1") {
			t.Fatal("healthy device dropped")
		}
		link.SetUp(false)
		time.Sleep(31 * time.Second)
		synctest.Wait()
		if e.hub.Connected("d1") {
			t.Fatal("silent device still counted as connected")
		}
		e.hub.Deliver(tok, notice("m1"), time.Hour, mockvendors.DeliverOptions{})
		time.Sleep(time.Second)
		synctest.Wait()
		if n := e.hub.Held("d1"); n != 1 {
			t.Fatalf("held = %d, want 1", n)
		}
	})
}

// deliveryRun pushes n notices to one device and returns the dropped
// message IDs and each delivered one's latency.
func deliveryRun(t *testing.T, root seed.Root, dropRate float64, n int) (dropped []string, latency map[string]time.Duration) {
	latency = map[string]time.Duration{}
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: root, DropRate: dropRate})
		dev := e.Dial("")
		tok := e.register(dev, "app", "d1").Token
		start := time.Now()
		for i := range n {
			e.hub.Deliver(tok, notice("m"+strconv.Itoa(i)), time.Hour, mockvendors.DeliverOptions{})
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		for _, ev := range e.Events(trace.VendorDrop) {
			if ev.Reason != protocol.ReasonVendorDropped {
				t.Errorf("drop reason %q", ev.Reason)
			}
			dropped = append(dropped, ev.VendorMsgID)
		}
		for _, ev := range e.Events(trace.VendorDeliver) {
			latency[ev.VendorMsgID] = ev.At.Sub(start)
		}
		if len(dropped)+len(latency) != n {
			t.Errorf("dropped %d + delivered %d != %d", len(dropped), len(latency), n)
		}
	})
	slices.Sort(dropped)
	return dropped, latency
}

func TestHubDropRateAndLatencyAreSeeded(t *testing.T) {
	d1, l1 := deliveryRun(t, 7, 0.3, 100)
	d2, l2 := deliveryRun(t, 7, 0.3, 100)
	d3, _ := deliveryRun(t, 8, 0.3, 100)
	if !slices.Equal(d1, d2) {
		t.Errorf("same seed, different drops:\n%v\n%v", d1, d2)
	}
	if slices.Equal(d1, d3) {
		t.Errorf("seeds 7 and 8 dropped the same set %v", d1)
	}
	if len(d1) < 15 || len(d1) > 45 {
		t.Errorf("dropped %d of 100 at rate 0.3", len(d1))
	}
	for id, l := range l1 {
		if l2[id] != l {
			t.Errorf("latency of %s: %v then %v", id, l, l2[id])
		}
	}
	var over int
	for _, l := range l1 {
		if l > 3*time.Second {
			over++
		}
	}
	if over > 5 {
		t.Errorf("%d of %d latencies above the default p99 3s", over, len(l1))
	}
}

func TestHubCloseRefusesNewDevices(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1})
		dev := e.Dial("d1")
		e.hub.Deliver("nobody", notice("x"), time.Hour, mockvendors.DeliverOptions{})
		if err := e.hub.Close(); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		select {
		case <-dev.Closed():
		default:
			t.Fatal("device socket open after Close")
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := fakedeviceDial(ctx, e); err == nil {
			t.Fatal("dial after Close succeeded")
		}
	})
}

// A device that stops reading its socket has it closed once a write has
// waited WriteTimeout, which bounds what queues for it, and gets every
// notice when it connects again: shedding it costs no notice.
func TestHubShedsADeviceThatStopsReading(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newHubEnv(t, mockvendors.Config{Seed: 1, Latency: fixed})
		dev := e.Dial("")
		tok := e.register(dev, "app", "d9").Token
		dev.Close()
		synctest.Wait()
		dialer := websocket.Dialer{NetDialContext: e.Mem.DialContext}
		stuck, _, err := dialer.DialContext(t.Context(), "ws://"+hubAddr+protocol.DevicePath+"?device=d9", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer stuck.Close()
		synctest.Wait()
		if !e.hub.Connected("d9") {
			t.Fatal("the socket that never reads is not bound to d9")
		}
		const n = 3000
		payload := strings.Repeat("x", 512)
		for i := range n {
			e.hub.Deliver(tok, protocol.DeviceNotice{MsgID: "m" + strconv.Itoa(i), Payload: []byte(`{"p":"` + payload + `"}`)}, time.Hour, mockvendors.DeliverOptions{})
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if !e.hub.Connected("d9") {
			t.Fatal("d9's socket closed before a write waited WriteTimeout")
		}
		time.Sleep(mockvendors.DefaultWriteTimeout)
		synctest.Wait()
		if e.hub.Connected("d9") {
			t.Fatalf("d9's socket is still open with %d notices sent to it and none read", n)
		}
		again := e.Dial("d9")
		defer again.Close()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		got := map[string]bool{}
		for _, no := range again.Notices() {
			got[no.MsgID] = true
		}
		if len(got) != n {
			t.Errorf("after reconnecting d9 has %d of the %d notices", len(got), n)
		}
	})
}
