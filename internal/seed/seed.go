// Package seed derives every random choice in pushsim from one root seed.
//
// A stream is named after the thing it decides ("meizu/latency/<msgID>",
// "im/certificate/6666/activation"), never after the order in which
// goroutines happen to ask, so the same root seed gives the same choices
// whatever the scheduling.
package seed

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Root is the root seed of a run.
type Root uint64

// Stream returns a generator derived from the root seed and the name parts.
// Two calls with the same root and parts return generators that produce the
// same sequence.
func (r Root) Stream(parts ...string) *rand.Rand {
	var buf [256]byte
	b := strconv.AppendUint(buf[:0], uint64(r), 10)
	for _, p := range parts {
		b = append(b, 0)
		b = append(b, p...)
	}
	sum := sha256.Sum256(b)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}

// Hex returns n pseudo-random lowercase hex characters derived from the root
// seed and the name parts: stable IDs and tokens.
func (r Root) Hex(n int, parts ...string) string {
	var buf [256]byte
	b := strconv.AppendUint(append(buf[:0], "hex:"...), uint64(r), 10)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	sum := sha256.Sum256(b)
	var out [2 * sha256.Size]byte
	s := hex.AppendEncode(out[:0], sum[:])
	for len(s) < n {
		next := sha256.Sum256(s)
		s = hex.AppendEncode(s, next[:])
	}
	return string(s[:n])
}

// Duration returns a duration in [0, max) drawn from the named stream.
func (r Root) Duration(max time.Duration, parts ...string) time.Duration {
	if max <= 0 {
		return 0
	}
	return time.Duration(r.Stream(parts...).Int64N(int64(max)))
}

// Chance reports whether an event of probability p happens, drawn from the
// named stream.
func (r Root) Chance(p float64, parts ...string) bool {
	if p <= 0 {
		return false
	}
	if p >= 1 {
		return true
	}
	return r.Stream(parts...).Float64() < p
}

// Latency is a delay distribution given by its median and 99th percentile,
// as scenario files write it ({median: 800ms, p99: 5s}).
type Latency struct {
	Median time.Duration
	P99    time.Duration
}

// MinLatency is the shortest delay Draw returns: a hop always takes a
// moment, so what a hop causes is never simultaneous with what sent it and
// the trace order stays causal.
const MinLatency = time.Millisecond

// Draw returns one delay from the distribution, drawn from the named stream.
// Delays are log-normal: half below the median, one in a hundred above p99,
// and never below MinLatency.
func (l Latency) Draw(r Root, parts ...string) time.Duration {
	return max(l.draw(r, parts...), MinLatency)
}

func (l Latency) draw(r Root, parts ...string) time.Duration {
	if l.Median <= 0 {
		return 0
	}
	if l.P99 <= l.Median {
		return l.Median
	}
	// ln(d) ~ N(ln median, sigma) with P99 at z = 2.326.
	const z99 = 2.3263478740408408
	sigma := (math.Log(float64(l.P99)) - math.Log(float64(l.Median))) / z99
	z := r.Stream(parts...).NormFloat64()
	d := math.Exp(math.Log(float64(l.Median)) + sigma*z)
	return time.Duration(d).Round(time.Millisecond)
}
