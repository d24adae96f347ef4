package oppo

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// pushCall authenticates a push call and counts it against the app's
// request rate (55); on a failure it answers and returns nil.
func (s *Server) pushCall(w http.ResponseWriter, r *http.Request, now time.Time) *request {
	q, e := s.authenticate(r)
	if e != nil {
		s.fail(w, e)
		return nil
	}
	if !s.state.rate.Allow(q.app.ID, now) {
		s.fail(w, apiErr(CodeFrequencyLimit, ""))
		return nil
	}
	return q
}

// unicast handles POST .../notification/unicast: one message, one target,
// the target's failure as the call's code.
func (s *Server) unicast(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	q := s.pushCall(w, r, now)
	if q == nil {
		return
	}
	raw := q.form.Get("message")
	if strings.TrimSpace(raw) == "" {
		s.fail(w, apiErr(CodeMissingArgument, "message"))
		return
	}
	m, err := ParseMessage(raw)
	if err != nil {
		s.fail(w, err.(*APIError))
		return
	}
	s.state.mu.Lock()
	id, e := s.send(q, m, raw, now, r.URL.Path, q.params())
	s.state.mu.Unlock()
	if e != nil {
		s.fail(w, e)
		return
	}
	s.reply(w, okResponse(UnicastData{MessageID: id}))
}

// unicastBatch handles POST .../notification/unicast_batch: up to 1000
// messages, each answered on its own in data.
func (s *Server) unicastBatch(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	q := s.pushCall(w, r, now)
	if q == nil {
		return
	}
	raw := q.form.Get("messages")
	if strings.TrimSpace(raw) == "" {
		s.fail(w, apiErr(CodeMissingArgument, "messages"))
		return
	}
	elems, e := splitMessages(raw)
	switch {
	case e != nil:
		s.fail(w, e)
		return
	case len(elems) == 0:
		s.fail(w, apiErr(CodeMissingArgument, "messages is empty"))
		return
	case len(elems) > s.opts.maxBatch:
		s.fail(w, apiErr(CodeInvalidArgument, "messages holds %d messages, at most %d per call", len(elems), s.opts.maxBatch))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]BatchResult, 0, len(elems))
	for _, el := range elems {
		var m Message
		var e *APIError
		if err := json.Unmarshal(el, &m); err != nil {
			e = apiErr(CodeInvalidArgument, "%v", err)
		} else {
			e = m.check()
		}
		res := BatchResult{RegistrationID: m.Target()}
		if e == nil {
			res.MessageID, e = s.send(q, m, string(el), now, r.URL.Path, map[string]string{"message": string(el)})
		}
		if e != nil {
			res.ErrorCode, res.ErrorMessage = e.Code, e.Message
		}
		out = append(out, res)
	}
	s.reply(w, okResponse(out))
}

// send decides one checked message and, if it passes, accepts it. Checks
// run in this order: the receipt address is registered (41), the target
// is a registered regId of this app (10000), a repeated app_message_id is
// answered with the first message's ID and not sent again, the daily
// quota has room for a public message (33). st.mu is held.
func (s *Server) send(q *request, m Message, content string, now time.Time, path string, params map[string]string) (string, *APIError) {
	n := m.Notification
	if n.CallBackURL != "" && !s.cfg.ReceiptAllowed(q.app, n.CallBackURL) {
		return "", apiErr(CodeInvalidArgument, "call_back_url is not a receipt address registered for this app")
	}
	target := m.Target()
	if m.byAlias() {
		return "", apiErr(CodeInvalidRegistrationID, "no registration has the alias %q", target)
	}
	reg, ok := s.Hub().Lookup(target)
	if !WellFormedRegID(target) || !ok || !reg.Active || reg.AppID != q.app.ID {
		return "", apiErr(CodeInvalidRegistrationID, "")
	}
	st := s.state
	var dedupKey string
	if n.AppMessageID != "" {
		dedupKey = q.app.ID + "\x00" + n.AppMessageID + "\x00" + target
		if id, seen := st.dedup.Get(dedupKey); seen {
			return id, nil
		}
	}
	public := !n.Private()
	if public && st.daily.Exhausted(q.app.ID, now) {
		return "", apiErr(CodeDailyQuota, "")
	}
	id := st.messageID(s.cfg.Seed, q.app.ID, target, content)
	if dedupKey != "" {
		st.dedup.Set(dedupKey, id)
	}
	held := false
	if public {
		st.daily.Add(q.app.ID, now)
		held = !st.deviceCap.Allow(q.app.ID+"\x00"+reg.DeviceID, now)
	}
	s.accept(delivery{app: q.app, msgID: id, notification: *n, token: target, device: reg.DeviceID,
		now: now, path: path, params: params, held: held})
	return id, nil
}

// delivery is one accepted notice for one regId.
type delivery struct {
	app          mockvendors.App
	msgID        string
	messageID    string // broadcasts: the stored message's ID
	taskID       string // broadcasts
	notification Notification
	token        string
	device       string
	now          time.Time
	path         string
	params       map[string]string
	held         bool // over the public per-device cap: accepted, never delivered
}

// accept records an accepted notice and hands it to the device channel.
// With off_line false the notice is online-only: dropped
// (device_network_down) if the device has no live channel when it comes
// due; otherwise kept off_line_ttl seconds. st.mu is held.
func (s *Server) accept(d delivery) {
	n := d.notification
	s.Messages().Add(mockvendors.Message{
		Vendor: protocol.VendorOPPO, MsgID: d.msgID, AppID: d.app.ID, Token: d.token,
		Title: n.Title, Body: n.Content, Click: clickOf(&n), Path: d.path, Params: d.params,
		ReceivedAt: mockvendors.FormatTime(d.now),
	})
	if d.held {
		s.cfg.Record(trace.Event{Component: string(protocol.VendorOPPO), Kind: trace.VendorDrop, VendorMsgID: d.msgID,
			Device: d.device, Reason: protocol.ReasonVendorQuotaExceeded,
			Details: map[string]string{"token": d.token, "note": "over the daily public-message cap for this device"}})
		return
	}
	payload, err := n.devicePayload()
	if err != nil {
		return
	}
	if n.CallBackURL != "" {
		messageID := d.messageID
		if messageID == "" {
			messageID = d.msgID
		}
		rt, _ := s.state.receipts.Get(d.msgID)
		if rt.tokens == nil {
			rt = receiptTarget{appID: d.app.ID, callback: n.CallBackURL, param: n.CallBackParameter,
				messageID: messageID, taskID: d.taskID}
		}
		// A new map: an ack reads the stored one without the push lock.
		rt.tokens = maps.Clone(rt.tokens)
		if rt.tokens == nil {
			rt.tokens = map[string]bool{}
		}
		rt.tokens[d.token] = true
		s.state.receipts.Set(d.msgID, rt)
	}
	ttl := time.Duration(n.TTL()) * time.Second
	s.Hub().Deliver(d.token, protocol.DeviceNotice{MsgID: d.msgID, Token: d.token, Payload: payload}, ttl,
		mockvendors.DeliverOptions{OnlineOnly: !n.OffLine.value(true)})
}

// clickOf describes a click in vendor-neutral terms. Opening a page by
// intent action (1) or an intent scheme URL (5) is "custom".
func clickOf(n *Notification) mockvendors.Click {
	out := mockvendors.Click{Extras: n.ActionParameters.Strings()}
	switch n.ClickActionType {
	case ClickActivity:
		out.Action, out.Activity = protocol.ClickOpenActivity, n.ClickActionActivity
	case ClickURL:
		out.Action, out.URL = protocol.ClickOpenURL, n.ClickActionURL
	case ClickAction:
		out.Action, out.Custom = "custom", n.ClickActionActivity
	case ClickIntentURI:
		out.Action, out.Custom = "custom", n.ClickActionURL
	default:
		out.Action = protocol.ClickOpenApp
	}
	return out
}
