package simulator

import (
	"encoding/json"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// Keys of the FCM message bundle the simulated FCM SDK reads (the mock's
// device channel carries the bundle as the Android FCM SDK receives it).
const (
	fcmKeyNotification = "gcm.n.e"
	fcmKeyTitle        = "gcm.n.title"
	fcmKeyBody         = "gcm.n.body"
	fcmKeyClickAction  = "gcm.n.click_action"
)

// googleSDK is the Firebase Cloud Messaging SDK with Google Play services
// (FirebaseMessagingService) on a Google device.
//
// What it models:
//   - registration needs nothing from the brand: Google Play services is
//     there; a success is code "OK" with the registration token;
//   - a notification message (gcm.n.e = 1) is shown by the SDK itself
//     while the app is killed or in the background; a data message only
//     reaches onMessageReceived, and the simulated app draws no
//     notification for it (vendor_unsupported_type);
//   - on Android 8+ a message whose channel (gcm.n.android_channel_id,
//     from AndroidInfo.GoogleChannelID) the app did not create still
//     shows, on the manifest's default channel or the SDK's
//     "fcm_fallback_notification_channel": there the channel, not the
//     message, decides the sound, which is why a custom sound needs a
//     channel. The tray does not record channels or sounds yet, so this
//     never hides a notification;
//   - a tap builds the SDK's content intent: with a click_action an
//     Intent of that action (pushsim's apps declare each Activity's class
//     name as an action it filters, so the Activity is that name), with
//     click_action android.intent.action.VIEW and data "url" a VIEW of
//     the URL (pushsim's convention, as HTTP v1 has no Android link
//     field), otherwise the launcher intent; the message's data and FCM's
//     google.* keys ride along as extras, so ext reaches the Activity as
//     the extra "ext". FCM calls no receiver on tap.
type googleSDK struct{}

func (googleSDK) vendor() protocol.Vendor { return protocol.VendorFCM }

func (googleSDK) notificationsOnByDefault() bool { return true }

func (googleSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "OK" && st.Token != "" }

func (googleSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

func (googleSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	var b map[string]string
	if err := json.Unmarshal(n.Payload, &b); err != nil || b[fcmKeyNotification] != "1" {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	extras := map[string]string{}
	for k, v := range b {
		if !strings.HasPrefix(k, "gcm.") {
			extras[k] = v
		}
	}
	click := Click{Kind: protocol.ClickOpenApp, Extras: extras}
	switch action := b[fcmKeyClickAction]; {
	case action == "":
	case action == ActionView && b["url"] != "":
		click.Kind, click.URL = protocol.ClickOpenURL, b["url"]
	default:
		click.Kind, click.Activity = protocol.ClickOpenActivity, action
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorFCM, Package: n.Package,
		Title: b[fcmKeyTitle], Body: b[fcmKeyBody], Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

func (googleSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	extras := cloneExtras(n.Click.Extras)
	switch n.Click.Kind {
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL, Extras: extras}
	case protocol.ClickOpenActivity:
		in := &Intent{Action: n.Click.Activity, Package: pkg, Extras: extras}
		if strings.Contains(n.Click.Activity, ".") {
			in.Component = n.Click.Activity
		}
		t.Intent = in
	default:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: extras}
	}
	return t
}
