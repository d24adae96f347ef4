package oppo_test

import "github.com/pushsim/pushsim/mockvendors/vendortest"

// limitCases trip every named limit of the mock (vendors.oppo.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "app_daily", N: 3},
	{Name: "public_device_daily", N: 3, Dropped: true},
	{Name: "rate", N: 3},
}
