package xiaomi_test

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

func TestParseMessage(t *testing.T) {
	base := url.Values{"restricted_package_name": {" com.a , com.b,,com.a"}, "title": {"t"}, "description": {"d"}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for k, v := range base {
			f[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	tests := []struct {
		name string
		form url.Values
		code int
		want func(xiaomi.Message) bool
	}{
		{name: "minimal", form: base, want: func(m xiaomi.Message) bool {
			return reflect.DeepEqual(m.RestrictedPackageNames, []string{"com.a", "com.b"}) && m.NotifyType == nil &&
				m.NotifyID == nil && m.Effect() == xiaomi.EffectLauncher && m.Extra == nil
		}},
		{name: "lenient numbers", form: with("pass_through", "true", "payload", "p", "notify_type", " -1 ", "notify_id", "0", "extra.notify_effect", " 3 ", "extra.web_uri", "https://e.com"),
			want: func(m xiaomi.Message) bool {
				return m.PassThrough == 1 && *m.NotifyType == -1 && *m.NotifyID == 0 && m.Effect() == xiaomi.EffectWeb
			}},
		{name: "custom extras", form: with("extra.ext", "x", "extra.channel_id", "c", "extra.", "ignored"), want: func(m xiaomi.Message) bool {
			return reflect.DeepEqual(m.Custom(), map[string]string{"ext": "x"}) && len(m.Extra) == 2
		}},
		{name: "invalid UTF-8 title", form: with("title", "\xff"), code: xiaomi.CodeParamInvalid},
		{name: "negative ttl", form: with("time_to_live", "-1"), code: xiaomi.CodeParamInvalid},
		{name: "time_to_send not a number", form: with("time_to_send", "soon"), code: xiaomi.CodeParamInvalid},
		{name: "notify_type -2", form: with("notify_type", "-2"), code: xiaomi.CodeParamInvalid},
		{name: "custom value too long", form: with("extra.k", string(make([]byte, 1025))), code: xiaomi.CodeParamInvalid},
		{name: "callback not http", form: with("extra.callback", "mailto:a@b"), code: xiaomi.CodeParamInvalid},
		{name: "callback.param alone", form: with("extra.callback.param", "p"), code: xiaomi.CodeParamMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := xiaomi.ParseMessage(tc.form)
			if tc.code != 0 {
				var e *xiaomi.APIError
				if !errors.As(err, &e) || e.Code != tc.code || e.Reason == "" {
					t.Fatalf("ParseMessage = %v, want code %d", err, tc.code)
				}
				return
			}
			if err != nil || !tc.want(m) {
				t.Fatalf("ParseMessage = %+v, %v", m, err)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	e := &xiaomi.APIError{Code: xiaomi.CodeNoValidTargets, Reason: "No valid targets!"}
	if got, want := e.Error(), "xiaomi 20301: 发送消息失败: No valid targets!"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if xiaomi.CodeText(12345) != "" || xiaomi.CodeText(xiaomi.CodeAuthFailed) == "" {
		t.Error("CodeText")
	}
}
