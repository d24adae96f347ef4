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
func (q *request) params() map[string]string {
	out := make(map[string]string, len(q.form))
	for k := range q.form {
		if k != "sign" {
			out[k] = q.form.Get(k)
		}
	}
	return out
}

// authenticate parses the form and checks the app and the signature, in
// the service's order: appId present (110004) and known (110000), not
// blacklisted (110009), sign present (110004) and right (1006).
func (s *Server) authenticate(r *http.Request) (*request, *APIError) {
	form, err := parseForm(r)
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
	if !strings.EqualFold(sign, Sign(form, app.Secret)) {
		return nil, apiErr(CodeSignFailed, "")
	}
	return &request{form: form, app: app}, nil
}

// parseForm reads the query and a form-encoded body.
func parseForm(r *http.Request) (url.Values, error) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

// splitList splits a comma-separated list, trimming blanks and dropping
// empty items and repeats.
func splitList(s string) []string {
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
