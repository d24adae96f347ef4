package meizu_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
)

// subscriptionPaths are the alias and switch calls.
var subscriptionPaths = []string{
	meizu.PathSubscribeAlias, meizu.PathUnSubscribeAlias, meizu.PathGetSubAlias,
	meizu.PathGetRegisterSwitch, meizu.PathChangeRegisterSwitch, meizu.PathChangeAllSwitch,
}

// FuzzSubscriptionCalls makes correctly signed alias and switch calls with
// fuzzed parameters, for a registered pushId or a fuzzed one: answers are
// Meizu responses, never a signature failure, a failure carries an empty
// value, and what a successful change set is what the matching get reads.
func FuzzSubscriptionCalls(f *testing.F) {
	for i := range subscriptionPaths {
		f.Add(uint8(i), true, "", "team-a", "0", "1")
		f.Add(uint8(i), false, wellFormedID, "", "2", "x")
	}
	f.Add(uint8(0), true, "", strings.Repeat("é", 21), "1", "0")
	f.Add(uint8(4), true, "", "", "1", "0")
	f.Fuzz(func(t *testing.T, pick uint8, registered bool, pushID, alias, msgType, subSwitch string) {
		path := subscriptionPaths[int(pick)%len(subscriptionPaths)]
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, mockvendors.Config{Seed: 1})
			_, token := e.phone("d1")
			if registered {
				pushID = token
			}
			params := url.Values{"appId": {appID}, "pushId": {pushID}, "alias": {alias}, "msgType": {msgType}, "subSwitch": {subSwitch}}
			r := e.call("POST", path, params)
			if r.Code == "" || r.Code == meizu.CodeSignFailed {
				t.Fatalf("%s %v: %+v", path, params, r)
			}
			if r.Code != meizu.CodeOK {
				if string(r.Value) != `""` {
					t.Fatalf("%s failed %s with value %s", path, r.Code, r.Value)
				}
				return
			}
			get := url.Values{"appId": {appID}, "pushId": {pushID}}
			switch path {
			case meizu.PathSubscribeAlias:
				var v struct{ Alias string }
				got := e.call("POST", meizu.PathGetSubAlias, get)
				if json.Unmarshal(got.Value, &v) != nil || v.Alias != alias {
					t.Fatalf("subscribed %q, getSubAlias = %s", alias, got.Value)
				}
			case meizu.PathChangeAllSwitch, meizu.PathChangeRegisterSwitch:
				var set, read map[string]any
				got := e.call("POST", meizu.PathGetRegisterSwitch, get)
				if json.Unmarshal(r.Value, &set) != nil || json.Unmarshal(got.Value, &read) != nil {
					t.Fatalf("switch values %s / %s", r.Value, got.Value)
				}
				for k, v := range set {
					if read[k] != v {
						t.Fatalf("set %s, getRegisterSwitch = %s", r.Value, got.Value)
					}
				}
			}
		})
	})
}
