package mockvendors_test

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestWindow(t *testing.T) {
	t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		limit   int
		offsets []time.Duration // event times; the last is the one asked about
		want    bool
	}{
		{"under the limit", 3, []time.Duration{0, 1, 2}, true},
		{"over the limit", 3, []time.Duration{0, 1, 2, 3}, false},
		{"oldest aged out exactly at the span", 3, []time.Duration{0, 1, 2, 60}, true},
		{"oldest still inside", 3, []time.Duration{0, 1, 2, 59}, false},
		{"no limit", 0, []time.Duration{0, 0, 0, 0, 0}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := mockvendors.NewWindow(tc.limit, time.Minute)
			last := len(tc.offsets) - 1
			for _, off := range tc.offsets[:last] {
				w.Add("k", t0.Add(off*time.Second))
			}
			if got := w.Allow("k", t0.Add(tc.offsets[last]*time.Second)); got != tc.want {
				t.Errorf("Allow = %v, want %v", got, tc.want)
			}
			if w.Allow("other", t0) != true {
				t.Error("another key was limited")
			}
		})
	}
}

func TestDailyQuotaTurnsAtMidnightChinaTime(t *testing.T) {
	q := mockvendors.NewDailyQuota(2, nil)
	// 15:59 UTC is 23:59 in UTC+8.
	late := time.Date(2000, 1, 1, 15, 59, 0, 0, time.UTC)
	for i := 0; i < 2; i++ {
		if !q.Allow("app", late) {
			t.Fatalf("quota refused call %d within the cap", i+1)
		}
	}
	if q.Allow("app", late) || !q.Exhausted("app", late) {
		t.Fatal("quota allowed past the cap")
	}
	if !q.Allow("app", late.Add(2*time.Minute)) {
		t.Fatal("quota did not turn at midnight UTC+8")
	}
}

func TestConfigValidateAndDefaults(t *testing.T) {
	tests := []struct {
		name    string
		cfg     mockvendors.Config
		wantErr bool
	}{
		{"zero", mockvendors.Config{}, false},
		{"drop rate above 1", mockvendors.Config{DropRate: 1.5}, true},
		{"negative drop rate", mockvendors.Config{DropRate: -0.1}, true},
		{"app without ID", mockvendors.Config{Apps: []mockvendors.App{{Secret: "s"}}}, true},
		{"duplicate app", mockvendors.Config{Apps: []mockvendors.App{{ID: "1"}, {ID: "1"}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.cfg.Validate(); (err != nil) != tc.wantErr {
				t.Errorf("Validate() = %v, want error %v", err, tc.wantErr)
			}
		})
	}
	d := mockvendors.Config{}.WithDefaults()
	if d.Latency != mockvendors.DefaultLatency || d.HTTPClient == nil {
		t.Errorf("WithDefaults() = %+v", d)
	}
}

func TestAppNeverPrintsSecrets(t *testing.T) {
	a := mockvendors.App{ID: "1", Secret: "s3cr3t", MasterSecret: "m4ster", AccessToken: "t0ken", ClientSecret: "c1ient", Package: "p"}
	apps := mockvendors.NewApps(a)
	got, _ := apps.Get("1")
	for _, s := range []string{got.String(), mustJSON(t, got)} {
		for _, secret := range []string{"s3cr3t", "m4ster", "t0ken", "c1ient"} {
			if contains(s, secret) {
				t.Errorf("%q leaks %q", s, secret)
			}
		}
	}
}
