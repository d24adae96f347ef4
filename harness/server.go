package harness

import (
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/pushsim/pushsim/console"
	"github.com/pushsim/pushsim/internal/tunnel"
)

// Bounds of the HTTP servers.
const (
	// maxHeaderBytes bounds a request's header block.
	maxHeaderBytes = 64 << 10
	// idleTimeout closes a keep-alive connection idle this long
	// (loopback mode).
	idleTimeout = 2 * time.Minute
	// writeTimeoutFactor times the action timeout bounds writing one
	// ordinary response (loopback mode).
	writeTimeoutFactor = 4
)

// newServer returns an http.Server for h with the environment's bounds: a
// header block within maxHeaderBytes read within the action timeout,
// and in loopback mode idle keep-alive connections closed after
// idleTimeout and every ordinary request's body read within the action
// timeout and its answer written within writeTimeoutFactor times it.
// Websockets and event streams set their own deadlines, so the server
// sets no ReadTimeout or WriteTimeout: those would cut them.
func (e *Env) newServer(h http.Handler) *http.Server {
	s := &http.Server{Handler: h, ReadHeaderTimeout: e.opts.timeout, MaxHeaderBytes: maxHeaderBytes}
	if e.opts.mode == Loopback {
		s.IdleTimeout = idleTimeout
		s.Handler = requestDeadlines(h, e.opts.timeout, writeTimeoutFactor*e.opts.timeout)
	}
	return s
}

// requestDeadlines bounds reading the body and writing the answer of every
// request but websocket upgrades and event streams.
func requestDeadlines(h http.Handler, read, write time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isLongLived(r) {
			h.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		now := time.Now()
		_ = rc.SetReadDeadline(now.Add(read))
		_ = rc.SetWriteDeadline(now.Add(write))
		// The connection outlives the request: the next request on it
		// must not inherit this one's deadline.
		defer rc.SetWriteDeadline(time.Time{})
		h.ServeHTTP(w, r)
	})
}

// isLongLived reports whether r opens a websocket or an event stream.
func isLongLived(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") || r.URL.Path == console.StreamPath || r.URL.Path == tunnel.Path ||
		strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// limitListener caps ln's open connections at Limits.MaxConnections.
func (e *Env) limitListener(ln net.Listener) net.Listener {
	if n := e.opts.limits.MaxConnections; n > 0 && e.opts.mode == Loopback {
		return netutil.LimitListener(ln, n)
	}
	return ln
}
