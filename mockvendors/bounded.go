package mockvendors

// MaxRemembered bounds what a vendor mock remembers per message (the
// content counts behind its message IDs, what receipts and retries need):
// past it the oldest entry is forgotten, so a long pushsim serve stays
// flat in memory. A receipt, retry or click for a message that many
// messages old is answered as for an unknown one.
const MaxRemembered = 100_000

// Bounded is a map from string keys that holds at most its capacity of
// entries, forgetting the oldest inserted first. Updating a key keeps its
// place. The zero value holds MaxRemembered entries. It is not safe for
// concurrent use.
type Bounded[V any] struct {
	max    int
	values map[string]V
	order  []string // ring of keys by insertion
	next   int      // where the next key goes once the ring is full
}

// NewBounded returns a Bounded holding at most max entries (max > 0).
func NewBounded[V any](max int) *Bounded[V] { return &Bounded[V]{max: max} }

func (b *Bounded[V]) capacity() int {
	if b.max <= 0 {
		return MaxRemembered
	}
	return b.max
}

// Get returns the value for k and whether it is held.
func (b *Bounded[V]) Get(k string) (V, bool) {
	v, ok := b.values[k]
	return v, ok
}

// Set holds v for k, forgetting the oldest entry when full.
func (b *Bounded[V]) Set(k string, v V) {
	if b.values == nil {
		b.values = map[string]V{}
	}
	if _, ok := b.values[k]; ok {
		b.values[k] = v
		return
	}
	if n := b.capacity(); len(b.order) < n {
		b.order = append(b.order, k)
	} else {
		delete(b.values, b.order[b.next])
		b.order[b.next] = k
		b.next = (b.next + 1) % n
	}
	b.values[k] = v
}

// Delete forgets k. Its place in the ring stays until it comes round (a
// key set again before then may be forgotten that much sooner).
func (b *Bounded[V]) Delete(k string) { delete(b.values, k) }

// Len is the number of entries held.
func (b *Bounded[V]) Len() int { return len(b.values) }

// Range calls f for each entry, in no particular order, until f returns
// false.
func (b *Bounded[V]) Range(f func(k string, v V) bool) {
	for k, v := range b.values {
		if !f(k, v) {
			return
		}
	}
}
