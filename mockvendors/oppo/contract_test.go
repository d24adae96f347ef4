package oppo_test

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
)

// The shapes the harness wires vendors with.
var (
	_ func(mockvendors.Config) (mockvendors.Server, error) = func(c mockvendors.Config) (mockvendors.Server, error) { return oppo.New(c) }
	_ protocol.Pusher                                      = oppo.NewClient("", nil)
)
