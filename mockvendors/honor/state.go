package honor

import (
	"sync"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between calls. mu serializes sends
// so that limits are counted, and deliveries made, in call order.
type state struct {
	mu   sync.Mutex
	seen mockvendors.Occurrences // hash of the request content → occurrences
	rate *mockvendors.Window
}

func newState(o options) *state {
	return &state{seen: mockvendors.Occurrences{}, rate: o.rate.Window()}
}

// requestID derives a request ID from the request's content and how often
// that same content came before, so it does not depend on scheduling.
// st.mu is held.
func (st *state) requestID(root seed.Root, parts ...string) string {
	key, n := st.seen.Count(parts...)
	id := mockvendors.Digits(root, 24, "honor", "requestId", key, n)
	if id[0] == '0' {
		id = "1" + id[1:]
	}
	return id
}
