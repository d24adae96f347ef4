package apns_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// apnsProfile is APNs as the conformance suite sees it: provider tokens
// signed with the team's key, good for an hour.
func apnsProfile(t testing.TB) vendortest.Profile {
	_, keyPEM := newKey(t)
	_, wrongPEM := newKey(t)
	app := demoApp(keyPEM)
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorAPNs,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return apns.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return apns.New(c, apns.WithDeviceRate(1, time.Minute))
		},
		LimitReason: protocol.ReasonVendorRateLimited,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return apns.NewClient(u, hc) },
		App:         app,
		Certificate: protocol.Certificate{ID: 8888, Vendor: protocol.VendorAPNs, Package: bundle,
			Credentials: map[string]string{"bundle_id": bundle, "team_id": team, "key_id": keyID, "key": keyPEM},
			Click:       protocol.ClickAction{Action: protocol.ClickOpenApp}},
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			c.Credentials = map[string]string{"bundle_id": bundle, "team_id": team, "key_id": keyID, "key": wrongPEM}
			return c
		},
		Register:          protocol.RegisterRequest{AppID: bundle, Package: bundle, Brand: "apple"},
		OKCode:            apns.RegisterOK,
		UnknownToken:      apns.NewDeviceToken(999, bundle, "nobody", 1),
		AuthTokenLifetime: apns.DefaultTokenLifetime,
		DecodeClick:       decodeAPNsClick,
	}
}

// decodeAPNsClick reads the payload as the app's notification delegate
// does: a tap opens the app with the custom keys; pushsim's client puts
// the certificate's click action in "url" or "activity" and Ext in "ext".
func decodeAPNsClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	n, err := apns.ReadPayload(payload)
	if err != nil {
		return protocol.ClickAction{}, "", err
	}
	c := apns.CustomStrings(n.Custom)
	switch {
	case c[apns.KeyURL] != "":
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: c[apns.KeyURL]}, c[apns.KeyExt], nil
	case c[apns.KeyActivity] != "":
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: c[apns.KeyActivity]}, c[apns.KeyExt], nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, c[apns.KeyExt], nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, apnsProfile(t)) }

func TestRate(t *testing.T) { vendortest.Rate(t, apnsProfile(t)) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, apnsProfile(b)) }
