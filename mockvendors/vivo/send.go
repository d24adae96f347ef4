package vivo

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// chinaHour is the hour of day in China time.
func chinaHour(t time.Time) int { return t.In(mockvendors.ChinaStandardTime).Hour() }

// send handles POST /message/send. Checks run in this order: the
// authToken (10000), the body's appId (10094), the fields (10050), a
// repeated requestId (answered with the first taskId, not sent again),
// the target (10302), the operational sending hours (10071), the day's
// total for the message's class (10073 system, 10070 operational).
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	app, e := s.authenticate(r)
	if e != nil {
		s.fail(w, e)
		return
	}
	body, err := readBody(r)
	if err != nil {
		s.fail(w, apiErr(CodeInvalidParam, "%v", err))
		return
	}
	var probe struct {
		AppID FlexString `json:"appId"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.AppID != "" && string(probe.AppID) != app.ID {
		s.fail(w, apiErr(CodeAppIDMismatch, ""))
		return
	}
	m, err := ParseSendMessage(body)
	if err != nil {
		s.fail(w, err.(*APIError))
		return
	}
	if m.Extra != nil && !s.cfg.ReceiptAllowed(app, m.Extra.Callback) {
		s.fail(w, apiErr(CodeInvalidParam, "extra.callback不是为该应用登记的回执地址"))
		return
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	reqKey := app.ID + "\x00" + m.RequestID
	if id, seen := st.requests.Get(reqKey); seen {
		resp := okResponse()
		resp.TaskID = id
		s.reply(w, resp)
		return
	}
	reg, e := s.target(app, &m)
	if e != nil {
		resp := errorResponse(e)
		resp.InvalidUser = &InvalidUser{Status: 1, UserID: m.Target()}
		s.reply(w, resp)
		return
	}
	class := m.Class()
	if class == ClassOperational {
		if h := chinaHour(now); h < s.opts.hoursFrom || h >= s.opts.hoursTo {
			s.fail(w, apiErr(CodeOutsideHours, "运营消息只能在%d:00-%d:00发送", s.opts.hoursFrom, s.opts.hoursTo))
			return
		}
	}
	quota := st.daily[quotaKey{m.Test(), class}]
	if !quota.Allow(app.ID, now) {
		code := CodeTotalQuota
		if class == ClassSystem {
			code = CodeSystemQuota
		}
		s.fail(w, apiErr(code, ""))
		return
	}
	canonical, _ := json.Marshal(struct {
		SendMessage
		RequestID string `json:"requestId,omitempty"`
	}{SendMessage: m})
	taskID := st.taskID(s.cfg.Seed, app.ID, string(canonical))
	st.requests.Set(reqKey, taskID)
	held := class == ClassOperational && !st.deviceCap.Allow(app.ID+"\x00"+reg.DeviceID, now)
	s.accept(app, &m, reg, taskID, now, body, held)
	resp := okResponse()
	resp.TaskID = taskID
	s.reply(w, resp)
}

// target resolves the message's regId to a registration of the app; an
// alias, a malformed, unknown or unregistered regId is 10302.
func (s *Server) target(app mockvendors.App, m *SendMessage) (mockvendors.Registration, *APIError) {
	if m.RegID == "" {
		return mockvendors.Registration{}, &APIError{Code: CodeInvalidTarget, Message: "alias不合法"}
	}
	reg, ok := s.Hub().Lookup(m.RegID)
	if !WellFormedRegID(m.RegID) || !ok || !reg.Active || reg.AppID != app.ID {
		return mockvendors.Registration{}, apiErr(CodeInvalidTarget, "")
	}
	return reg, nil
}

// accept records an accepted message and hands it to the device channel,
// kept timeToLive seconds for an absent device; an operational message
// over the device's daily cap is recorded but held back. st.mu is held.
func (s *Server) accept(app mockvendors.App, m *SendMessage, reg mockvendors.Registration, taskID string, now time.Time, body []byte, held bool) {
	s.Messages().Add(mockvendors.Message{
		Vendor: protocol.VendorVivo, MsgID: taskID, AppID: app.ID, Token: m.RegID,
		Title: m.Title, Body: m.Content, Click: clickOf(m), Path: PathSend,
		Params: map[string]string{"body": string(body)}, ReceivedAt: mockvendors.FormatTime(now),
	})
	if held {
		s.cfg.Record(trace.Event{Component: string(protocol.VendorVivo), Kind: trace.VendorDrop, VendorMsgID: taskID,
			Device: reg.DeviceID, Reason: protocol.ReasonVendorQuotaExceeded,
			Details: map[string]string{"token": m.RegID, "note": "over the daily operational-message cap for this device"}})
		return
	}
	payload, err := m.devicePayload()
	if err != nil {
		return
	}
	if m.Extra != nil && !m.Test() {
		s.state.receipts.Set(taskID, receiptTarget{appID: app.ID, callback: m.Extra.Callback, param: m.Extra.CallbackParam, token: m.RegID})
	}
	s.Hub().Deliver(m.RegID, protocol.DeviceNotice{MsgID: taskID, Token: m.RegID, Payload: payload},
		time.Duration(m.TTL())*time.Second, mockvendors.DeliverOptions{})
}

// clickOf describes a click in vendor-neutral terms.
func clickOf(m *SendMessage) mockvendors.Click {
	out := mockvendors.Click{Extras: m.ClientCustomMap}
	switch m.SkipType {
	case SkipURL:
		out.Action, out.URL = protocol.ClickOpenURL, m.SkipContent
	case SkipActivity:
		out.Action, out.Activity, out.Custom = protocol.ClickOpenActivity, activityOf(m.SkipContent), m.SkipContent
	case SkipCustom:
		out.Action, out.Custom = "custom", m.SkipContent
	default:
		out.Action = protocol.ClickOpenApp
	}
	return out
}
