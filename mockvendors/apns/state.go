package apns

import (
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between notifications. mu
// serializes them so that limits are counted, and hub deliveries made, in
// call order.
type state struct {
	mu     sync.Mutex
	seen   mockvendors.Occurrences // hash of the request content → occurrences
	gone   map[string]time.Time    // device token → when APNs first found it unregistered
	device *mockvendors.Window
}

func newState(o options) *state {
	return &state{gone: map[string]time.Time{},
		device: mockvendors.NewWindow(o.deviceRate, o.deviceSpan)}
}

// occurrence counts one more request with this content and returns its
// key and how often it came. st.mu is held.
func (st *state) occurrence(parts ...string) (string, int) { return st.seen.CountN(parts...) }

// goneSince is when the token was found unregistered: the first time the
// mock refused it. st.mu is held.
func (st *state) goneSince(token string, now time.Time) time.Time {
	if t, ok := st.gone[token]; ok {
		return t
	}
	st.gone[token] = now
	return now
}

// uuid derives a lower-case UUID (version 4 layout) from the named stream.
func uuid(root seed.Root, parts ...string) string {
	h := []byte(root.Hex(32, parts...))
	h[12] = '4'
	h[16] = "89ab"[h[16]%4]
	return string(h[0:8]) + "-" + string(h[8:12]) + "-" + string(h[12:16]) + "-" + string(h[16:20]) + "-" + string(h[20:32])
}
