package oppo

import (
	"sync"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between calls. mu serializes pushes
// so that limits are counted, and hub deliveries made, in call order.
type state struct {
	mu sync.Mutex

	seen      mockvendors.Occurrences // hash of the content → occurrences, for IDs
	daily     *mockvendors.DailyQuota
	deviceCap *mockvendors.DailyQuota
	rate      *mockvendors.Window
	dedup     mockvendors.Bounded[string]              // app + app_message_id + target → messageId
	saved     mockvendors.Bounded[savedMessage]        // message_id → stored content
	receipts  mockvendors.SharedBounded[receiptTarget] // notice msgId → what receipts need (its own lock)
}

// savedMessage is a notification stored by save_message_content.
type savedMessage struct {
	appID        string
	notification Notification
}

// receiptTarget is what a receipt needs to know about a delivered notice.
type receiptTarget struct {
	appID     string
	callback  string
	param     string
	messageID string
	taskID    string
	tokens    map[string]bool
}

func newState(o options) *state {
	return &state{
		seen:      mockvendors.Occurrences{},
		daily:     mockvendors.NewDailyQuota(o.dailyQuota, nil),
		deviceCap: mockvendors.NewDailyQuota(o.publicDeviceCap, nil),
		rate:      o.rate.Window(),
	}
}

// contentKey hashes the parts and counts how often that content came
// before, so IDs depend on content, not on scheduling. st.mu is held.
func (st *state) contentKey(parts ...string) (string, string) {
	return st.seen.Count(parts...)
}

// messageID writes a message ID as the service does: the app ID, "-1-1-",
// and 24 hex digits ("ZngnvJIM7wQusNtbqYnpH6XX-1-1-622ff7cfae27668d2ed3afec"
// in the API document). st.mu is held.
func (st *state) messageID(root seed.Root, appID string, parts ...string) string {
	key, n := st.contentKey(append([]string{"message", appID}, parts...)...)
	return appID + "-1-1-" + root.Hex(24, "oppo", "messageId", key, n)
}

// taskID writes a broadcast task ID. st.mu is held.
func (st *state) taskID(root seed.Root, appID string, parts ...string) string {
	key, n := st.contentKey(append([]string{"task", appID}, parts...)...)
	return root.Hex(24, "oppo", "taskId", key, n)
}
