package honor_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// honorProfile is Honor as the conformance suite sees it.
func honorProfile() vendortest.Profile {
	app := mockvendors.App{ID: "104438291", ClientID: "8a3f2c1d9e", ClientSecret: "cl13nt-s3cr3t", Package: "com.example.chat"}
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorHonor,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return honor.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return honor.New(c, honor.WithRateLimit(1, time.Minute))
		},
		LimitReason: protocol.ReasonVendorRateLimited,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return honor.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 8888, Vendor: protocol.VendorHonor, Package: app.Package,
			Credentials: map[string]string{"app_id": app.ID, "client_id": app.ClientID, "client_secret": app.ClientSecret},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"app_id": c.Credentials["app_id"], "client_id": c.Credentials["client_id"], "client_secret": "wrong"}
			return c
		},
		Register:          protocol.RegisterRequest{AppID: app.ID, Package: app.Package, Brand: "honor"},
		AcceptedBody:      `"code":200,`,
		OKCode:            honor.RegisterOK,
		UnknownToken:      "BQAAAAnobodyIssuedThisHonorPushToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
		AuthTokenLifetime: time.Hour,
		DecodeClick:       decodeHonorClick,
	}
}

// decodeHonorClick reads android.notification.clickAction as Honor's
// push service does: the intent's extras reach the opened Activity.
func decodeHonorClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var m honor.SendMessageRequest
	if err := json.Unmarshal(payload, &m); err != nil {
		return protocol.ClickAction{}, "", err
	}
	c := m.Android.Notification.ClickAction
	switch c.Type {
	case honor.ClickURL:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: c.URL}, "", nil
	case honor.ClickIntent:
		in, err := hms.ParseIntentURI(c.Intent)
		if err != nil {
			return protocol.ClickAction{}, "", err
		}
		if in.IsLauncher() {
			return protocol.ClickAction{Action: protocol.ClickOpenApp}, in.Extras["ext"], nil
		}
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: in.Component}, in.Extras["ext"], nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, "", nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, honorProfile()) }

func TestRate(t *testing.T) { vendortest.Rate(t, honorProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, honorProfile()) }
