package fcm

import (
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options: the project quota and the two per-device throttles (240 a
// minute, 5,000 an hour to one registration token).
var limitSetters = mockvendors.LimitSetters[options]{
	"project":       func(o *options, n int, span time.Duration) { o.projectQuota = limit{n, span} },
	"device_minute": func(o *options, n int, span time.Duration) { o.deviceRate = limit{n, span} },
	"device_hour":   func(o *options, n int, span time.Duration) { o.deviceHour = limit{n, span} },
}

// limitOption applies cfg's limits (vendors.fcm.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorFCM, l, limitSetters)
}
