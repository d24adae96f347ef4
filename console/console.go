// Package console is pushsim's web console: a small page, embedded in the
// binary, that shows every simulated phone (its IM and app state, network
// and notification tray), drives them through the device-control routes of
// `pushsim serve`, looks up a message's fate by MsgKey and tails the trace
// live.
//
// The page talks only to the public /_pushsim/ routes. The one route this
// package adds is the live tail, GET /_pushsim/trace/stream, a stream of
// server-sent events over a trace.Subscription.
//
// Mount a Console on the environment's mux at both of its paths:
//
//	c := console.New(console.Config{Trace: tr, Done: closed})
//	mux.Handle(console.UIPath, c)
//	mux.Handle(console.StreamPath, c)
package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/pushsim/pushsim/trace"
)

// The paths a Console serves.
const (
	// UIPath is the console page and its assets (a subtree).
	UIPath = "/_pushsim/ui/"
	// StreamPath is the live trace: server-sent events.
	StreamPath = "/_pushsim/trace/stream"
)

// Defaults of Config.
const (
	DefaultMaxStreams = 16
	DefaultHeartbeat  = 15 * time.Second
	DefaultBuffer     = 256
)

// csp is the Content-Security-Policy of every console response: scripts,
// styles, images and connections from this origin only; no inline code.
const csp = "default-src 'self'"

//go:embed static
var static embed.FS

// Config is what a Console needs. Only Trace is required.
type Config struct {
	// Trace is the environment's trace, which the live tail follows.
	Trace *trace.Trace
	// Done, when closed, ends every open stream (the environment closed).
	Done <-chan struct{}
	// MaxStreams bounds the live tails open at once; one more gets 503.
	// Default DefaultMaxStreams.
	MaxStreams int
	// Heartbeat is how often an idle stream sends an SSE comment, so
	// proxies and browsers keep it open. Default DefaultHeartbeat.
	Heartbeat time.Duration
	// Buffer is each stream's subscription buffer, in events; a client
	// that falls further behind loses events and is told how many.
	// Default DefaultBuffer.
	Buffer int
}

// Console serves the web console and its live trace stream.
type Console struct {
	cfg     Config
	assets  http.Handler
	streams chan struct{} // one token per open stream
}

var _ http.Handler = (*Console)(nil)

// New returns a Console. It panics without a Trace, a programming error.
func New(cfg Config) *Console {
	if cfg.Trace == nil {
		panic("console.New: Config.Trace is nil")
	}
	if cfg.MaxStreams <= 0 {
		cfg.MaxStreams = DefaultMaxStreams
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = DefaultHeartbeat
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = DefaultBuffer
	}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder is part of the build
	}
	return &Console{
		cfg:     cfg,
		assets:  http.StripPrefix(UIPath, http.FileServerFS(sub)),
		streams: make(chan struct{}, cfg.MaxStreams),
	}
}

// ServeHTTP serves UIPath (the page and its assets) and StreamPath (the
// live trace). Anything else is a 404 with a JSON error.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	switch {
	case r.URL.Path == StreamPath:
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, http.StatusMethodNotAllowed, "%s %s: only GET", r.Method, r.URL.Path)
			return
		}
		c.serveStream(w, r)
	case strings.HasPrefix(r.URL.Path, UIPath):
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "%s %s: only GET and HEAD", r.Method, r.URL.Path)
			return
		}
		h.Set("Cache-Control", "no-cache")
		c.assets.ServeHTTP(w, r)
	default:
		writeError(w, http.StatusNotFound, "no console route %s (the console is at %s)", r.URL.Path, UIPath)
	}
}

// writeError answers with status and {"error": "..."}.
func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": fmt.Sprintf(format, args...)})
}
