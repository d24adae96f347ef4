package huawei_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
)

// FuzzPaths: every request below /v1/ gets an HMS response (a path
// pushsim does not mock answers 404 with 80100001).
func FuzzPaths(f *testing.F) {
	srv, err := huawei.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	vendortest.FuzzPaths(f, srv.Handler(), []string{"/v1/", "/v1/" + appID + "/"}, func(status int, body []byte) error {
		var r huawei.Response
		if err := json.Unmarshal(body, &r); err != nil || r.Code == "" || r.Msg == "" {
			return fmt.Errorf("not an HMS response")
		}
		return nil
	})
}
