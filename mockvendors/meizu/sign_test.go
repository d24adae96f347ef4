package meizu_test

import (
	"net/url"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/meizu"
)

func TestSign(t *testing.T) {
	tests := []struct {
		name   string
		params url.Values
		secret string
		want   string
	}{
		{
			// The API document's own example (接口签名规范).
			name: "doc example",
			params: url.Values{
				"appId":       {"10000"},
				"pushIds":     {"RA50c6348036344485d01776773577c64740465480a6b"},
				"messageJson": {`{"title":"title","content":"content","pushTimeInfo":{"offLine":1,"validTime":24}}`},
			},
			secret: "<APP_SECRET>",
			want:   "ac076ff25d9900015a681cb5172aa53b",
		},
		{
			name:   "sign itself is left out",
			params: url.Values{"appId": {"10000"}, "sign": {"whatever"}},
			secret: "k",
			want:   md5hex("appId=10000k"),
		},
		{
			name:   "keys sorted, raw values, first value only",
			params: url.Values{"b": {"x y&z", "ignored"}, "a": {"1=2"}, "C": {"%20"}},
			secret: "s",
			want:   md5hex("C=%20a=1=2b=x y&zs"),
		},
		{
			name:   "empty values still count",
			params: url.Values{"alias": {""}, "appId": {"1"}},
			secret: "s",
			want:   md5hex("alias=appId=1s"),
		},
		{name: "no params", params: url.Values{}, secret: "s", want: md5hex("s")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := meizu.Sign(tc.params, tc.secret); got != tc.want {
				t.Errorf("Sign(%v) = %s, want %s", tc.params, got, tc.want)
			}
		})
	}
}
