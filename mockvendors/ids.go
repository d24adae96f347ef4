package mockvendors

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"

	"github.com/pushsim/pushsim/internal/seed"
)

// Occurrences counts how often the same content came before, so that the
// IDs a vendor derives from content and count depend on what was sent
// and on the order of equal calls, never on scheduling. It remembers the
// last MaxRemembered distinct contents. The zero value is ready. It is
// not safe for concurrent use: the vendor's state lock guards it.
type Occurrences struct {
	counts Bounded[int]
}

// maxKeptText bounds the hashing buffers kept between counts.
const maxKeptText = 64 << 10

// Count hashes parts (each prefixed with its length, so that "ab","c" and
// "a","bc" differ), counts one more occurrence of them and returns the
// hash (hex) and the count ("1" the first time).
func (o *Occurrences) Count(parts ...string) (key, n string) {
	key, c := o.CountN(parts...)
	return key, strconv.Itoa(c)
}

// CountN is Count with the count as a number.
func (o *Occurrences) CountN(parts ...string) (key string, n int) {
	key = ContentKey(parts...)
	return key, o.Next(key)
}

// ContentKey is the key CountN counts parts under, safe to compute
// without the lock that guards the Occurrences: a caller hashes first and
// counts with Next under its lock.
func ContentKey(parts ...string) string {
	bp := keyBuffers.Get().(*[]byte)
	key, b := contentKey((*bp)[:0], parts)
	if cap(b) <= maxKeptText {
		*bp = b
		keyBuffers.Put(bp)
	}
	return key
}

// keyBuffers are ContentKey's buffers for the hashed text, kept while at
// most maxKeptText.
var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// Next counts one more occurrence of the content key (from ContentKey)
// and returns the count (1 the first time).
func (o *Occurrences) Next(key string) int {
	c, _ := o.counts.Get(key)
	o.counts.Set(key, c+1)
	return c + 1
}

// contentKey hashes parts, each after its length and a colon, into b's
// space and returns the hash (hex) and the buffer.
func contentKey(b []byte, parts []string) (string, []byte) {
	for _, p := range parts {
		b = append(strconv.AppendInt(b, int64(len(p)), 10), ':')
		b = append(b, p...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), b
}

// Digits draws n decimal digits from the seed stream named by parts.
func Digits(root seed.Root, n int, parts ...string) string {
	rng := root.Stream(parts...)
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}
