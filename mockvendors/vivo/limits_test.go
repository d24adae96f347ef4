package vivo_test

import (
	"net/http"

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
	{Name: "test_system_daily", N: 3, Client: testMode},
	{Name: "test_operational_daily", N: 3, Request: asOperational, Client: testMode},
}

// testMode pushes test messages (pushMode 1).
func testMode(u string, hc *http.Client) protocol.Pusher { return vivo.NewClient(u, hc).TestMode() }
