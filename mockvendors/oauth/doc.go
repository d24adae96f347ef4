// Package oauth is the OAuth 2.0 client-credentials service that HMS Push
// Kit and Honor Push share: a token endpoint that trades a client ID and
// secret for a bearer token living a fixed time, the store the vendor's
// send API checks those tokens against (telling an unknown token from an
// expired one, as HMS's codes 80200001 and 80200003 do), and the
// client-side cache a backend keeps its token in, refreshing it when it
// expires or the vendor refuses it.
//
// Token values are drawn from the root seed by client ID and issue count,
// never by arrival order. Secrets are never written to a trace or a log.
package oauth
