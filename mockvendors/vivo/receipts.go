package vivo

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

// receiptTimeout bounds one receipt POST.
const receiptTimeout = 10 * time.Second

// ReceiptEntry is one value of the JSON object vivo posts to
// extra.callback, keyed by taskId: the caller's callback.param and the
// regIds the message reached, comma-separated.
type ReceiptEntry struct {
	Param   string `json:"param"`
	Targets string `json:"targets"`
}

// batchKey groups receipts posted together: one callback URL of one app.
type batchKey struct{ appID, url string }

type pendingReceipt struct {
	param   string
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
	pending map[batchKey]map[string]*pendingReceipt // by taskId
	timer   *time.Timer
	wg      sync.WaitGroup
}

func newReceipts(s *Server) *receipts {
	ctx, cancel := context.WithCancel(context.Background())
	return &receipts{s: s, ctx: ctx, cancel: cancel, pending: map[batchKey]map[string]*pendingReceipt{}}
}

// heard queues a receipt for a device's ack, if the message asked for
// receipts.
func (q *receipts) heard(e mockvendors.DeviceEvent) {
	st := q.s.state
	st.mu.Lock()
	info, ok := st.receipts[e.MsgID]
	st.mu.Unlock()
	if !ok || info.token != e.Token {
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
		b = map[string]*pendingReceipt{}
		q.pending[k] = b
	}
	p := b[e.MsgID]
	if p == nil {
		p = &pendingReceipt{param: info.param, devices: map[string]bool{}}
		b[e.MsgID] = p
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
	q.pending = map[batchKey]map[string]*pendingReceipt{}
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

// post sends one batch and records the outcome per task.
func (q *receipts) post(k batchKey, b map[string]*pendingReceipt) {
	body := make(map[string]ReceiptEntry, len(b))
	for id, p := range b {
		sort.Strings(p.tokens)
		body[id] = ReceiptEntry{Param: p.param, Targets: strings.Join(p.tokens, ",")}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return
	}
	outcome := q.send(k.url, data)
	ids := make([]string, 0, len(b))
	for id := range b {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ev := trace.Event{Component: string(protocol.VendorVivo), Kind: trace.VendorReceipt, VendorMsgID: id,
			Details: map[string]string{"callback": k.url, "type": "arrived", "targets": body[id].Targets, "result": outcome}}
		if devs := b[id].devices; len(devs) == 1 {
			for d := range devs {
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
