// Package honor is pushsim's mock of Honor Push (荣耀推送): the OAuth
// token endpoint on Honor's IAM hosts, POST /api/v1/{appId}/sendMessage
// with its camelCase body and numeric result codes, Honor's push service
// device channel, and a thin client that authenticates with the app's
// client ID and secret, refreshes its token and pushes like an IM backend.
//
// Served paths (on every Honor host; routing is by path only):
//
//	POST /auth/token                                           client credentials → access token (1 h)
//	POST /auth/realms/developer/protocol/openid-connect/token  the same
//	POST /api/v1/{appId}/sendMessage                           send to token[] (1–1000)
//	     /_device/ws                                           the device channel (protocol.DevicePath)
//
// Leniency, as real callers differ: Authorization is "Bearer <token>" or
// the bare token; the timestamp header is in milliseconds or seconds, or
// absent.
//
// Answers: {"code":200,"message":"success","data":{"sendResult":true,
// "requestId":...,"failTokens":[...],"expireTokens":[...]}}. failTokens
// lists tokens the service does not know, expireTokens tokens whose app was
// uninstalled. Honor's error table is not public; like the rest of the API
// it follows HMS, so the mock answers with HMS's codes as numbers: 80200001
// (auth error), 80200003 (token expired), 80300007 (no valid token),
// 80100001/80100003 (bad request), 80300010 (token count), 80300002 (no
// push permission), 81000001 (internal; also with HTTP 503 flow control),
// with HTTP statuses by class as HMS does.
//
// Click actions: clickAction.type 1 opens an intent URI (its S.* extras
// reach the Activity), 2 an HTTPS URL, 3 the app. The thin client writes
// open_app with ext as a type 1 launcher intent carrying S.ext, open_activity
// as a type 1 component intent carrying S.ext, open_url as type 2.
package honor
