package protocol

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Click actions a certificate can configure (what tapping the notification does).
const (
	ClickOpenApp      = "open_app"      // launch the app (default)
	ClickOpenURL      = "open_url"      // open a web page (http:// or https:// only)
	ClickOpenActivity = "open_activity" // open a named Activity
)

// ClickAction is a certificate's "after a tap" setting in the IM console.
type ClickAction struct {
	Action   string `json:"action" yaml:"action"`
	URL      string `json:"url,omitempty" yaml:"url,omitempty"`
	Activity string `json:"activity,omitempty" yaml:"activity,omitempty"`
}

// Validate checks the action the way the IM console does: a URL must start
// with http:// or https://, an Activity needs its full class name.
func (c ClickAction) Validate() error {
	switch c.Action {
	case "", ClickOpenApp:
		return nil
	case ClickOpenURL:
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("click action open_url needs a URL starting with http:// or https://, got %q", c.URL)
		}
		return nil
	case ClickOpenActivity:
		if c.Activity == "" || !strings.Contains(c.Activity, ".") {
			return fmt.Errorf("click action open_activity needs the Activity's full class name, got %q", c.Activity)
		}
		return nil
	}
	return fmt.Errorf("unknown click action %q (want open_app, open_url or open_activity)", c.Action)
}

// CarriesExt reports whether custom content (Ext) reaches the app with this
// action: only for open-app and open-Activity.
func (c ClickAction) CarriesExt() bool { return c.Action != ClickOpenURL }

// Certificate is one push certificate as the IM console stores it: the
// vendor app's identity and secrets, and the click action. Credentials keys
// are the scenario format's: app_id, app_secret, app_key, master_secret,
// client_id, client_secret, project_id, service_account, bundle_id,
// team_id, key_id, key.
type Certificate struct {
	ID          int64             `json:"id"`
	Vendor      Vendor            `json:"vendor"`
	Package     string            `json:"package,omitempty"`
	Credentials map[string]string `json:"credentials,omitempty"`
	Click       ClickAction       `json:"click"`
}

// CredReceiptURL is the certificate field naming where the vendor should
// post delivery and click receipts; thin clients of vendors that have
// receipts request them there (Meizu, Xiaomi and vivo extra.callback).
const CredReceiptURL = "receipt_url"

// Credential returns the credential named key, or "".
func (c Certificate) Credential(key string) string { return c.Credentials[key] }

// AndroidInfo is OfflinePushInfo.AndroidInfo (REST JSON field names).
type AndroidInfo struct {
	Sound                  string `json:"Sound,omitempty"`
	PushStyle              int    `json:"PushStyle,omitempty"`
	HuaWeiChannelID        string `json:"HuaWeiChannelID,omitempty"`
	XiaoMiChannelID        string `json:"XiaoMiChannelID,omitempty"`
	OPPOChannelID          string `json:"OPPOChannelID,omitempty"`
	GoogleChannelID        string `json:"GoogleChannelID,omitempty"`
	VIVOClassification     *int   `json:"VIVOClassification,omitempty"`
	VIVOCategory           string `json:"VIVOCategory,omitempty"`
	HuaWeiImportance       string `json:"HuaWeiImportance,omitempty"`
	HuaWeiCategory         string `json:"HuaWeiCategory,omitempty"`
	ExtAsHuaweiIntentParam int    `json:"ExtAsHuaweiIntentParam,omitempty"`
	HonorImportance        string `json:"HonorImportance,omitempty"`
	OPPOCategory           string `json:"OPPOCategory,omitempty"`
	MeiZuNoticeMsgType     *int   `json:"MeiZuNoticeMsgType,omitempty"`
}

// ApnsInfo is OfflinePushInfo.ApnsInfo (REST JSON field names).
type ApnsInfo struct {
	Sound             string `json:"Sound,omitempty"`
	BadgeMode         int    `json:"BadgeMode,omitempty"`
	Title             string `json:"Title,omitempty"`
	SubTitle          string `json:"SubTitle,omitempty"`
	Image             string `json:"Image,omitempty"`
	MutableContent    int    `json:"MutableContent,omitempty"`
	InterruptionLevel string `json:"InterruptionLevel,omitempty"`
	ContentAvailable  int    `json:"ContentAvailable,omitempty"`
}

// PushRequest is what fakeim's dispatch hands a vendor client: one
// notification for one device token, already decided and resolved (title
// defaulted, Ext kept or dropped per the certificate's click action).
type PushRequest struct {
	MsgKey  string       // the IM message key
	Device  string       // the IM instance (device) ID, for the trace
	Token   string       // the vendor token the device reported
	Cert    Certificate  // the certificate version in effect
	Title   string       // never empty: "a new message" by default
	Desc    string       // the notification body
	Ext     string       // custom content; "" when the click action does not carry it
	Android *AndroidInfo // optional
	Apns    *ApnsInfo    // optional
}

// PushResult is the vendor's answer for one target.
type PushResult struct {
	VendorMsgID string // the vendor's message ID, when it assigned one
	Code        string // the vendor's result code for this target, as the vendor writes it
	Message     string // the vendor's message
	Reason      Reason // ReasonNone when the vendor accepted the message
}

// Pusher is a thin vendor client: it authenticates and signs like a real
// backend and maps a PushRequest onto the vendor's server API.
type Pusher interface {
	Push(ctx context.Context, req PushRequest) PushResult
}

// DefaultTitle is the notification title when the sender sets none.
const DefaultTitle = "a new message"
