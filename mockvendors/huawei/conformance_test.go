package huawei_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// huaweiProfile is HMS as the conformance suite sees it.
func huaweiProfile() vendortest.Profile {
	app := mockvendors.App{ID: "104123456", Secret: "s3cr3t", Package: "com.example.chat"}
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorHuawei,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return huawei.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return huawei.New(c, huawei.WithRateLimit(1, time.Minute))
		},
		LimitReason: protocol.ReasonVendorRateLimited,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return huawei.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 7777, Vendor: protocol.VendorHuawei, Package: app.Package,
			Credentials: map[string]string{"app_id": app.ID, "app_secret": app.Secret},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"app_id": c.Credentials["app_id"], "app_secret": "wrong"}
			return c
		},
		Register:          protocol.RegisterRequest{AppID: app.ID, Package: app.Package, Brand: "huawei"},
		AcceptedBody:      `"code":"80000000"`,
		OKCode:            huawei.RegisterOK,
		UnknownToken:      "IQAAAACy0kWoAAAHh1ZKexampleUnknownTokenNobodyIssued0123456789abcdefghijklmnopqrstuvwxyz",
		AuthTokenLifetime: time.Hour,
		Receipts:          true,
		DecodeClick:       decodeHuaweiClick,
	}
}

// decodeHuaweiClick reads android.notification.click_action as the HMS
// push service does, and ext where the opened Activity finds it: an
// intent extra, or the "ext" query parameter of the intent's data.
func decodeHuaweiClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var m huawei.Message
	if err := json.Unmarshal(payload, &m); err != nil {
		return protocol.ClickAction{}, "", err
	}
	c := m.Android.Notification.ClickAction
	switch c.Type {
	case huawei.ClickURL:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: c.URL}, "", nil
	case huawei.ClickIntent:
		in, err := huawei.ParseIntentURI(c.Intent)
		if err != nil {
			return protocol.ClickAction{}, "", err
		}
		ext := in.Extras["ext"]
		if ext == "" {
			ext = in.QueryParam("ext")
		}
		if in.IsLauncher() {
			return protocol.ClickAction{Action: protocol.ClickOpenApp}, ext, nil
		}
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: in.Component}, ext, nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, "", nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, huaweiProfile()) }

// The suite again with ext travelling as an intent extra.
func TestConformanceExtAsIntentParam(t *testing.T) {
	p := huaweiProfile()
	p.Android = &protocol.AndroidInfo{ExtAsHuaweiIntentParam: 1, HuaWeiCategory: "IM"}
	vendortest.Run(t, p)
}

func TestRate(t *testing.T) { vendortest.Rate(t, huaweiProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, huaweiProfile()) }
