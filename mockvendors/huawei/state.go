package huawei

import (
	"sync"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// requestIDDigits is the length of a requestId, a decimal string like
// "157440129810365220000601".
const requestIDDigits = 24

// state is what the server remembers between calls. mu serializes sends
// so that limits are counted, and deliveries made, in call order.
type state struct {
	mu sync.Mutex

	seen      mockvendors.Occurrences // hash of the request content → occurrences
	rate      *mockvendors.Window
	marketing *mockvendors.DailyQuota
	msgs      mockvendors.SharedBounded[msgInfo] // requestId → what receipts need (its own lock)
}

// msgInfo is what a receipt needs to know about a message.
type msgInfo struct {
	appID    string
	callback string
	biTag    string
	tokens   map[string]bool
}

func newState(o options) *state {
	return &state{
		seen:      mockvendors.Occurrences{},
		rate:      o.rate.Window(),
		marketing: mockvendors.NewDailyQuota(o.marketingCap, nil),
	}
}

// requestID derives a requestId from the request's content and how often
// that same content came before, so it does not depend on scheduling.
// st.mu is held.
func (st *state) requestID(root seed.Root, parts ...string) string {
	key, n := st.seen.Count(parts...)
	id := mockvendors.Digits(root, requestIDDigits, "huawei", "requestId", key, n)
	if id[0] == '0' {
		id = "1" + id[1:]
	}
	return id
}
