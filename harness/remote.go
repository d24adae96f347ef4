package harness

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// Remote says how phones run in this process reach an environment served
// by another (pushsim serve at BaseURL): their IM socket and vendor
// channels go to BaseURL over Dialer, and they sign their own UserSigs
// with the configuration's secret key.
type Remote struct {
	// BaseURL is the served environment, http://host:port.
	BaseURL string
	// Dialer is the network to it (a real one: netsim.NewLoopback()).
	Dialer netsim.Dialer
	// Trace is where the phones record what they do.
	Trace *trace.Trace
	// Timeout bounds each of a phone's requests (default 30 s).
	Timeout time.Duration
}

// WithDefaults is the configuration with the documented defaults filled
// in: the SDKAppID, the admin, the login policy, the secret key (derived
// from the seed when none is set) and each vendor's latency.
func (c Config) WithDefaults() Config { return c.withDefaults() }

// NewRemoteDevice builds device dc of the configuration, not yet started,
// to run against the served environment r names. The served environment
// must run dc's vendor and know its certificate (serve it this same
// configuration without the devices).
func (c Config) NewRemoteDevice(dc DeviceConfig, r Remote) (*simulator.Device, error) {
	if !strings.HasPrefix(r.BaseURL, "http://") && !strings.HasPrefix(r.BaseURL, "https://") {
		return nil, fmt.Errorf("remote device %s: base URL %q is not http:// or https://", dc.ID, r.BaseURL)
	}
	if r.Dialer == nil || r.Trace == nil {
		return nil, errors.New("remote device: needs a Dialer and a Trace")
	}
	c = c.withDefaults()
	if r.Timeout <= 0 {
		r.Timeout = 30 * time.Second
	}
	sc := c.simulatorConfig(dc, strings.TrimRight(r.BaseURL, "/"), true)
	sc.Dialer, sc.Trace, sc.Seed, sc.Timeout = r.Dialer, r.Trace, seed.Root(c.Seed), r.Timeout
	app, key := c.IM.SDKAppID, c.IM.SecretKey
	sc.UserSig = func(user string) (string, error) { return usersig.Gen(app, key, user, 24*time.Hour, time.Now()) }
	return simulator.New(sc)
}
