package apns_test

import "github.com/pushsim/pushsim/mockvendors/vendortest"

// limitCases trip every named limit of the mock (vendors.apns.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "device", N: 3},
}
