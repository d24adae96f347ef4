package honor_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
)

// FuzzPaths: every request below /api/ gets a Honor response.
func FuzzPaths(f *testing.F) {
	srv, err := honor.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	vendortest.FuzzPaths(f, srv.Handler(), []string{"/api/", "/api/v1/", "/api/v1/" + appID + "/"}, func(status int, body []byte) error {
		var r struct {
			Code    *int   `json:"code"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(body, &r); err != nil || r.Code == nil || r.Message == "" {
			return fmt.Errorf("not a Honor response")
		}
		return nil
	})
}
