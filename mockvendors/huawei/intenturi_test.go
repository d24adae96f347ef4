package huawei_test

import (
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/huawei"
)

func TestIntentURIRoundTrip(t *testing.T) {
	for _, in := range []huawei.Intent{
		huawei.LauncherIntent("com.example.chat", map[string]string{"ext": `{"conv":"c2c_bob"}`}),
		{Package: "com.example.chat", Component: "com.example.chat.ChatActivity", Flags: huawei.FlagActivityClearTop,
			Extras: map[string]string{"ext": "a;b=c d%", "x": "中文"}},
		{Package: "com.example.chat", Component: "com.example.chat.ChatActivity",
			Data: "pushscheme://com.example.chat/detail?ext=%7B%22k%22%3A1%7D"},
		{Action: "com.example.OPEN"},
	} {
		uri := in.URI()
		got, err := huawei.ParseIntentURI(uri)
		if err != nil {
			t.Fatalf("ParseIntentURI(%q): %v", uri, err)
		}
		if !reflect.DeepEqual(got, in) {
			t.Errorf("round trip of %q:\n got %+v\nwant %+v", uri, got, in)
		}
	}
}

func TestParseIntentURI(t *testing.T) {
	tests := []struct {
		uri  string
		want huawei.Intent
		ok   bool
	}{
		// HMS's codelab deep link.
		{"intent://com.huawei.codelabpush/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;end",
			huawei.Intent{Data: "pushscheme://com.huawei.codelabpush/deeplink?", Flags: 0x4000000}, true},
		// The short component form and typed extras.
		{"#Intent;component=com.rvr/.Activity;S.W=U;i.n=3;end",
			huawei.Intent{Package: "com.rvr", Component: "com.rvr.Activity", Extras: map[string]string{"W": "U", "n": "3"}}, true},
		{"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;package=p;S.ext=%7B%7D;end",
			huawei.Intent{Action: huawei.ActionMain, Categories: []string{huawei.CategoryLauncher}, Package: "p", Extras: map[string]string{"ext": "{}"}}, true},
		{"intent:#Intent;component=p/c;end", huawei.Intent{Package: "p", Component: "c"}, true},
		{"intent:#Intent;component=p;end", huawei.Intent{}, false},
		{"intent:#Intent;launchFlags=zz;end", huawei.Intent{}, false},
		{"intent:#Intent;action=x", huawei.Intent{}, false},
		{"intent:#Intent;junk;end", huawei.Intent{}, false},
		{"https://example.com", huawei.Intent{}, false},
	}
	for _, tc := range tests {
		got, err := huawei.ParseIntentURI(tc.uri)
		if (err == nil) != tc.ok {
			t.Errorf("ParseIntentURI(%q) error = %v, want ok=%v", tc.uri, err, tc.ok)
			continue
		}
		if tc.ok && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseIntentURI(%q) =\n %+v\nwant %+v", tc.uri, got, tc.want)
		}
	}
}

func TestIntentHelpers(t *testing.T) {
	if !huawei.LauncherIntent("p", nil).IsLauncher() {
		t.Error("LauncherIntent is not a launcher intent")
	}
	if (huawei.Intent{Action: huawei.ActionMain, Categories: []string{huawei.CategoryLauncher}, Component: "p.Main"}).IsLauncher() {
		t.Error("an explicit component counted as the launcher intent")
	}
	in := huawei.Intent{Data: "pushscheme://p/detail?ext=%7B%22a%22%3A+1%7D"}
	if got := in.QueryParam("ext"); got != `{"a": 1}` {
		t.Errorf("QueryParam = %q", got)
	}
}
