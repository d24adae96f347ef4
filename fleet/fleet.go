// Package fleet lays out a fleet of simulated phones: how many, which
// brands in which shares, and the IDs and users they get. The layout is a
// pure function of the spec and its seed: the same spec and seed give the
// same phones with the same brands, so scenarios, `pushsim load` and the
// shards of a load run all agree on which phone is which.
package fleet

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/protocol"
)

// MaxCount bounds a fleet's size.
const MaxCount = 1_000_000

// Share is one brand's weight in a fleet.
type Share struct {
	Brand  protocol.Brand
	Weight float64
}

// Spec describes a fleet.
type Spec struct {
	// Count is how many phones.
	Count int
	// Brands are the shares of each brand; the weights sum to 1.
	Brands []Share
	// IDPrefix and UserPrefix start each phone's device ID and IM user:
	// phone i (from 1) is IDPrefix + i and UserPrefix + i, i zero-padded
	// to the width of Count.
	IDPrefix, UserPrefix string
	// Seed decides which phone gets which brand.
	Seed uint64
}

// Phone is one phone of a fleet.
type Phone struct {
	// Index is the phone's 0-based position in the fleet.
	Index int
	ID    string
	User  string
	Brand protocol.Brand
}

// Validate reports what is wrong with the spec.
func (s Spec) Validate() error {
	if s.Count < 1 || s.Count > MaxCount {
		return fmt.Errorf("fleet count %d is out of range 1..%d", s.Count, MaxCount)
	}
	if len(s.Brands) == 0 {
		return fmt.Errorf("a fleet needs at least one brand")
	}
	sum := 0.0
	seen := map[protocol.Brand]bool{}
	for _, b := range s.Brands {
		if _, err := protocol.ParseBrand(string(b.Brand)); err != nil {
			return err
		}
		if seen[b.Brand] {
			return fmt.Errorf("brand %s is listed twice", b.Brand)
		}
		seen[b.Brand] = true
		if b.Weight < 0 || math.IsNaN(b.Weight) || math.IsInf(b.Weight, 0) {
			return fmt.Errorf("brand %s has weight %v: weights are shares between 0 and 1", b.Brand, b.Weight)
		}
		sum += b.Weight
	}
	if math.Abs(sum-1) > 1e-6 {
		return fmt.Errorf("the brand shares sum to %v, want 1", sum)
	}
	if s.IDPrefix == "" || s.UserPrefix == "" {
		return fmt.Errorf("a fleet needs an id prefix and a user prefix")
	}
	return nil
}

// Counts returns how many phones of each brand the fleet has, in the
// order of s.Brands: exact counts by the largest remainder method, so they
// sum to Count and each is within one of its share.
func (s Spec) Counts() []int {
	counts := make([]int, len(s.Brands))
	type rem struct {
		i    int
		frac float64
	}
	rems := make([]rem, len(s.Brands))
	given := 0
	for i, b := range s.Brands {
		q := b.Weight * float64(s.Count)
		counts[i] = int(math.Floor(q))
		given += counts[i]
		rems[i] = rem{i, q - math.Floor(q)}
	}
	// Largest fraction first; ties go to the brand listed first.
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.frac > b.frac:
			return -1
		case a.frac < b.frac:
			return 1
		}
		return 0
	})
	for k := 0; given < s.Count; k++ {
		counts[rems[k%len(rems)].i]++
		given++
	}
	return counts
}

// Phones lays the fleet out: the brands in their exact counts, shuffled
// by a stream of the seed, so brands are spread over the IDs.
func (s Spec) Phones() []Phone {
	brands := make([]protocol.Brand, 0, s.Count)
	for i, c := range s.Counts() {
		for range c {
			brands = append(brands, s.Brands[i].Brand)
		}
	}
	rng := seed.Root(s.Seed).Stream("fleet", s.IDPrefix, strconv.Itoa(s.Count))
	rng.Shuffle(len(brands), func(i, j int) { brands[i], brands[j] = brands[j], brands[i] })
	width := len(strconv.Itoa(s.Count))
	phones := make([]Phone, s.Count)
	for i := range phones {
		n := fmt.Sprintf("%0*d", width, i+1)
		phones[i] = Phone{Index: i, ID: s.IDPrefix + n, User: s.UserPrefix + n, Brand: brands[i]}
	}
	return phones
}

// Shard returns the i-th of n deterministic slices of phones (0 <= i <
// n): contiguous ranges whose sizes differ by at most one, together
// covering every phone once.
func Shard(phones []Phone, i, n int) []Phone {
	lo, hi := len(phones)*i/n, len(phones)*(i+1)/n
	return phones[lo:hi]
}

// ParseShard reads "i/N" (0 <= i < N).
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("shard %q: want i/N with 0 <= i < N, e.g. 0/4", s)
	}
	return i, n, nil
}

// ParseBrands reads "meizu=0.2,xiaomi=0.8" into shares.
func ParseBrands(s string) ([]Share, error) {
	var out []Share
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("brands %q: want brand=share pairs such as meizu=0.2,xiaomi=0.8", s)
		}
		b, err := protocol.ParseBrand(name)
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return nil, fmt.Errorf("brands: share of %s %q is not a number", name, w)
		}
		out = append(out, Share{Brand: b, Weight: f})
	}
	return out, nil
}
