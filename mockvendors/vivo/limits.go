package vivo

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options.
var limitSetters = mockvendors.LimitSetters[options]{
	"auth":                     mockvendors.LimitField(func(o *options) *mockvendors.Limit { return &o.authRate }),
	"system_daily":             mockvendors.CountField(func(o *options) *int { return &o.systemDaily }),
	"operational_daily":        mockvendors.CountField(func(o *options) *int { return &o.operationalDaily }),
	"operational_device_daily": mockvendors.CountField(func(o *options) *int { return &o.operationalDevice }),
	"test_system_daily":        mockvendors.CountField(func(o *options) *int { return &o.testSystemDaily }),
	"test_operational_daily":   mockvendors.CountField(func(o *options) *int { return &o.testOperDaily }),
}

// limitOption applies cfg's limits (vendors.vivo.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorVivo, l, limitSetters)
}
