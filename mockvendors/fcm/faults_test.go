package fcm_test

import (
	"context"
	"testing"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/messaging"
	"google.golang.org/api/option"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
)

// The unmodified Admin SDK reads injected faults as the real service's
// errors: down is UNAVAILABLE (503), a quota QUOTA_EXCEEDED (429), an
// error rule the code it names.
func TestFirebaseAdminSDKReadsFaults(t *testing.T) {
	srv, base, token := loopback(t, fcm.AppFor(project, pkg, ""))
	ctx := context.Background()
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: project},
		option.WithEndpoint(base+"/v1"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	client, err := app.Messaging(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rule mockvendors.FaultRule
		is   func(error) bool
		name string
	}{
		{mockvendors.FaultRule{Name: "down", Down: true}, messaging.IsUnavailable, "IsUnavailable"},
		{mockvendors.FaultRule{Name: "quota", Quota: &mockvendors.FaultQuota{Limit: 0, Per: mockvendors.Span(60e9)}}, messaging.IsQuotaExceeded, "IsQuotaExceeded"},
		{mockvendors.FaultRule{Name: "unreg", Error: &mockvendors.FaultError{Code: "UNREGISTERED"}}, messaging.IsUnregistered, "IsUnregistered"},
		{mockvendors.FaultRule{Name: "internal", Error: &mockvendors.FaultError{}}, messaging.IsInternal, "IsInternal"},
	}
	for _, c := range cases {
		srv.Faults().Clear()
		if err := srv.Faults().Add(c.rule); err != nil {
			t.Fatal(err)
		}
		if _, err := client.Send(ctx, sdkMessage(token)); !c.is(err) {
			t.Errorf("%s: Send = %v, want %s", c.rule.Name, err, c.name)
		}
	}
	srv.Faults().Clear()
	if _, err := client.Send(ctx, sdkMessage(token)); err != nil {
		t.Errorf("after clearing the faults: %v", err)
	}
	// The SDK retries UNAVAILABLE with backoff, so down fires once per
	// attempt; the others once.
	for _, f := range srv.Faults().Coverage() {
		if f.Fired < 1 || (f.Rule != "down" && f.Fired != 1) {
			t.Errorf("rule %s fired %d times", f.Rule, f.Fired)
		}
	}
}
