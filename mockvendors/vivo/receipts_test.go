package vivo_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestArrivalReceipts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		withReceipt := func(id string, test bool) vivo.SendMessage {
			m := msg(tok, id, "hi "+id)
			m.Extra = &vivo.Extra{Callback: callback, CallbackParam: "p-" + id}
			if test {
				m.PushMode = vivo.Int(1)
			}
			return m
		}
		formal := e.send(withReceipt("formal", false))
		test := e.send(withReceipt("test", true))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		for _, id := range []string{formal.TaskID, test.TaskID} {
			if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: id, Token: tok}); err != nil {
				t.Fatal(err)
			}
		}
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: formal.TaskID, Token: tok})
		synctest.Wait()
		if n := len(e.receipts.All()); n != 0 {
			t.Fatalf("%d receipt posts before the 1 s batch", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := e.receipts.All()
		want := vivo.ReceiptEntry{Param: "p-formal", Targets: tok}
		if len(got) != 1 || len(got[0]) != 1 || got[0][formal.TaskID] != want {
			t.Fatalf("receipts = %+v, want one post {%s: %+v} (test messages and clicks get none)", got, formal.TaskID, want)
		}
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || recs[0].Details["result"] != "200" || recs[0].Device != "alice" || recs[0].VendorMsgID != formal.TaskID {
			t.Fatalf("receipt events = %+v", recs)
		}
	})
}

func TestReceiptFailureIsTraced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		m := msg(tok, "r", "hi")
		m.Extra = &vivo.Extra{Callback: "http://nobody.sim:80/cb"}
		r := e.send(m)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.TaskID, Token: tok})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || !strings.HasPrefix(recs[0].Details["result"], "error:") {
			t.Fatalf("receipt events = %+v, want one failed post", recs)
		}
	})
}
