package simulator

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

func TestFlapPeriodJitter(t *testing.T) {
	f := Flap{Up: 2 * time.Minute, Down: 30 * time.Second, Jitter: 10 * time.Second}
	s := seed.Root(7)
	distinct := map[time.Duration]bool{}
	for cycle := range 50 {
		up, down := f.period(s, "d1", ChannelVendor, "up", cycle), f.period(s, "d1", ChannelVendor, "down", cycle)
		if up < f.Up-f.Jitter || up > f.Up+f.Jitter || down < f.Down-f.Jitter || down > f.Down+f.Jitter {
			t.Fatalf("cycle %d: up %v down %v outside ±%v", cycle, up, down, f.Jitter)
		}
		if again := f.period(s, "d1", ChannelVendor, "up", cycle); again != up {
			t.Fatalf("cycle %d: up %v then %v from the same seed", cycle, up, again)
		}
		distinct[up] = true
	}
	if len(distinct) < 40 {
		t.Errorf("50 jittered periods took only %d values", len(distinct))
	}
	if other := f.period(seed.Root(8), "d1", ChannelVendor, "up", 0); other == f.period(s, "d1", ChannelVendor, "up", 0) {
		t.Errorf("seeds 7 and 8 drew the same first period %v", other)
	}
	if f.Jitter = 0; f.period(s, "d1", ChannelVendor, "down", 3) != f.Down {
		t.Error("without jitter a period is not its configured length")
	}
	for _, bad := range []Flap{{Up: time.Minute, Down: 10 * time.Second, Jitter: 10 * time.Second}, {Up: time.Minute, Down: time.Minute, Jitter: -1}} {
		if err := (LinkCondition{Flap: &bad}).validate(ChannelIM); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
