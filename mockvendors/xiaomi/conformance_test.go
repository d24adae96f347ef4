package xiaomi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

// xiaomiProfile is Xiaomi as the conformance suite sees it.
func xiaomiProfile() vendortest.Profile {
	app := theApp
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorXiaomi,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return xiaomi.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return xiaomi.New(c, xiaomi.WithDailyQuota(1))
		},
		LimitReason: protocol.ReasonVendorQuotaExceeded,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return xiaomi.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 7777, Vendor: protocol.VendorXiaomi, Package: app.Package,
			Credentials: map[string]string{"app_id": app.ID, "app_key": app.Key, "app_secret": app.Secret},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"app_id": c.Credentials["app_id"], "app_key": c.Credentials["app_key"], "app_secret": "wrong"}
			return c
		},
		Register:          protocol.RegisterRequest{AppID: app.ID, AppKey: app.Key, Package: app.Package, Brand: "xiaomi"},
		AcceptedBody:      `"result":"ok"`,
		OKCode:            xiaomi.RegisterOK,
		UnknownToken:      unknownRegID,
		AuthTokenLifetime: 0,
		Receipts:          true,
		DecodeClick:       decodeXiaomiClick,
		Android:           &protocol.AndroidInfo{XiaoMiChannelID: channel},
	}
}

// decodeXiaomiClick reads the MiPushMessage as the MiPush SDK does on a
// tap: extra.notify_effect (1 when unset) picks the launcher, the
// intent_uri's Activity or the web_uri; the app reads ext from the
// intent's string extra, else from MiPushMessage.getExtra().
func decodeXiaomiClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var m xiaomi.DeviceMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		return protocol.ClickAction{}, "", err
	}
	ext := m.Extra["ext"]
	switch m.Extra[xiaomi.ExtraNotifyEffect] {
	case xiaomi.EffectIntent:
		i, err := xiaomi.ParseIntentURI(m.Extra[xiaomi.ExtraIntentURI])
		if err != nil {
			return protocol.ClickAction{}, "", err
		}
		if e, ok := i.Extras["ext"]; ok {
			ext = e
		}
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: i.Component}, ext, nil
	case xiaomi.EffectWeb:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: m.Extra[xiaomi.ExtraWebURI]}, ext, nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, ext, nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, xiaomiProfile()) }

func TestRate(t *testing.T) { vendortest.Rate(t, xiaomiProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, xiaomiProfile()) }

func BenchmarkClientPush(b *testing.B) { vendortest.BenchClientPush(b, xiaomiProfile()) }
