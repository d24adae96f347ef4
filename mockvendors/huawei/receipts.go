package huawei

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/trace"
)

// MaxReceiptStatuses is how many statuses one receipt call carries.
const MaxReceiptStatuses = 100

// ReceiptDelivered is the status of a message the device received.
const ReceiptDelivered = 0

// CallbackHeader is the header that signs a receipt when the receipt
// configuration has a key.
const CallbackHeader = "X-HUAWEI-CALLBACK-ID"

// receiptTimeout bounds one receipt POST.
const receiptTimeout = 10 * time.Second

// ReceiptStatus is one message's outcome on one device.
type ReceiptStatus struct {
	BiTag     string `json:"biTag,omitempty"`
	AppID     string `json:"appid"`
	Token     string `json:"token"`
	Status    int    `json:"status"`
	Timestamp int64  `json:"timestamp"`
	RequestID string `json:"requestId"`
}

// Receipt is the body of a receipt call.
type Receipt struct {
	Statuses []ReceiptStatus `json:"statuses"`
}

// CallbackSignature is the value= part of X-HUAWEI-CALLBACK-ID: base64 of
// HMAC-SHA256 over timestamp+nonce+username with the configuration's key.
// pushsim uses the App ID as the user name and App.AccessToken as the key.
func CallbackSignature(timestamp, nonce, username, key string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(timestamp + nonce + username))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type batchKey struct{ appID, url string }

type queued struct {
	status ReceiptStatus
	device string
}

// receipts queues delivery receipts and posts them every interval, at most
// MaxReceiptStatuses per call.
type receipts struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending map[batchKey][]queued
	posts   int
	timer   *time.Timer
	wg      sync.WaitGroup
}

func newReceipts(s *Server) *receipts {
	ctx, cancel := context.WithCancel(context.Background())
	return &receipts{s: s, ctx: ctx, cancel: cancel, pending: map[batchKey][]queued{}}
}

// heard queues a receipt for a device's ack, if the message has a receipt
// address.
func (q *receipts) heard(e mockvendors.DeviceEvent) {
	st := q.s.state
	st.mu.Lock()
	info, ok := st.msgs[e.MsgID]
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
	q.pending[k] = append(q.pending[k], queued{device: e.DeviceID, status: ReceiptStatus{
		BiTag: info.biTag, AppID: info.appID, Token: e.Token, Status: ReceiptDelivered,
		Timestamp: time.Now().UnixMilli(), RequestID: e.MsgID,
	}})
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
	q.pending = map[batchKey][]queued{}
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
		all := todo[k]
		for len(all) > 0 {
			n := min(len(all), MaxReceiptStatuses)
			q.post(k, all[:n])
			all = all[n:]
		}
	}
}

// post sends one receipt call and records the outcome per status.
func (q *receipts) post(k batchKey, batch []queued) {
	r := Receipt{Statuses: make([]ReceiptStatus, len(batch))}
	for i, b := range batch {
		r.Statuses[i] = b.status
	}
	body, err := json.Marshal(r)
	if err != nil {
		return
	}
	q.mu.Lock()
	q.posts++
	n := q.posts
	q.mu.Unlock()
	app, _ := q.s.apps.Get(k.appID)
	outcome := q.send(k.url, body, app, n)
	for _, b := range batch {
		q.s.cfg.Record(trace.Event{Component: "huawei", Kind: trace.VendorReceipt, VendorMsgID: b.status.RequestID, Device: b.device,
			Details: map[string]string{"callback": k.url, "status": strconv.Itoa(b.status.Status), "token": b.status.Token, "result": outcome}})
	}
}

// send POSTs the receipt and describes the outcome ("200", or the error).
func (q *receipts) send(u string, body []byte, app mockvendors.App, n int) string {
	ctx, cancel := context.WithTimeout(q.ctx, receiptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "error: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	if app.AccessToken != "" {
		ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
		nonce := q.s.cfg.Seed.Hex(16, "huawei", "receipt-nonce", app.ID, u, strconv.Itoa(n))
		req.Header.Set(CallbackHeader, fmt.Sprintf("timestamp=%s; nonce=%s; value=%s", ts, nonce, CallbackSignature(ts, nonce, app.ID, app.AccessToken)))
	}
	resp, err := q.s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "error: " + redact(err.Error(), app.AccessToken)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return strconv.Itoa(resp.StatusCode)
}

func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "***")
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
