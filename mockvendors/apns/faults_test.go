package apns_test

import (
	"net/http"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
)

// The unmodified apns2 client reads injected faults with APNs' own
// statuses and reasons.
func TestAPNS2ClientReadsFaults(t *testing.T) {
	_, keyPEM := newKey(t)
	rt := newRealTime(t, keyPEM)
	client := h2cClient(t, rt.h2c.URL, keyPEM)
	cases := []struct {
		rule   mockvendors.FaultRule
		status int
		reason string
	}{
		{mockvendors.FaultRule{Name: "down", Down: true}, http.StatusServiceUnavailable, apns.ReasonServiceUnavailable},
		{mockvendors.FaultRule{Name: "rate", Error: &mockvendors.FaultError{Reason: "vendor_rate_limited"}}, http.StatusTooManyRequests, apns.ReasonTooManyRequests},
		{mockvendors.FaultRule{Name: "shutdown", Error: &mockvendors.FaultError{Code: apns.ReasonShutdown}}, http.StatusServiceUnavailable, apns.ReasonShutdown},
	}
	for _, c := range cases {
		rt.srv.Faults().Clear()
		if err := rt.srv.Faults().Add(c.rule); err != nil {
			t.Fatal(err)
		}
		res, err := client.Push(alert(rt.token))
		if err != nil || res.StatusCode != c.status || res.Reason != c.reason {
			t.Errorf("%s: push = %+v, %v; want %d %s", c.rule.Name, res, err, c.status, c.reason)
		}
	}
	rt.srv.Faults().Clear()
	if res, err := client.Push(alert(rt.token)); err != nil || !res.Sent() {
		t.Errorf("after clearing the faults: %+v, %v", res, err)
	}
}
