package oppo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// EventArrive is the receipt event of a notification that reached the
// device. OPPO's receipts (到达回执) report arrivals only.
const EventArrive = "push_arrive"

// receiptTimeout bounds one receipt POST.
const receiptTimeout = 10 * time.Second

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

// batchKey groups receipts posted together: one callback URL of one app.
type batchKey struct{ appID, url string }

type batch struct {
	entries map[string]*pendingReceipt // by notice msgId
}

type pendingReceipt struct {
	r       Receipt
	tokens  []string
	devices map[string]bool
}

// receipts queues arrival receipts and posts them every interval.
type receipts struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending map[batchKey]*batch
	timer   *time.Timer
	wg      sync.WaitGroup
}

func newReceipts(s *Server) *receipts {
	ctx, cancel := context.WithCancel(context.Background())
	return &receipts{s: s, ctx: ctx, cancel: cancel, pending: map[batchKey]*batch{}}
}

// heard queues a receipt for a device's ack, if the message asked for
// receipts.
func (q *receipts) heard(e mockvendors.DeviceEvent) {
	st := q.s.state
	st.mu.Lock()
	info, ok := st.receipts[e.MsgID]
	st.mu.Unlock()
	if !ok || !info.tokens[e.Token] {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	k := batchKey{info.appID, info.callback}
	b := q.pending[k]
	if b == nil {
		b = &batch{entries: map[string]*pendingReceipt{}}
		q.pending[k] = b
	}
	p := b.entries[e.MsgID]
	if p == nil {
		p = &pendingReceipt{devices: map[string]bool{}, r: Receipt{MessageID: info.messageID, AppID: info.appID,
			TaskID: info.taskID, EventTime: time.Now().UnixMilli(), Param: info.param, EventType: EventArrive}}
		b.entries[e.MsgID] = p
	}
	p.tokens = append(p.tokens, e.Token)
	p.devices[e.DeviceID] = true
	if q.timer == nil {
		q.timer = time.AfterFunc(q.s.opts.receiptInterval, q.flush)
	}
}

// flush posts everything queued.
func (q *receipts) flush() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	todo := q.pending
	q.pending = map[batchKey]*batch{}
	q.timer = nil
	q.wg.Add(1)
	q.mu.Unlock()
	defer q.wg.Done()

	keys := make([]batchKey, 0, len(todo))
	for k := range todo {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].appID != keys[j].appID {
			return keys[i].appID < keys[j].appID
		}
		return keys[i].url < keys[j].url
	})
	for _, k := range keys {
		q.post(k, todo[k])
	}
}

// post sends one batch and records the outcome per notice.
func (q *receipts) post(k batchKey, b *batch) {
	ids := make([]string, 0, len(b.entries))
	for id := range b.entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	body := make([]Receipt, 0, len(ids))
	for _, id := range ids {
		p := b.entries[id]
		sort.Strings(p.tokens)
		p.r.RegistrationIDs = strings.Join(p.tokens, ",")
		body = append(body, p.r)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return
	}
	outcome := q.send(k.url, data)
	for _, id := range ids {
		p := b.entries[id]
		ev := trace.Event{Component: string(protocol.VendorOPPO), Kind: trace.VendorReceipt, VendorMsgID: id,
			Details: map[string]string{"callback": k.url, "type": EventArrive, "targets": p.r.RegistrationIDs, "result": outcome}}
		if len(p.devices) == 1 {
			for d := range p.devices {
				ev.Device = d
			}
		}
		q.s.cfg.Record(ev)
	}
}

// send POSTs the JSON and describes the outcome ("200", or the error).
func (q *receipts) send(u string, body []byte) string {
	ctx, cancel := context.WithTimeout(q.ctx, receiptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "error: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	resp, err := q.s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "error: " + err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

// close drops queued receipts, cancels posts in flight and waits for them.
func (q *receipts) close() {
	q.mu.Lock()
	q.closed = true
	if q.timer != nil {
		q.timer.Stop()
		q.timer = nil
	}
	q.mu.Unlock()
	q.cancel()
	q.wg.Wait()
}
