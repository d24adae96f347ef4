// Package authtoken is what the OPPO and vivo mocks and their thin clients
// share about auth tokens. Both services trade the app's credentials for a
// token at an auth endpoint and want that token on every later call; both
// tokens live 24 hours.
//
// The server half is the Issuer: it issues tokens whose values come from
// the run's seed (by vendor, app and how many tokens the app was issued
// before, never by arrival order across apps), and tells a valid token from
// an expired or unknown one.
//
// The client half is the Cache: a backend keeps one token per credential
// set, fetches a new one shortly before the old one expires (or after the
// vendor refused it), and lets only one caller fetch at a time, so a burst
// of pushes does not trip a vendor's auth rate limit. It is also the store
// behind oauth.Cache, the HMS and Honor clients' access tokens.
package authtoken
