package meizu_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// meizuProfile is Meizu as the conformance suite sees it.
func meizuProfile() vendortest.Profile {
	app := mockvendors.App{ID: "1234512345123451234", Key: "1234512345123", Secret: "s3cr3t", Package: "com.example.chat"}
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorMeizu,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return meizu.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return meizu.New(c, meizu.WithFolding(1, time.Minute))
		},
		LimitReason: protocol.ReasonVendorFolded,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return meizu.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 6666, Vendor: protocol.VendorMeizu, Package: app.Package,
			Credentials: map[string]string{"app_id": app.ID, "app_secret": app.Secret},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"app_id": c.Credentials["app_id"], "app_secret": "wrong"}
			return c
		},
		Register:     protocol.RegisterRequest{AppID: app.ID, AppKey: app.Key, Package: app.Package, Brand: "meizu"},
		AcceptedBody: `"code":"200","message":"","value":{}`,
		OKCode:       "200",
		UnknownToken: "ULY0123456789abcdef0123456789abcdef01234567",
		Receipts:     true,
		DecodeClick:  decodeMeizuClick,
	}
}

// decodeMeizuClick reads clickTypeInfo as the Flyme push SDK does.
func decodeMeizuClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var m struct {
		ClickTypeInfo struct {
			ClickType  meizu.FlexInt     `json:"clickType"`
			URL        string            `json:"url"`
			Activity   string            `json:"activity"`
			Parameters map[string]string `json:"parameters"`
		} `json:"clickTypeInfo"`
	}
	if err := json.Unmarshal(payload, &m); err != nil {
		return protocol.ClickAction{}, "", err
	}
	c := m.ClickTypeInfo
	switch c.ClickType {
	case meizu.ClickActivity:
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: c.Activity}, c.Parameters["ext"], nil
	case meizu.ClickURI:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: c.URL}, c.Parameters["ext"], nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, c.Parameters["ext"], nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, meizuProfile()) }

func TestRate(t *testing.T) { vendortest.Rate(t, meizuProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, meizuProfile()) }

func BenchmarkClientPush(b *testing.B) { vendortest.BenchClientPush(b, meizuProfile()) }
