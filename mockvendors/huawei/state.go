package huawei

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
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

	seen      map[string]int // hash of the request content → occurrences
	rate      *mockvendors.Window
	marketing *mockvendors.DailyQuota
	msgs      map[string]msgInfo // requestId → what receipts need
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
		seen:      map[string]int{},
		rate:      mockvendors.NewWindow(o.rate.n, o.rate.span),
		marketing: mockvendors.NewDailyQuota(o.marketingCap, nil),
		msgs:      map[string]msgInfo{},
	}
}

// requestID derives a requestId from the request's content and how often
// that same content came before, so it does not depend on scheduling.
// st.mu is held.
func (st *state) requestID(root seed.Root, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p)) + ":" + p))
	}
	key := hex.EncodeToString(h.Sum(nil))
	st.seen[key]++
	rng := root.Stream("huawei", "requestId", key, strconv.Itoa(st.seen[key]))
	b := make([]byte, requestIDDigits)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}
