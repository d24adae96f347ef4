package xiaomi

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

// receiptTimeout bounds one receipt POST.
const receiptTimeout = 10 * time.Second

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
	appID, url string
	typ        int
}

type entry struct {
	param   string
	targets []string
	devices map[string]bool
}

// receipts queues receipts and posts them every interval, as MiPush does
// about once a second.
type receipts struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending map[batchKey]map[string]*entry // → msgId → entry
	timer   *time.Timer
	wg      sync.WaitGroup
}

func newReceipts(s *Server) *receipts {
	ctx, cancel := context.WithCancel(context.Background())
	return &receipts{s: s, ctx: ctx, cancel: cancel, pending: map[batchKey]map[string]*entry{}}
}

// heard queues a receipt for a device's ack or click, if the message
// asked for that type.
func (q *receipts) heard(e mockvendors.DeviceEvent, typ int) {
	st := q.s.state
	st.mu.Lock()
	info, ok := st.msgs[e.MsgID]
	st.mu.Unlock()
	target, mine := info.targets[e.Token]
	if ok && mine {
		q.queue(info, e.MsgID, typ, target, e.DeviceID)
	}
}

// queue adds target to the next receipt of type typ for message msgID, if
// the message asked for that type.
func (q *receipts) queue(info msgInfo, msgID string, typ int, target, device string) {
	if info.typ&typ == 0 || target == "" {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	k := batchKey{info.appID, info.callback, typ}
	b := q.pending[k]
	if b == nil {
		b = map[string]*entry{}
		q.pending[k] = b
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
	q.pending = map[batchKey]map[string]*entry{}
	q.timer = nil
	q.wg.Add(1)
	q.mu.Unlock()
	defer q.wg.Done()

	keys := make([]batchKey, 0, len(todo))
	for k := range todo {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.appID != b.appID {
			return a.appID < b.appID
		}
		if a.url != b.url {
			return a.url < b.url
		}
		return a.typ < b.typ
	})
	for _, k := range keys {
		q.post(k, todo[k])
	}
}

// post sends one batch and records the outcome per message.
func (q *receipts) post(k batchKey, b map[string]*entry) {
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
		return
	}
	outcome := q.send(k.url, url.Values{ReceiptField: {string(body)}})
	for _, id := range ids {
		ev := trace.Event{Component: string(protocol.VendorXiaomi), Kind: trace.VendorReceipt, VendorMsgID: id,
			Details: map[string]string{"callback": k.url, "type": strconv.Itoa(k.typ), "targets": data[id].Targets, "result": outcome}}
		if devs := b[id].devices; len(devs) == 1 {
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
