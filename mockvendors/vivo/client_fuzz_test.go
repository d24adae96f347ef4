package vivo_test

import (
	"testing"

	"github.com/pushsim/pushsim/mockvendors/vendortest"
)

// FuzzClientResponses fuzzes what the client reads from the vendor.
func FuzzClientResponses(f *testing.F) { vendortest.FuzzClient(f, vivoProfile()) }

// FuzzRegister fuzzes the device SDK's registration with the vendor.
func FuzzRegister(f *testing.F) { vendortest.FuzzRegister(f, vivoProfile()) }
