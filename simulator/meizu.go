package simulator

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// Meizu push permissions (the seed's AndroidManifest.xml).
const (
	// PermFlymePushReceive is required below Flyme 5.
	PermFlymePushReceive = "com.meizu.flyme.push.permission.RECEIVE"
	// PermMeizuC2DMReceive is required on Flyme 3.
	PermMeizuC2DMReceive = "com.meizu.c2dm.permission.RECEIVE"
)

// MeizuPermissions is the full set of Meizu push permissions the seed's
// manifest declares for an app with package pkg.
func MeizuPermissions(pkg string) []string {
	return []string{PermFlymePushReceive, pkg + ".push.permission.MESSAGE", PermMeizuC2DMReceive, pkg + ".permission.C2D_MESSAGE"}
}

// meizuRequiredPermissions are the permissions a Flyme version needs.
func meizuRequiredPermissions(flyme int, pkg string) []string {
	switch {
	case flyme == 0 || flyme >= 5:
		return nil
	case flyme <= 3:
		return MeizuPermissions(pkg)
	default:
		return []string{PermFlymePushReceive, pkg + ".push.permission.MESSAGE"}
	}
}

// meizuSDK is the Flyme push SDK (MzPushMessageReceiver, PushManager).
type meizuSDK struct{}

func (meizuSDK) vendor() protocol.Vendor { return protocol.VendorMeizu }

func (meizuSDK) notificationsOnByDefault() bool { return true }

func (meizuSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "200" && st.Token != "" }

func (meizuSDK) precheck(d *Device) protocol.Reason {
	if d.missingPermission() != "" {
		return protocol.ReasonPermissionMissing
	}
	return protocol.ReasonNone
}

func (d *Device) missingPermission() string {
	have := map[string]bool{}
	for _, p := range d.cfg.App.Permissions {
		have[p] = true
	}
	for _, p := range meizuRequiredPermissions(d.cfg.romVersion("flyme"), d.cfg.App.Package) {
		if !have[p] {
			return p
		}
	}
	return ""
}

// meizuMessage is the part of Meizu's messageJson the device reads.
type meizuMessage struct {
	NoticeBarInfo struct {
		Title   string `json:"title"`
		Content string `json:"content"`
	} `json:"noticeBarInfo"`
	ClickTypeInfo struct {
		ClickType       flexInt         `json:"clickType"`
		URL             string          `json:"url"`
		Parameters      json.RawMessage `json:"parameters"`
		Activity        string          `json:"activity"`
		CustomAttribute string          `json:"customAttribute"`
	} `json:"clickTypeInfo"`
}

func (meizuSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	if d.missingPermission() != "" {
		return nil, protocol.ReasonPermissionMissing
	}
	var m meizuMessage
	if err := json.Unmarshal(n.Payload, &m); err != nil {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	click := Click{Extras: stringMap(m.ClickTypeInfo.Parameters)}
	switch int(m.ClickTypeInfo.ClickType) {
	case 0:
		click.Kind = protocol.ClickOpenApp
	case 1:
		click.Kind, click.Activity = protocol.ClickOpenActivity, m.ClickTypeInfo.Activity
	case 2:
		click.Kind, click.URL = protocol.ClickOpenURL, m.ClickTypeInfo.URL
	case 3:
		click.Kind, click.Custom = "custom", m.ClickTypeInfo.CustomAttribute
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorMeizu, Package: n.Package,
		Title: m.NoticeBarInfo.Title, Body: m.NoticeBarInfo.Content, Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

func (meizuSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	switch n.Click.Kind {
	case protocol.ClickOpenApp:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenActivity:
		t.Intent = &Intent{Package: pkg, Component: n.Click.Activity, Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL}
	case "custom":
		// clickType 3 is deprecated and does nothing on Android 12+.
		if d.cfg.Android < 12 {
			t.Intent = &Intent{Action: n.Click.Custom, Package: pkg}
		}
	}
	// MzPushMessageReceiver.onNotificationClicked: the self-defined content
	// is the ext the sender set, for the actions that carry it.
	if d.cfg.App.receiverKept() {
		t.ReceiverCalled = true
		if n.Click.Kind != protocol.ClickOpenURL {
			t.SelfDefineContent = n.Click.Extras["ext"]
		}
	}
	return t
}

// flexInt decodes a JSON number, numeric string or boolean as an int, as
// Meizu's clients send all three.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	switch s {
	case "true":
		*f = 1
		return nil
	case "false", "", "null":
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

// stringMap decodes a JSON object into string values (non-strings keep
// their JSON text).
func stringMap(raw json.RawMessage) map[string]string {
	if len(raw) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || len(obj) == 0 {
		return nil
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	return out
}
