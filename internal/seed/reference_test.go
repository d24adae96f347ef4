package seed

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// hexReference and streamSeeds are Hex and Stream written plainly, with a
// hash.Hash and string concatenation: the IDs and draws every trace holds
// must stay exactly these.
func hexReference(r Root, n int, parts ...string) string {
	h := sha256.New()
	h.Write([]byte("hex:" + strconv.FormatUint(uint64(r), 10)))
	h.Write([]byte(strings.Join(parts, "\x00")))
	s := hex.EncodeToString(h.Sum(nil))
	for len(s) < n {
		next := sha256.Sum256([]byte(s))
		s += hex.EncodeToString(next[:])
	}
	return s[:n]
}

func streamSeeds(r Root, parts ...string) (uint64, uint64) {
	h := sha256.New()
	h.Write([]byte(strconv.FormatUint(uint64(r), 10)))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])
}

func TestHexAndStreamAsReference(t *testing.T) {
	long := strings.Repeat("token", 80) // past Hex's and Stream's stack buffer
	for _, parts := range [][]string{nil, {""}, {"a"}, {"ab", "c"}, {"a", "bc"}, {"apns", "uuid", long, "7"}, {long, long}} {
		for _, r := range []Root{0, 1, 1 << 63} {
			for _, n := range []int{0, 16, 64, 65, 200} {
				if got, want := r.Hex(n, parts...), hexReference(r, n, parts...); got != want {
					t.Errorf("Root(%d).Hex(%d, %q) = %q, want %q", r, n, parts, got, want)
				}
			}
			s1, s2 := streamSeeds(r, parts...)
			ref := rand.New(rand.NewPCG(s1, s2))
			got := r.Stream(parts...)
			for i := range 4 {
				if g, w := got.Uint64(), ref.Uint64(); g != w {
					t.Errorf("Root(%d).Stream(%q) draw %d = %d, want %d", r, parts, i, g, w)
				}
			}
		}
	}
}
