package apns_test

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
)

// The shapes the harness wires vendors with.
var (
	_ func(mockvendors.Config) (mockvendors.Server, error) = func(c mockvendors.Config) (mockvendors.Server, error) { return apns.New(c) }
	_ protocol.Pusher                                      = apns.NewClient("", nil)
)
