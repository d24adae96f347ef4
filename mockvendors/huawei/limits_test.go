package huawei_test

import (
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// limitCases trip every named limit of the mock (vendors.huawei.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "rate", N: 3},
	{Name: "marketing_device_daily", N: 3, Dropped: true,
		Request: vendortest.WithAndroid(func(a *protocol.AndroidInfo) { a.HuaWeiCategory = huawei.CategoryMarketing })},
}
