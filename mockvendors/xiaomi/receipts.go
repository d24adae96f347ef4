package xiaomi

import (
	"cmp"
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Receipt types: the bits of extra.callback.type (default 3) and the
// "type" of a posted receipt. 16 and 128 are [unverified] in the
// reference; 32 (push disabled) and 64 (filtered) are never posted by the
// mock, which cannot tell.
const (
	ReceiptDelivered      = 1
	ReceiptClicked        = 2
	ReceiptInvalidTarget  = 16
	ReceiptPushDisabled   = 32
	ReceiptFiltered       = 64
	ReceiptOverDailyLimit = 128
)

// ReceiptField is the form field of a receipt POST that holds the JSON.
const ReceiptField = "data"

// ReceiptEntry is one value of a receipt's data JSON, keyed by message ID:
// the callback.param, the receipt type, and the targets (regIds, or the
// aliases or accounts they were addressed by) joined by commas.
type ReceiptEntry struct {
	Param   string `json:"param"`
	Type    int    `json:"type"`
	Targets string `json:"targets"`
}

// batchKey groups receipts posted together: one type to one callback URL
// of one app, so that each POST's data has one entry per message.
type batchKey struct {
	mockvendors.ReceiptKey
	typ int
}

// compare orders keys by app ID, URL, then type.
func (k batchKey) compare(o batchKey) int {
	return cmp.Or(k.ReceiptKey.Compare(o.ReceiptKey), cmp.Compare(k.typ, o.typ))
}

type entry struct {
	param   string
	targets []string
	devices map[string]bool
}

// batch is what one POST carries: the receipts by message ID.
type batch map[string]*entry

// receipts queues receipts and posts them every interval, as MiPush does
// about once a second: per key, the entries by message ID.
type receipts = mockvendors.ReceiptQueue[batchKey, batch]

func newReceipts(s *Server) *receipts {
	return mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[batchKey, batch]{
		Interval: s.opts.receiptInterval, Client: s.cfg.HTTPClient,
		Compare: batchKey.compare, Encode: s.encodeReceipts,
	})
}

// heardReceipt queues a receipt for a device's ack or click, if the
// message asked for that type.
func (s *Server) heardReceipt(e mockvendors.DeviceEvent, typ int) {
	info, ok := s.state.msgs.Get(e.MsgID)
	target, mine := info.targets[e.Token]
	if ok && mine {
		s.queueReceipt(info, e.MsgID, typ, target, e.DeviceID)
	}
}

// queueReceipt adds target to the next receipt of type typ for message
// msgID, if the message asked for that type.
func (s *Server) queueReceipt(info msgInfo, msgID string, typ int, target, device string) {
	if info.typ&typ == 0 || target == "" {
		return
	}
	k := batchKey{mockvendors.ReceiptKey{AppID: info.appID, URL: info.callback}, typ}
	s.receipts.Add(k, func(b batch) batch {
		if b == nil {
			b = batch{}
		}
		ent := b[msgID]
		if ent == nil {
			ent = &entry{param: info.param, devices: map[string]bool{}}
			b[msgID] = ent
		}
		if !slices.Contains(ent.targets, target) {
			ent.targets = append(ent.targets, target)
		}
		if device != "" {
			ent.devices[device] = true
		}
		return b
	})
}

// encodeReceipts writes one batch as the form MiPush posts (the data
// JSON) and records the outcome per message.
func (s *Server) encodeReceipts(k batchKey, b batch) []mockvendors.ReceiptPost {
	data := make(map[string]ReceiptEntry, len(b))
	ids := make([]string, 0, len(b))
	for id, e := range b {
		sort.Strings(e.targets)
		data[id] = ReceiptEntry{Param: e.param, Type: k.typ, Targets: strings.Join(e.targets, ",")}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	body, err := json.Marshal(data)
	if err != nil {
		return nil
	}
	record := func(outcome string) {
		for _, id := range ids {
			s.cfg.Record(trace.Event{Component: string(protocol.VendorXiaomi), Kind: trace.VendorReceipt, VendorMsgID: id,
				Device: mockvendors.SoleDevice(b[id].devices), Details: map[string]string{
					"callback": k.URL, "type": strconv.Itoa(k.typ), "targets": data[id].Targets, "result": outcome}})
		}
	}
	form := url.Values{ReceiptField: {string(body)}}
	return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "application/x-www-form-urlencoded;charset=UTF-8",
		Body: []byte(form.Encode()), Sent: record}}
}
