package protocol

// Reason explains why a message did or did not become a notification on a
// device. The values are a contract (docs/contracts.md, "Reason codes"): reports,
// results.json and scenario files use them.
type Reason string

// The reason codes. Each is the earliest cause along the path IM → vendor →
// device.
const (
	// ReasonNone means the message became a notification.
	ReasonNone Reason = ""
	// ReasonDeliveredOnline: the device was online in the foreground, so the
	// message went over the IM socket and no push was sent.
	ReasonDeliveredOnline Reason = "delivered_online"
	// ReasonLoggedOut: the user logged out (or never logged in) on the device.
	ReasonLoggedOut Reason = "logged_out"
	// ReasonKicked: the instance was kicked by a login elsewhere or a REST kick.
	ReasonKicked Reason = "kicked"
	// ReasonNoToken: the instance never reported a certificate ID and token.
	ReasonNoToken Reason = "no_token"
	// ReasonCertificateMissing: the reported certificate ID is not registered.
	ReasonCertificateMissing Reason = "certificate_missing"
	// ReasonCertificateInactive: the certificate exists but has not taken effect yet.
	ReasonCertificateInactive Reason = "certificate_inactive"
	// ReasonPushDisabled: the message had OfflinePushInfo.PushFlag 1.
	ReasonPushDisabled Reason = "push_disabled"
	// ReasonReceiveOptNoPush: the receiver's receive option excludes offline push.
	ReasonReceiveOptNoPush Reason = "receive_opt_no_push"
	// ReasonOnlineOnly: the message was sent online-only (OnlineOnlyFlag 1 or
	// MsgLifeTime 0), so it is never pushed.
	ReasonOnlineOnly Reason = "online_only"
	// ReasonNoPushText: a custom message with neither Desc nor a text element.
	ReasonNoPushText Reason = "no_push_text"
	// ReasonVendorAuthFailed: the vendor refused the IM server's credentials or signature.
	ReasonVendorAuthFailed Reason = "vendor_auth_failed"
	// ReasonVendorTokenInvalid: the vendor does not know the token.
	ReasonVendorTokenInvalid Reason = "vendor_token_invalid"
	// ReasonVendorRateLimited: the vendor throttled the request.
	ReasonVendorRateLimited Reason = "vendor_rate_limited"
	// ReasonVendorFolded: the vendor folded the message into an earlier one.
	ReasonVendorFolded Reason = "vendor_folded"
	// ReasonVendorQuotaExceeded: the vendor's daily quota is used up.
	ReasonVendorQuotaExceeded Reason = "vendor_quota_exceeded"
	// ReasonVendorDropped: the vendor accepted the message and never delivered it.
	ReasonVendorDropped Reason = "vendor_dropped"
	// ReasonVendorUnsupportedType: the vendor refuses this kind of message
	// (e.g. Meizu pass-through).
	ReasonVendorUnsupportedType Reason = "vendor_unsupported_type"
	// ReasonVendorUnavailable: the vendor could not be reached or answered
	// that it is down (refused, timed out, 5xx).
	ReasonVendorUnavailable Reason = "vendor_unavailable"
	// ReasonVendorError: the vendor failed for another reason (a parameter or server error).
	ReasonVendorError Reason = "vendor_error"
	// ReasonDeviceNetworkDown: the vendor holds the message while the device is offline.
	ReasonDeviceNetworkDown Reason = "device_network_down"
	// ReasonNotificationsDisabled: the user turned notifications off for the app.
	ReasonNotificationsDisabled Reason = "notifications_disabled"
	// ReasonChannelMissing: Android 8+ needs a notification channel the app did not create.
	ReasonChannelMissing Reason = "channel_missing"
	// ReasonAppUninstalled: the app is not installed on the device.
	ReasonAppUninstalled Reason = "app_uninstalled"
	// ReasonReceiverStripped: the obfuscator removed the vendor push receiver.
	ReasonReceiverStripped Reason = "receiver_stripped"
	// ReasonPermissionMissing: an old ROM needs push permissions the app lacks.
	ReasonPermissionMissing Reason = "permission_missing"
	// ReasonWrongBrand: the vendor SDK does not register on this device's brand.
	ReasonWrongBrand Reason = "wrong_brand"
	// ReasonRegistrationFailed: the vendor refused the device registration
	// (wrong App ID, App Key or package).
	ReasonRegistrationFailed Reason = "registration_failed"
	// ReasonExpired: the message's validity ran out before it could be delivered.
	ReasonExpired Reason = "expired"
	// ReasonPushQueueFull: the IM server had too many pushes waiting for
	// vendors and did not queue this one.
	ReasonPushQueueFull Reason = "push_queue_full"
)

// Reasons lists every reason code.
var Reasons = []Reason{
	ReasonDeliveredOnline, ReasonLoggedOut, ReasonKicked, ReasonNoToken, ReasonCertificateMissing,
	ReasonCertificateInactive, ReasonPushDisabled, ReasonReceiveOptNoPush, ReasonOnlineOnly, ReasonNoPushText,
	ReasonVendorAuthFailed, ReasonVendorTokenInvalid, ReasonVendorRateLimited, ReasonVendorFolded,
	ReasonVendorQuotaExceeded, ReasonVendorDropped, ReasonVendorUnsupportedType, ReasonVendorUnavailable, ReasonVendorError,
	ReasonDeviceNetworkDown, ReasonNotificationsDisabled, ReasonChannelMissing, ReasonAppUninstalled,
	ReasonReceiverStripped, ReasonPermissionMissing, ReasonWrongBrand, ReasonRegistrationFailed, ReasonExpired,
	ReasonPushQueueFull,
}

// Known reports whether r is one of the reason codes.
func (r Reason) Known() bool {
	for _, k := range Reasons {
		if r == k {
			return true
		}
	}
	return false
}
