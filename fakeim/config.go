package fakeim

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Defaults for Config.
const (
	DefaultSDKAppID = 1400000000
	DefaultAdmin    = "administrator"
)

// Multi-terminal login policies (the console's "多端登录" setting).
const (
	// PolicySamePlatformKick: a login kicks the user's other instance on
	// the same platform (the default).
	PolicySamePlatformKick = "same_platform_kick"
	// PolicyAllMobileKick: a login on any mobile platform kicks the user's
	// other mobile instances, and the same platform always kicks.
	PolicyAllMobileKick = "all_mobile_kick"
	// PolicyMulti: nothing is kicked.
	PolicyMulti = "multi"
)

// Timings of the online-state machine (Tencent's 在线状态管理).
const (
	// HeartbeatTimeout is how long after the last frame from a device a
	// silently lost connection is noticed (its read deadline).
	HeartbeatTimeout = 400 * time.Second
	// PushOnlineLifetime is how long an instance stays PushOnline without a
	// login before it becomes Offline.
	PushOnlineLifetime = 7 * 24 * time.Hour
	// DefaultActivationDelay bounds when a certificate change takes effect
	// ("changes take effect within 10 minutes").
	DefaultActivationDelay = 10 * time.Minute
	// DefaultMaxQueuedPushes is Config.MaxQueuedPushes's default.
	DefaultMaxQueuedPushes = 100_000
	// DefaultMaxDedupKeys is Config.MaxDedupKeys's default: the 120 s
	// de-duplication window in full up to about 2,000 sends a second.
	DefaultMaxDedupKeys = 250_000
	// PushTimeout bounds one call of a vendor Pusher.
	PushTimeout = 30 * time.Second
	// writeTimeout bounds one websocket write.
	writeTimeout = 30 * time.Second
	// MaxFrame bounds one frame a device sends on its websocket; a larger
	// one closes the socket (1009, message too big).
	MaxFrame = 64 << 10
)

// Config configures a Server.
type Config struct {
	// SDKAppID is the application ID; 0 means DefaultSDKAppID.
	SDKAppID uint64
	// SecretKey signs and verifies UserSigs. Empty means a key derived
	// from Seed, so it differs between seeds and never needs printing.
	SecretKey string
	// Admin is the App admin account REST calls must use; "" means
	// DefaultAdmin.
	Admin string
	// LoginPolicy is one of the Policy constants; "" means
	// PolicySamePlatformKick.
	LoginPolicy string
	// Trace receives every event; nil means a new trace starting now.
	Trace *trace.Trace
	// Seed is the root of every random choice (certificate activation
	// moments, the default secret key).
	Seed seed.Root
	// ActivationDelay is the default bound on when a certificate change
	// takes effect, for a CertificateSpec whose ActivationDelay is zero
	// (such as one posted to /_pushsim/im/certificates without
	// activation_delay). Zero means DefaultActivationDelay; Immediate (any
	// negative value) means at once.
	ActivationDelay time.Duration
	// HeartbeatTimeout is how long after a device's last frame its silently
	// lost connection is noticed; zero means the documented
	// HeartbeatTimeout (400 s).
	HeartbeatTimeout time.Duration
	// LoginDeadline closes a websocket on which no login succeeded this
	// long after it opened, heartbeats or not; zero means none. The
	// simulated devices log in as soon as they open a socket.
	LoginDeadline time.Duration
	// PushLanes is how many ordered lanes each vendor's pushes share
	// (a device always uses the same one); 0 or 1 means one lane per
	// vendor, the deterministic choice for virtual time.
	PushLanes int
	// MaxQueuedPushes bounds the pushes waiting for a vendor, on all lanes
	// (0: DefaultMaxQueuedPushes); beyond it a push fails with
	// push_queue_full.
	MaxQueuedPushes int
	// MaxDedupKeys bounds the C2C de-duplication keys held (0:
	// DefaultMaxDedupKeys). Past it the oldest key is forgotten before its
	// 120 s are up, so memory stays flat at any send rate; a resend of a
	// forgotten message is then accepted as new.
	MaxDedupKeys int
	// Pushers are the vendor clients offline pushes go through. A
	// certificate whose vendor has none fails with vendor_error.
	Pushers map[protocol.Vendor]protocol.Pusher
}

// withDefaults fills in the zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	if c.SDKAppID == 0 {
		c.SDKAppID = DefaultSDKAppID
	}
	if c.Admin == "" {
		c.Admin = DefaultAdmin
	}
	if err := checkUserID(c.Admin); err != nil {
		return c, fmt.Errorf("admin: %w", err)
	}
	switch c.LoginPolicy {
	case "":
		c.LoginPolicy = PolicySamePlatformKick
	case PolicySamePlatformKick, PolicyAllMobileKick, PolicyMulti:
	default:
		return c, fmt.Errorf("login policy %q: want %s, %s or %s", c.LoginPolicy, PolicySamePlatformKick, PolicyAllMobileKick, PolicyMulti)
	}
	if c.SecretKey == "" {
		c.SecretKey = c.Seed.Hex(64, "im", "secret_key")
	}
	switch {
	case c.HeartbeatTimeout < 0:
		return c, fmt.Errorf("heartbeat timeout %v is negative", c.HeartbeatTimeout)
	case c.LoginDeadline < 0:
		return c, fmt.Errorf("login deadline %v is negative", c.LoginDeadline)
	case c.HeartbeatTimeout == 0:
		c.HeartbeatTimeout = HeartbeatTimeout
	}
	if c.MaxQueuedPushes <= 0 {
		c.MaxQueuedPushes = DefaultMaxQueuedPushes
	}
	if c.MaxDedupKeys <= 0 {
		c.MaxDedupKeys = DefaultMaxDedupKeys
	}
	switch {
	case c.ActivationDelay == 0:
		c.ActivationDelay = DefaultActivationDelay
	case c.ActivationDelay < 0:
		c.ActivationDelay = Immediate
	}
	if c.Trace == nil {
		c.Trace = trace.New(time.Now())
	}
	pushers := make(map[protocol.Vendor]protocol.Pusher, len(c.Pushers))
	for v, p := range c.Pushers {
		if _, err := protocol.ParseVendor(string(v)); err != nil {
			return c, fmt.Errorf("pushers: %w", err)
		}
		if p != nil {
			pushers[v] = p
		}
	}
	c.Pushers = pushers
	return c, nil
}

// maxUserIDLen is the longest user ID Tencent accepts, in bytes.
const maxUserIDLen = 32

// checkUserID applies Tencent's UserID rules: 1 to 32 bytes of printable
// ASCII.
func checkUserID(id string) error {
	if id == "" {
		return fmt.Errorf("empty user ID")
	}
	if len(id) > maxUserIDLen {
		return fmt.Errorf("user ID %q is over %d bytes", id, maxUserIDLen)
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return fmt.Errorf("user ID %q has a character that is not printable ASCII", id)
		}
	}
	return nil
}
