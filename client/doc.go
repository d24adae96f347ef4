// Package client is the Go client of pushsim's own HTTP API, the routes
// under /_pushsim/ that `pushsim serve` (and the pushsim container) answer:
// device control (launch, log in, kill, cut the network, read the tray,
// tap a notification), what became of a message, the trace, and what each
// vendor mock received.
//
// It depends only on the standard library, so a backend's integration
// tests can import it without pulling pushsim's simulator in:
//
//	c := client.New("http://127.0.0.1:4780")
//	alice := c.Device("alice-phone")
//	if _, err := alice.Kill(ctx); err != nil { ... }
//	// ... the backend sends a message; sendmsg answered with msgKey ...
//	fate, err := c.Message(msgKey).Wait(ctx)
//
// Every error the server answers is an *Error carrying the HTTP status and
// the server's message; errors.Is(err, ErrNotFound) (and ErrBadRequest,
// ErrConflict, ErrMethodNotAllowed) tests its kind.
package client
