package honor

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/oauth"
	"github.com/pushsim/pushsim/protocol"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// send handles POST /api/v1/{appId}/sendMessage. Checks run in this order:
// the access token (80200001, 80200003), the app's push permission
// (80300002), flow control (HTTP 503), the timestamp header (80100001), the
// body (80100003, 80100001, 80300010), its size when limited (80300008),
// then each token.
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	appID := r.PathValue("appId")
	body, readErr := mockvendors.ReadBody(w, r, maxBody)
	// The body is parsed and measured before the state lock is taken, so
	// requests do not wait on each other's JSON; its errors are still
	// answered in the order above.
	var (
		m        SendMessageRequest
		parseErr *APIError
		size     int
	)
	if readErr == nil {
		if m, parseErr = parseSendMessage(body); parseErr == nil {
			size = MessageSize(body)
		}
	}

	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	fail := func(e *APIError) { writeError(w, e) }

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
	case !timestampOK(r.Header.Get(HeaderTimestamp)):
		fail(apiErr(CodeParamError, "the timestamp header must be a time in milliseconds or seconds"))
		return
	case readErr != nil:
		fail(apiErr(CodeIllegalPayload, "the body is unreadable or larger than %d bytes", maxBody))
		return
	}
	if parseErr != nil {
		fail(parseErr)
		return
	}
	if n := size; s.opts.maxBytes > 0 && n > s.opts.maxBytes {
		fail(apiErr(CodeTooLarge, "%d bytes without tokens, at most %d", n, s.opts.maxBytes))
		return
	}
	reqID := st.requestID(s.cfg.Seed, app.ID, string(body))
	payload := payloadOf(&m)
	data := &ResponseData{RequestID: reqID, FailTokens: []string{}, ExpireTokens: []string{}}
	seen := map[string]bool{}
	for _, tok := range m.Token {
		if seen[tok] {
			continue
		}
		seen[tok] = true
		reg, ok := s.Hub().Lookup(tok)
		switch {
		case !WellFormedToken(tok) || !ok || reg.AppID != app.ID:
			data.FailTokens = append(data.FailTokens, tok)
		case !reg.Active:
			data.ExpireTokens = append(data.ExpireTokens, tok)
		default:
			data.SendResult = true
			s.accept(app, &m, tok, reqID, payload, now, r.URL.Path)
		}
	}
	if !data.SendResult {
		writeResponse(w, HTTPStatus(CodeTokensInvalid), Response{Code: CodeTokensInvalid, Message: CodeText(CodeTokensInvalid), Data: data})
		return
	}
	writeResponse(w, http.StatusOK, Response{Code: CodeSuccess, Message: CodeText(CodeSuccess), Data: data})
}

// authorize checks the access token, with or without "Bearer ": issued
// (80200001), not expired (80200003), issued for this app (80200001).
func (s *Server) authorize(r *http.Request, appID string) (mockvendors.App, *APIError) {
	g, status := s.issuer.Check(oauth.BearerToken(r.Header.Get("Authorization"), true))
	switch status {
	case oauth.Missing:
		return mockvendors.App{}, apiErr(CodeAuthError, "the Authorization header carries no access token")
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

// timestampOK accepts an absent timestamp or a positive integer (seconds
// or milliseconds).
func timestampOK(h string) bool {
	h = strings.TrimSpace(h)
	if h == "" {
		return true
	}
	n, err := strconv.ParseInt(h, 10, 64)
	return err == nil && n > 0
}

// accept records one accepted token and hands the message to the device
// channel. st.mu is held.
func (s *Server) accept(app mockvendors.App, m *SendMessageRequest, tok, reqID string, payload json.RawMessage, now time.Time, path string) {
	title, body := m.content()
	s.Messages().Add(mockvendors.Message{
		Vendor: protocol.VendorHonor, MsgID: reqID, AppID: app.ID, Token: tok,
		Title: title, Body: body, Click: m.click(), Path: path, Params: m.params(),
		ReceivedAt: mockvendors.FormatTime(now),
	})
	ttl := m.TTL()
	s.Hub().Deliver(tok, protocol.DeviceNotice{MsgID: reqID, Token: tok, Payload: payload}, ttl,
		mockvendors.DeliverOptions{OnlineOnly: ttl == 0})
}

// payloadOf is what the device receives: the normalized message without
// its tokens.
func payloadOf(m *SendMessageRequest) json.RawMessage {
	p := *m
	p.Token = nil
	b, err := json.Marshal(p)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}

// content is the notification's title and body ("" for a data message).
func (m *SendMessageRequest) content() (string, string) {
	if m.Android != nil && m.Android.Notification != nil {
		return m.Android.Notification.Title, m.Android.Notification.Body
	}
	return "", ""
}

// click describes the tap in vendor-neutral terms.
func (m *SendMessageRequest) click() mockvendors.Click {
	if m.Android == nil || m.Android.Notification == nil || m.Android.Notification.ClickAction == nil {
		return mockvendors.Click{Action: protocol.ClickOpenApp}
	}
	c := m.Android.Notification.ClickAction
	switch c.Type {
	case ClickURL:
		return mockvendors.Click{Action: protocol.ClickOpenURL, URL: c.URL}
	case ClickIntent:
		out := mockvendors.Click{Action: "custom", Custom: c.Intent}
		if c.Intent == "" {
			out.Custom = c.Action
			return out
		}
		in, err := hms.ParseIntentURI(c.Intent)
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
	return mockvendors.Click{Action: protocol.ClickOpenApp}
}

// params are the message's delivery options as received.
func (m *SendMessageRequest) params() map[string]string {
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
	put("ttl", string(a.TTL))
	put("biTag", a.BiTag)
	put("targetUserType", strconv.Itoa(int(a.TargetUserType)))
	if n := a.Notification; n != nil {
		put("importance", n.Importance)
		if n.ClickAction != nil {
			put("clickAction.type", strconv.Itoa(int(n.ClickAction.Type)))
		}
		if n.Badge != nil {
			put("badge.badgeClass", n.Badge.BadgeClass)
		}
	}
	return out
}
