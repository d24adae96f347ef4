package protocol_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestParseIntentURI(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want protocol.IntentURI
		err  bool
	}{
		{name: "short component", in: "intent:#Intent;component=com.example.chat/.ChatActivity;end",
			want: protocol.IntentURI{Package: "com.example.chat", Component: "com.example.chat.ChatActivity"}},
		{name: "every field", in: "intent:#Intent;action=android.intent.action.VIEW;category=a;category=b;launchFlags=0x10000000;package=p;component=q/q.R;S.ext=%7B%22a%22%3A1%7D;i.n=3;end",
			want: protocol.IntentURI{Action: "android.intent.action.VIEW", Categories: []string{"a", "b"}, LaunchFlags: "0x10000000",
				Package: "p", Component: "q.R", Extras: map[string]string{"ext": `{"a":1}`, "n": "3"}}},
		{name: "HMS deep link", in: "intent://com.huawei.codelabpush/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;end",
			want: protocol.IntentURI{Data: "pushscheme://com.huawei.codelabpush/deeplink?", LaunchFlags: "0x4000000"}},
		{name: "data stays encoded", in: "intent://c/d?ext=%7B%7D#Intent;scheme=s;end", want: protocol.IntentURI{Data: "s://c/d?ext=%7B%7D"}},
		{name: "data without a scheme", in: "intent://c/d#Intent;end", want: protocol.IntentURI{Data: "//c/d"}},
		{name: "bare fragment", in: "#Intent;component=com.rvr/.Activity;S.W=U;end",
			want: protocol.IntentURI{Package: "com.rvr", Component: "com.rvr.Activity", Extras: map[string]string{"W": "U"}}},
		{name: "encoded extra name", in: "intent:#Intent;S.%65xt=a%20b;end", want: protocol.IntentURI{Extras: map[string]string{"ext": "a b"}}},
		{name: "package= wins over the component's", in: "intent:#Intent;component=a/.B;package=p;end", want: protocol.IntentURI{Package: "p", Component: "a.B"}},
		{name: "empty fields after end", in: "intent:#Intent;end;;", want: protocol.IntentURI{}},
		{name: "unknown fields", in: "intent:#Intent;type=text/plain;z.k=v;S.=x;end", want: protocol.IntentURI{}},
		{name: "no #Intent;", in: "intent:component=p/q;end", err: true},
		{name: "no end", in: "intent:#Intent;component=p/q", err: true},
		{name: "text after end", in: "intent:#Intent;end;extra", err: true},
		{name: "field without a value", in: "intent:#Intent;junk;end", err: true},
		{name: "empty field", in: "intent:#Intent;;end", err: true},
		{name: "component without a class", in: "intent:#Intent;component=p;end", err: true},
		{name: "component package starting with a dot", in: "intent:#Intent;component=.p/.C;end", err: true},
		{name: "bad escape in a value", in: "intent:#Intent;S.k=%zz;end", err: true},
		{name: "bad escape in a name", in: "intent:#Intent;S.%zz=1;end", err: true},
		{name: "launchFlags not hexadecimal", in: "intent:#Intent;launchFlags=zz;end", err: true},
		{name: "empty launchFlags", in: "intent:#Intent;launchFlags=;end", err: true},
		{name: "a class name", in: "com.example.chat.ChatActivity", err: true},
		{name: "a web URL with a fragment", in: "https://example.com/#Intent;end", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := protocol.ParseIntentURI(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("ParseIntentURI(%q) error = %v, want error %v", tc.in, err, tc.err)
			}
			if !tc.err && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseIntentURI(%q) =\n %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
	for _, s := range []string{"https://x", "p.A", "", "https://example.com/#Intent;end"} {
		if _, err := protocol.ParseIntentURI(s); !errors.Is(err, protocol.ErrNotIntentURI) {
			t.Errorf("ParseIntentURI(%q) = %v, want ErrNotIntentURI", s, err)
		}
	}
}

func TestIntentURIString(t *testing.T) {
	tests := []struct {
		name string
		in   protocol.IntentURI
		want string
	}{
		{"component from the class name", protocol.IntentURI{Component: "com.example.chat.ChatActivity", Extras: map[string]string{"ext": `{"conv":"c2c bob"}`, "a": "1;2"}},
			"intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;S.a=1%3B2;S.ext=%7B%22conv%22%3A%22c2c%20bob%22%7D;end"},
		{"launcher", protocol.IntentURI{Action: "android.intent.action.MAIN", Categories: []string{"android.intent.category.LAUNCHER"},
			LaunchFlags: "0x4000000", Package: "com.example.chat", Extras: map[string]string{"ext": "{}"}},
			"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;launchFlags=0x4000000;package=com.example.chat;S.ext=%7B%7D;end"},
		{"deep link", protocol.IntentURI{Data: "pushscheme://com.example.chat/detail?ext=%7B%7D", Package: "com.example.chat", Component: "com.example.chat.Chat"},
			"intent://com.example.chat/detail?ext=%7B%7D#Intent;scheme=pushscheme;package=com.example.chat;component=com.example.chat/com.example.chat.Chat;end"},
		{"component package only", protocol.IntentURI{ComponentPackage: "com.example.chat", Component: "com.example.chat.ui.Chat"},
			"intent:#Intent;component=com.example.chat/com.example.chat.ui.Chat;end"},
		{"data without a scheme", protocol.IntentURI{Data: "//h:80/x"}, "intent://h:80/x#Intent;end"},
		{"nothing", protocol.IntentURI{}, "intent:#Intent;end"},
	}
	for _, tc := range tests {
		if got := tc.in.String(); got != tc.want {
			t.Errorf("%s: String() =\n %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestIntentURIFlags(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  bool
	}{{"", 0, false}, {"0x4000000", 0x4000000, false}, {"0X10", 16, false}, {"10", 16, false}, {"zz", 0, true}} {
		got, err := protocol.IntentURI{LaunchFlags: tc.in}.Flags()
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("Flags(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// FuzzParseIntentURI: the parser never panics, and what it accepts
// writes back to a URI that reads back to the same intent.
func FuzzParseIntentURI(f *testing.F) {
	for _, s := range []string{
		"intent:#Intent;component=com.example.chat/.ChatActivity;S.ext=%7B%7D;end",
		"intent://example.com/x#Intent;scheme=https;action=a;category=c;launchFlags=0x1;package=p;B.b=true;end",
		"intent://com.huawei.codelabpush/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;end",
		"#Intent;component=com.rvr/.Activity;S.W=U;i.n=3;end", "intent:a:b#Intent;scheme=x%20y;end",
		"intent:#Intent;end", "intent:#Intent;S.=x;end", "intent:%zz#Intent;end", "intent:", "#Intent;end",
		"intent:#Intent;;end", "intent:#Intent;component=./.;end", "intent:#Intent;package=.x;component=a/b;end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, err := protocol.ParseIntentURI(s)
		if err != nil {
			if !reflect.DeepEqual(in, protocol.IntentURI{}) {
				t.Fatalf("%q: refused, yet returned %+v", s, in)
			}
			return
		}
		if in.Component != "" && in.Package == "" {
			t.Fatalf("%q: component %q without a package", s, in.Component)
		}
		back, err := protocol.ParseIntentURI(in.String())
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", s, in.String(), err)
		}
		if !reflect.DeepEqual(in, back) {
			t.Fatalf("%q → %q: round trip\n%+v\n%+v", s, in.String(), in, back)
		}
	})
}
