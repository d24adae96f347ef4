package vivo_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/vendortest"
)

// FuzzPaths: every request below the vivo API prefixes gets a vivo result.
func FuzzPaths(f *testing.F) {
	h, _ := fuzzServer(f)
	vendortest.FuzzPaths(f, h, []string{"/message/", "/report/", "/tag/", "/tagGroup/", "/tagSegment/"}, func(status int, body []byte) error {
		var r struct {
			Result *int   `json:"result"`
			Desc   string `json:"desc"`
		}
		if err := json.Unmarshal(body, &r); err != nil || r.Result == nil || r.Desc == "" {
			return errors.New("not a vivo result")
		}
		return nil
	})
}
