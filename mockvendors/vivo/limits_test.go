package vivo_test

import (
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
)

// asOperational makes the suite's push an operational message.
var asOperational = vendortest.WithAndroid(func(a *protocol.AndroidInfo) {
	c := vivo.ClassOperational
	a.VIVOClassification = &c
})

// limitCases trip every named limit of the mock (vendors.vivo.limits).
var limitCases = []vendortest.LimitCase{
	{Name: "auth", FreshClient: true},
	{Name: "system_daily", N: 3},
	{Name: "operational_daily", N: 3, Request: asOperational},
	{Name: "operational_device_daily", Request: asOperational, Dropped: true},
}
