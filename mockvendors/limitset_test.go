package mockvendors

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestLimitsN(t *testing.T) {
	fold := LimitSpec{Name: "folding", Default: 5}
	rate := LimitSpec{Name: "rate"}
	cases := []struct {
		name       string
		l          Limits
		fold, rate int
	}{
		{"default", Limits{}, 5, 0},
		{"off", Limits{Off: true}, 0, 0},
		{"set", Limits{Set: map[string]LimitSetting{"folding": {N: 2}, "rate": {N: 7}}}, 2, 7},
		{"one off", Limits{Set: map[string]LimitSetting{"folding": {Off: true}}}, 0, 0},
		{"on", Limits{Set: map[string]LimitSetting{"folding": {}}}, 5, 0},
	}
	for _, c := range cases {
		if got := c.l.N(fold); got != c.fold {
			t.Errorf("%s: folding %d, want %d", c.name, got, c.fold)
		}
		if got := c.l.N(rate); got != c.rate {
			t.Errorf("%s: rate %d, want %d", c.name, got, c.rate)
		}
	}
}

func TestLimitsCheck(t *testing.T) {
	cases := []struct {
		l   Limits
		err string
	}{
		{Limits{Set: map[string]LimitSetting{"folding": {N: 1}}}, ""},
		{Limits{Set: map[string]LimitSetting{"fold": {N: 1}}}, `no limit "fold"`},
		{Limits{Set: map[string]LimitSetting{"rate": {}}}, "publishes no number"},
		{Limits{Set: map[string]LimitSetting{"rate": {N: -1}}}, "negative"},
	}
	for _, c := range cases {
		err := c.l.Check(protocol.VendorMeizu)
		if (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("Check(%+v) = %v, want %q", c.l, err, c.err)
		}
	}
}

func TestLimitsJSON(t *testing.T) {
	for _, l := range []Limits{{}, {Off: true}, {Set: map[string]LimitSetting{"a": {N: 3}, "b": {Off: true}, "c": {}}}} {
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var back Limits
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(back, l) {
			t.Errorf("%s read back as %+v, want %+v", b, back, l)
		}
	}
	var l Limits
	if err := json.Unmarshal([]byte(`{"rate": 0}`), &l); err == nil {
		t.Error(`{"rate": 0} accepted`)
	}
}

func TestEveryVendorHasLimits(t *testing.T) {
	for _, v := range protocol.Vendors {
		names := map[string]bool{}
		for _, s := range VendorLimits[v] {
			if names[s.Name] || s.Code == "" || s.Reason == "" || s.Per == "" {
				t.Errorf("%s limit %+v: duplicate or incomplete", v, s)
			}
			names[s.Name] = true
		}
		if len(names) == 0 {
			t.Errorf("%s has no limits", v)
		}
	}
}
