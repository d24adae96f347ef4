package huawei

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options.
var limitSetters = mockvendors.LimitSetters[options]{
	"rate":                   mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.rate }),
	"marketing_device_daily": mockvendors.CountField(func(o *options) *int { return &o.marketingCap }),
}

// limitOption applies cfg's limits (vendors.huawei.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorHuawei, l, limitSetters)
}
