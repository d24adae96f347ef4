package simulator

import (
	"github.com/pushsim/pushsim/protocol"
)

// vendorSDK is the part of a vendor's push SDK and system service that
// differs by brand: whether the app can register on this device, how a
// pushed payload becomes a notification, and what a tap starts.
type vendorSDK interface {
	// vendor is the push service the SDK talks to.
	vendor() protocol.Vendor
	// precheck returns why registration cannot work on this device and
	// app, or protocol.ReasonNone.
	precheck(d *Device) protocol.Reason
	// render turns a delivered notice into a tray entry, or says why the
	// device does not show it.
	render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason)
	// tap is what tapping n starts and what the app's receiver hears.
	tap(d *Device, n Notification) Tap
	// tokenOK reports whether a register status is a success.
	tokenOK(st protocol.RegisterStatus) bool
	// notificationsOnByDefault is the app's notification switch right
	// after install when the scenario does not set it (off on OPPO).
	notificationsOnByDefault() bool
}

// sdkFor returns the push SDK an app integrates for the device's brand,
// or nil when pushsim has none for it yet.
func sdkFor(b protocol.Brand) vendorSDK {
	switch b {
	case protocol.BrandMeizu:
		return meizuSDK{}
	case protocol.BrandXiaomi:
		return xiaomiSDK{}
	case protocol.BrandHuawei:
		return huaweiSDK{}
	case protocol.BrandHonor:
		return honorSDK{}
	case protocol.BrandOPPO:
		return oppoSDK{}
	case protocol.BrandVivo:
		return vivoSDK{}
	case protocol.BrandGoogle:
		return googleSDK{}
	case protocol.BrandApple:
		return appleSDK{}
	}
	return nil
}
