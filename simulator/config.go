package simulator

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// DefaultAndroid is the Android version of a device that names none.
const DefaultAndroid = 12

// AppConfig is the app under test as installed on one device.
type AppConfig struct {
	// Package is the Android package name (or iOS bundle ID).
	Package string
	// CertificateID is the IM console certificate ID the app reports with
	// its token (the seed's MZ_PUSH_BUZID).
	CertificateID int64
	// AppID and AppKey are the vendor push credentials the app registers
	// with (the seed's MZ_PUSH_APPID and MZ_PUSH_APPKEY).
	AppID  string
	AppKey string
	// ReceiverKept is false when the obfuscator stripped the vendor push
	// receiver (no -keep rule): the app never hears onRegisterStatus or
	// onNotificationClicked. Default true.
	ReceiverKept *bool
	// Permissions the manifest declares. Old Flyme versions need the
	// Meizu push permissions; nil means the seed's full set.
	Permissions []string
	// NotificationsEnabled is the per-app notification switch. Default
	// true (OPPO devices start with it off in later brands).
	NotificationsEnabled *bool
	// Channels are the notification channel IDs the app created.
	Channels []string
	// RegisterDelay is how long after launch the vendor registration
	// finishes; a token that lands after login is reported then.
	RegisterDelay time.Duration
	// LauncherActivity is the app's main Activity (default
	// <package>.MainActivity).
	LauncherActivity string
	// PushVendor is the vendor whose push SDK the app integrates for this
	// phone (its certificate's vendor). An app whose SDK is for another
	// brand does not register at all, as the seed's brand check does.
	// Empty means the brand's own vendor.
	PushVendor protocol.Vendor
}

// receiverKept reports the effective ReceiverKept.
func (a AppConfig) receiverKept() bool { return a.ReceiverKept == nil || *a.ReceiverKept }

// launcher returns the launcher Activity's full class name.
func (a AppConfig) launcher() string {
	if a.LauncherActivity != "" {
		return a.LauncherActivity
	}
	return a.Package + ".MainActivity"
}

// Config describes one simulated device and where it finds its servers.
type Config struct {
	// ID names the device in traces and reports; it is also the IM instance ID.
	ID string
	// Brand decides the vendor push service and its quirks.
	Brand protocol.Brand
	// ROM is the vendor OS and version, e.g. "flyme-9". Optional.
	ROM string
	// Android is the Android version (default 12).
	Android int
	// User is the IM user the app logs in as.
	User string
	// App is the app under test.
	App AppConfig

	// Dialer is the network the device reaches servers through; the device
	// wraps it in its own Link so its network can be cut.
	Dialer netsim.Dialer
	// IMURL is fakeim's base URL (http://host:port); the device opens
	// protocol.IMPath below it.
	IMURL string
	// VendorURL is the base URL of the brand's vendor mock (e.g.
	// http://host:port/meizu); the device channel is protocol.DevicePath below it.
	VendorURL string
	// SDKAppID is the IM application ID.
	SDKAppID uint64
	// UserSig issues a UserSig for the user, as the app's own server would.
	UserSig func(user string) (string, error)

	// Trace receives every event. Required.
	Trace *trace.Trace
	// Seed is the run's root seed.
	Seed seed.Root
	// Timeout bounds every request the device makes (default 30s).
	Timeout time.Duration
	// HeartbeatInterval is how often the IM SDK sends a heartbeat while
	// connected (default HeartbeatInterval). A server with a shorter
	// heartbeat timeout than the documented 400 s needs devices that beat
	// more often.
	HeartbeatInterval time.Duration
	// IMLink and VendorLink condition the IM socket's and the vendor
	// channel's paths from power-on.
	IMLink, VendorLink LinkCondition
}

func (c *Config) applyDefaults() {
	if c.Android == 0 {
		c.Android = DefaultAndroid
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = HeartbeatInterval
	}
	if c.App.Permissions == nil {
		c.App.Permissions = MeizuPermissions(c.App.Package)
	}
}

func (c *Config) validate() error {
	var errs []error
	for _, ch := range []Channel{ChannelIM, ChannelVendor} {
		if err := c.linkCondition(ch).validate(ch); err != nil {
			errs = append(errs, err)
		}
	}
	if c.ID == "" {
		errs = append(errs, errors.New("device ID is empty"))
	}
	if _, err := protocol.ParseBrand(string(c.Brand)); err != nil {
		errs = append(errs, err)
	}
	if c.App.Package == "" {
		errs = append(errs, errors.New("app package is empty"))
	}
	if c.Dialer == nil || c.Trace == nil {
		errs = append(errs, errors.New("device needs a Dialer and a Trace"))
	}
	if c.UserSig == nil {
		errs = append(errs, errors.New("device needs a UserSig issuer"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("device %q: %w", c.ID, err)
	}
	return nil
}

// romVersion returns the major version in a ROM name such as "flyme-9" or
// "flyme-4.5", or 0 when it names none.
func (c Config) romVersion(prefix string) int { return romMajor(c.ROM, prefix) }

// romMajor is Config.romVersion of a ROM name, without copying a Config.
func romMajor(rom, prefix string) int {
	rom = strings.ToLower(rom)
	if !strings.HasPrefix(rom, prefix) {
		return 0
	}
	v := strings.TrimLeft(strings.TrimPrefix(rom, prefix), "-_ ")
	if i := strings.IndexAny(v, "."); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}
