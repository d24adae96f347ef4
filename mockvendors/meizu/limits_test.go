package meizu_test

import (
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// asPublic makes the suite's push a public (公信) message.
var asPublic = vendortest.WithAndroid(func(a *protocol.AndroidInfo) {
	t := meizu.NoticeMsgPublic
	a.MeiZuNoticeMsgType = &t
})

// limitCases trip every named limit of the mock (vendors.meizu.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "folding"},
	{Name: "speed", N: 3},
	{Name: "rate", N: 3},
	{Name: "public_device_daily", N: 3, Request: asPublic},
	{Name: "app_daily", N: 3},
}
