package mockvendors_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

func TestOccurrences(t *testing.T) {
	o := mockvendors.Occurrences{}
	k1, n1 := o.Count("ab", "c")
	k2, n2 := o.Count("ab", "c")
	k3, n3 := o.Count("a", "bc")
	if k1 != k2 || n1 != "1" || n2 != "2" {
		t.Errorf("the same parts: %s/%s then %s/%s, want one key counted 1 then 2", k1, n1, k2, n2)
	}
	if k3 == k1 || n3 != "1" {
		t.Errorf("differently split parts share the key %s (count %s)", k3, n3)
	}
	if len(k1) != 64 {
		t.Errorf("key %q is not a hex SHA-256", k1)
	}
	// The key is the SHA-256 of each part after its length and a colon:
	// message IDs in every trace are drawn from it.
	long := strings.Repeat("x", 300)
	huge := strings.Repeat("y", 70<<10) // over what an Occurrences keeps
	for _, parts := range [][]string{{"ab", "c"}, {}, {"", long, "z"}, {long, long}, {"a"}, {long}, {huge}, {long, "q"}, {huge, huge}, {"", long}} {
		key, _ := o.CountN(parts...)
		text := ""
		for _, p := range parts {
			text += strconv.Itoa(len(p)) + ":" + p
		}
		if sum := sha256.Sum256([]byte(text)); key != hex.EncodeToString(sum[:]) {
			t.Errorf("CountN(%q) key %s, want the SHA-256 of %q", parts, key, text)
		}
	}
}

func TestDigits(t *testing.T) {
	a := mockvendors.Digits(seed.Root(1), 24, "x", "y")
	if len(a) != 24 || a != mockvendors.Digits(seed.Root(1), 24, "x", "y") || a == mockvendors.Digits(seed.Root(1), 24, "x", "z") {
		t.Errorf("Digits = %q: want 24 digits that depend on the seed stream only", a)
	}
	for _, c := range a {
		if c < '0' || c > '9' {
			t.Fatalf("Digits = %q has a non-digit", a)
		}
	}
}
