package xiaomi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

// apiCalls are the alias, account, topic, broadcast, subscription, list
// and feedback endpoints with the method each takes.
var apiCalls = []struct{ method, path string }{
	{http.MethodPost, xiaomi.PathAlias}, {http.MethodPost, xiaomi.PathUserAccount},
	{http.MethodPost, xiaomi.PathTopic}, {http.MethodPost, xiaomi.PathMultiTopic}, {http.MethodPost, xiaomi.PathAll},
	{http.MethodPost, xiaomi.PathTopicSubscribe}, {http.MethodPost, xiaomi.PathTopicUnsubscribe},
	{http.MethodPost, xiaomi.PathTopicSubAlias}, {http.MethodPost, xiaomi.PathTopicUnsubAlias},
	{http.MethodGet, xiaomi.PathAliasAll}, {http.MethodGet, xiaomi.PathTopicAll}, {http.MethodGet, xiaomi.PathInvalidRegIDs},
}

// FuzzAPIs sends any query, body and Authorization header to every
// endpoint besides regid pushes: each answer is HTTP 200 and a MiPush
// response (ok, or error with a code and a description), the right secret
// always passes authentication and a wrong one never succeeds.
func FuzzAPIs(f *testing.F) {
	h := fuzzServer(f)
	for i := range apiCalls {
		for _, s := range formSeeds {
			f.Add(uint8(i), "key="+secret, "", s)
		}
		f.Add(uint8(i), "key="+secret, "regid=r1&topic=news&restricted_package_name="+pkg, "aliases=a,b&topic=t")
		f.Add(uint8(i), "key=wrong", "", "alias=a&topics=x;$;y&topic_op=UNION")
	}
	f.Fuzz(func(t *testing.T, pick uint8, auth, query, body string) {
		c := apiCalls[int(pick)%len(apiCalls)]
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		req.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: HTTP %d", c.path, w.Code)
		}
		var r xiaomi.Response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.TraceID == "" {
			t.Fatalf("%s: answer %q is not a MiPush response: %v", c.path, w.Body, err)
		}
		switch {
		case r.Result == xiaomi.ResultOK:
			if auth != "key="+secret {
				t.Fatalf("%s with Authorization %q succeeded", c.path, auth)
			}
		case r.Result != xiaomi.ResultError || r.Code == 0 || r.Description == "":
			t.Fatalf("%s: failure shape: %+v", c.path, r)
		case auth == "key="+secret && r.Code == xiaomi.CodeAuthFailed:
			t.Fatalf("%s: the right secret failed authentication: %+v", c.path, r)
		}
	})
}
