package vivo

import (
	"sync"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between calls. mu serializes sends
// so that quotas are counted, and hub deliveries made, in call order.
type state struct {
	mu sync.Mutex

	seen      mockvendors.Occurrences // hash of the content → occurrences, for taskIds
	authRate  *mockvendors.Window
	daily     map[quotaKey]*mockvendors.DailyQuota
	deviceCap *mockvendors.DailyQuota
	requests  mockvendors.Bounded[string]              // app + requestId → taskId
	receipts  mockvendors.SharedBounded[receiptTarget] // taskId → what receipts need (its own lock)
}

// quotaKey names one daily total: formal or test, system or operational.
type quotaKey struct {
	test  bool
	class int64
}

// receiptTarget is what a receipt needs to know about a delivered message.
type receiptTarget struct {
	appID    string
	callback string
	param    string
	token    string
}

func newState(o options) *state {
	return &state{
		seen:     mockvendors.Occurrences{},
		authRate: o.authRate.Window(),
		daily: map[quotaKey]*mockvendors.DailyQuota{
			{false, ClassSystem}:      mockvendors.NewDailyQuota(o.systemDaily, nil),
			{false, ClassOperational}: mockvendors.NewDailyQuota(o.operationalDaily, nil),
			{true, ClassSystem}:       mockvendors.NewDailyQuota(o.testSystemDaily, nil),
			{true, ClassOperational}:  mockvendors.NewDailyQuota(o.testOperDaily, nil),
		},
		deviceCap: mockvendors.NewDailyQuota(o.operationalDevice, nil),
	}
}

// taskID derives a task ID (19 digits) from the content and how often
// that same content came before, so it does not depend on scheduling.
// st.mu is held.
func (st *state) taskID(root seed.Root, parts ...string) string {
	key, n := st.seen.Count(parts...)
	return "1" + mockvendors.Digits(root, 18, "vivo", "taskId", key, n)
}
