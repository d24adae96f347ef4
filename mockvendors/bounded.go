package mockvendors

import "github.com/pushsim/pushsim/internal/bounded"

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
