package mockvendors

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ReceiptTimeout bounds one receipt POST, answer included.
const ReceiptTimeout = 10 * time.Second

// maxReceiptAnswer bounds what is read of a receipt POST's answer (the
// rest is dropped with the connection).
const maxReceiptAnswer = 64 << 10

// ReceiptKey groups the receipts posted together: one callback URL of one
// app.
type ReceiptKey struct {
	AppID string
	URL   string
}

// Compare orders keys by app ID, then URL: the order a flush posts in.
func (k ReceiptKey) Compare(o ReceiptKey) int {
	return cmp.Or(cmp.Compare(k.AppID, o.AppID), cmp.Compare(k.URL, o.URL))
}

// ReceiptPost is one HTTP POST that carries receipts to a callback URL.
type ReceiptPost struct {
	// URL is the callback address.
	URL string
	// ContentType is the body's Content-Type.
	ContentType string
	// Body is the encoded receipts.
	Body []byte
	// Sign, when set, adds headers (a signature) to the request just
	// before it is sent.
	Sign func(*http.Request)
	// Secret, when set, is written "***" in the outcome of a failed call.
	Secret string
	// Sent, when set, hears the outcome: the HTTP status code ("200"), or
	// "error: " and why the call failed.
	Sent func(outcome string)
}

// ReceiptQueueConfig configures a ReceiptQueue of batches B by key K.
type ReceiptQueueConfig[K comparable, B any] struct {
	// Interval is how long receipts wait after the first of a batch.
	Interval time.Duration
	// Client makes the POSTs (Config.HTTPClient).
	Client *http.Client
	// Compare orders one flush's keys; their batches go out in that order.
	Compare func(a, b K) int
	// Encode turns the batch queued for k into the POSTs that carry it, in
	// order; none when it cannot be encoded.
	Encode func(k K, b B) []ReceiptPost
}

// ReceiptQueue collects a vendor's receipts into batches by key (such as
// a ReceiptKey) and posts every batch an interval after the first receipt
// queued since the last flush, as the vendors do about once a second.
// Each POST is bounded by ReceiptTimeout; Close drops what is queued and
// cancels the POSTs in flight.
type ReceiptQueue[K comparable, B any] struct {
	cfg    ReceiptQueueConfig[K, B]
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending map[K]B
	timer   *time.Timer
	wg      sync.WaitGroup
}

// NewReceiptQueue returns an empty queue. Its POSTs never follow a
// redirect: a 3xx answer is the outcome, so a receipt address cannot
// forward the mock elsewhere.
func NewReceiptQueue[K comparable, B any](cfg ReceiptQueueConfig[K, B]) *ReceiptQueue[K, B] {
	hc := http.Client{Timeout: ReceiptTimeout}
	if cfg.Client != nil {
		hc = *cfg.Client
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cfg.Client = &hc
	ctx, cancel := context.WithCancel(context.Background())
	return &ReceiptQueue[K, B]{cfg: cfg, ctx: ctx, cancel: cancel, pending: map[K]B{}}
}

// Add updates the batch queued for k: add gets it (the zero B when none is
// queued) and returns it updated, under the queue's lock. The first Add
// after a flush starts the interval. After Close, Add does nothing.
func (q *ReceiptQueue[K, B]) Add(k K, add func(B) B) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.pending[k] = add(q.pending[k])
	if q.timer == nil {
		q.timer = time.AfterFunc(q.cfg.Interval, q.flush)
	}
}

// flush posts everything queued.
func (q *ReceiptQueue[K, B]) flush() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	todo := q.pending
	q.pending = map[K]B{}
	q.timer = nil
	q.wg.Add(1)
	q.mu.Unlock()
	defer q.wg.Done()

	for _, k := range slices.SortedFunc(maps.Keys(todo), q.cfg.Compare) {
		for _, p := range q.cfg.Encode(k, todo[k]) {
			outcome := q.send(p)
			if p.Sent != nil {
				p.Sent(outcome)
			}
		}
	}
}

// send POSTs p and describes the outcome ("200", or the error).
func (q *ReceiptQueue[K, B]) send(p ReceiptPost) string {
	ctx, cancel := context.WithTimeout(q.ctx, ReceiptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, bytes.NewReader(p.Body))
	if err != nil {
		return "error: " + err.Error()
	}
	req.Header.Set("Content-Type", p.ContentType)
	if p.Sign != nil {
		p.Sign(req)
	}
	resp, err := q.cfg.Client.Do(req)
	if err != nil {
		msg := err.Error()
		if p.Secret != "" {
			msg = strings.ReplaceAll(msg, p.Secret, "***")
		}
		return "error: " + msg
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxReceiptAnswer))
	resp.Body.Close()
	return strconv.Itoa(resp.StatusCode)
}

// Close drops queued receipts, cancels POSTs in flight and waits for them.
func (q *ReceiptQueue[K, B]) Close() {
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

// SoleDevice returns the one device in devices, or "" when there are none
// or several: the device a receipt's trace event names.
func SoleDevice(devices map[string]bool) string {
	if len(devices) != 1 {
		return ""
	}
	for d := range devices {
		return d
	}
	return ""
}
