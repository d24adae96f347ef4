// Package meizu is pushsim's mock of Meizu Flyme Push: the server API a
// backend calls (form-encoded, MD5-signed, string result codes, per-target
// failures in "value"), the Flyme push service's device channel, and a
// thin client that pushes like a real IM backend does.
//
// Served paths (on every Meizu host; routing is by path only):
//
//	POST /garcia/api/server/push/varnished/pushByPushId     notification bar by PushId
//	POST /garcia/api/server/push/varnished/pushByAlias      notification bar by alias
//	POST /garcia/api/server/push/unvarnished/pushByPushId   pass-through: refused (110053)
//	POST /garcia/api/server/push/unvarnished/pushByAlias    pass-through: refused (110053)
//	POST /garcia/api/server/message/subscribeAlias
//	POST /garcia/api/server/message/unSubscribeAlias
//	GET  /garcia/api/server/message/getSubAlias
//	GET  /garcia/api/server/message/getRegisterSwitch
//	POST /garcia/api/server/message/changeRegisterSwitch
//	POST /garcia/api/server/message/changeAllSwitch
//	     /_device/ws                                        the device channel (protocol.DevicePath)
//
// Delivery behaviour: accepted targets reach the device after the
// configured latency, or wait for it up to pushTimeInfo.validTime hours
// (then drop as "expired"); with offLine 0 a device without a live channel
// when the message comes due loses it ("device_network_down");
// more than five messages to one app on one device within a minute are
// folded (code 520). Speed limits (518), request rate limits (110010) and
// daily caps (110011, 110019) are off unless an Option turns them on.
package meizu
