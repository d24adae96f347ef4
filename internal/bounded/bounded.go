// Package bounded has a map that holds at most a fixed number of
// entries, forgetting the oldest first: what a mock or a simulated phone
// remembers per message stays flat in memory over a long run.
package bounded

// DefaultMax is the capacity of a zero Map.
const DefaultMax = 100_000

// Map is a map from string keys that holds at most its capacity of
// entries, forgetting the oldest inserted first. Updating a key keeps its
// place. The zero value holds DefaultMax entries. It is not safe for
// concurrent use.
type Map[V any] struct {
	max    int
	values map[string]V
	order  []string // ring of keys by insertion
	next   int      // where the next key goes once the ring is full
}

// New returns a Map holding at most max entries (max > 0).
func New[V any](max int) *Map[V] { return &Map[V]{max: max} }

func (b *Map[V]) capacity() int {
	if b.max <= 0 {
		return DefaultMax
	}
	return b.max
}

// Get returns the value for k and whether it is held.
func (b *Map[V]) Get(k string) (V, bool) {
	v, ok := b.values[k]
	return v, ok
}

// Set holds v for k, forgetting the oldest entry when full.
func (b *Map[V]) Set(k string, v V) {
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
func (b *Map[V]) Delete(k string) { delete(b.values, k) }

// Len is the number of entries held.
func (b *Map[V]) Len() int { return len(b.values) }

// Range calls f for each entry, in no particular order, until f returns
// false.
func (b *Map[V]) Range(f func(k string, v V) bool) {
	for k, v := range b.values {
		if !f(k, v) {
			return
		}
	}
}
