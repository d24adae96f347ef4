// Package simulator simulates Android and iOS phones running an IM app with
// offline push: the brand and ROM, the app's configuration (package,
// certificate ID, push credentials, permissions, obfuscator rules), the
// vendor's system push service, the IM SDK, the app's process lifecycle and
// the notification tray.
//
// A Device follows the flow of the vendor integration guides: at launch the
// app registers with the vendor push service (Application.onCreate); the
// vendor answers with a token in the app's receiver (onRegisterStatus); after
// a successful IM login the app reports the certificate ID and the token
// (ThirdPushTokenMgr.setPushTokenToTIM). When the process is killed the IM
// socket closes and the IM server falls back to vendor push; the vendor's
// system service, which outlives the app, shows the notification; a tap
// launches an intent and calls the receiver's onNotificationClicked.
//
// Every step is recorded in the shared trace. Devices use the plain time
// package and dial through an injected network, so a whole fleet runs in
// virtual time inside a testing/synctest bubble.
package simulator
