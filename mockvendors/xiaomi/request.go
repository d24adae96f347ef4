package xiaomi

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// maxBody bounds a request body; a longer one is refused with 10018.
const maxBody = 1 << 20

// AuthorizationHeader and its value prefix: every call carries
// "Authorization: key=<AppSecret>".
const (
	AuthorizationHeader = "Authorization"
	AuthorizationPrefix = "key="
)

// request is an authenticated API call.
type request struct {
	form url.Values
	app  mockvendors.App
	path string
	now  time.Time
	// encoded is form.Encode() (as AppendForm writes it), made once (see
	// encodedForm).
	encoded string
	hasEnc  bool
}

// encodedForm is the call's form encoded in sorted order: what message
// and trace IDs are drawn from. The form is not changed after parsing, so
// it is encoded once.
func (q *request) encodedForm() string {
	if !q.hasEnc {
		q.encoded, q.hasEnc = string(mockvendors.AppendForm(nil, q.form)), true
	}
	return q.encoded
}

func (q *request) get(name string) string { return strings.TrimSpace(q.form.Get(name)) }

// params are the call's parameters as received, for the recorder. The
// secret travels in a header, never in the form.
func (q *request) params() map[string]string { return mockvendors.FormParams(q.form) }

// authenticate reads the form and finds the app by its secret, in the
// service's order: a readable body (10018 too long, 10008 otherwise), an
// "Authorization: key=<AppSecret>" header naming a registered app's
// secret (21301), then the request rates (10023 per app, 10022 per IP).
func (s *Server) authenticate(r *http.Request) (*request, *APIError) {
	now := time.Now()
	form, err := mockvendors.ReadForm(r, maxBody)
	if err != nil {
		var tooLong *http.MaxBytesError
		if errors.As(err, &tooLong) {
			return nil, apiErr(CodeRequestTooLong, "the request body is over %d bytes", maxBody)
		}
		return nil, apiErr(CodeBadRequest, "the form cannot be read: %v", err)
	}
	secret, ok := secretOf(r.Header.Get(AuthorizationHeader))
	if !ok {
		return nil, apiErr(CodeAuthFailed, "no Authorization: key=<AppSecret> header")
	}
	app, ok := s.appBySecret(secret)
	if !ok {
		return nil, apiErr(CodeAuthFailed, "the AppSecret matches no app")
	}
	if !s.state.appRate.Allow(app.ID, now) {
		return nil, apiErr(CodeAppRateLimited, "too many requests for app %s", app.ID)
	}
	if !s.state.ipRate.Allow(clientIP(r), now) {
		return nil, apiErr(CodeIPRateLimited, "too many requests from this IP")
	}
	return &request{form: form, app: app, path: r.URL.Path, now: now}, nil
}

// checkPackage checks restricted_package_name against the app: present
// (10016), and naming the app's package (22006 when it names another
// registered app's, 22001 when no app has it).
func (s *Server) checkPackage(q *request) *APIError {
	pkgs := splitList(q.form.Get("restricted_package_name"), ",")
	if len(pkgs) == 0 {
		return apiErr(CodeParamMissing, "restricted_package_name")
	}
	if q.app.Package == "" {
		return nil
	}
	for _, p := range pkgs {
		if p == q.app.Package {
			return nil
		}
	}
	for _, id := range s.apps.IDs() {
		if a, _ := s.apps.Get(id); a.Package != "" && slices.Contains(pkgs, a.Package) {
			return apiErr(CodeBadPackage, "restricted_package_name %q is not this AppSecret's app", q.form.Get("restricted_package_name"))
		}
	}
	return apiErr(CodeAppNotFound, "no app has package %q", q.form.Get("restricted_package_name"))
}

// appBySecret finds the app an AppSecret belongs to.
func (s *Server) appBySecret(secret string) (mockvendors.App, bool) {
	for _, id := range s.apps.IDs() {
		if a, ok := s.apps.Get(id); ok && a.Secret != "" && a.Secret == secret {
			return a, true
		}
	}
	return mockvendors.App{}, false
}

// secretOf reads "key=<AppSecret>" (the prefix in any case).
func secretOf(h string) (string, bool) {
	h = strings.TrimSpace(h)
	if len(h) <= len(AuthorizationPrefix) || !strings.EqualFold(h[:len(AuthorizationPrefix)], AuthorizationPrefix) {
		return "", false
	}
	return strings.TrimSpace(h[len(AuthorizationPrefix):]), true
}

// clientIP is the caller's address without the port.
func clientIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}
