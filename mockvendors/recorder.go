package mockvendors

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Message is one notification a vendor accepted for one target, as
// GET /_pushsim/vendors/<vendor>/messages lists it. It never holds secrets.
type Message struct {
	Vendor protocol.Vendor `json:"vendor"`
	MsgID  string          `json:"msg_id"`
	AppID  string          `json:"app_id,omitempty"`
	Token  string          `json:"token"`
	// Alias is the alias the target was addressed by, if any.
	Alias string `json:"alias,omitempty"`
	Title string `json:"title"`
	Body  string `json:"body"`
	Click Click  `json:"click"`
	// Path is the API path the message came in on.
	Path string `json:"path,omitempty"`
	// Params are the request's parameters as received, minus signatures
	// and credentials.
	Params map[string]string `json:"params,omitempty"`
	// ReceivedAt is the simulated time of the request (RFC 3339).
	ReceivedAt string `json:"received_at"`
}

// Click is what tapping the notification should do, in vendor-neutral
// terms: Action is a protocol.Click* value, or "custom".
type Click struct {
	Action   string            `json:"action"`
	URL      string            `json:"url,omitempty"`
	Activity string            `json:"activity,omitempty"`
	Custom   string            `json:"custom,omitempty"`
	Extras   map[string]string `json:"extras,omitempty"`
}

// FormatTime writes t as Message.ReceivedAt does.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Recorder keeps what a vendor received. It serves GET (a JSON array,
// optionally ?token=) and DELETE (clear).
type Recorder struct {
	mu sync.Mutex
	// msgs holds the messages; once a bounded recorder is full it is a
	// ring of max messages whose oldest is at head, so recording never
	// copies or reallocates what is kept.
	msgs []Message
	head int
	max  int // keep at most this many, the newest (0: all)
}

// NewRecorder returns an empty recorder that keeps every message.
func NewRecorder() *Recorder { return &Recorder{} }

// NewBoundedRecorder returns an empty recorder that keeps the newest max
// messages (every one when max is not positive), forgetting the oldest in
// constant time.
func NewBoundedRecorder(max int) *Recorder { return &Recorder{max: max} }

// Add records m.
func (r *Recorder) Add(m Message) {
	r.mu.Lock()
	if r.max > 0 && len(r.msgs) == r.max {
		r.msgs[r.head] = m
		r.head = (r.head + 1) % r.max
	} else {
		r.msgs = append(r.msgs, m)
	}
	r.mu.Unlock()
}

// List returns the messages in arrival order.
func (r *Recorder) List() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Message, 0, len(r.msgs))
	out = append(out, r.msgs[r.head:]...)
	return append(out, r.msgs[:r.head]...)
}

// Len is the number of messages recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

// Clear forgets every message.
func (r *Recorder) Clear() {
	r.mu.Lock()
	r.msgs, r.head = nil, 0
	r.mu.Unlock()
}

// ServeHTTP lists (GET) or clears (DELETE) the messages.
func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch req.Method {
	case http.MethodGet, http.MethodHead:
		msgs := r.List()
		if tok := req.URL.Query().Get("token"); tok != "" {
			kept := msgs[:0]
			for _, m := range msgs {
				if m.Token == tok {
					kept = append(kept, m)
				}
			}
			msgs = kept
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(msgs)
	case http.MethodDelete:
		r.Clear()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, DELETE")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}
