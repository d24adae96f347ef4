// Package fakeim is pushsim's fake Tencent Cloud IM server.
//
// It serves, from one [http.Handler]:
//
//   - the server REST API at /v4/<service>/<command> (account import,
//     check, delete and kick; online status; C2C sendmsg and
//     batchsendmsg), with Tencent's query parameters, UserSig v2
//     authentication of the App admin, its JSON field names, its
//     always-HTTP-200 envelope and its error codes;
//   - the device websocket at [protocol.IMPath], pushsim's own protocol
//     named after the V2TIM calls (login, logout, heartbeat,
//     setOfflinePushConfig, doBackground, ...);
//   - pushsim's own API under /_pushsim/im/: the push certificate registry
//     and the list of IM instances.
//
// Each logged-in device is an instance, keyed by user and device ID, in one
// of the states Online, Background, PushOnline and Offline, with the
// transitions and timings Tencent documents (a killed app is PushOnline at
// once, a silently lost one after the 400 s heartbeat timeout, and Offline
// after 7 days). An instance ID belongs to the user whose session on it is
// alive: another user's login with it is refused ([CodeInstanceInUse])
// until that user logs out. Every message is routed per instance: delivered on the
// socket, pushed through the vendor [protocol.Pusher] of the certificate the
// device reported, or dropped with a [protocol.Reason]. Every decision is
// appended to the shared [trace.Trace].
//
// The server uses the plain time package and starts no goroutine that
// outlives [Server.Close], so it runs unchanged inside a testing/synctest
// bubble over an in-memory network, in virtual time.
package fakeim
