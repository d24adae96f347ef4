package trace_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/trace"
)

func TestEventsAreInCanonicalOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := trace.New(time.Now())
		tr.Add(trace.Event{Component: "device", Kind: trace.DeviceNotify, VendorMsgID: "v1", Device: "b"})
		tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMSend, Msg: "k2"})
		tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMSend, Msg: "k1"})
		tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMRoute, Msg: "k1", Device: "a"})
		tr.Link("v1", "k1")
		time.Sleep(time.Second)
		tr.Add(trace.Event{Component: "meizu", Kind: trace.VendorDeliver, VendorMsgID: "v1", Device: "a"})

		var got []string
		for _, e := range tr.Events() {
			got = append(got, e.Msg+"/"+string(e.Kind)+"/"+e.Device)
		}
		want := []string{"k1/im.send/", "k1/im.route/a", "k1/device.notify/b", "k2/im.send/", "k1/vendor.deliver/a"}
		if len(got) != len(want) {
			t.Fatalf("Events = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("Events = %v, want %v", got, want)
			}
		}
		if k := tr.MsgKeyOf("v1"); k != "k1" {
			t.Errorf("MsgKeyOf(v1) = %q", k)
		}
		if n := len(tr.ForMessage("k1")); n != 4 {
			t.Errorf("ForMessage(k1) has %d events, want 4", n)
		}
	})
}

func TestWriteJSONHasElapsedTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := trace.New(time.Now())
		changed := tr.Changed()
		time.Sleep(1500 * time.Millisecond)
		tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMSend, Msg: "k", Details: map[string]string{"from": "bob"}})
		select {
		case <-changed:
		default:
			t.Fatal("Changed was not closed by Add")
		}
		var buf bytes.Buffer
		if err := tr.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &recs); err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0]["t_ms"].(float64) != 1500 || recs[0]["kind"] != "im.send" {
			t.Errorf("WriteJSON = %s", buf.String())
		}
	})
}

// TestIndexesAgreeWithFilter: ForMessage and ForDevice give what filtering
// every event gives, links made after the events included.
func TestIndexesAgreeWithFilter(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	for i := range 60 {
		at := time.Unix(int64(i%7), 0)
		msg, dev, vid := fmt.Sprintf("k%d", i%5), fmt.Sprintf("d%d", i%3), fmt.Sprintf("v%d", i%4)
		switch i % 3 {
		case 0:
			tr.Add(trace.Event{At: at, Kind: trace.IMRoute, Msg: msg, Device: dev})
		case 1:
			tr.Add(trace.Event{At: at, Kind: trace.VendorDeliver, VendorMsgID: vid, Device: dev})
		default:
			tr.Add(trace.Event{At: at, Kind: trace.DeviceAction, Device: dev})
		}
	}
	tr.Link("v1", "k1")
	tr.Link("v2", "k3")
	for _, k := range []string{"k0", "k1", "k3", "k9"} {
		want := tr.Filter(func(e trace.Event) bool { return e.Msg == k })
		if got := tr.ForMessage(k); !reflect.DeepEqual(got, want) {
			t.Errorf("ForMessage(%s) = %d events, want %d", k, len(got), len(want))
		}
	}
	for _, d := range []string{"d0", "d2", "nobody"} {
		want := tr.Filter(func(e trace.Event) bool { return e.Device == d })
		if got := tr.ForDevice(d); !reflect.DeepEqual(got, want) {
			t.Errorf("ForDevice(%s) = %d events, want %d", d, len(got), len(want))
		}
	}
}
