package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestROMVersion(t *testing.T) {
	for _, tc := range []struct {
		rom  string
		want int
	}{
		{"flyme-9", 9}, {"Flyme-4.5", 4}, {"flyme 3", 3}, {"flyme_10.2", 10}, {"", 0}, {"miui-14", 0}, {"flyme-x", 0},
	} {
		if got := (Config{ROM: tc.rom}).romVersion("flyme"); got != tc.want {
			t.Errorf("romVersion(%q) = %d, want %d", tc.rom, got, tc.want)
		}
	}
}

func TestMeizuRequiredPermissions(t *testing.T) {
	const pkg = "com.example.chat"
	for _, tc := range []struct {
		flyme int
		want  []string
	}{
		{0, nil},
		{9, nil},
		{5, nil},
		{4, []string{PermFlymePushReceive, pkg + ".push.permission.MESSAGE"}},
		{3, MeizuPermissions(pkg)},
	} {
		if got := meizuRequiredPermissions(tc.flyme, pkg); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("meizuRequiredPermissions(%d) = %v, want %v", tc.flyme, got, tc.want)
		}
	}
}

func TestFlexInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{{`1`, 1}, {`"2"`, 2}, {`true`, 1}, {`false`, 0}, {`null`, 0}, {`""`, 0}} {
		var f flexInt
		if err := json.Unmarshal([]byte(tc.in), &f); err != nil || int(f) != tc.want {
			t.Errorf("flexInt(%s) = %d, %v; want %d", tc.in, f, err, tc.want)
		}
	}
	var f flexInt
	if err := json.Unmarshal([]byte(`"x"`), &f); err == nil {
		t.Error(`flexInt("x") succeeded, want an error`)
	}
}

func TestStringMap(t *testing.T) {
	got := stringMap(json.RawMessage(`{"ext":"{\"a\":1}","n":3}`))
	want := map[string]string{"ext": `{"a":1}`, "n": "3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stringMap = %v, want %v", got, want)
	}
	if stringMap(nil) != nil || stringMap(json.RawMessage(`[]`)) != nil || stringMap(json.RawMessage(`{}`)) != nil {
		t.Error("stringMap of nothing is not nil")
	}
}

func TestMeizuRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	kept := true
	d := &Device{cfg: Config{ID: "d", Brand: protocol.BrandMeizu, ROM: "flyme-9", Android: 12,
		App: AppConfig{Package: pkg, ReceiverKept: &kept, Permissions: MeizuPermissions(pkg)}}}
	for _, tc := range []struct {
		name    string
		payload string
		intent  *Intent
		content string
	}{
		{"open app", `{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":0,"parameters":{"ext":"x"}}}`,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: map[string]string{"ext": "x"}}, "x"},
		{"activity", `{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":"1","activity":"com.example.chat.Chat","parameters":{"ext":"y"}}}`,
			&Intent{Package: pkg, Component: "com.example.chat.Chat", Extras: map[string]string{"ext": "y"}}, "y"},
		{"url", `{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":2,"url":"https://e.com"}}`,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}, ""},
		{"custom attribute on Android 12", `{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":3,"customAttribute":"a.b"}}`,
			nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := meizuSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := meizuSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if !tap.ReceiverCalled || tap.SelfDefineContent != tc.content {
				t.Errorf("receiver = %v %q, want true %q", tap.ReceiverCalled, tap.SelfDefineContent, tc.content)
			}
		})
	}
}

func TestMeizuRenderRefusesWithoutPermissionsOnOldFlyme(t *testing.T) {
	d := &Device{cfg: Config{ROM: "flyme-3", App: AppConfig{Package: "p", Permissions: []string{PermFlymePushReceive}}}}
	if _, reason := (meizuSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(`{}`)}); reason != protocol.ReasonPermissionMissing {
		t.Errorf("render on Flyme 3 without permissions = %q, want permission_missing", reason)
	}
}

func TestIntentString(t *testing.T) {
	i := Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: "p", Component: "p.Main", Extras: map[string]string{"b": "2", "a": "1"}}
	want := "-a android.intent.action.MAIN -c android.intent.category.LAUNCHER -n p/p.Main --es a 1 --es b 2"
	if got := i.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestConfigValidate(t *testing.T) {
	cfg := Config{Brand: "nokia"}
	cfg.applyDefaults()
	if err := cfg.validate(); err == nil {
		t.Fatal("validate accepted a config with no ID, an unknown brand and no package")
	}
}
