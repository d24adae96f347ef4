// Package mockvendors holds what every mock vendor push server shares: the
// Server contract and the Base that implements its plumbing, the
// per-vendor Config (and Configure, which applies a vendor's options) and
// the apps registered on the vendor's developer platform, the Hub (the
// vendor's device channel, its token registry and its seeded,
// latency-shaped delivery), the Recorder of what a vendor received, the
// ReceiptQueue that batches receipts to callback URLs, sliding-window
// limits for folding and quotas, and helpers for reading what clients send
// loosely (forms, integers as strings) and for content-derived IDs.
//
// Each vendor lives in its own subpackage (mockvendors/meizu, ...), serves
// the vendor's real server API paths, decides registrations and issues
// tokens, and hands accepted notifications to its Hub.
//
// Everything uses the plain time package, so a mock runs unchanged in real
// time or inside a testing/synctest bubble over an in-memory network; every
// random choice comes from the Config's seed, by stable names.
package mockvendors
