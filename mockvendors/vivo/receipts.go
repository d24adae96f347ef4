package vivo

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// ReceiptEntry is one value of the JSON object vivo posts to
// extra.callback, keyed by taskId: the caller's callback.param and the
// regIds the message reached, comma-separated.
type ReceiptEntry struct {
	Param   string `json:"param"`
	Targets string `json:"targets"`
}

type pendingReceipt struct {
	param   string
	tokens  []string
	devices map[string]bool
}

// batch is what one POST carries: the receipts by taskId.
type batch map[string]*pendingReceipt

// receipts queues arrival receipts and posts them every interval: per
// callback URL of an app, the receipts by taskId.
type receipts = mockvendors.ReceiptQueue[mockvendors.ReceiptKey, batch]

func newReceipts(s *Server) *receipts {
	return mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[mockvendors.ReceiptKey, batch]{
		Interval: s.opts.receiptInterval, Client: s.cfg.HTTPClient,
		Compare: mockvendors.ReceiptKey.Compare, Encode: s.encodeReceipts,
	})
}

// heardReceipt queues a receipt for a device's ack, if the message asked
// for receipts.
func (s *Server) heardReceipt(e mockvendors.DeviceEvent) {
	info, ok := s.state.receipts.Get(e.MsgID)
	if !ok || info.token != e.Token {
		return
	}
	s.receipts.Add(mockvendors.ReceiptKey{AppID: info.appID, URL: info.callback}, func(b batch) batch {
		if b == nil {
			b = batch{}
		}
		p := b[e.MsgID]
		if p == nil {
			p = &pendingReceipt{param: info.param, devices: map[string]bool{}}
			b[e.MsgID] = p
		}
		p.tokens = append(p.tokens, e.Token)
		p.devices[e.DeviceID] = true
		return b
	})
}

// encodeReceipts writes one batch as the JSON object vivo posts and
// records the outcome per task.
func (s *Server) encodeReceipts(k mockvendors.ReceiptKey, b batch) []mockvendors.ReceiptPost {
	body := make(map[string]ReceiptEntry, len(b))
	for id, p := range b {
		sort.Strings(p.tokens)
		body[id] = ReceiptEntry{Param: p.param, Targets: strings.Join(p.tokens, ",")}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil
	}
	record := func(outcome string) {
		ids := make([]string, 0, len(b))
		for id := range b {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			s.cfg.Record(trace.Event{Component: string(protocol.VendorVivo), Kind: trace.VendorReceipt, VendorMsgID: id,
				Device: mockvendors.SoleDevice(b[id].devices), Details: map[string]string{
					"callback": k.URL, "type": "arrived", "targets": body[id].Targets, "result": outcome}})
		}
	}
	return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "application/json;charset=UTF-8", Body: data, Sent: record}}
}
