package apns

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// onlineOnlyHold bounds how long a deliver-once notification may wait for
// its latency; the hub drops it if the device is away when it is due.
const onlineOnlyHold = 24 * time.Hour

// push serves POST /3/device/<token>. Checks run in this order: method
// (405), headers (400), authentication (403, 429), topic (400), device
// token shape (400), payload (400, 413), injected server errors (500,
// 503), the token's registration (400 BadDeviceToken for a token APNs
// never issued, 410 Unregistered with a timestamp, 400
// DeviceTokenNotForTopic) and the per-device rate (429).
func (s *Server) push(w http.ResponseWriter, r *http.Request, token string) {
	now := time.Now()
	if r.Method != http.MethodPost {
		writeFailure(w, fail(ReasonMethodNotAllowed))
		return
	}
	body, err := mockvendors.ReadBody(w, r, MaxVoIPPayload+1)
	tooLarge := err != nil
	hdr, f := ParseHeaders(r.Header)
	if hdr.ID != "" {
		w.Header().Set("Apns-Id", hdr.ID)
	}
	if f != nil {
		writeFailure(w, f)
		return
	}

	// The checks that need no registry (authentication, topic, token
	// shape, payload) run before the state lock is taken, so requests do
	// not wait on each other's token and JSON checks.
	bundle, notice, f := s.check(r, hdr, token, body, tooLarge, now)

	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	key, n := st.occurrence(token, hdr.Topic, hdr.PushType, strconv.Itoa(hdr.Priority), hdr.CollapseID, string(body))
	if hdr.ID == "" {
		hdr.ID = uuid(s.cfg.Seed, "apns", "apns-id", key, strconv.Itoa(n))
		w.Header().Set("Apns-Id", hdr.ID)
	}
	if f == nil {
		f = s.injected(key, n)
	}
	var reg mockvendors.Registration
	if f == nil {
		reg, f = s.checkToken(normalizeToken(token), bundle, now)
	}
	if f != nil {
		writeFailure(w, f)
		return
	}
	s.accept(hdr, normalizeToken(token), bundle, reg, body, notice, r.URL.Path, now)
	if hostEnv(r.Host) != "production" {
		w.Header().Set("Apns-Unique-Id", uuid(s.cfg.Seed, "apns", "apns-unique-id", key, strconv.Itoa(n)))
	}
	w.WriteHeader(http.StatusOK)
}

// check runs the checks that need no registry: authentication, topic,
// token shape and payload. It returns the topic's bundle ID and the
// payload read.
func (s *Server) check(r *http.Request, hdr Headers, token string, body []byte, tooLarge bool, now time.Time) (string, Notice, *Failure) {
	c, f := s.authenticate(r, now)
	if f != nil {
		return "", Notice{}, f
	}
	bundle, f := s.topicBundle(c, hdr.Topic)
	if f != nil {
		return "", Notice{}, f
	}
	if !WellFormedDeviceToken(token) {
		return "", Notice{}, fail(ReasonBadDeviceToken)
	}
	limit := MaxPayload
	if hdr.PushType == "voip" {
		limit = MaxVoIPPayload
	}
	switch {
	case tooLarge || len(body) > limit:
		return "", Notice{}, fail(ReasonPayloadTooLarge)
	case len(body) == 0:
		return "", Notice{}, fail(ReasonPayloadEmpty)
	}
	n, err := ReadPayload(body)
	if err != nil {
		// Apple lists no reason for a payload that is not a JSON
		// object; the mock answers as for an empty one.
		return "", Notice{}, fail(ReasonPayloadEmpty)
	}
	return bundle, n, nil
}

// topicBundle decides the topic: with a certificate it defaults to, and
// must be, the certificate's bundle ID; with a token it is required
// (MissingTopic), must be a registered app (TopicDisallowed) and must be
// an app of the token's team (InvalidProviderToken).
func (s *Server) topicBundle(c caller, topic string) (string, *Failure) {
	if c.certBundle != "" {
		if topic == "" {
			topic = c.certBundle
		}
		b := BundleOf(topic)
		if b != c.certBundle || !s.apps.Has(b) {
			return "", fail(ReasonTopicDisallowed)
		}
		return b, nil
	}
	if topic == "" {
		return "", fail(ReasonMissingTopic)
	}
	b := BundleOf(topic)
	app, ok := s.apps.Get(b)
	switch {
	case !ok:
		return "", fail(ReasonTopicDisallowed)
	case app.ClientID != c.team:
		// The token is good, but not for this app: its team is not the
		// app's.
		return "", fail(ReasonInvalidProviderToken)
	}
	return b, nil
}

// injected draws the configured share of server errors. st.mu is held.
func (s *Server) injected(key string, n int) *Failure {
	o := s.opts
	if o.unavailable+o.internal <= 0 {
		return nil
	}
	x := s.cfg.Seed.Stream("apns", "server_error", key, strconv.Itoa(n)).Float64()
	switch {
	case x < o.unavailable:
		return fail(ReasonServiceUnavailable)
	case x < o.unavailable+o.internal:
		return fail(ReasonInternalServerError)
	}
	return nil
}

// checkToken decides the device token. st.mu is held.
func (s *Server) checkToken(token, bundle string, now time.Time) (mockvendors.Registration, *Failure) {
	reg, ok := s.hub.Lookup(token)
	switch {
	case !ok:
		return reg, fail(ReasonBadDeviceToken)
	case !reg.Active:
		return reg, &Failure{Reason: ReasonUnregistered, Timestamp: s.state.goneSince(token, now).UnixMilli()}
	case regBundle(reg) != bundle:
		return reg, fail(ReasonDeviceTokenNotForTopic)
	case !s.state.device.Allow(token, now):
		return reg, fail(ReasonTooManyRequests)
	}
	return reg, nil
}

// regBundle is the bundle ID a token was registered for.
func regBundle(r mockvendors.Registration) string {
	if r.AppID != "" {
		return r.AppID
	}
	return r.Package
}

// accept records the notification and hands it to the device channel,
// kept until apns-expiration (the default storage time when absent); an
// expiration of 0 or in the past is delivered once or not at all.
// n is the payload body holds, as check read it. st.mu is held.
func (s *Server) accept(hdr Headers, token, bundle string, reg mockvendors.Registration, body []byte, n Notice, path string, now time.Time) {
	params := map[string]string{"apns-topic": hdr.Topic, "apns-push-type": hdr.PushType,
		"apns-priority": strconv.Itoa(hdr.Priority), "payload": string(body)}
	if hdr.HasExpiration {
		params["apns-expiration"] = strconv.FormatInt(hdr.Expiration, 10)
	}
	if hdr.CollapseID != "" {
		params["apns-collapse-id"] = hdr.CollapseID
	}
	s.rec.Add(mockvendors.Message{
		Vendor: protocol.VendorAPNs, MsgID: hdr.ID, AppID: bundle, Token: token, Title: n.Title, Body: n.Body,
		Click: mockvendors.Click{Action: protocol.ClickOpenApp, Extras: CustomStrings(n.Custom)},
		Path:  path, Params: params, ReceivedAt: mockvendors.FormatTime(now),
	})
	ttl, online := s.opts.defaultStorage, false
	if hdr.HasExpiration {
		ttl = time.Unix(hdr.Expiration, 0).Sub(now)
		if hdr.Expiration == 0 || ttl <= 0 {
			ttl, online = onlineOnlyHold, true
		}
	}
	s.hub.Deliver(token, protocol.DeviceNotice{MsgID: hdr.ID, Token: token, Package: regBundle(reg), Payload: append([]byte(nil), body...)},
		ttl, mockvendors.DeliverOptions{OnlineOnly: online})
}
