package meizu

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// request is an authenticated API call.
type request struct {
	form url.Values
	app  mockvendors.App
}

func (q *request) get(name string) string { return strings.TrimSpace(q.form.Get(name)) }

// params are the call's parameters without the signature, for the recorder.
func (q *request) params() map[string]string { return mockvendors.FormParams(q.form, "sign") }

// authenticate parses the form and checks the app and the signature, in
// the service's order: appId present (110004) and known (110000), not
// blacklisted (110009), sign present (110004) and right (1006).
func (s *Server) authenticate(r *http.Request) (*request, *APIError) {
	form, err := mockvendors.ReadForm(r, maxBody)
	if err != nil {
		return nil, apiErr(CodeParamError, "%v", err)
	}
	appID := strings.TrimSpace(form.Get("appId"))
	if appID == "" {
		return nil, apiErr(CodeParamEmpty, "appId")
	}
	app, ok := s.apps.Get(appID)
	if !ok {
		return nil, apiErr(CodeBadAppID, "")
	}
	if s.opts.blacklist[appID] {
		return nil, apiErr(CodeAppBlacklisted, "")
	}
	sign := strings.TrimSpace(form.Get("sign"))
	if sign == "" {
		return nil, apiErr(CodeParamEmpty, "sign")
	}
	if !signMatches(sign, form, app.Secret) {
		return nil, apiErr(CodeSignFailed, "")
	}
	return &request{form: form, app: app}, nil
}

// splitList splits a comma-separated list, trimming blanks and dropping
// empty items and repeats.
func splitList(s string) []string {
	if !strings.Contains(s, ",") { // one item: no split, nothing to repeat
		if item := strings.TrimSpace(s); item != "" {
			return []string{item}
		}
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item != "" && !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}
