// Package apns is pushsim's mock of the Apple Push Notification service's
// HTTP/2 provider API: the request a provider (an IM backend) sends, with
// provider token (ES256 JWT) or TLS client certificate authentication,
// the apns-* headers, the payload and its 4 KB limit, Apple's status codes
// and {"reason"} bodies; the iPhone's device channel; and a thin client
// that pushes like a real provider does.
//
// Served paths (on every APNs host; routing is by path only):
//
//	POST /3/device/{deviceToken}   send one notification
//	     /_device/ws               the device channel (protocol.DevicePath)
//
// The real service speaks HTTP/2 only. The Handler serves whatever
// protocol its server speaks: real clients (sideshow/apns2 over h2c or
// TLS with ALPN h2) reach it over HTTP/2, pushsim's in-memory clients over
// HTTP/1.1.
//
// Authentication: a provider token is verified with the public half of
// the signing key registered for its team (iss) and key ID (kid), see
// AppFor; a token issued more than an hour ago is ExpiredProviderToken,
// and a new token within 20 minutes of the last new one for the same key
// is TooManyProviderTokenUpdates. The checks fail closed: a team with no
// app, or whose apps lack a key ID or key, has no token that passes, and a
// token of another team than the topic's app is InvalidProviderToken. A
// TLS client certificate (when the server asks for one) must chain to a CA
// given with WithClientCAs (BadCertificate otherwise; with none, none
// passes); it authenticates its bundle ID, read from the certificate's UID
// or "Apple ... Push Services: <bundle ID>" common name.
//
// Delivery: an accepted notification reaches the device after the
// configured latency, or waits for it until apns-expiration (30 days when
// absent, pushsim's choice: Apple only says "for a limited period"); an
// apns-expiration of 0 is delivered once or not at all. Apple keeps only
// the latest notification per app for an offline device; pushsim's hub
// keeps them all. APNs has no delivery receipts.
package apns
