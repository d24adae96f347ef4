package huawei_test

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
)

func TestOptionsRefuseBadValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  huawei.Option
	}{
		{"negative rate", huawei.WithRateLimit(-1, time.Minute)},
		{"rate without a window", huawei.WithRateLimit(1, 0)},
		{"negative marketing cap", huawei.WithMarketingDailyCap(-1)},
		{"zero message size", huawei.WithMaxMessageBytes(0)},
		{"zero receipt interval", huawei.WithReceiptInterval(0)},
		{"sub-second token lifetime", huawei.WithTokenLifetime(time.Millisecond)},
		{"keepalive wait below ping", huawei.WithKeepalive(time.Minute, time.Second)},
	} {
		if _, err := huawei.New(mockvendors.Config{}, tc.opt); err == nil {
			t.Errorf("%s: New accepted it", tc.name)
		}
	}
	if _, err := huawei.New(mockvendors.Config{DropRate: 2}); err == nil {
		t.Error("New accepted a drop rate of 2")
	}
	srv, err := huawei.New(mockvendors.Config{}, huawei.WithKeepalive(time.Second, time.Minute), huawei.WithTokenLifetime(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddApp(theApp)
	if !srv.HasApp(appID) || srv.HasApp("x") || srv.Vendor() != "huawei" || len(srv.Hosts()) != 2 {
		t.Error("server basics")
	}
	if err := srv.Close(); err != nil {
		t.Error(err)
	}
}
