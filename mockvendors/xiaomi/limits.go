package xiaomi

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options.
var limitSetters = mockvendors.LimitSetters[options]{
	"app_daily":           mockvendors.CountField(func(o *options) *int { return &o.dayQuota }),
	"public_device_daily": mockvendors.CountField(func(o *options) *int { return &o.publicDailyCap }),
	"rate":                mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.appRate }),
	"ip_rate":             mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.ipRate }),
}

// limitOption applies cfg's limits (vendors.xiaomi.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorXiaomi, l, limitSetters)
}
