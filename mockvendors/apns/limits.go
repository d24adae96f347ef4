package apns

import (
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limitSetters put the named limits of mockvendors.VendorLimits into the
// options: the per-device throttle (429 TooManyRequests), whose number
// Apple does not publish.
var limitSetters = mockvendors.LimitSetters[options]{
	"device": func(o *options, n int, span time.Duration) { o.deviceRate, o.deviceSpan = n, span },
}

// limitOption applies cfg's limits (vendors.apns.limits) before the
// caller's options.
func limitOption(l mockvendors.Limits) Option {
	return mockvendors.LimitOption[options, Option](protocol.VendorAPNs, l, limitSetters)
}
