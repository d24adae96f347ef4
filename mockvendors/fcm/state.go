package fcm

import (
	"strconv"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between sends. mu serializes sends
// so that limits are counted, and hub deliveries made, in call order.
type state struct {
	mu      sync.Mutex
	seen    mockvendors.Occurrences // hash of the request content → occurrences
	project *mockvendors.Window
	device  *mockvendors.Window // per token, per minute
	hour    *mockvendors.Window // per token, per hour
}

func newState(o options) *state {
	return &state{
		project: mockvendors.NewWindow(o.projectQuota.n, o.projectQuota.span),
		device:  mockvendors.NewWindow(o.deviceRate.n, o.deviceRate.span),
		hour:    mockvendors.NewWindow(o.deviceHour.n, o.deviceHour.span),
	}
}

// allowDevice reports whether one more message to token fits both
// per-device throttles at now, and if so counts it in both. st.mu is held.
func (st *state) allowDevice(token string, now time.Time) bool {
	if st.device.Full(token, now) || st.hour.Full(token, now) {
		return false
	}
	st.device.Add(token, now)
	st.hour.Add(token, now)
	return true
}

// occurrence counts one more request with this content and returns its
// key and how often it came (1 the first time). st.mu is held.
func (st *state) occurrence(parts ...string) (string, int) { return st.seen.CountN(parts...) }

// messageID derives a message ID of FCM's shape, "0:<16 digits>%<16 hex>",
// from the request's content key and occurrence.
func messageID(root seed.Root, key string, n int) string {
	rng := root.Stream("fcm", "msgId", key, strconv.Itoa(n))
	digits := make([]byte, 16)
	digits[0] = byte('1' + rng.IntN(9))
	for i := 1; i < len(digits); i++ {
		digits[i] = byte('0' + rng.IntN(10))
	}
	return "0:" + string(digits) + "%" + root.Hex(16, "fcm", "msgId", key, strconv.Itoa(n))
}
