package honor_test

import "github.com/pushsim/pushsim/mockvendors/vendortest"

// limitCases trip every named limit of the mock (vendors.honor.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "rate", N: 3},
}
