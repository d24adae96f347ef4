package meizu

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options.
var limitSetters = mockvendors.LimitSetters[options]{
	"folding":             mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.fold }),
	"speed":               mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.speed }),
	"rate":                mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.rate }),
	"public_device_daily": mockvendors.CountField(func(o *options) *int { return &o.publicDailyCap }),
	"app_daily":           mockvendors.CountField(func(o *options) *int { return &o.appDailyCap }),
}

// limitOption applies cfg's limits (vendors.meizu.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorMeizu, l, limitSetters)
}
