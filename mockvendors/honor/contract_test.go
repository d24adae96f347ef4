package honor_test

import (
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/protocol"
)

// The shapes the harness wires vendors with.
var (
	_ func(mockvendors.Config) (mockvendors.Server, error) = func(c mockvendors.Config) (mockvendors.Server, error) { return honor.New(c) }
	_ protocol.Pusher                                      = honor.NewClient("", nil)
)
