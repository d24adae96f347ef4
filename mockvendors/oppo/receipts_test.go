package oppo_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestArrivalReceipts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		alice, a := e.phone("alice")
		_, silent := e.phone("bob")
		n := note("Bob", "hi")
		n.CallBackURL, n.CallBackParameter = callback, "p1"
		id := messageID(t, e.unicast(to(a, n)))
		e.unicast(to(silent, n))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if err := alice.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: id, Token: a}); err != nil {
			t.Fatal(err)
		}
		if err := alice.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: id, Token: a}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if n := len(e.receipts.All()); n != 0 {
			t.Fatalf("%d receipt posts before the 1 s batch", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := e.receipts.All()
		if len(got) != 1 || len(got[0]) != 1 {
			t.Fatalf("receipt posts = %+v, want one post with one arrival (clicks are not reported)", got)
		}
		r := got[0][0]
		want := oppo.Receipt{MessageID: id, AppID: appID, RegistrationIDs: a, EventTime: r.EventTime, Param: "p1", EventType: oppo.EventArrive}
		if r != want || r.EventTime == 0 {
			t.Errorf("receipt = %+v, want %+v", r, want)
		}
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || recs[0].Details["result"] != "200" || recs[0].Device != "alice" || recs[0].VendorMsgID != id {
			t.Fatalf("receipt events = %+v", recs)
		}
	})
}

func TestReceiptFailureIsTraced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		n := note("Bob", "hi")
		n.CallBackURL = "http://nobody.sim:80/cb"
		id := messageID(t, e.unicast(to(tok, n)))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: id, Token: tok})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || !strings.HasPrefix(recs[0].Details["result"], "error:") {
			t.Fatalf("receipt events = %+v, want one failed post", recs)
		}
	})
}
