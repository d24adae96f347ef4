package huawei

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oauth"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// send handles POST /v1/{appId}/messages:send. Checks run in this order:
// the access token (80200001, 80200003), the app's push permission
// (80300002), flow control (HTTP 503), the body (80100003, 80100001,
// 80300010), its size (80300008), the receipt configuration (80100001),
// then each token.
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	appID := r.PathValue("appId")
	body, readErr := mockvendors.ReadBody(w, r, maxBody)
	// The body is parsed, measured and rendered for the device before the
	// state lock is taken, so requests do not wait on each other's JSON;
	// its errors are still answered in the order above.
	var (
		req      SendRequest
		parseErr *APIError
		size     int
		payload  json.RawMessage
	)
	if readErr == nil {
		if req, parseErr = parseSendRequest(body); parseErr == nil {
			size = MessageSize(body)
			payload = payloadOf(req.Message)
		}
	}

	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	reqID := st.requestID(s.cfg.Seed, appID, string(body))
	fail := func(e *APIError) { writeError(w, e, reqID) }

	app, e := s.authorize(r, appID)
	switch {
	case e != nil:
		fail(e)
		return
	case s.opts.pushOff[app.ID]:
		fail(apiErr(CodeNoPermission, "the push service is not enabled for app %s", app.ID))
		return
	case !st.rate.Allow(app.ID, now):
		fail(&APIError{Code: CodeInternal, Message: "flow control: too many requests, send later", Status: http.StatusServiceUnavailable})
		return
	case readErr != nil:
		fail(apiErr(CodeIllegalPayload, "the body is unreadable or larger than %d bytes", maxBody))
		return
	}
	if parseErr != nil {
		fail(parseErr)
		return
	}
	if n := size; n > s.opts.maxBytes {
		fail(apiErr(CodeTooLarge, "%d bytes without tokens, at most %d", n, s.opts.maxBytes))
		return
	}
	m := req.Message
	callback, e := receiptAddress(s.cfg, app, m)
	if e != nil {
		fail(e)
		return
	}
	if req.ValidateOnly || m.Token == nil {
		// A validation, or a topic or condition message: pushsim keeps no
		// topic subscriptions, so it reaches no device.
		writeResponse(w, http.StatusOK, Response{Code: CodeSuccess, Msg: CodeText(CodeSuccess), RequestID: reqID})
		return
	}
	acc := accepted{app: app, reqID: reqID, msg: m, payload: payload, now: now, path: r.URL.Path}
	var illegal []string
	seen := map[string]bool{}
	for _, tok := range m.Token {
		if seen[tok] {
			continue
		}
		seen[tok] = true
		if reg, ok := s.Hub().Lookup(tok); !WellFormedToken(tok) || !ok || !reg.Active || reg.AppID != app.ID {
			illegal = append(illegal, tok)
			continue
		}
		s.accept(&acc, tok)
	}
	if callback != "" && len(acc.tokens) > 0 {
		biTag := ""
		if m.Android != nil {
			biTag = m.Android.BiTag
		}
		st.msgs.Set(reqID, msgInfo{appID: app.ID, callback: callback, biTag: biTag, tokens: acc.tokens})
	}
	acc.deliveries.Run()
	switch {
	case len(acc.tokens) == 0:
		fail(apiErr(CodeTokensInvalid, ""))
	case len(illegal) > 0:
		msg, _ := json.Marshal(PartialResult{Success: len(acc.tokens), Failure: len(illegal), IllegalTokens: illegal})
		writeResponse(w, http.StatusOK, Response{Code: CodePartialSuccess, Msg: string(msg), RequestID: reqID})
	default:
		writeResponse(w, http.StatusOK, Response{Code: CodeSuccess, Msg: CodeText(CodeSuccess), RequestID: reqID})
	}
}

// authorize checks the bearer token: present and issued (80200001), not
// expired (80200003), issued for this app (80200001).
func (s *Server) authorize(r *http.Request, appID string) (mockvendors.App, *APIError) {
	g, status := s.issuer.Check(oauth.BearerToken(r.Header.Get("Authorization"), false))
	switch status {
	case oauth.Missing:
		return mockvendors.App{}, apiErr(CodeAuthError, "the Authorization header carries no bearer token")
	case oauth.Unknown:
		return mockvendors.App{}, apiErr(CodeAuthError, "unknown access token")
	case oauth.Expired:
		return mockvendors.App{}, apiErr(CodeTokenExpired, "")
	}
	app, ok := s.apps.Get(appID)
	if !ok || g.AppID != appID {
		return mockvendors.App{}, apiErr(CodeAuthError, "the access token was issued for another app")
	}
	return app, nil
}

// receiptAddress picks where the message's receipts go (see Server).
func receiptAddress(cfg mockvendors.Config, app mockvendors.App, m *Message) (string, *APIError) {
	id := ""
	if m.Android != nil {
		id = m.Android.ReceiptID
	}
	switch {
	case id == "":
		if len(app.CallbackURLs) > 0 {
			return app.CallbackURLs[0], nil
		}
		return "", nil
	case slices.Contains(app.CallbackURLs, id):
		return id, nil
	case len(app.CallbackURLs) == 0 && isHTTPURL(id) && cfg.ReceiptAllowed(app, id):
		return id, nil
	}
	return "", apiErr(CodeParamError, "android.receipt_id names no receipt configuration of the app")
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// accepted is one call's accepted tokens.
type accepted struct {
	app     mockvendors.App
	reqID   string
	msg     *Message
	payload json.RawMessage
	now     time.Time
	path    string
	tokens  map[string]bool
	// deliveries run once the receipt details are stored.
	deliveries mockvendors.Handovers
}

// accept records one accepted token and queues the hand-over to the device
// channel; a marketing message over the device's daily cap is dropped
// instead. st.mu is held.
func (s *Server) accept(a *accepted, tok string) {
	m := a.msg
	title, body := m.content()
	s.Messages().Add(mockvendors.Message{
		Vendor: protocol.VendorHuawei, MsgID: a.reqID, AppID: a.app.ID, Token: tok,
		Title: title, Body: body, Click: m.click(), Path: a.path, Params: m.params(),
		ReceivedAt: mockvendors.FormatTime(a.now),
	})
	if a.tokens == nil {
		a.tokens = map[string]bool{}
	}
	a.tokens[tok] = true
	if m.marketing() && s.opts.marketingCap > 0 {
		reg, _ := s.Hub().Lookup(tok)
		key := a.app.ID + "\x00" + reg.DeviceID
		if !s.state.marketing.Allow(key, a.now) {
			s.cfg.Record(trace.Event{Component: string(protocol.VendorHuawei), Kind: trace.VendorDrop, VendorMsgID: a.reqID,
				Device: reg.DeviceID, Reason: protocol.ReasonVendorQuotaExceeded,
				Details: map[string]string{"token": tok, "note": "marketing messages over the device's daily cap are not delivered"}})
			return
		}
	}
	ttl := m.TTL()
	a.deliveries.Add(func() {
		s.Hub().Deliver(tok, protocol.DeviceNotice{MsgID: a.reqID, Token: tok, Payload: a.payload}, ttl,
			mockvendors.DeliverOptions{OnlineOnly: ttl == 0})
	})
}

// payloadOf is what the device receives: the normalized message without
// its targets and the other platforms' parts.
func payloadOf(m *Message) json.RawMessage {
	p := *m
	p.Token, p.Topic, p.Condition, p.Apns, p.WebPush = nil, "", "", nil, nil
	b, err := json.Marshal(p)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}

// content is the notification's title and body ("" for a data message).
func (m *Message) content() (string, string) {
	if m.Android != nil && m.Android.Notification != nil {
		return m.Android.Notification.Title, m.Android.Notification.Body
	}
	return "", ""
}

// marketing reports whether the message counts as marketing: category
// MARKETING, or none.
func (m *Message) marketing() bool {
	return m.Android == nil || m.Android.Category == "" || m.Android.Category == CategoryMarketing
}

// click describes the tap in vendor-neutral terms.
func (m *Message) click() mockvendors.Click {
	if m.Android == nil || m.Android.Notification == nil || m.Android.Notification.ClickAction == nil {
		return mockvendors.Click{Action: protocol.ClickOpenApp}
	}
	c := m.Android.Notification.ClickAction
	switch c.Type {
	case ClickURL:
		return mockvendors.Click{Action: protocol.ClickOpenURL, URL: c.URL}
	case ClickApp:
		return mockvendors.Click{Action: protocol.ClickOpenApp}
	case ClickIntent:
		out := mockvendors.Click{Action: "custom", Custom: c.Intent}
		if c.Intent == "" {
			out.Custom = c.Action
			return out
		}
		in, err := ParseIntentURI(c.Intent)
		if err != nil {
			return out
		}
		out.Extras = in.Extras
		switch {
		case in.IsLauncher():
			out.Action = protocol.ClickOpenApp
		case in.Component != "":
			out.Action, out.Activity = protocol.ClickOpenActivity, in.Component
		}
		return out
	}
	return mockvendors.Click{Action: "custom", Custom: c.RichResource}
}

// params are the message's delivery options as received, for the recorder.
func (m *Message) params() map[string]string {
	out := map[string]string{}
	a := m.Android
	if a == nil {
		return out
	}
	put := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	put("category", a.Category)
	put("ttl", string(a.TTL))
	put("bi_tag", a.BiTag)
	put("urgency", a.Urgency)
	put("receipt_id", a.ReceiptID)
	if n := a.Notification; n != nil {
		put("channel_id", n.ChannelID)
		put("importance", n.Importance)
		if n.ClickAction != nil {
			put("click_action.type", strconv.Itoa(int(n.ClickAction.Type)))
		}
		if n.Badge != nil {
			put("badge.class", n.Badge.Class)
		}
	}
	return out
}
