package format_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/scenarios/format"
)

func TestLinkStep(t *testing.T) {
	cases := []struct{ name, step, err string }{
		{"silent", "{device: d, channel: im, partition: silent}", ""},
		{"latency", "{device: d, channel: vendor, latency: 200ms}", ""},
		{"both", "{device: d, channel: vendor, partition: none, latency: 1s}", ""},
		{"no channel", "{device: d, partition: hard}", `needs "channel"`},
		{"bad channel", "{device: d, channel: wifi, partition: hard}", "not one of im, vendor"},
		{"bad partition", "{device: d, channel: im, partition: soft}", "not one of silent, hard, none"},
		{"nothing", "{device: d, channel: im}", "changes nothing"},
		{"unknown device", "{device: zz, channel: im, partition: hard}", "zz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := format.Parse("f.yaml", []byte(faultHead+"steps:\n  - link: "+c.step+"\n"))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st := sc.Steps[0]; st.Action != format.ActLink || st.Device != "d" || st.Link == nil {
				t.Fatalf("step %+v", st)
			}
		})
	}
	sc, err := format.Parse("f.yaml", []byte(faultHead+"steps:\n  - link: {device: d, channel: vendor, partition: hard, latency: 2s}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l := sc.Steps[0].Link; l.Channel != "vendor" || l.Partition != "hard" || !l.SetLatency || l.Latency != 2*time.Second {
		t.Errorf("link %+v", l)
	}
}

func TestDeviceLink(t *testing.T) {
	head := strings.Replace(faultHead, "app: {package: p.q, certificate: 1}}", "app: {package: p.q, certificate: 1}, link: %s}", 1)
	cases := []struct{ name, link, err string }{
		{"latency and flap", "{im: {latency: 200ms}, vendor: {flap: {up: 2m, down: 30s}}}", ""},
		{"unknown channel", "{wifi: {latency: 1s}}", `unknown key "wifi"`},
		{"flap without down", "{vendor: {flap: {up: 2m}}}", `needs "down"`},
		{"zero up", "{vendor: {flap: {up: 0s, down: 1s}}}", "must be positive"},
		{"flap with jitter", "{im: {latency: 200ms}, vendor: {flap: {up: 2m, down: 30s, jitter: 10s}}}", ""},
		{"jitter not below down", "{vendor: {flap: {up: 2m, down: 30s, jitter: 30s}}}", "jitter must be at least 0 and less than up and down"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := format.Parse("f.yaml", []byte(strings.Replace(head, "%s", c.link, 1)+"steps:\n  - wait: 1s\n"))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			l := sc.Env.Devices[0].Link
			if l == nil || l.IM == nil || l.IM.Latency.D() != 200*time.Millisecond || l.Vendor == nil || l.Vendor.Flap == nil ||
				l.Vendor.Flap.Up.D() != 2*time.Minute || l.Vendor.Flap.Down.D() != 30*time.Second {
				t.Errorf("link %+v", l)
			}
			if want := strings.Contains(c.link, "jitter"); want && l.Vendor.Flap.Jitter.D() != 10*time.Second {
				t.Errorf("jitter %v, want 10s", l.Vendor.Flap.Jitter)
			}
		})
	}
}
