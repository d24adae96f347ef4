package meizu

import (
	"sort"
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
)

// state is what the server remembers between calls. mu serializes pushes
// so that limits and message IDs are counted in call order (the hub
// deliveries follow, outside it).
type state struct {
	mu sync.Mutex

	seen   mockvendors.Occurrences // hash of the request content → occurrences, for msgIds
	fold   *mockvendors.Window
	speed  *mockvendors.Window
	rate   *mockvendors.Window
	public *mockvendors.DailyQuota
	daily  *mockvendors.DailyQuota

	aliases  map[string]string                  // pushId → alias
	switches map[string]*switches               // pushId → message switches
	msgs     mockvendors.SharedBounded[msgInfo] // msgId → what receipts need (its own lock)
}

// switches are a PushId's message switches (1 on, the default).
type switches struct {
	Bar    int `json:"barTypeSwitch"`
	Direct int `json:"directTypeSwitch"`
}

// msgInfo is what a receipt needs to know about a message.
type msgInfo struct {
	appID    string
	callback string
	param    string
	typ      int
	targets  map[string]string // pushId → the target as addressed (pushId or alias)
}

func newState(o options) *state {
	return &state{
		seen:     mockvendors.Occurrences{},
		fold:     o.fold.Window(),
		speed:    o.speed.Window(),
		rate:     o.rate.Window(),
		public:   mockvendors.NewDailyQuota(o.publicDailyCap, nil),
		daily:    mockvendors.NewDailyQuota(o.appDailyCap, nil),
		aliases:  map[string]string{},
		switches: map[string]*switches{},
	}
}

// switchesOf returns a PushId's switches. st.mu is held.
func (st *state) switchesOf(pushID string) switches {
	if sw := st.switches[pushID]; sw != nil {
		return *sw
	}
	return switches{Bar: 1, Direct: 1}
}

// aliasTargets lists the PushIds of app appID subscribed to alias. st.mu
// is held.
func (st *state) aliasTargets(hub *mockvendors.Hub, appID, alias string) []string {
	var out []string
	for id, a := range st.aliases {
		if a != alias {
			continue
		}
		if r, ok := hub.Lookup(id); ok && r.Active && r.AppID == appID {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
