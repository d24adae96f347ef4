// Package xiaomi is pushsim's mock of Xiaomi MiPush: the server API a
// backend calls (form-encoded, "Authorization: key=<AppSecret>" on every
// request, numeric result codes, always HTTP 200), the MiPush service's
// device channel, and a thin client that pushes like a real IM backend.
//
// Served paths (on every MiPush host; routing is by path only):
//
//	POST /v2/message/regid, /v3/message/regid, /v4/message/regid   by registration_id (≤1000)
//	POST /v2/message/alias, /v3/message/alias                       by alias
//	POST /v2/message/user_account, /v3/message/user_account         by user_account
//	POST /v2/message/topic                                          by topic
//	POST /v3/message/multi_topic                                    topics joined by ";$;" with topic_op
//	POST /v2/message/all, /v3/message/all                           every device of the app
//	POST /v2/topic/subscribe, /v2/topic/unsubscribe                 topics of registration_ids
//	POST /v2/topic/subscribe/alias, /v2/topic/unsubscribe/alias     topics of aliases
//	GET  /v1/alias/all, /v1/topic/all                               a registration_id's aliases and topics
//	GET  /v1/feedback/fetch_invalid_regids                          taken offline in 2024: 10020 (WithLegacyFeedback: the list)
//	     /_device/ws                                                the device channel (protocol.DevicePath)
//
// Other API paths answer code 10020 (not mocked); a wrong method 10021.
// The official SDKs' alternate hosts (lg.api, c3, emq) are served too, and
// a request carrying X-PUSH-HOST-LIST: true gets the host list back in the
// same header (see HostList).
//
// Every answer is HTTP 200 with {"result":"ok"|"error","trace_id",
// "code","description","info","reason","data"}: Xiaomi's callers treat any
// other status as a network failure. A push whose targets are all unknown,
// unregistered or another app's fails with 20301 (no valid targets); when
// some are valid the call succeeds and the invalid ones are only reported
// through a type-16 receipt, as the service does.
//
// Delivery: accepted targets reach the device after the configured latency
// or wait for it until time_to_live (default and maximum two weeks) runs
// out; time_to_send holds a message until its moment (at most seven days
// ahead). The notification the device receives is the MiPushMessage the
// MiPush SDK hands the app (see DeviceMessage): extra.* keys without their
// prefix in "extra", so extra.notify_effect, extra.intent_uri,
// extra.web_uri and extra.channel_id decide the tap and the channel, and
// custom keys reach MiPushMessage.getExtra().
//
// Limits are off unless an Option sets them: the app's daily quota
// (day_quota, code 200002), request rates (10022 per IP, 10023 per app),
// and the per-device daily cap on public (公信) messages, those whose
// extra.channel_id is not an approved private (私信) channel: capped
// messages are accepted and then not delivered (a vendor_quota_exceeded
// drop and a type-128 receipt), as on the real service.
package xiaomi
