package vivo

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// authTokenKey is the authToken header's name as http.Header holds it.
var authTokenKey = textproto.CanonicalMIMEHeaderKey("authToken")

// TimestampWindow is how far an auth call's timestamp may be from the
// server's clock (the document: within ten minutes either way).
const TimestampWindow = 10 * time.Minute

// AuthRequest is the body of /message/auth.
type AuthRequest struct {
	AppID     FlexString `json:"appId"`
	AppKey    string     `json:"appKey"`
	Timestamp FlexInt    `json:"timestamp"`
	Sign      string     `json:"sign"`
}

// Sign computes the auth call's signature: MD5 of appId, appKey,
// timestamp (ms) and appSecret concatenated (each trimmed), as 32
// lowercase hex digits.
func Sign(appID, appKey string, timestamp int64, appSecret string) string {
	s := strings.TrimSpace(appID) + strings.TrimSpace(appKey) + strconv.FormatInt(timestamp, 10) + strings.TrimSpace(appSecret)
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// auth handles POST /message/auth. Checks run in this order: a JSON body
// (10050), appId present (10200), appKey present (10201), the app's auth
// rate (10093, every call naming the app counts), then the app, its
// appKey, the timestamp's window and the sign (10000 naming which).
func (s *Server) auth(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.fail(w, apiErr(CodeInvalidParam, "%v", err))
		return
	}
	var req AuthRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.fail(w, apiErr(CodeInvalidParam, "请求体不是合法的JSON"))
		return
	}
	now := time.Now()
	appID, key := string(req.AppID), strings.TrimSpace(req.AppKey)
	switch {
	case appID == "":
		s.fail(w, apiErr(CodeAppIDEmpty, ""))
		return
	case key == "":
		s.fail(w, apiErr(CodeAppKeyEmpty, ""))
		return
	case !s.state.authRate.Allow(appID, now):
		s.fail(w, apiErr(CodeAuthTooFrequent, ""))
		return
	}
	app, ok := s.apps.Get(appID)
	ts := time.UnixMilli(int64(req.Timestamp))
	switch {
	case !ok:
		s.fail(w, apiErr(CodeAuthFailed, "appId不合法"))
		return
	case app.Key != key:
		s.fail(w, apiErr(CodeAuthFailed, "appKey不合法"))
		return
	case req.Timestamp <= 0 || ts.Sub(now).Abs() > TimestampWindow:
		s.fail(w, apiErr(CodeAuthFailed, "timestamp不合法"))
		return
	case !strings.EqualFold(strings.TrimSpace(req.Sign), Sign(appID, key, int64(req.Timestamp), app.Secret)):
		s.fail(w, apiErr(CodeAuthFailed, "sign不合法"))
		return
	}
	resp := okResponse()
	resp.AuthToken = s.tokens.Issue(app.ID, app.Secret, now).Value
	s.reply(w, resp)
}

// authenticate checks the authToken header: missing, unknown or expired
// is 10000.
func (s *Server) authenticate(r *http.Request) (mockvendors.App, *APIError) {
	tok := strings.TrimSpace(r.Header.Get(authTokenKey))
	if tok == "" {
		return mockvendors.App{}, apiErr(CodeAuthFailed, "authToken不能为空")
	}
	t, st := s.tokens.Check(tok, time.Now())
	switch st {
	case authtoken.StatusExpired:
		return mockvendors.App{}, apiErr(CodeAuthFailed, "authToken已过期")
	case authtoken.StatusUnknown:
		return mockvendors.App{}, apiErr(CodeAuthFailed, "authToken不合法")
	}
	app, ok := s.apps.Get(t.AppID)
	if !ok {
		return mockvendors.App{}, apiErr(CodeAuthFailed, "应用不存在")
	}
	return app, nil
}

// readBody reads a bounded request body.
func readBody(r *http.Request) ([]byte, error) {
	b, err := mockvendors.ReadBody(nil, r, maxBody)
	return bytes.TrimSpace(b), err
}
