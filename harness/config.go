package harness

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
)

// Config is an environment: the im, vendors and devices blocks of the
// scenario format (docs/contracts.md), plus the root seed.
type Config struct {
	// Seed is the root seed; every random choice derives from it.
	Seed uint64 `yaml:"seed,omitempty" json:"seed,omitempty"`
	// IM configures the fake IM server and its certificates.
	IM IMConfig `yaml:"im,omitempty" json:"im,omitempty"`
	// Vendors tunes each vendor mock, keyed by vendor name.
	Vendors map[string]VendorConfig `yaml:"vendors,omitempty" json:"vendors,omitempty"`
	// Devices are the simulated phones.
	Devices []DeviceConfig `yaml:"devices,omitempty" json:"devices,omitempty"`
	// Users are imported into the IM server besides the devices' users.
	Users []string `yaml:"users,omitempty" json:"users,omitempty"`
}

// IMConfig is the im block.
type IMConfig struct {
	SDKAppID     uint64              `yaml:"sdkappid,omitempty" json:"sdkappid,omitempty"`
	SecretKey    string              `yaml:"secret_key,omitempty" json:"secret_key,omitempty"`
	Admin        string              `yaml:"admin,omitempty" json:"admin,omitempty"`
	LoginPolicy  string              `yaml:"login_policy,omitempty" json:"login_policy,omitempty"`
	Certificates []CertificateConfig `yaml:"certificates,omitempty" json:"certificates,omitempty"`
	// ActivationDelay is the default activation delay of every
	// certificate that sets none, including those added later through
	// /_pushsim/im/certificates; nil means DefaultActivationDelay, zero
	// means at once.
	ActivationDelay *Duration `yaml:"activation_delay,omitempty" json:"activation_delay,omitempty"`
	// HeartbeatTimeout is how long after a device's last frame the IM
	// notices a silently lost connection; zero means the documented 400 s.
	// Devices then beat at the same ratio as the real SDK (every 120 s
	// against 400 s), so they stay online while their network is up.
	HeartbeatTimeout Duration `yaml:"heartbeat_timeout,omitempty" json:"heartbeat_timeout,omitempty"`
}

// heartbeatInterval is how often devices beat for the im block's
// heartbeat timeout: simulator.HeartbeatInterval against the documented
// 400 s, scaled.
func (c IMConfig) heartbeatInterval() time.Duration {
	if c.HeartbeatTimeout <= 0 {
		return simulator.HeartbeatInterval
	}
	return time.Duration(int64(c.HeartbeatTimeout.D()) * int64(simulator.HeartbeatInterval) / int64(fakeim.HeartbeatTimeout))
}

// Defaults of the im block.
const (
	DefaultSDKAppID = 1400000000
	DefaultAdmin    = "administrator"
)

// CertificateConfig is one certificate in the im block: the vendor app's
// identity and secrets as entered in the IM console, and the click action.
type CertificateConfig struct {
	ID              int64                `yaml:"id" json:"id"`
	Vendor          string               `yaml:"vendor" json:"vendor"`
	Package         string               `yaml:"package,omitempty" json:"package,omitempty"`
	AppID           string               `yaml:"app_id,omitempty" json:"app_id,omitempty"`
	AppKey          string               `yaml:"app_key,omitempty" json:"app_key,omitempty"`
	AppSecret       string               `yaml:"app_secret,omitempty" json:"app_secret,omitempty"`
	MasterSecret    string               `yaml:"master_secret,omitempty" json:"master_secret,omitempty"`
	ClientID        string               `yaml:"client_id,omitempty" json:"client_id,omitempty"`
	ClientSecret    string               `yaml:"client_secret,omitempty" json:"client_secret,omitempty"`
	ProjectID       string               `yaml:"project_id,omitempty" json:"project_id,omitempty"`
	ServiceAccount  string               `yaml:"service_account,omitempty" json:"service_account,omitempty"`
	BundleID        string               `yaml:"bundle_id,omitempty" json:"bundle_id,omitempty"`
	TeamID          string               `yaml:"team_id,omitempty" json:"team_id,omitempty"`
	KeyID           string               `yaml:"key_id,omitempty" json:"key_id,omitempty"`
	Key             string               `yaml:"key,omitempty" json:"key,omitempty"`
	Click           protocol.ClickAction `yaml:"click,omitempty" json:"click,omitempty"`
	ActivationDelay *Duration            `yaml:"activation_delay,omitempty" json:"activation_delay,omitempty"`
	// ReceiptURL asks the vendor for delivery and click receipts there.
	ReceiptURL string `yaml:"receipt_url,omitempty" json:"receipt_url,omitempty"`
	// BadgeClass is Huawei's and Honor's badge parameter: the full class
	// name of the launcher Activity.
	BadgeClass string `yaml:"badge_class,omitempty" json:"badge_class,omitempty"`
}

// Certificate converts the block to the IM server's certificate.
func (c CertificateConfig) Certificate() protocol.Certificate {
	creds := map[string]string{}
	for k, v := range map[string]string{
		"app_id": c.AppID, "app_key": c.AppKey, "app_secret": c.AppSecret, "master_secret": c.MasterSecret,
		"client_id": c.ClientID, "client_secret": c.ClientSecret, "project_id": c.ProjectID,
		"service_account": c.ServiceAccount, "bundle_id": c.BundleID, "team_id": c.TeamID,
		"key_id": c.KeyID, "key": c.Key, protocol.CredReceiptURL: c.ReceiptURL, "badge_class": c.BadgeClass,
	} {
		if v != "" {
			creds[k] = v
		}
	}
	click := c.Click
	if click.Action == "" {
		click.Action = protocol.ClickOpenApp
	}
	return protocol.Certificate{ID: c.ID, Vendor: protocol.Vendor(c.Vendor), Package: c.Package, Credentials: creds, Click: click}
}

// DefaultActivationDelay is how long a certificate change takes at most to
// take effect ("within 10 minutes").
const DefaultActivationDelay = 10 * time.Minute

// activationDelay returns the certificate's delay, else the im block's,
// else the default.
func (c CertificateConfig) activationDelay(im IMConfig) time.Duration {
	if c.ActivationDelay != nil {
		return time.Duration(*c.ActivationDelay)
	}
	return im.defaultActivationDelay()
}

// fakeimDelay turns a delay of the config into fakeim's terms, where
// zero means the default and Immediate means at once.
func fakeimDelay(d time.Duration) time.Duration {
	if d == 0 {
		return fakeim.Immediate
	}
	return d
}

// VendorConfig tunes one vendor mock.
type VendorConfig struct {
	Latency  LatencyConfig `yaml:"latency,omitempty" json:"latency,omitempty"`
	DropRate float64       `yaml:"drop_rate,omitempty" json:"drop_rate,omitempty"`
	// Limits configures the vendor's documented frequency limits and
	// quotas; the zero value keeps them all on.
	Limits mockvendors.Limits `yaml:"limits,omitempty" json:"limits,omitzero"`
	// Faults are the vendor's fault rules in force from the start.
	Faults []mockvendors.FaultRule `yaml:"faults,omitempty" json:"faults,omitempty"`
}

// LatencyConfig is a delivery delay distribution.
type LatencyConfig struct {
	Median Duration `yaml:"median,omitempty" json:"median,omitempty"`
	P99    Duration `yaml:"p99,omitempty" json:"p99,omitempty"`
}

// Default vendor latency.
const (
	DefaultLatencyMedian = 500 * time.Millisecond
	DefaultLatencyP99    = 3 * time.Second
)

// DeviceConfig is one entry of the devices block.
type DeviceConfig struct {
	ID      string    `yaml:"id" json:"id"`
	Brand   string    `yaml:"brand" json:"brand"`
	ROM     string    `yaml:"rom,omitempty" json:"rom,omitempty"`
	Android int       `yaml:"android,omitempty" json:"android,omitempty"`
	User    string    `yaml:"user" json:"user"`
	App     AppConfig `yaml:"app" json:"app"`
	// Link conditions the device's IM socket and vendor channel.
	Link *LinkConfig `yaml:"link,omitempty" json:"link,omitempty"`
}

// LinkConfig conditions a device's two network paths separately.
type LinkConfig struct {
	IM     *ChannelLinkConfig `yaml:"im,omitempty" json:"im,omitempty"`
	Vendor *ChannelLinkConfig `yaml:"vendor,omitempty" json:"vendor,omitempty"`
}

// ChannelLinkConfig is one path's one-way latency and flapping.
type ChannelLinkConfig struct {
	Latency Duration    `yaml:"latency,omitempty" json:"latency,omitempty"`
	Flap    *FlapConfig `yaml:"flap,omitempty" json:"flap,omitempty"`
}

// FlapConfig takes a path down (silently) for Down after every Up.
type FlapConfig struct {
	Up   Duration `yaml:"up" json:"up"`
	Down Duration `yaml:"down" json:"down"`
	// Jitter moves each period by a seeded amount within ±Jitter.
	Jitter Duration `yaml:"jitter,omitempty" json:"jitter,omitempty"`
}

// condition is the simulator's view of c (nil: a plain path).
func (c *ChannelLinkConfig) condition() simulator.LinkCondition {
	if c == nil {
		return simulator.LinkCondition{}
	}
	lc := simulator.LinkCondition{Latency: c.Latency.D()}
	if c.Flap != nil {
		lc.Flap = &simulator.Flap{Up: c.Flap.Up.D(), Down: c.Flap.Down.D(), Jitter: c.Flap.Jitter.D()}
	}
	return lc
}

// AppConfig is a device's app block.
type AppConfig struct {
	Package              string    `yaml:"package" json:"package"`
	Certificate          int64     `yaml:"certificate" json:"certificate"`
	ReceiverKept         *bool     `yaml:"receiver_kept,omitempty" json:"receiver_kept,omitempty"`
	Permissions          []string  `yaml:"permissions,omitempty" json:"permissions,omitempty"`
	NotificationsEnabled *bool     `yaml:"notifications_enabled,omitempty" json:"notifications_enabled,omitempty"`
	Channels             []string  `yaml:"channels,omitempty" json:"channels,omitempty"`
	RegisterDelay        *Duration `yaml:"register_delay,omitempty" json:"register_delay,omitempty"`
	AppID                string    `yaml:"app_id,omitempty" json:"app_id,omitempty"`
	AppKey               string    `yaml:"app_key,omitempty" json:"app_key,omitempty"`
	LauncherActivity     string    `yaml:"launcher_activity,omitempty" json:"launcher_activity,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("10m", "800ms").
type Duration time.Duration

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalYAML parses a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return fmt.Errorf("line %d: a duration like 10m or 800ms: %w", n.Line, err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration (write e.g. 10m, 90s, 800ms)", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// MarshalText writes the duration string (JSON).
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText parses the duration string (JSON).
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// certificate returns the certificate with the ID, if configured.
func (c Config) certificate(id int64) (CertificateConfig, bool) {
	for _, cert := range c.IM.Certificates {
		if cert.ID == id {
			return cert, true
		}
	}
	return CertificateConfig{}, false
}

// defaultActivationDelay is the im block's delay, or the default.
func (im IMConfig) defaultActivationDelay() time.Duration {
	if im.ActivationDelay != nil {
		return time.Duration(*im.ActivationDelay)
	}
	return DefaultActivationDelay
}
