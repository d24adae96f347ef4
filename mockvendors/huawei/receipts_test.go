package huawei_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestReceiptsPostedToConfiguredCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs, app.AccessToken = []string{callback}, cbKey
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}})
		dev, tok := e.phone("alice")
		_, silent := e.phone("bob")
		req := note("Bob", "hi", tok, silent)
		req.Message.Android.BiTag = "m1"
		r := e.send(req)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.RequestID, Token: tok}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if n := len(e.receipts.All()); n != 0 {
			t.Fatalf("%d receipts before the 1 s batch", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := e.receipts.All()
		if len(got) != 1 || len(got[0].body.Statuses) != 1 {
			t.Fatalf("receipts = %+v, want one call with one status", got)
		}
		s := got[0].body.Statuses[0]
		if s.BiTag != "m1" || s.AppID != appID || s.Token != tok || s.Status != huawei.ReceiptDelivered || s.RequestID != r.RequestID ||
			s.Timestamp != time.Now().Add(-time.Second).UnixMilli() {
			t.Errorf("status = %+v", s)
		}
		var ts, nonce, value string
		if _, err := fmt.Sscanf(strings.ReplaceAll(got[0].header, ";", ""), "timestamp=%s nonce=%s value=%s", &ts, &nonce, &value); err != nil {
			t.Fatalf("%s = %q: %v", huawei.CallbackHeader, got[0].header, err)
		}
		if value != huawei.CallbackSignature(ts, nonce, appID, cbKey) {
			t.Errorf("signature %q does not verify", value)
		}
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || recs[0].Details["result"] != "200" || recs[0].Device != "alice" || recs[0].VendorMsgID != r.RequestID {
			t.Fatalf("receipt events = %+v", recs)
		}
		for _, ev := range e.Trace.Events() {
			for _, v := range ev.Details {
				if strings.Contains(v, cbKey) || strings.Contains(v, secret) {
					t.Errorf("event leaks a secret: %+v", ev)
				}
			}
		}
	})
}

func TestReceiptsBatchAtMost100(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs = []string{callback}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}}, huawei.WithReceiptInterval(time.Hour))
		const n = huawei.MaxReceiptStatuses + 1
		for i := range n {
			dev, tok := e.phone(fmt.Sprintf("phone-%03d", i))
			r := e.send(note("Bob", "hi", tok))
			time.Sleep(2 * time.Second)
			synctest.Wait()
			_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.RequestID, Token: tok})
			synctest.Wait()
			if len(e.receipts.All()) > 0 {
				t.Fatalf("receipts posted before the batch interval")
			}
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		got := e.receipts.All()
		if len(got) != 2 || len(got[0].body.Statuses) != huawei.MaxReceiptStatuses || len(got[1].body.Statuses) != 1 {
			t.Fatalf("receipt calls = %d, want 100 + 1 statuses", len(got))
		}
		if got[0].header != "" {
			t.Errorf("unsigned configuration sent %s %q", huawei.CallbackHeader, got[0].header)
		}
	})
}

func TestReceiptsOnlyWhereConfigured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		r := e.send(note("Bob", "hi", tok))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.RequestID, Token: tok})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(e.Events(trace.VendorReceipt)); n != 0 {
			t.Fatalf("%d receipts for an app without a receipt configuration", n)
		}

		req := note("Bob", "again", tok)
		req.Message.Android.ReceiptID = "http://nobody.sim:80/cb"
		r = e.send(req)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.RequestID, Token: tok})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || !strings.HasPrefix(recs[0].Details["result"], "error:") {
			t.Fatalf("receipt events = %+v, want one failed post to receipt_id", recs)
		}
	})
}
