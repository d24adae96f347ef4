package format_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/scenarios/format"
)

func TestVendorLimits(t *testing.T) {
	cases := []struct {
		name, vendors string
		want          mockvendors.Limits
		err           string
	}{
		{"absent", "", mockvendors.Limits{}, ""},
		{"default", "vendors: {xiaomi: {limits: default}}\n", mockvendors.Limits{}, ""},
		{"off", "vendors: {xiaomi: {limits: off}}\n", mockvendors.Limits{Off: true}, ""},
		{"by name", "vendors: {xiaomi: {limits: {app_daily: 100, rate: off}}}\n",
			mockvendors.Limits{Set: map[string]mockvendors.LimitSetting{"app_daily": {N: 100}, "rate": {Off: true}}}, ""},
		{"on documented", "vendors: {vivo: {limits: {auth: on}}}\n",
			mockvendors.Limits{Set: map[string]mockvendors.LimitSetting{"auth": {}}}, ""},
		{"unknown name", "vendors: {xiaomi: {limits: {dayly: 3}}}\n", mockvendors.Limits{}, `f.yaml:4:29: unknown key "dayly"`},
		{"unknown word", "vendors: {xiaomi: {limits: sometimes}}\n", mockvendors.Limits{}, "f.yaml:4:28"},
		{"bad number", "vendors: {xiaomi: {limits: {rate: 0}}}\n", mockvendors.Limits{}, "must be off, on or a positive number"},
		{"on undocumented", "vendors: {xiaomi: {limits: {rate: on}}}\n", mockvendors.Limits{}, "publishes no number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := format.Parse("f.yaml", []byte(faultHead+c.vendors+"steps:\n  - wait: 1s\n"))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			vendor := "xiaomi"
			if strings.Contains(c.vendors, "vivo") {
				vendor = "vivo"
			}
			if got := sc.Env.Vendors[vendor].Limits; !reflect.DeepEqual(got, c.want) {
				t.Errorf("limits = %+v, want %+v", got, c.want)
			}
		})
	}
}
