package xiaomi

import (
	"errors"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// send returns the handler body of a push to targets of kind k.
func (s *Server) send(k targetKind) func(*request) Response {
	return func(q *request) Response { return s.push(q, k) }
}

// push checks a push call and hands each valid target to the device
// channel. Checks run in this order after authentication: the targets
// (10016, 10017), restricted_package_name (10016, 22001, 22006), the
// message (10016, 10017), time_to_send at most seven days ahead (10017),
// a registered callback address (10017), at least one valid target
// (20301), the daily quota (200002).
func (s *Server) push(q *request, k targetKind) Response {
	names, e := s.names(q, k)
	if e == nil {
		e = s.checkPackage(q)
	}
	if e != nil {
		return errorResponse(e)
	}
	msg, err := ParseMessage(q.form)
	if err != nil {
		var ae *APIError
		if !errors.As(err, &ae) {
			ae = apiErr(CodeParamInvalid, "%v", err)
		}
		return errorResponse(ae)
	}
	if ahead := time.UnixMilli(msg.TimeToSend).Sub(q.now); msg.TimeToSend > 0 && ahead > MaxScheduleAhead {
		return errorResponse(apiErr(CodeParamInvalid, "time_to_send is %v ahead, at most 7 days", ahead.Round(time.Second)))
	}
	if cb, ok := msg.Extra[ExtraCallback]; ok && !s.cfg.ReceiptAllowed(q.app, cb) {
		return errorResponse(apiErr(CodeParamInvalid, "extra.callback is not a receipt address registered for this app"))
	}

	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	valid, invalid := s.resolve(q.app, k, names, q.get("topic_op"))
	if len(valid) == 0 {
		return errorResponse(apiErr(CodeNoValidTargets, "No valid targets!"))
	}
	if !st.daily.fits(q.app.ID, len(valid), q.now) {
		return errorResponse(apiErr(CodeDailyQuota, "the app's daily quota of %d messages is used up", st.daily.quota))
	}
	st.daily.add(q.app.ID, len(valid), q.now)
	msgID := st.msgID(s.cfg.Seed, k, q.app.ID, q.path, q.encodedForm())
	acc := accepted{q: q, kind: k, msgID: msgID, msg: msg}
	for _, t := range valid {
		s.accept(&acc, t)
	}
	if _, ok := msg.Extra[ExtraCallback]; ok {
		mi := msgInfo{appID: q.app.ID, callback: msg.Extra[ExtraCallback], param: msg.Extra[ExtraCallbackParam],
			typ: msg.callbackType(), targets: acc.targets}
		st.msgs.Set(msgID, mi)
		for _, name := range invalid {
			s.queueReceipt(mi, msgID, ReceiptInvalidTarget, name, "")
		}
		for _, t := range acc.capped {
			s.queueReceipt(mi, msgID, ReceiptOverDailyLimit, mi.targets[t.regID], t.device)
		}
	}
	acc.deliveries.Run()
	data := SendData{ID: msgID}
	if st.daily.on() {
		data.DayQuota = strconv.Itoa(st.daily.quota)
		data.DayAcked = strconv.Itoa(st.daily.acked(q.app.ID, q.now))
	}
	return okResponse(info(k, len(valid)), data)
}

// accepted is one push call's accepted targets.
type accepted struct {
	q       *request
	kind    targetKind
	msgID   string
	msg     Message
	targets map[string]string // regId → as addressed
	capped  []cappedTarget
	// deliveries run once the receipt details are stored.
	deliveries mockvendors.Handovers
}

type cappedTarget struct{ regID, device string }

// accept records one valid target and queues its hand-over to the device
// channel (a.deliveries):
// now, or at time_to_send; kept for time_to_live while the device is
// away. A public message over the device's daily cap is accepted but
// never delivered. st.mu is held.
func (s *Server) accept(a *accepted, t target) {
	m, q := a.msg, a.q
	if a.targets == nil {
		a.targets = map[string]string{}
	}
	a.targets[t.regID] = t.addressed
	rec := mockvendors.Message{
		Vendor: protocol.VendorXiaomi, MsgID: a.msgID, AppID: q.app.ID, Token: t.regID,
		Title: m.Title, Body: m.Description, Click: clickOf(m),
		Path: q.path, Params: q.params(), ReceivedAt: mockvendors.FormatTime(q.now),
	}
	if a.kind != targetRegID && a.kind != targetAll {
		rec.Alias = t.addressed
	}
	s.Messages().Add(rec)

	r, _ := s.Hub().Lookup(t.regID)
	if s.opts.publicDailyCap > 0 && !s.opts.privateChannels[m.Extra[ExtraChannelID]] &&
		!s.state.public.Allow(q.app.ID+"\x00"+r.DeviceID, q.now) {
		a.capped = append(a.capped, cappedTarget{t.regID, r.DeviceID})
		s.cfg.Record(trace.Event{Component: string(protocol.VendorXiaomi), Kind: trace.VendorDrop, VendorMsgID: a.msgID,
			Device: r.DeviceID, Reason: protocol.ReasonVendorQuotaExceeded,
			Details: map[string]string{"token": t.regID, "note": "public (公信) message over the device's daily cap"}})
		return
	}
	notice := protocol.DeviceNotice{MsgID: a.msgID, Token: t.regID,
		Payload: deviceMessage(a.msgID, a.kind, t, m).payload()}
	ttl := m.ttl()
	deliver := func() { s.Hub().Deliver(t.regID, notice, ttl, mockvendors.DeliverOptions{}) }
	if m.TimeToSend > 0 {
		if wait := time.UnixMilli(m.TimeToSend).Sub(q.now); wait > 0 {
			a.deliveries.Add(func() { s.sched.at(q.now.Add(wait), deliver) })
			return
		}
	}
	a.deliveries.Add(deliver)
}
