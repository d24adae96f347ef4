package oppo

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// EventArrive is the receipt event of a notification that reached the
// device. OPPO's receipts (到达回执) report arrivals only.
const EventArrive = "push_arrive"

// Receipt is one element of the JSON array OPPO posts to call_back_url.
type Receipt struct {
	MessageID string `json:"messageId"`
	AppID     string `json:"appId"`
	TaskID    string `json:"taskId,omitempty"`
	// RegistrationIDs are the regIds that received it, comma-separated.
	RegistrationIDs string `json:"registrationIds"`
	// EventTime is when the first of them received it (ms since the epoch).
	EventTime int64  `json:"eventTime"`
	Param     string `json:"param,omitempty"`
	EventType string `json:"eventType"`
}

type pendingReceipt struct {
	r       Receipt
	tokens  []string
	devices map[string]bool
}

// batch is what one POST carries: the receipts by notice msgId.
type batch map[string]*pendingReceipt

// receipts queues arrival receipts and posts them every interval: per
// callback URL of an app, the receipts by notice msgId.
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
	if !ok || !info.tokens[e.Token] {
		return
	}
	s.receipts.Add(mockvendors.ReceiptKey{AppID: info.appID, URL: info.callback}, func(b batch) batch {
		if b == nil {
			b = batch{}
		}
		p := b[e.MsgID]
		if p == nil {
			p = &pendingReceipt{devices: map[string]bool{}, r: Receipt{MessageID: info.messageID, AppID: info.appID,
				TaskID: info.taskID, EventTime: time.Now().UnixMilli(), Param: info.param, EventType: EventArrive}}
			b[e.MsgID] = p
		}
		p.tokens = append(p.tokens, e.Token)
		p.devices[e.DeviceID] = true
		return b
	})
}

// encodeReceipts writes one batch as the JSON array OPPO posts and
// records the outcome per notice.
func (s *Server) encodeReceipts(k mockvendors.ReceiptKey, b batch) []mockvendors.ReceiptPost {
	ids := make([]string, 0, len(b))
	for id := range b {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	body := make([]Receipt, 0, len(ids))
	for _, id := range ids {
		p := b[id]
		sort.Strings(p.tokens)
		p.r.RegistrationIDs = strings.Join(p.tokens, ",")
		body = append(body, p.r)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil
	}
	record := func(outcome string) {
		for _, id := range ids {
			p := b[id]
			s.cfg.Record(trace.Event{Component: string(protocol.VendorOPPO), Kind: trace.VendorReceipt, VendorMsgID: id,
				Device: mockvendors.SoleDevice(p.devices), Details: map[string]string{
					"callback": k.URL, "type": EventArrive, "targets": p.r.RegistrationIDs, "result": outcome}})
		}
	}
	return []mockvendors.ReceiptPost{{URL: k.URL, ContentType: "application/json;charset=UTF-8", Body: data, Sent: record}}
}
