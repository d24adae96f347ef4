package meizu

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/trace"
)

// Receipt types (extra.callback.type bits).
const (
	receiptDelivered = 1
	receiptClicked   = 2
)

// ReceiptEntry is one value of a receipt's cb JSON, keyed "<msgId>-<type>".
type ReceiptEntry struct {
	Param   string   `json:"param"`
	Type    int      `json:"type"`
	Targets []string `json:"targets"`
}

// batch is what one POST to one callback URL of one app carries.
type batch struct {
	entries map[string]*ReceiptEntry
	devices map[string]map[string]bool // entry key → device IDs
}

// receipts queues delivery and click receipts and posts them every
// interval, as Meizu does roughly every second.
type receipts = mockvendors.ReceiptQueue[mockvendors.ReceiptKey, *batch]

func newReceipts(s *Server) *receipts {
	return mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[mockvendors.ReceiptKey, *batch]{
		Interval: s.opts.receiptInterval, Client: s.cfg.HTTPClient,
		Compare: mockvendors.ReceiptKey.Compare, Encode: s.encodeReceipts,
	})
}

// heardReceipt queues a receipt for a device's ack or click, if the
// message asked for that type.
func (s *Server) heardReceipt(e mockvendors.DeviceEvent, typ int) {
	info, ok := s.state.msgs.Get(e.MsgID)
	target, mine := info.targets[e.Token]
	if !ok || !mine || info.typ&typ == 0 {
		return
	}
	s.receipts.Add(mockvendors.ReceiptKey{AppID: info.appID, URL: info.callback}, func(b *batch) *batch {
		if b == nil {
			b = &batch{entries: map[string]*ReceiptEntry{}, devices: map[string]map[string]bool{}}
		}
		key := e.MsgID + "-" + strconv.Itoa(typ)
		ent := b.entries[key]
		if ent == nil {
			ent = &ReceiptEntry{Param: info.param, Type: typ}
			b.entries[key] = ent
			b.devices[key] = map[string]bool{}
		}
		if !slices.Contains(ent.Targets, target) {
			ent.Targets = append(ent.Targets, target)
		}
		b.devices[key][e.DeviceID] = true
		return b
	})
}

// encodeReceipts writes one batch as the form Meizu posts (access_token
// and the cb JSON) and records the outcome per entry.
func (s *Server) encodeReceipts(k mockvendors.ReceiptKey, b *batch) []mockvendors.ReceiptPost {
	for _, e := range b.entries {
		sort.Strings(e.Targets)
	}
	cb, err := json.Marshal(b.entries)
	if err != nil {
		return nil
	}
	app, _ := s.apps.Get(k.AppID)
	form := url.Values{"access_token": {app.AccessToken}, "cb": {string(cb)}}
	record := func(outcome string) {
		keys := make([]string, 0, len(b.entries))
		for key := range b.entries {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			e := b.entries[key]
			msgID := key[:strings.LastIndexByte(key, '-')]
			s.cfg.Record(trace.Event{Component: "meizu", Kind: trace.VendorReceipt, VendorMsgID: msgID,
				Device: mockvendors.SoleDevice(b.devices[key]), Details: map[string]string{
					"callback": k.URL, "type": strconv.Itoa(e.Type), "targets": strings.Join(e.Targets, ","), "result": outcome}})
		}
	}
	return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "application/x-www-form-urlencoded;charset=UTF-8",
		Body: []byte(form.Encode()), Secret: app.AccessToken, Sent: record}}
}
