package fcm

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// send serves messages:send. Checks run in this order: the caller may
// send for the project (401/403), the project's quota (429, counting every
// authenticated request), the body and message (400), injected server
// errors (500/503), then the target: a token FCM never issued is
// UNREGISTERED, one whose app was uninstalled too, one of another
// project SENDER_ID_MISMATCH, a restricted_package_name that is not the
// token's app INVALID_ARGUMENT, and the per-device rate (429).
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	project := r.PathValue("project")
	if e := s.authorize(r, project, now); e != nil {
		writeError(w, e)
		return
	}
	st := s.state
	st.mu.Lock()
	allowed := st.project.Allow(project, now)
	st.mu.Unlock()
	if !allowed {
		writeError(w, fcmErr(ErrQuotaExceeded, ""))
		return
	}
	body, err := mockvendors.ReadBody(w, r, maxBody)
	if err != nil {
		writeError(w, &APIError{HTTPStatus: http.StatusRequestEntityTooLarge, Status: StatusInvalidArgument, Message: "Request payload size exceeds the limit."})
		return
	}
	req, e := ParseSendRequest(body)
	if e == nil {
		e = Validate(req, s.opts.maxPayload, s.opts.maxTopic)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	msgJSON, _ := json.Marshal(req.Message)

	st.mu.Lock()
	defer st.mu.Unlock()
	key, n := st.occurrence(project, string(msgJSON), strconv.FormatBool(req.ValidateOnly))
	if e := s.injected(key, n); e != nil {
		writeError(w, e)
		return
	}
	m := req.Message
	var reg mockvendors.Registration
	if m.Token != "" {
		var e *APIError
		if reg, e = s.checkToken(project, m, now); e != nil {
			writeError(w, e)
			return
		}
	}
	if req.ValidateOnly {
		writeJSON(w, http.StatusOK, SendResponse{Name: "projects/" + project + "/messages/" + FakeMessageID})
		return
	}
	id := messageID(s.cfg.Seed, key, n)
	s.accept(project, id, m, reg, string(msgJSON), r.URL.Path, now)
	writeJSON(w, http.StatusOK, SendResponse{Name: "projects/" + project + "/messages/" + id})
}

// injected draws the configured share of server errors. st.mu is held.
func (s *Server) injected(key string, n int) *APIError {
	o := s.opts
	if o.unavailable+o.internal <= 0 {
		return nil
	}
	x := s.cfg.Seed.Stream("fcm", "server_error", key, strconv.Itoa(n)).Float64()
	switch {
	case x < o.unavailable:
		return fcmErr(ErrUnavailable, "")
	case x < o.unavailable+o.internal:
		return fcmErr(ErrInternal, "")
	}
	return nil
}

// checkToken decides the message's registration token. st.mu is held.
func (s *Server) checkToken(project string, m *Message, now time.Time) (mockvendors.Registration, *APIError) {
	reg, ok := s.hub.Lookup(m.Token)
	switch {
	case !ok || !reg.Active:
		return reg, fcmErr(ErrUnregistered, "")
	case reg.AppID != project:
		return reg, fcmErr(ErrSenderIDMismatch, "")
	case m.Android != nil && m.Android.RestrictedPackageName != "" && m.Android.RestrictedPackageName != reg.Package:
		return reg, invalidArg("message.android.restricted_package_name",
			"The registration token is not registered for package "+strconv.Quote(m.Android.RestrictedPackageName))
	case !s.state.allowDevice(m.Token, now):
		return reg, fcmErr(ErrQuotaExceeded, "Message rate exceeded for the registration token.")
	}
	return reg, nil
}

// accept records the message and hands it to the device channel: kept for
// android.ttl, or online-only with a ttl of 0. Topic and condition
// messages are only recorded. st.mu is held.
func (s *Server) accept(project, id string, m *Message, reg mockvendors.Registration, msgJSON, path string, now time.Time) {
	s.rec.Add(mockvendors.Message{
		Vendor: protocol.VendorFCM, MsgID: id, AppID: project, Token: m.Token, Alias: topicOf(m),
		Title: m.title(), Body: m.body(), Click: clickOf(m), Path: path,
		Params: map[string]string{"message": msgJSON}, ReceivedAt: mockvendors.FormatTime(now),
	})
	if m.Token == "" {
		return
	}
	payload, err := json.Marshal(RemoteBundle(m, project, id, now, reg.Package))
	if err != nil {
		return
	}
	ttl, _ := ParseTTL(androidTTL(m))
	opts := mockvendors.DeliverOptions{OnlineOnly: ttl == 0}
	if ttl == 0 {
		ttl = onlineOnlyHold
	}
	s.hub.Deliver(m.Token, protocol.DeviceNotice{MsgID: id, Token: m.Token, Package: reg.Package, Payload: payload}, ttl, opts)
}

// onlineOnlyHold bounds how long a ttl-0 message may wait for its
// latency; the hub drops it anyway if the device is away when it is due.
const onlineOnlyHold = 24 * time.Hour

// topicOf names a topic or condition target for the recorder.
func topicOf(m *Message) string {
	switch {
	case m.Topic != "":
		return "/topics/" + strings.TrimPrefix(m.Topic, "/topics/")
	case m.Condition != "":
		return m.Condition
	}
	return ""
}

// ViewAction is the click_action pushsim's client sends to open a URL
// (carried in data["url"]): FCM HTTP v1 has no Android link field.
const ViewAction = "android.intent.action.VIEW"

// clickOf describes a tap in vendor-neutral terms: no click_action opens
// the app, click_action VIEW with data["url"] opens that URL, any other
// click_action opens the Activity filtering it (pushsim's convention: an
// action named after the Activity's class). The data are the extras.
func clickOf(m *Message) mockvendors.Click {
	data := m.androidData()
	c := mockvendors.Click{Action: protocol.ClickOpenApp}
	if len(data) > 0 {
		c.Extras = map[string]string{}
		for k, v := range data {
			c.Extras[k] = v
		}
	}
	n := m.androidNotification()
	switch {
	case n == nil || n.ClickAction == "":
	case n.ClickAction == ViewAction && data["url"] != "":
		c.Action, c.URL = protocol.ClickOpenURL, data["url"]
	default:
		c.Action, c.Activity = protocol.ClickOpenActivity, n.ClickAction
	}
	return c
}
