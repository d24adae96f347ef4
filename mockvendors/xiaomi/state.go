package xiaomi

import (
	"sort"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between calls. mu serializes pushes
// so that quotas are counted, and hub deliveries made, in call order.
type state struct {
	mu sync.Mutex

	seen     mockvendors.Occurrences // hash of a call → occurrences, for IDs
	appRate  *mockvendors.Window
	ipRate   *mockvendors.Window
	public   *mockvendors.DailyQuota
	daily    *dailyCount
	aliases  subs
	accounts subs
	topics   subs
	msgs     mockvendors.SharedBounded[msgInfo] // msgId → what receipts need (its own lock)
	reported map[string]bool                    // invalid regIds already fetched
}

// msgInfo is what a receipt needs to know about a message.
type msgInfo struct {
	appID    string
	callback string
	param    string
	typ      int
	targets  map[string]string // regId → the target as addressed (regId, alias or account)
}

func newState(o options) *state {
	return &state{
		seen:     mockvendors.Occurrences{},
		appRate:  o.appRate.Window(),
		ipRate:   o.ipRate.Window(),
		public:   mockvendors.NewDailyQuota(o.publicDailyCap, nil),
		daily:    newDailyCount(o.dayQuota),
		aliases:  subs{},
		accounts: subs{},
		topics:   subs{},
		reported: map[string]bool{},
	}
}

// occurrence counts how often a call with these parts came before (1 the
// first time), so IDs derive from content and order of equal calls, never
// from scheduling. st.mu is held.
func (st *state) occurrence(parts ...string) string {
	key, n := st.seen.Count(parts...)
	return key + "/" + n
}

// traceID derives a call's trace_id.
func (st *state) traceID(root seed.Root, parts ...string) string {
	st.mu.Lock()
	key := st.occurrence(append([]string{"trace"}, parts...)...)
	st.mu.Unlock()
	return serviceID(root, "Xcm", "xiaomi", "trace_id", key)
}

// msgID derives a message ID whose first letter tells the target kind.
// st.mu is held.
func (st *state) msgID(root seed.Root, kind targetKind, parts ...string) string {
	key := st.occurrence(append([]string{"msg", string(kind)}, parts...)...)
	return serviceID(root, kind.idPrefix(), "xiaomi", "msgId", key)
}

// serviceID writes an ID in the service's style: a three-letter prefix,
// 17 digits and two letters ("scm48291046103318507Kq"), drawn from the
// named seed stream.
func serviceID(root seed.Root, prefix string, parts ...string) string {
	rng := root.Stream(parts...)
	b := append(make([]byte, 0, len(prefix)+19), prefix...)
	for range 17 {
		b = append(b, byte('0'+rng.IntN(10)))
	}
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for range 2 {
		b = append(b, letters[rng.IntN(len(letters))])
	}
	return string(b)
}

// subs maps app → name (alias, account or topic) → regIds.
type subs map[string]map[string]map[string]bool

func (s subs) add(app, name, regID string) {
	if s[app] == nil {
		s[app] = map[string]map[string]bool{}
	}
	if s[app][name] == nil {
		s[app][name] = map[string]bool{}
	}
	s[app][name][regID] = true
}

func (s subs) remove(app, name, regID string) {
	delete(s[app][name], regID)
	if len(s[app][name]) == 0 {
		delete(s[app], name)
	}
}

// members lists the regIds subscribed to name, in order.
func (s subs) members(app, name string) []string {
	out := make([]string, 0, len(s[app][name]))
	for id := range s[app][name] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// namesOf lists the names regID is subscribed to, in order.
func (s subs) namesOf(app, regID string) []string {
	var out []string
	for name, ids := range s[app] {
		if ids[regID] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// dailyCount counts accepted targets per app per day (China time) against
// the daily quota.
type dailyCount struct {
	quota int
	day   string
	used  map[string]int
}

func newDailyCount(quota int) *dailyCount { return &dailyCount{quota: quota, used: map[string]int{}} }

// on reports whether there is a quota.
func (d *dailyCount) on() bool { return d.quota > 0 }

// fits reports whether n more targets fit today's quota.
func (d *dailyCount) fits(app string, n int, now time.Time) bool {
	d.turn(now)
	return !d.on() || d.used[app]+n <= d.quota
}

// add counts n targets today.
func (d *dailyCount) add(app string, n int, now time.Time) {
	d.turn(now)
	d.used[app] += n
}

// acked is how much of today's quota the app used.
func (d *dailyCount) acked(app string, now time.Time) int {
	d.turn(now)
	return d.used[app]
}

func (d *dailyCount) turn(now time.Time) {
	if day := now.In(mockvendors.ChinaStandardTime).Format(time.DateOnly); day != d.day {
		d.day = day
		clear(d.used)
	}
}
