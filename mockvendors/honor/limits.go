package honor

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options.
var limitSetters = mockvendors.LimitSetters[options]{
	"rate": mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.rate }),
}

// limitOption applies cfg's limits (vendors.honor.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorHonor, l, limitSetters)
}
