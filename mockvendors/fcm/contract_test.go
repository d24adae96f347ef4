package fcm_test

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/protocol"
)

// The shapes the harness wires vendors with.
var (
	_ func(mockvendors.Config) (mockvendors.Server, error) = func(c mockvendors.Config) (mockvendors.Server, error) { return fcm.New(c) }
	_ protocol.Pusher                                      = fcm.NewClient("", nil)
)
