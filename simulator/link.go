package simulator

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
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
// after first) until the device powers off.
func (d *Device) flap(ch Channel, f Flap, first time.Duration) {
	wait := first
	for {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-d.stop:
			t.Stop()
			return
		}
		d.SetPartition(ch, PartitionSilent)
		t = time.NewTimer(f.Down)
		select {
		case <-t.C:
		case <-d.stop:
			t.Stop()
			return
		}
		d.SetPartition(ch, PartitionNone)
		wait = f.Up
	}
}
