package harness

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// bubble is a virtual-time bubble: environments started inside it close
// before the bubble ends, so a failing spec leaves no goroutine behind.
type bubble struct {
	mu       sync.Mutex
	cleanups []func()
}

type bubbleKey struct{}

func (b *bubble) defer_(f func()) {
	b.mu.Lock()
	b.cleanups = append(b.cleanups, f)
	b.mu.Unlock()
}

func (b *bubble) close() {
	b.mu.Lock()
	fs := b.cleanups
	b.cleanups = nil
	b.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

func bubbleFrom(ctx context.Context) *bubble {
	if ctx == nil {
		return nil
	}
	b, _ := ctx.Value(bubbleKey{}).(*bubble)
	return b
}

// SimulatedTimeEntry names the report entry in which VirtualTime records
// how much simulated time a node covered (a time.Duration).
const SimulatedTimeEntry = "simulated_time"

// SimulatedTime sums the simulated time recorded in a Ginkgo report.
func SimulatedTime(r types.Report) time.Duration {
	var total time.Duration
	for _, spec := range r.SpecReports {
		for _, e := range spec.ReportEntries {
			if e.Name == SimulatedTimeEntry {
				if d, ok := e.GetRawValue().(time.Duration); ok {
					total += d
				}
			}
		}
	}
	return total
}

// VirtualTime is a Ginkgo decorator that runs each node it decorates in its
// own testing/synctest bubble. An environment started from the node's
// context (Start(ctx, cfg)) runs in virtual time over the in-memory network
// and is closed inside the bubble when the node ends, pass or fail.
//
// t is the *testing.T of the suite's Test function. Because each node is a
// bubble of its own, start the environment inside the It, not in a
// BeforeEach.
func VirtualTime(t *testing.T) types.AroundNodeDecorator {
	return ginkgo.AroundNode(func(ctx context.Context, body func(context.Context)) {
		synctest.Test(t, func(*testing.T) {
			start := time.Now()
			b := &bubble{}
			defer func() {
				if sim := time.Since(start); sim > 0 {
					ginkgo.AddReportEntry(SimulatedTimeEntry, sim, ginkgo.ReportEntryVisibilityNever)
				}
			}()
			defer b.close()
			defer ginkgo.GinkgoRecover()
			body(context.WithValue(ctx, bubbleKey{}, b))
		})
	})
}

// RunVirtual runs f in a synctest bubble with a context that Start
// recognises, for plain Go tests and benchmarks outside Ginkgo.
func RunVirtual(t *testing.T, f func(ctx context.Context)) {
	t.Helper()
	synctest.Test(t, func(*testing.T) {
		b := &bubble{}
		defer b.close()
		f(context.WithValue(context.Background(), bubbleKey{}, b))
	})
}
