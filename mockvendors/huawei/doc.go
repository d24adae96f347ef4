// Package huawei is pushsim's mock of HMS Push Kit (the Android v1 server
// API): the OAuth token endpoint, messages:send with its string result
// codes and HTTP statuses by error class, delivery receipts posted to the
// app's callback, the HMS push service's device channel, and a thin client
// that authenticates, refreshes its token and pushes like an IM backend.
//
// Served paths (on every Huawei host; routing is by path only):
//
//	POST /oauth2/v3/token              client credentials → access token (1 h)
//	POST /oauth2/v2/token              the same; some clients use v2
//	POST /v1/{appId}/messages:send     send to token[] (1–1000), a topic or a condition
//	     /_device/ws                   the device channel (protocol.DevicePath)
//
// An access token lives an hour; a call with an unknown or missing token
// is 80200001 (HTTP 401), with an expired one 80200003 (HTTP 401), and
// clients refresh and retry on both. Illegal, unknown or unregistered
// tokens are listed in a partial success (80100000, whose msg is a JSON
// string) or, when no token is left, refused with 80300007.
//
// Click actions and extras: click_action type 1 opens the intent URI in
// "intent" (its S.* extras reach the Activity, its data URI carries query
// parameters), type 2 a URL, type 3 the app. The thin client maps the IM
// console's click actions as Tencent IM does: open_app with ext is a type
// 1 launcher intent carrying S.ext (type 3 without ext); open_activity is
// a type 1 component intent, with ext as an intent extra when
// AndroidInfo.ExtAsHuaweiIntentParam is 1 and as the "ext" query
// parameter of the intent's pushscheme:// data URI otherwise; open_url is
// type 2.
//
// Limits: the message body may be at most 4096 bytes not counting tokens
// (80300008). Request rate limits (HTTP 503 flow control), a daily cap on
// marketing messages per device, and apps without the push service
// (80300002) are off unless an Option turns them on.
package huawei
