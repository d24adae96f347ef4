package harness

import "testing"

// TestMsgRandomNeverRepeats: the MsgRandoms of a run are a permutation of
// the message numbers, so 100,000 messages get 100,000 different ones.
func TestMsgRandomNeverRepeats(t *testing.T) {
	for _, base := range []uint32{0, 1, 0xdeadbeef} {
		seen := make(map[uint32]bool, 100000)
		for n := uint64(1); n <= 100000; n++ {
			r := msgRandom(base, n)
			if seen[r] {
				t.Fatalf("base %#x: message %d repeats MsgRandom %d", base, n, r)
			}
			seen[r] = true
		}
	}
}
