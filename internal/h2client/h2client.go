// Package h2client makes the HTTP/2-only client transports pushsim's tests
// talk to serve and the APNs mock with: HTTP/2 without TLS (h2c, prior
// knowledge), as APNs clients against a local mock need, and HTTP/2 over
// TLS. Both are the standard library's http.Transport with Protocols set.
package h2client

import (
	"crypto/tls"
	"net/http"
)

// H2C is a transport that speaks HTTP/2 over plain TCP and nothing else.
func H2C() *http.Transport {
	p := new(http.Protocols)
	p.SetUnencryptedHTTP2(true)
	return &http.Transport{Protocols: p}
}

// TLS is a transport that speaks HTTP/2 over TLS with cfg and nothing else.
func TLS(cfg *tls.Config) *http.Transport {
	p := new(http.Protocols)
	p.SetHTTP2(true)
	return &http.Transport{Protocols: p, TLSClientConfig: cfg}
}
