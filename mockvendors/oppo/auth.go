package oppo

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// maxBody bounds a request body.
const maxBody = 4 << 20

// authTokenKey is the auth_token header's name as http.Header holds it.
var authTokenKey = textproto.CanonicalMIMEHeaderKey("auth_token")

// Sign computes the auth call's signature: SHA-256 of app_key, timestamp
// and master_secret concatenated, as 64 lowercase hex digits.
func Sign(appKey, timestamp, masterSecret string) string {
	sum := sha256.Sum256([]byte(appKey + timestamp + masterSecret))
	return hex.EncodeToString(sum[:])
}

// TimestampWindow is how far the auth call's timestamp (milliseconds) may
// lie from the server's clock, either way; beyond it the call is refused
// (19), so a captured signature cannot be replayed for long. OPPO documents
// no window; this is pushsim's choice.
const TimestampWindow = 10 * time.Minute

// auth handles POST /server/v1/auth. Checks run in this order: app_key
// present (15) and known (14), app not disabled (28), timestamp present
// (18), a positive integer (19) and within TimestampWindow of now (19),
// sign present (17) and right (16).
func (s *Server) auth(w http.ResponseWriter, r *http.Request) {
	form, err := mockvendors.ReadForm(r, maxBody)
	if err != nil {
		s.fail(w, apiErr(CodeInvalidArgument, "%v", err))
		return
	}
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	key, ts, sign := get("app_key"), get("timestamp"), get("sign")
	app, ok := s.appByKey(key)
	switch {
	case key == "":
		s.fail(w, apiErr(CodeMissingAppKey, ""))
		return
	case !ok:
		s.fail(w, apiErr(CodeInvalidAppKey, ""))
		return
	case s.opts.disabled[app.ID]:
		s.fail(w, apiErr(CodeAppDisabled, ""))
		return
	case ts == "":
		s.fail(w, apiErr(CodeMissingTimestamp, ""))
		return
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || n <= 0 {
		s.fail(w, apiErr(CodeInvalidTimestamp, ""))
		return
	}
	now := time.Now()
	if d := now.Sub(time.UnixMilli(n)); d > TimestampWindow || d < -TimestampWindow {
		s.fail(w, apiErr(CodeInvalidTimestamp, "timestamp %d is %v from the server's clock (allowed: ±%v)", n, d.Round(time.Second), TimestampWindow))
		return
	}
	switch {
	case sign == "":
		s.fail(w, apiErr(CodeMissingSign, ""))
		return
	case !strings.EqualFold(sign, Sign(key, ts, app.MasterSecret)):
		s.fail(w, apiErr(CodeInvalidSign, ""))
		return
	}
	t := s.tokens.Issue(app.ID, app.MasterSecret, now)
	s.reply(w, okResponse(AuthData{AuthToken: t.Value, CreateTime: t.Created.UnixMilli()}))
}

// request is an authenticated API call.
type request struct {
	form url.Values
	app  mockvendors.App
}

func (q *request) get(name string) string { return strings.TrimSpace(q.form.Get(name)) }

// params are the call's parameters without the auth token, for the
// recorder.
func (q *request) params() map[string]string { return mockvendors.FormParams(q.form, "auth_token") }

// authenticate parses the form and checks the auth_token, taken from the
// form (the API document) or an auth_token header (some clients): missing
// is 29, unknown or expired 11; a disabled app is 28.
func (s *Server) authenticate(r *http.Request) (*request, *APIError) {
	form, err := mockvendors.ReadForm(r, maxBody)
	if err != nil {
		return nil, apiErr(CodeInvalidArgument, "%v", err)
	}
	tok := strings.TrimSpace(form.Get("auth_token"))
	if tok == "" {
		tok = strings.TrimSpace(r.Header.Get(authTokenKey))
	}
	if tok == "" {
		return nil, apiErr(CodeMissingAuthToken, "")
	}
	t, st := s.tokens.Check(tok, time.Now())
	switch st {
	case authtoken.StatusExpired:
		return nil, apiErr(CodeInvalidAuthToken, "auth_token expired")
	case authtoken.StatusUnknown:
		return nil, apiErr(CodeInvalidAuthToken, "")
	}
	app, ok := s.apps.Get(t.AppID)
	if !ok {
		return nil, apiErr(CodeInvalidAuthToken, "the app is no longer registered")
	}
	if s.opts.disabled[app.ID] {
		return nil, apiErr(CodeAppDisabled, "")
	}
	return &request{form: form, app: app}, nil
}
