package oppo_test

import (
	"testing"

	"github.com/pushsim/pushsim/mockvendors/vendortest"
)

// FuzzClientResponses fuzzes what the client reads from the vendor.
func FuzzClientResponses(f *testing.F) { vendortest.FuzzClient(f, oppoProfile()) }
