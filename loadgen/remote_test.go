package loadgen

import "testing"

// Every message of the fleet belongs to exactly one shard, at a place
// jOf and iOf agree on, and shardMessages counts them.
func TestRemoteShardNumbering(t *testing.T) {
	for _, tc := range []struct{ devices, messages, shards int }{{10, 10, 1}, {10, 37, 3}, {7, 100, 4}, {3, 2, 3}, {5, 5, 8}} {
		owner := make([]int, tc.messages)
		for i := range owner {
			owner[i] = -1
		}
		for s := range tc.shards {
			r := &remoteRun{o: Options{Devices: tc.devices, Messages: tc.messages}, lo: tc.devices * s / tc.shards, hi: tc.devices * (s + 1) / tc.shards}
			n := r.shardMessages()
			for i := range n {
				j := r.jOf(i)
				if j < 0 || j >= tc.messages || owner[j] != -1 {
					t.Fatalf("%+v shard %d: message %d is %d, out of range or taken", tc, s, i, j)
				}
				owner[j] = s
				if back, ok := r.iOf(j); !ok || back != i {
					t.Fatalf("%+v shard %d: iOf(jOf(%d)) = %d, %v", tc, s, i, back, ok)
				}
			}
		}
		for j, s := range owner {
			if s == -1 {
				t.Fatalf("%+v: message %d belongs to no shard", tc, j)
			}
		}
	}
}
