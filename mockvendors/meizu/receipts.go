package meizu

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/trace"
)

// Receipt types (extra.callback.type bits).
const (
	receiptDelivered = 1
	receiptClicked   = 2
)

// receiptTimeout bounds one receipt POST.
const receiptTimeout = 10 * time.Second

// ReceiptEntry is one value of a receipt's cb JSON, keyed "<msgId>-<type>".
type ReceiptEntry struct {
	Param   string   `json:"param"`
	Type    int      `json:"type"`
	Targets []string `json:"targets"`
}

// batchKey groups receipts posted together: one callback URL of one app.
type batchKey struct{ appID, url string }

type batch struct {
	entries map[string]*ReceiptEntry
	devices map[string]map[string]bool // entry key → device IDs
}

// receipts queues delivery and click receipts and posts them every
// interval, as Meizu does roughly every second.
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

// heard queues a receipt for a device's ack or click, if the message asked
// for that type.
func (q *receipts) heard(e mockvendors.DeviceEvent, typ int) {
	st := q.s.state
	st.mu.Lock()
	info, ok := st.msgs[e.MsgID]
	st.mu.Unlock()
	target, mine := info.targets[e.Token]
	if !ok || !mine || info.typ&typ == 0 {
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
		b = &batch{entries: map[string]*ReceiptEntry{}, devices: map[string]map[string]bool{}}
		q.pending[k] = b
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

// post sends one batch and records the outcome per entry.
func (q *receipts) post(k batchKey, b *batch) {
	for _, e := range b.entries {
		sort.Strings(e.Targets)
	}
	cb, err := json.Marshal(b.entries)
	if err != nil {
		return
	}
	app, _ := q.s.apps.Get(k.appID)
	form := url.Values{"access_token": {app.AccessToken}, "cb": {string(cb)}}
	outcome := q.send(k.url, form)
	keys := make([]string, 0, len(b.entries))
	for key := range b.entries {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		e := b.entries[key]
		msgID := key[:strings.LastIndexByte(key, '-')]
		ev := trace.Event{Component: "meizu", Kind: trace.VendorReceipt, VendorMsgID: msgID, Details: map[string]string{
			"callback": k.url, "type": strconv.Itoa(e.Type), "targets": strings.Join(e.Targets, ","), "result": outcome}}
		if devs := b.devices[key]; len(devs) == 1 {
			for d := range devs {
				ev.Device = d
			}
		}
		q.s.cfg.Record(ev)
	}
}

// send POSTs the form and describes the outcome ("200", or the error).
func (q *receipts) send(u string, form url.Values) string {
	ctx, cancel := context.WithTimeout(q.ctx, receiptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return "error: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	resp, err := q.s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "error: " + redactErr(err, form)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

// redactErr keeps the access token out of an error text.
func redactErr(err error, form url.Values) string {
	s := err.Error()
	if tok := form.Get("access_token"); tok != "" {
		s = strings.ReplaceAll(s, tok, "***")
	}
	return s
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
