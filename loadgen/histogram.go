package loadgen

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
)

// Histogram counts latencies in milliseconds in fixed log-linear buckets:
// exact below 64 ms, then 32 buckets per doubling (within 3 %). Two
// histograms merge exactly by adding counts, so shards' percentiles can be
// recomputed from their sum.
type Histogram struct {
	counts map[int]int64
	n      int64
}

// subBits is log2 of the buckets per doubling.
const subBits = 5

// bucketOf returns the bucket index of v (ms, >= 0).
func bucketOf(v int64) int {
	if v < 0 {
		v = 0
	}
	if v < 2<<subBits {
		return int(v)
	}
	e := bits.Len64(uint64(v)) - 1 // v in [2^e, 2^(e+1))
	sub := int(v>>(e-subBits)) & (1<<subBits - 1)
	return 2<<subBits + (e-subBits-1)<<subBits + sub
}

// bounds returns the smallest and largest value of bucket i.
func bounds(i int) (lo, hi int64) {
	if i < 2<<subBits {
		return int64(i), int64(i)
	}
	k := i - 2<<subBits
	e := k>>subBits + subBits + 1
	sub := int64(k & (1<<subBits - 1))
	lo = (1<<subBits + sub) << (e - subBits)
	return lo, lo + 1<<(e-subBits) - 1
}

// Add counts one latency.
func (h *Histogram) Add(ms int64) {
	if h.counts == nil {
		h.counts = map[int]int64{}
	}
	h.counts[bucketOf(ms)]++
	h.n++
}

// Count is how many latencies were added.
func (h *Histogram) Count() int64 { return h.n }

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil {
		return
	}
	for i, c := range o.counts {
		if h.counts == nil {
			h.counts = map[int]int64{}
		}
		h.counts[i] += c
	}
	h.n += o.n
}

// Quantile returns the upper bound of the bucket that holds the q-th
// quantile (0 < q <= 1): the latency that share q of the samples do not
// exceed, rounded up to the bucket. Zero without samples.
func (h *Histogram) Quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	rank := int64(q*float64(h.n) + 0.999999)
	rank = min(max(rank, 1), h.n)
	var seen int64
	for _, i := range h.sorted() {
		seen += h.counts[i]
		if seen >= rank {
			_, hi := bounds(i)
			return hi
		}
	}
	return 0
}

func (h *Histogram) sorted() []int {
	idx := make([]int, 0, len(h.counts))
	for i := range h.counts {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	return idx
}

// MarshalJSON writes the buckets as [[lowest ms, count], ...] in order.
func (h *Histogram) MarshalJSON() ([]byte, error) {
	out := [][2]int64{}
	for _, i := range h.sorted() {
		lo, _ := bounds(i)
		out = append(out, [2]int64{lo, h.counts[i]})
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote, refusing a bucket that is not
// one of the scheme's.
func (h *Histogram) UnmarshalJSON(b []byte) error {
	var in [][2]int64
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*h = Histogram{counts: map[int]int64{}}
	for _, pair := range in {
		i := bucketOf(pair[0])
		if lo, _ := bounds(i); lo != pair[0] || pair[1] < 0 {
			return fmt.Errorf("histogram bucket [%d, %d] is not a bucket start with a count", pair[0], pair[1])
		}
		h.counts[i] += pair[1]
		h.n += pair[1]
	}
	return nil
}
