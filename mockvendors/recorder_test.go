package mockvendors_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestRecorderHTTP(t *testing.T) {
	rec := mockvendors.NewRecorder()
	get := func(query string) []map[string]any {
		t.Helper()
		w := httptest.NewRecorder()
		rec.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/messages"+query, nil))
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET = %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		var out []map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("GET body %q: %v", w.Body, err)
		}
		return out
	}
	if got := get(""); got == nil || len(got) != 0 {
		t.Fatalf("empty GET = %v, want []", got)
	}
	rec.Add(mockvendors.Message{Vendor: "meizu", MsgID: "m1", Token: "t1", Title: "Bob", Body: "hi", ReceivedAt: "2000-01-01T00:00:00Z"})
	rec.Add(mockvendors.Message{Vendor: "meizu", MsgID: "m2", Token: "t2", Title: "Eve", Body: "yo", ReceivedAt: "2000-01-01T00:00:01Z"})
	all := get("")
	if len(all) != 2 {
		t.Fatalf("GET = %v", all)
	}
	for _, key := range []string{"token", "title", "body", "received_at", "vendor", "msg_id", "click"} {
		if _, ok := all[0][key]; !ok {
			t.Errorf("message lacks %q: %v", key, all[0])
		}
	}
	if got := get("?token=t2"); len(got) != 1 || got[0]["msg_id"] != "m2" {
		t.Errorf("GET ?token=t2 = %v", got)
	}
	w := httptest.NewRecorder()
	rec.ServeHTTP(w, httptest.NewRequest(http.MethodDelete, "/messages", nil))
	if w.Code != http.StatusNoContent || rec.Len() != 0 {
		t.Fatalf("DELETE = %d, %d left", w.Code, rec.Len())
	}
	w = httptest.NewRecorder()
	rec.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/messages", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST = %d, want 405", w.Code)
	}
}

func TestBoundedRecorderKeepsNewestInOrder(t *testing.T) {
	rec := mockvendors.NewBoundedRecorder(3)
	ids := func() []string {
		var out []string
		for _, m := range rec.List() {
			out = append(out, m.MsgID)
		}
		return out
	}
	for i, want := range [][]string{{"m0"}, {"m0", "m1"}, {"m0", "m1", "m2"}, {"m1", "m2", "m3"}, {"m2", "m3", "m4"},
		{"m3", "m4", "m5"}, {"m4", "m5", "m6"}} {
		rec.Add(mockvendors.Message{MsgID: "m" + strconv.Itoa(i)})
		if got := ids(); !slices.Equal(got, want) {
			t.Fatalf("after m%d: %v, want %v", i, got, want)
		}
	}
	rec.Clear()
	rec.Add(mockvendors.Message{MsgID: "n"})
	if got := ids(); !slices.Equal(got, []string{"n"}) || rec.Len() != 1 {
		t.Fatalf("after Clear and one Add: %v", got)
	}
}
