package meizu

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

func (s *Server) pushHandler(byAlias bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeResponse(w, http.StatusOK, s.push(r, byAlias))
	}
}

// passThrough refuses pass-through ("unvarnished") pushes. Meizu has
// restricted them since 2018-06-16 and tells new apps to use
// notification-bar messages; the seed document says IM only supports the
// notification bar on Meizu. The closest documented code is 110053
// ("透传超过限制", pass-through over limit), given after the usual app and
// signature checks.
func (s *Server) passThrough(w http.ResponseWriter, r *http.Request) {
	if _, e := s.authenticate(r); e != nil {
		writeError(w, e)
		return
	}
	writeError(w, apiErr(CodePassThroughLimit, "pass-through messages are restricted; use notification-bar (varnished) pushes"))
}

// push handles pushByPushId and pushByAlias.
func (s *Server) push(r *http.Request, byAlias bool) Response {
	now := time.Now()
	q, e := s.authenticate(r)
	if e != nil {
		return errorResponse(e)
	}
	app := q.app
	if !s.state.rate.Allow(app.ID, now) {
		return errorResponse(apiErr(CodeRateLimited, ""))
	}
	field := "pushIds"
	if byAlias {
		field = "alias"
	}
	raw := q.get(field)
	targets := splitList(raw)
	if len(targets) == 0 {
		return errorResponse(apiErr(CodeParamEmpty, "%s", field))
	}
	mj := q.form.Get("messageJson")
	if q.get("messageJson") == "" {
		return errorResponse(apiErr(CodeParamEmpty, "messageJson"))
	}
	if len(targets) > s.opts.maxTargets {
		return errorResponse(apiErr(CodeParamError, "%s names %d targets, at most %d per call", field, len(targets), s.opts.maxTargets))
	}
	msg, err := ParseNoticeMessage(mj)
	if err != nil {
		return errorResponse(err.(*APIError))
	}
	if rp := q.get("restrictedPackageNames"); rp != "" && app.Package != "" && !slices.Contains(splitList(rp), app.Package) {
		return errorResponse(apiErr(CodeBadPackage, "restrictedPackageNames does not include the app's package"))
	}
	if msg.Extra != nil && !s.cfg.ReceiptAllowed(app, msg.Extra.Callback) {
		return errorResponse(apiErr(CodeParamError, "extra.callback is not a receipt address registered for this app"))
	}
	payload, err := marshalNoticeMessage(&msg)
	if err != nil {
		return errorResponse(apiErr(CodeSystemError, ""))
	}

	// What needs no lock comes first: the content's key and, by PushId,
	// the registrations.
	key := mockvendors.ContentKey(app.ID, field, raw, mj)
	var regs map[string]registration
	if !byAlias {
		regs = make(map[string]registration, len(targets))
		for _, t := range targets {
			if WellFormedPushID(t) {
				r, ok := s.Hub().Lookup(t)
				regs[t] = registration{r, ok}
			}
		}
	}
	st := s.state
	var admitted []admittedTarget
	var failed map[string][]string // code → targets, made at the first failure
	n, e := func() (int, *APIError) {
		st.mu.Lock()
		defer st.mu.Unlock()
		if st.daily.Exhausted(app.ID, now) {
			return 0, apiErr(CodeAppDailyLimit, "")
		}
		n := st.seen.Next(key)
		for _, t := range targets {
			ids, code := s.resolve(app.ID, t, byAlias)
			ok := false
			for _, id := range ids {
				reg, known := regs[id]
				if !known {
					r, ok := s.Hub().Lookup(id)
					reg = registration{r, ok}
				}
				c := s.admit(app, id, reg, msg, now, byAlias)
				if c == "" {
					ok = true
					alias := ""
					if byAlias {
						alias = t
					}
					admitted = append(admitted, admittedTarget{id, alias})
				} else if code == "" {
					code = c
				}
			}
			if !ok {
				if failed == nil {
					failed = map[string][]string{}
				}
				failed[code] = append(failed[code], t)
			}
		}
		return n, nil
	}()
	if e != nil {
		return errorResponse(e)
	}
	// The push lock ordered the counting; the rest follows it. Pushes to
	// one device come one after another from their caller (the IM's lane
	// for the device), so they reach the hub in order.
	msgID := s.cfg.Seed.Hex(32, "meizu", "msgId", key, strconv.Itoa(n))
	acc := accepted{q: q, msgID: msgID, msg: msg, payload: payload, now: now, path: r.URL.Path}
	for _, a := range admitted {
		s.accept(&acc, a.pushID, a.alias)
	}
	if msg.Extra != nil && len(acc.targets) > 0 {
		st.msgs.Set(msgID, msgInfo{appID: app.ID, callback: msg.Extra.Callback, param: msg.Extra.CallbackParam,
			typ: int(*msg.Extra.CallbackType), targets: acc.targets})
	}
	acc.deliveries.Run()
	resp := Response{Code: CodeOK, Value: emptyObject} // json.Marshal of no failures
	if len(failed) > 0 {
		resp = okResponse(failed)
	}
	resp.MsgID = msgID
	return resp
}

// registration is a PushId's hub registration, looked up.
type registration struct {
	mockvendors.Registration
	ok bool
}

// admittedTarget is a PushId a push passed, with the alias it was
// addressed by (empty for a PushId target).
type admittedTarget struct{ pushID, alias string }

// resolve turns a target into PushIds, or a failure code. st.mu is held.
func (s *Server) resolve(appID, target string, byAlias bool) ([]string, string) {
	if byAlias {
		ids := s.state.aliasTargets(s.Hub(), appID, target)
		if len(ids) == 0 {
			return nil, CodeAliasUnsubscribed
		}
		return ids, ""
	}
	if !WellFormedPushID(target) {
		return nil, CodePushIDIllegal
	}
	return []string{target}, ""
}

// admit decides one PushId and, if it passes, counts it against the
// limits. Checks run in this order: registered for this app (110002),
// notification switch on (110010 per target), public daily cap (110011),
// app daily cap (110019), speed (518), folding (520). A refused message
// counts against nothing. st.mu is held.
func (s *Server) admit(app mockvendors.App, pushID string, r registration, msg NoticeMessage, now time.Time, byAlias bool) string {
	st := s.state
	if !r.ok || !r.Active || r.AppID != app.ID {
		if byAlias {
			return CodeAliasUnsubscribed
		}
		return CodePushIDUnregistered
	}
	if st.switchesOf(pushID).Bar == 0 {
		if byAlias {
			return CodeAliasUnsubscribed
		}
		return CodeRateLimited
	}
	device := app.ID + "\x00" + r.DeviceID
	public := msg.NoticeBarInfo.NoticeMsgType == NoticeMsgPublic
	switch {
	case public && st.public.Exhausted(device, now):
		return CodePublicDailyLimit
	case st.daily.Exhausted(app.ID, now):
		return CodeAppDailyLimit
	case st.speed.Full(app.ID, now):
		return CodeSpeedLimit
	case st.fold.Full(device, now):
		return CodeFolded
	}
	if public {
		st.public.Add(device, now)
	}
	st.daily.Add(app.ID, now)
	st.speed.Add(app.ID, now)
	st.fold.Add(device, now)
	return ""
}

// accepted is one push call's accepted targets.
type accepted struct {
	q       *request
	msgID   string
	msg     NoticeMessage
	payload json.RawMessage
	now     time.Time
	path    string
	targets map[string]string
	// deliveries run once the receipt details are stored.
	deliveries mockvendors.Handovers
}

// accept records one accepted PushId and queues its hand-over to the device
// channel (a.deliveries).
// With offLine 0 the notice is online-only: if the device has no live
// channel when the notice comes due it is dropped (device_network_down)
// rather than kept; otherwise it is kept for validTime hours.
func (s *Server) accept(a *accepted, pushID, alias string) {
	m := a.msg
	s.Messages().Add(mockvendors.Message{
		Vendor: protocol.VendorMeizu, MsgID: a.msgID, AppID: a.q.app.ID, Token: pushID, Alias: alias,
		Title: m.NoticeBarInfo.Title, Body: m.NoticeBarInfo.Content, Click: clickOf(m.ClickTypeInfo),
		Path: a.path, Params: a.q.params(), ReceivedAt: mockvendors.FormatTime(a.now),
	})
	ttl := time.Duration(m.PushTimeInfo.ValidTime.value(DefaultValidHours)) * time.Hour
	online := m.PushTimeInfo.OffLine.value(1) == 0
	a.deliveries.Add(func() {
		s.Hub().Deliver(pushID, protocol.DeviceNotice{MsgID: a.msgID, Token: pushID, Payload: a.payload}, ttl,
			mockvendors.DeliverOptions{OnlineOnly: online})
	})
	if m.Extra != nil {
		if a.targets == nil {
			a.targets = map[string]string{}
		}
		target := pushID
		if alias != "" {
			target = alias
		}
		a.targets[pushID] = target
	}
}

// clickOf describes a click in vendor-neutral terms.
func clickOf(c *ClickTypeInfo) mockvendors.Click {
	if c == nil {
		return mockvendors.Click{Action: protocol.ClickOpenApp}
	}
	out := mockvendors.Click{Extras: c.Parameters.Strings()}
	switch c.ClickType {
	case ClickActivity:
		out.Action, out.Activity = protocol.ClickOpenActivity, c.Activity
	case ClickURI:
		out.Action, out.URL = protocol.ClickOpenURL, c.URL
	case ClickCustom:
		out.Action, out.Custom = "custom", c.CustomAttribute
	default:
		out.Action = protocol.ClickOpenApp
	}
	return out
}
