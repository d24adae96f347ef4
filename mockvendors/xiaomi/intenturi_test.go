package xiaomi_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

func TestParseIntentURI(t *testing.T) {
	tests := []struct {
		in   string
		want xiaomi.IntentURI
		err  bool
	}{
		{in: "intent:#Intent;component=com.example.chat/.ChatActivity;end",
			want: xiaomi.IntentURI{Package: "com.example.chat", Component: "com.example.chat.ChatActivity"}},
		{in: "intent:#Intent;action=android.intent.action.VIEW;category=a;category=b;launchFlags=0x10000000;package=p;component=p/q.R;S.ext=%7B%22a%22%3A1%7D;i.n=3;end",
			want: xiaomi.IntentURI{Action: "android.intent.action.VIEW", Categories: []string{"a", "b"}, LaunchFlags: "0x10000000",
				Package: "p", Component: "q.R", Extras: map[string]string{"ext": `{"a":1}`, "n": "3"}}},
		{in: "intent://example.com/x#Intent;scheme=https;end", want: xiaomi.IntentURI{Data: "https://example.com/x"}},
		{in: "com.example.chat.ChatActivity", err: true},
		{in: "intent:#Intent;component=p/q", err: true},
		{in: "intent:#Intent;component=nopkg;end", err: true},
		{in: "intent:#Intent;S.k=%zz;end", err: true},
		{in: "intent:#Intent;end;extra", err: true},
		{in: "intent:component=p/q;end", err: true},
	}
	for _, tc := range tests {
		got, err := xiaomi.ParseIntentURI(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseIntentURI(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if !tc.err && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseIntentURI(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if _, err := xiaomi.ParseIntentURI("https://x"); !errors.Is(err, xiaomi.ErrNotIntentURI) {
		t.Errorf("a web URL gives %v, want ErrNotIntentURI", err)
	}
}

func TestIntentURIString(t *testing.T) {
	i := xiaomi.IntentURI{Component: "com.example.chat.ChatActivity", Extras: map[string]string{"ext": `{"conv":"c2c bob"}`, "a": "1;2"}}
	want := "intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;S.a=1%3B2;S.ext=%7B%22conv%22%3A%22c2c%20bob%22%7D;end"
	if got := i.String(); got != want {
		t.Fatalf("String() = %s, want %s", got, want)
	}
	back, err := xiaomi.ParseIntentURI(want)
	if err != nil || back.Component != i.Component || !reflect.DeepEqual(back.Extras, i.Extras) || back.Package != "com.example.chat" {
		t.Fatalf("parse back = %+v, %v", back, err)
	}
}
