package meizu_test

import (
	"encoding/json"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestReceiptsPostedToCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		_, silent := e.phone("bob")
		msg := note("Bob", "hi")
		msg.Extra = &meizu.Extra{Callback: callback, CallbackParam: "p1"}
		r := e.push(msg, tok, silent)
		time.Sleep(time.Second)
		synctest.Wait()
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.MsgID, Token: tok}); err != nil {
			t.Fatal(err)
		}
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: r.MsgID}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if n := len(e.receipts.All()); n != 0 {
			t.Fatalf("%d receipts before the 1 s batch", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := e.receipts.All()
		if len(got) != 1 {
			t.Fatalf("receipt posts = %d, want 1", len(got))
		}
		if got[0].Get("access_token") != token {
			t.Errorf("access_token = %q", got[0].Get("access_token"))
		}
		var cb map[string]meizu.ReceiptEntry
		if err := json.Unmarshal([]byte(got[0].Get("cb")), &cb); err != nil {
			t.Fatalf("cb %q: %v", got[0].Get("cb"), err)
		}
		want := map[string]meizu.ReceiptEntry{
			r.MsgID + "-1": {Param: "p1", Type: 1, Targets: []string{tok}},
			r.MsgID + "-2": {Param: "p1", Type: 2, Targets: []string{tok}},
		}
		if len(cb) != len(want) {
			t.Fatalf("cb = %+v, want %+v", cb, want)
		}
		for k, w := range want {
			g := cb[k]
			if g.Param != w.Param || g.Type != w.Type || len(g.Targets) != 1 || g.Targets[0] != w.Targets[0] {
				t.Errorf("cb[%s] = %+v, want %+v", k, g, w)
			}
		}
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 2 || recs[0].Details["result"] != "200" || recs[0].Device != "alice" || recs[0].VendorMsgID != r.MsgID {
			t.Fatalf("receipt events = %+v", recs)
		}
		for _, ev := range recs {
			for _, v := range ev.Details {
				if v == token {
					t.Errorf("receipt event leaks the access token: %+v", ev)
				}
			}
		}
	})
}

func TestReceiptTypeAndFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		msg := note("Bob", "hi")
		msg.Extra = &meizu.Extra{Callback: "http://nobody.sim:80/cb", CallbackType: meizu.Int(2)}
		r := e.push(msg, tok)
		time.Sleep(time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.MsgID, Token: tok})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(e.Events(trace.VendorReceipt)); n != 0 {
			t.Fatalf("type 2 (clicks only) posted %d receipts for a delivery", n)
		}
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: r.MsgID})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || recs[0].Details["type"] != "2" || recs[0].Details["result"][:6] != "error:" {
			t.Fatalf("receipt events = %+v, want one failed click receipt", recs)
		}
	})
}
