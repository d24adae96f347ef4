// Package fcm is pushsim's mock of Firebase Cloud Messaging: the HTTP v1
// send API a backend calls (JSON, OAuth 2 bearer tokens, Google API error
// envelopes with FcmError details), the OAuth 2 token endpoint that hands
// out those tokens for a service account, the Android device channel, and
// a thin client that pushes like a real IM backend does.
//
// Served paths (on every FCM and Google OAuth host; routing is by path only):
//
//	POST /v1/projects/{projectId}/messages:send   send one message
//	POST /token                                   oauth2.googleapis.com/token (JWT-bearer grant)
//	POST /oauth2/v4/token                         www.googleapis.com/oauth2/v4/token (older clients)
//	POST /o/oauth2/token                          accounts.google.com/o/oauth2/token (older clients)
//	     /_device/ws                              the device channel (protocol.DevicePath)
//
// Authentication: an app (a Firebase project) registered with a service
// account key file (App.Secret, see AppFor) only accepts bearer tokens the
// mock's own token endpoint issued for a service account of that project;
// the token endpoint checks the RS256 assertion against the public half of
// the account's private key, and tokens live one hour. A project registered
// without a service account accepts any bearer token, or none.
//
// Requests are read as Google's JSON front end reads them: field names in
// snake_case or lowerCamelCase, int fields as numbers or numeric strings,
// unknown fields and values of the wrong type refused with the front
// end's INVALID_ARGUMENT wording.
//
// Delivery: a message to a registration token reaches the device after the
// configured latency, or waits for it up to android.ttl (default and
// maximum four weeks); a ttl of 0 is "now or never" and is lost if the
// device has no live channel when it comes due. Topic and condition
// messages are validated and acknowledged but reach no device (pushsim has
// no topic subscriptions). The device receives the message as the Android
// FCM SDK does: one flat string bundle of the data keys plus the SDK's
// "gcm.n.*" notification keys and "google.*" metadata (see RemoteBundle).
//
// Limits: the documented project quota (600,000 messages a minute, counted
// per request including refused ones) and the per-device throttles (240
// messages a minute and 5,000 an hour to one token) are on, all answered
// 429 QUOTA_EXCEEDED; Config.Limits (vendors.fcm.limits) names them
// project, device_minute and device_hour. Injected 500/503 answers and the
// payload limit are Options.
package fcm
