package oppo_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/oppo"
)

// FuzzFetchInvalidRegIDs calls fetch_invalid_regidList with any query and
// auth_token header: every answer is an OPPO response, the valid token in
// either place is never refused, no token never succeeds, and a success
// lists as many IDs as its total_count says (none: no device registered).
func FuzzFetchInvalidRegIDs(f *testing.F) {
	h, tok := fuzzServer(f)
	f.Add(url.Values{"auth_token": {tok}}.Encode(), "")
	f.Add("", tok)
	f.Add("auth_token=", " "+tok+" ")
	f.Add("auth_token=nope&auth_token="+tok, "x")
	f.Add("%zz", "")
	f.Fuzz(func(t *testing.T, query, header string) {
		req := httptest.NewRequest(http.MethodGet, oppo.PathFetchInvalidRegIDs, nil)
		req.URL.RawQuery = query
		if header != "" {
			req.Header.Set("auth_token", header)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		r := checkAnswer(t, w)
		q, qerr := url.ParseQuery(query)
		fromQuery := strings.TrimSpace(q.Get("auth_token"))
		sent := fromQuery
		if sent == "" {
			sent = strings.TrimSpace(req.Header.Get("auth_token"))
		}
		switch {
		case r.Code == oppo.CodeOK:
			var d oppo.InvalidRegIDData
			if r.DataAs(&d) != nil || d.TotalCount != len(d.RegistrationIDs) || d.TotalCount != 0 {
				t.Fatalf("invalid regids answer %s", r.Data)
			}
			if sent == "" {
				t.Fatalf("query %q header %q: succeeded without a token", query, header)
			}
		case qerr == nil && sent == tok && r.Code == oppo.CodeInvalidAuthToken:
			t.Fatalf("query %q header %q: the valid token was refused", query, header)
		}
	})
}
