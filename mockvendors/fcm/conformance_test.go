package fcm_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// fcmProfile is FCM as the conformance suite sees it: a project with a
// service account, so the client exchanges JWT assertions for hour-long
// access tokens.
func fcmProfile(t testing.TB) vendortest.Profile {
	sa := account(t)
	app := fcm.AppFor(project, pkg, sa.JSON())
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorFCM,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return fcm.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return fcm.New(c, fcm.WithDeviceRate(1, time.Minute))
		},
		LimitReason: protocol.ReasonVendorRateLimited,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return fcm.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 7777, Vendor: protocol.VendorFCM, Package: pkg,
			Credentials: map[string]string{"project_id": project, "service_account": sa.JSON()},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"project_id": project, "service_account": wrongAccount(t).JSON()}
			return c
		},
		Register:          protocol.RegisterRequest{AppID: project, Package: pkg, Brand: "google"},
		AcceptedBody:      `"name": "projects/`,
		OKCode:            fcm.RegisterOK,
		UnknownToken:      fcm.NewToken(999, project, pkg, "nobody", 1),
		AuthTokenLifetime: fcm.DefaultTokenLifetime,
		DecodeClick:       decodeFCMClick,
		Android:           &protocol.AndroidInfo{GoogleChannelID: "im"},
	}
}

// decodeFCMClick reads the bundle as the Android FCM SDK builds the tap's
// intent: click_action names the action (VIEW with data "url" is
// pushsim's URL convention), none opens the launcher; data are extras.
func decodeFCMClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var b map[string]string
	if err := json.Unmarshal(payload, &b); err != nil {
		return protocol.ClickAction{}, "", err
	}
	switch action := b[fcm.KeyClickAction]; {
	case action == "":
		return protocol.ClickAction{Action: protocol.ClickOpenApp}, b["ext"], nil
	case action == fcm.ViewAction && b["url"] != "":
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: b["url"]}, b["ext"], nil
	default:
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: action}, b["ext"], nil
	}
}

func TestConformance(t *testing.T) { vendortest.Run(t, fcmProfile(t)) }

func TestRate(t *testing.T) { vendortest.Rate(t, fcmProfile(t)) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, fcmProfile(b)) }
