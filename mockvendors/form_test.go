package mockvendors_test

import (
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestReadForm(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/x?q=1", strings.NewReader("a=2&sign=s"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	form, err := mockvendors.ReadForm(r, 100)
	if err != nil || form.Get("q") != "1" || form.Get("a") != "2" {
		t.Fatalf("ReadForm = %v, %v", form, err)
	}
	if got := mockvendors.FormParams(form, "sign"); !maps.Equal(got, map[string]string{"q": "1", "a": "2"}) {
		t.Errorf("FormParams = %v", got)
	}
	long := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader("a="+strings.Repeat("x", 100)))
	long.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var tooLong *http.MaxBytesError
	if _, err := mockvendors.ReadForm(long, 10); !errors.As(err, &tooLong) {
		t.Errorf("an over-long body: %v, want an *http.MaxBytesError", err)
	}
	if got := mockvendors.FormParams(url.Values{"k": {"v1", "v2"}}); got["k"] != "v1" {
		t.Errorf("FormParams keeps %q, want the first value", got["k"])
	}
}
