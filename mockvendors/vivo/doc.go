// Package vivo is pushsim's mock of vivo Push: the server API a backend
// calls (JSON bodies, an authToken from an MD5-signed auth call sent back
// in an authToken header, results as {result, desc, taskId}), the
// Funtouch/Origin OS push service's device channel, and a thin client
// that pushes like a real IM backend does.
//
// Served paths (on every vivo host; routing is by path only):
//
//	POST /message/auth   appId + appKey + timestamp + sign → authToken (24 h), at most 10 calls/s per app (10093)
//	POST /message/send   one notification to one regId, with requestId, classification, skipType, clientCustomMap
//	     /_device/ws     the device channel (protocol.DevicePath)
//
// Since API version 2.9.2 request bodies carry appId, which must match the
// authToken's app (10094); bodies without it are accepted, as older
// clients send them. Numbers may arrive as strings.
//
// Delivery behaviour: accepted messages reach the device after the
// configured latency, or wait for it up to timeToLive seconds (default one
// day, 60 s to 7 days). System messages (classification 1, or a system
// category such as IM) and operational ones (classification 0, the
// default) have separate daily totals per app (10073 and 10070, 10000
// each by default, the floor vivo grants a small app). Operational
// messages are sent only 07:00-23:00 China time (10071) and each device
// receives at most five a day from an app: the rest are accepted and never
// delivered (a vendor.drop with reason vendor_quota_exceeded). Test
// messages (pushMode 1) have their own small totals and no receipts.
// Receipts (extra.callback) report arrivals of formal single pushes.
package vivo
