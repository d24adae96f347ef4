package xiaomi_test

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  xiaomi.Option
		ok   bool
	}{
		{"daily quota", xiaomi.WithDailyQuota(10), true},
		{"negative daily quota", xiaomi.WithDailyQuota(-1), false},
		{"public cap", xiaomi.WithPublicDailyCap(5), true},
		{"negative public cap", xiaomi.WithPublicDailyCap(-1), false},
		{"private channels", xiaomi.WithPrivateChannels("im", "chat"), true},
		{"empty private channel", xiaomi.WithPrivateChannels(""), false},
		{"app rate", xiaomi.WithRequestRateLimit(10, time.Second), true},
		{"app rate off", xiaomi.WithRequestRateLimit(0, 0), true},
		{"app rate without window", xiaomi.WithRequestRateLimit(10, 0), false},
		{"negative IP rate", xiaomi.WithIPRateLimit(-1, time.Second), false},
		{"max targets", xiaomi.WithMaxTargets(100), true},
		{"zero max targets", xiaomi.WithMaxTargets(0), false},
		{"receipt interval", xiaomi.WithReceiptInterval(time.Second), true},
		{"zero receipt interval", xiaomi.WithReceiptInterval(0), false},
		{"keepalive", xiaomi.WithKeepalive(time.Second, 2*time.Second), true},
		{"keepalive wait below ping", xiaomi.WithKeepalive(2*time.Second, time.Second), false},
		{"legacy feedback", xiaomi.WithLegacyFeedback(), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := xiaomi.New(mockvendors.Config{}, tc.opt)
			if srv != nil {
				defer srv.Close()
			}
			if (err == nil) != tc.ok {
				t.Fatalf("New(%s) error = %v, want ok %v", tc.name, err, tc.ok)
			}
		})
	}
	if _, err := xiaomi.New(mockvendors.Config{DropRate: 2}); err == nil {
		t.Fatal("New accepted a drop rate of 2")
	}
}
