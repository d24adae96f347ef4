package mockvendors

import (
	"sync"

	"github.com/pushsim/pushsim/internal/bounded"
)

// MaxRemembered bounds what a vendor mock remembers per message (the
// content counts behind its message IDs, what receipts and retries need):
// past it the oldest entry is forgotten, so a long pushsim serve stays
// flat in memory. A receipt, retry or click for a message that many
// messages old is answered as for an unknown one.
const MaxRemembered = bounded.DefaultMax

// Bounded is what a mock remembers per message, at most MaxRemembered
// entries (the zero value), the oldest forgotten first.
type Bounded[V any] = bounded.Map[V]

// NewBounded returns a Bounded holding at most max entries.
func NewBounded[V any](max int) *Bounded[V] { return bounded.New[V](max) }

// SharedBounded is a Bounded with a lock of its own, for what device
// acks read while pushes write (receipt details by message), so that an
// ack need not wait for the vendor's push lock. The zero value holds at
// most MaxRemembered entries.
type SharedBounded[V any] struct {
	mu sync.Mutex
	m  Bounded[V]
}

// Get returns the value for key.
func (s *SharedBounded[V]) Get(key string) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m.Get(key)
}

// Set stores v for key, forgetting the oldest entry past the bound.
func (s *SharedBounded[V]) Set(key string, v V) {
	s.mu.Lock()
	s.m.Set(key, v)
	s.mu.Unlock()
}
