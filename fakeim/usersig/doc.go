// Package usersig implements Tencent Cloud IM's UserSig, version 2 (the TLS
// Sig API v2): the HMAC-SHA256 ticket an IM client or an App admin presents
// to prove it may act as a user.
//
// A UserSig is a JSON document (identifier, SDKAppID, issue time, lifetime,
// optional userbuf and the signature), zlib-compressed and encoded with a
// URL-safe variant of standard base64 in which '+', '/' and '=' become '*',
// '-' and '_'. The signature covers the lines
//
//	TLS.identifier:<userid>
//	TLS.sdkappid:<sdkappid>
//	TLS.time:<unix seconds>
//	TLS.expire:<lifetime seconds>
//	TLS.userbuf:<base64 userbuf>   (only when a userbuf is present)
//
// each ending in a newline, keyed with the application's secret key.
//
// [Verify] checks, in this order, the SDKAppID, the identifier, the expiry
// (expired when now > time+expire), the userbuf and the signature, and
// returns one sentinel error per failure; [Code] maps each to the REST error
// code Tencent answers with.
package usersig
