package fcm_test

import "github.com/pushsim/pushsim/mockvendors/vendortest"

// limitCases trip every named limit of the mock (vendors.fcm.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "project", N: 3},
	{Name: "device_minute"},
	{Name: "device_hour", N: 3},
}
