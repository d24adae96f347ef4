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
