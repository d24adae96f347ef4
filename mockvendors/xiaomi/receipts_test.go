package xiaomi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func receiptData(t *testing.T, posts []map[string][]string) map[int]map[string]xiaomi.ReceiptEntry {
	t.Helper()
	out := map[int]map[string]xiaomi.ReceiptEntry{}
	for _, p := range posts {
		var data map[string]xiaomi.ReceiptEntry
		if err := json.Unmarshal([]byte(p[xiaomi.ReceiptField][0]), &data); err != nil {
			t.Fatalf("data %q: %v", p[xiaomi.ReceiptField], err)
		}
		for id, ent := range data {
			if out[ent.Type] == nil {
				out[ent.Type] = map[string]xiaomi.ReceiptEntry{}
			}
			if _, dup := out[ent.Type][id]; dup {
				t.Fatalf("two type-%d receipts for %s", ent.Type, id)
			}
			out[ent.Type][id] = ent
		}
		if len(data) == 0 {
			t.Fatal("an empty receipt was posted")
		}
	}
	return out
}

func TestReceiptsPostedToCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := theApp
		app.CallbackURLs = []string{callback}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}})
		dev, tok := e.phone("alice")
		_, silent := e.phone("bob")
		if err := e.srv.SetAlias(tok, "alice"); err != nil {
			t.Fatal(err)
		}
		msg := note("Bob", "hi")
		msg.Extra[xiaomi.ExtraCallback] = callback
		msg.Extra[xiaomi.ExtraCallbackParam] = "p1"
		msg.Extra[xiaomi.ExtraCallbackType] = "19" // delivered, clicked, invalid target
		r, err := e.client.SendToAliases(context.Background(), secret, []string{"alice", "nobody"}, msg)
		if err != nil || !r.OK() {
			t.Fatalf("push = %+v, %v", r, err)
		}
		id := r.Send().ID
		byRegID := e.push(msg, tok, silent)
		time.Sleep(time.Second)
		synctest.Wait()
		for _, m := range []string{id, byRegID.Send().ID} {
			if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: m, Token: tok}); err != nil {
				t.Fatal(err)
			}
		}
		if err := dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: id}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		before := len(e.receipts.All())
		time.Sleep(time.Second)
		synctest.Wait()
		got := e.receipts.All()
		if before != 1 || len(got) != 3 {
			t.Fatalf("posts = %d then %d, want the invalid-target receipt within a second, then delivered and clicked", before, len(got))
		}
		var posts []map[string][]string
		for _, g := range got {
			posts = append(posts, g)
		}
		data := receiptData(t, posts)
		want := map[int]map[string]xiaomi.ReceiptEntry{
			xiaomi.ReceiptInvalidTarget: {id: {Param: "p1", Type: 16, Targets: "nobody"}},
			xiaomi.ReceiptDelivered: {id: {Param: "p1", Type: 1, Targets: "alice"},
				byRegID.Send().ID: {Param: "p1", Type: 1, Targets: tok}},
			xiaomi.ReceiptClicked: {id: {Param: "p1", Type: 2, Targets: "alice"}},
		}
		for typ, entries := range want {
			for mid, w := range entries {
				if g := data[typ][mid]; g != w {
					t.Errorf("type %d receipt for %s = %+v, want %+v", typ, mid, g, w)
				}
			}
			if len(data[typ]) != len(entries) {
				t.Errorf("type %d receipts = %+v, want %+v", typ, data[typ], entries)
			}
		}
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 4 {
			t.Fatalf("receipt events = %+v", recs)
		}
		for _, ev := range recs {
			if ev.Details["result"] != "200" || ev.Component != "xiaomi" {
				t.Errorf("receipt event = %+v", ev)
			}
			if ev.Details["type"] != "16" && ev.Device != "alice" {
				t.Errorf("receipt event without its device: %+v", ev)
			}
		}
	})
}

func TestReceiptTypeMaskAndFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		msg := note("Bob", "hi")
		msg.Extra[xiaomi.ExtraCallback] = "http://nobody.sim:80/cb"
		msg.Extra[xiaomi.ExtraCallbackType] = "2"
		r := e.push(msg, tok, unknownRegID)
		time.Sleep(time.Second)
		synctest.Wait()
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: r.Send().ID, Token: tok})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(e.Events(trace.VendorReceipt)); n != 0 {
			t.Fatalf("type 2 (clicks only) posted %d receipts for a delivery or an invalid target", n)
		}
		_ = dev.Send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: r.Send().ID})
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		recs := e.Events(trace.VendorReceipt)
		if len(recs) != 1 || recs[0].Details["type"] != "2" || !strings.HasPrefix(recs[0].Details["result"], "error:") {
			t.Fatalf("receipt events = %+v, want one failed click receipt", recs)
		}
	})
}
