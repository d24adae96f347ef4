package runner_test

import (
	"testing"

	"github.com/pushsim/pushsim/reports"
)

// TestLimitTripIsOneAttemptRecorded: a push over the vendor's limit is
// tried once, its answer recorded with the vendor's reason, and never
// retried behind the scenario's back.
func TestLimitTripIsOneAttemptRecorded(t *testing.T) {
	sc := faultScenario(t, "  xiaomi: {limits: {app_daily: 2}}", 3, "  - wait: 1m\n")
	res := runScenario(t, sc, 1)
	if res.Status != reports.StatusPassed {
		t.Fatalf("status %s, failures %+v", res.Status, res.Failures)
	}
	if n, fates := notified(res); n != 2 || fates != "110" {
		t.Fatalf("notified %d (%s), want the first 2 of 3", n, fates)
	}
	over := res.Messages[2]
	if over.Outcome != reports.OutcomeNotDelivered || over.Reason != "vendor_quota_exceeded" {
		t.Errorf("third message %s/%s, want not_delivered/vendor_quota_exceeded", over.Outcome, over.Reason)
	}
	requests, results := 0, 0
	for _, h := range over.Hops {
		switch h.Kind {
		case "vendor.request":
			requests++
		case "vendor.result":
			results++
			if h.Reason != "vendor_quota_exceeded" {
				t.Errorf("vendor.result reason %q, want vendor_quota_exceeded", h.Reason)
			}
		}
	}
	if requests != 1 || results != 1 {
		t.Errorf("%d vendor requests and %d results for the refused message, want one each (no retry): %+v", requests, results, over.Hops)
	}
}
