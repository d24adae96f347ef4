package simulator

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
)

// Channel names one of a device's two network paths.
type Channel string

// The paths: the IM SDK's socket and the vendor push channel.
const (
	ChannelIM     Channel = "im"
	ChannelVendor Channel = "vendor"
)

// Partition is how a path is cut.
type Partition string

// Partitions: none (the path works), silent (no FIN: servers notice only
// when their heartbeats time out) and hard (a FIN: servers see it at once).
const (
	PartitionNone   Partition = "none"
	PartitionSilent Partition = "silent"
	PartitionHard   Partition = "hard"
)

func (d *Device) channelLink(ch Channel) (*netsim.Link, error) {
	switch ch {
	case ChannelIM:
		return d.imLink, nil
	case ChannelVendor:
		return d.vendorLink, nil
	}
	return nil, fmt.Errorf("link: unknown channel %q (want im or vendor)", ch)
}

// SetPartition cuts one path of the device, silently or hard, or heals it
// (PartitionNone); the other path and the device's network stay as they
// are.
func (d *Device) SetPartition(ch Channel, p Partition) error {
	l, err := d.channelLink(ch)
	if err != nil {
		return err
	}
	switch p {
	case PartitionNone:
		l.SetUp(true)
		d.wakeNetwork()
	case PartitionSilent, PartitionHard:
		l.Cut(p == PartitionHard)
	default:
		return fmt.Errorf("link: unknown partition %q (want none, silent or hard)", p)
	}
	d.record(kindAction, nil, "action", "link", "channel", string(ch), "partition", string(p))
	return nil
}

// SetLatency sets one path's one-way latency (0: none).
func (d *Device) SetLatency(ch Channel, lat time.Duration) error {
	l, err := d.channelLink(ch)
	if err != nil {
		return err
	}
	if lat < 0 {
		return fmt.Errorf("link: negative latency %v", lat)
	}
	l.SetLatency(lat)
	d.record(kindAction, nil, "action", "link", "channel", string(ch), "latency", lat.String())
	return nil
}

// LinkCondition is how one path behaves from power-on: its one-way
// latency, and optionally flapping.
type LinkCondition struct {
	Latency time.Duration
	// Flap, when set, takes the path down silently for Down after every
	// Up, the first cut coming at a seeded moment within the first Up.
	Flap *Flap
}

// Flap is a path's up/down schedule.
type Flap struct {
	Up, Down time.Duration
	// Jitter, when positive, moves each up and each down period by a
	// seeded amount in [-Jitter, +Jitter]; it must be less than both.
	Jitter time.Duration
}

// period is the length of the cycle-th up or down period (kind "up" or
// "down") of a path's flapping schedule, drawn from the device's seed.
func (f Flap) period(s seed.Root, device string, ch Channel, kind string, cycle int) time.Duration {
	d := f.Up
	if kind == "down" {
		d = f.Down
	}
	if f.Jitter <= 0 {
		return d
	}
	return d - f.Jitter + s.Duration(2*f.Jitter+1, "link-flap-jitter", device, string(ch), kind, strconv.Itoa(cycle))
}

func (c *Config) linkCondition(ch Channel) LinkCondition {
	if ch == ChannelIM {
		return c.IMLink
	}
	return c.VendorLink
}

func (c LinkCondition) validate(ch Channel) error {
	if c.Latency < 0 {
		return fmt.Errorf("link.%s.latency: negative %v", ch, c.Latency)
	}
	if c.Flap != nil && (c.Flap.Up <= 0 || c.Flap.Down <= 0) {
		return fmt.Errorf("link.%s.flap: want positive up and down, got %v and %v", ch, c.Flap.Up, c.Flap.Down)
	}
	if f := c.Flap; f != nil && (f.Jitter < 0 || f.Jitter >= f.Up || f.Jitter >= f.Down) {
		return fmt.Errorf("link.%s.flap: jitter %v must be at least 0 and less than up (%v) and down (%v)", ch, f.Jitter, f.Up, f.Down)
	}
	return nil
}

// startLinks applies the configured latencies and starts the flapping.
func (d *Device) startLinks() {
	for _, ch := range []Channel{ChannelIM, ChannelVendor} {
		c := d.cfg.linkCondition(ch)
		l, _ := d.channelLink(ch)
		l.SetLatency(c.Latency)
		if f := c.Flap; f != nil {
			first := d.cfg.Seed.Duration(f.Up, "link-flap", d.cfg.ID, string(ch))
			d.goFunc(func() { d.flap(ch, *f, first) })
		}
	}
}

// flap cuts the path silently for f.Down after every f.Up (the first cut
// after first; each period moved by its seeded jitter) until the device
// powers off.
func (d *Device) flap(ch Channel, f Flap, first time.Duration) {
	wait := first
	for cycle := 0; ; cycle++ {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-d.stop:
			t.Stop()
			return
		}
		d.SetPartition(ch, PartitionSilent)
		t = time.NewTimer(f.period(d.cfg.Seed, d.cfg.ID, ch, "down", cycle))
		select {
		case <-t.C:
		case <-d.stop:
			t.Stop()
			return
		}
		d.SetPartition(ch, PartitionNone)
		wait = f.period(d.cfg.Seed, d.cfg.ID, ch, "up", cycle+1)
	}
}
