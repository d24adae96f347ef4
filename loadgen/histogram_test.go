package loadgen

import (
	"encoding/json"
	"testing"
)

func TestBucketsTileTheLine(t *testing.T) {
	prev := int64(-1)
	for i := 0; i < 1500; i++ { // up to about 2^50 ms
		lo, hi := bounds(i)
		if lo != prev+1 || hi < lo {
			t.Fatalf("bucket %d is [%d, %d], want it to start at %d", i, lo, hi, prev+1)
		}
		for _, v := range []int64{lo, hi, (lo + hi) / 2} {
			if bucketOf(v) != i {
				t.Fatalf("%d ms falls in bucket %d, want %d", v, bucketOf(v), i)
			}
		}
		if lo >= 64 && float64(hi-lo+1)/float64(lo) > 1.0/32+1e-9 {
			t.Fatalf("bucket %d [%d, %d] is wider than 1/32 of its start", i, lo, hi)
		}
		prev = hi
	}
}

func TestQuantilesAndMerge(t *testing.T) {
	var all, a, b Histogram
	for v := int64(1); v <= 1000; v++ {
		all.Add(v)
		if v%3 == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
	}
	if q := all.Quantile(0.5); q < 500 || q > 515 {
		t.Errorf("p50 of 1..1000 is %d", q)
	}
	if q := all.Quantile(1); q < 1000 || q > 1031 {
		t.Errorf("p100 of 1..1000 is %d", q)
	}
	a.Merge(&b)
	for _, q := range []float64{0.5, 0.95, 0.99} {
		if a.Quantile(q) != all.Quantile(q) {
			t.Errorf("merged q%.2f %d, whole %d", q, a.Quantile(q), all.Quantile(q))
		}
	}
	js, err := json.Marshal(&a)
	if err != nil {
		t.Fatal(err)
	}
	var back Histogram
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(&back)
	if string(again) != string(js) || back.Count() != 1000 {
		t.Errorf("round trip changed the histogram:\n%s\n%s", js, again)
	}
	if err := json.Unmarshal([]byte(`[[65, 1]]`), &back); err == nil {
		t.Error("a bucket that does not start the scheme's bucket was accepted")
	}
	var empty Histogram
	if empty.Quantile(0.99) != 0 {
		t.Error("an empty histogram has a p99")
	}
}
