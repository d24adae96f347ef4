// Package oppo is pushsim's mock of OPPO Push (HeytapPush): the server API
// a backend calls (form-encoded, an auth_token from a SHA-256 signed auth
// call, numeric result codes in {code, message, data}), the ColorOS push
// service's device channel, and a thin client that pushes like a real IM
// backend does.
//
// Served paths (on every OPPO host; routing is by path only):
//
//	POST /server/v1/auth                                        app_key + timestamp + sign → auth_token (24 h)
//	POST /server/v1/message/notification/unicast                one notification to one regId
//	POST /server/v1/message/notification/unicast_batch          up to 1000 of them, per-target results
//	POST /server/v1/message/notification/save_message_content   store a notification for broadcast
//	POST /server/v1/message/notification/broadcast              send a stored one to all or to regIds
//	GET  /server/v1/feedback/fetch_invalid_regidList            regIds that stopped being valid
//	     /_device/ws                                            the device channel (protocol.DevicePath)
//
// auth_token is accepted in the form body (as the API document says) or
// in an auth_token header (as some clients send it). Notification fields
// are accepted in snake_case (the API document's tables and most clients)
// and in camelCase (the newer document's examples); numbers may be strings
// and flags may be 0/1; action_parameters may be a JSON string or object.
//
// Delivery behaviour: accepted targets reach the device after the
// configured latency, or wait for it up to off_line_ttl seconds (default
// one day, at most three); with off_line false a device without a live
// channel when the message comes due loses it ("device_network_down").
// Public (公信) messages, those without a service or communication
// category, count against the app's daily quota (code 33, default 100000
// as for an app with fewer than 50000 users); private (私信) ones do not.
// A per-device daily cap on public messages, request rate limits (code 55)
// and disabled apps (code 28) are off unless an Option turns them on.
// Receipts (call_back_url) report arrivals as a JSON array.
package oppo
