package vivo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
)

// vivoProfile is vivo as the conformance suite sees it.
func vivoProfile() vendortest.Profile {
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorVivo,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return vivo.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return vivo.New(c, vivo.WithSystemDailyQuota(1))
		},
		LimitReason: protocol.ReasonVendorQuotaExceeded,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return vivo.NewClient(u, hc) },
		App:         theApp,
		Certificate: certFor(protocol.ClickAction{Action: protocol.ClickOpenApp}),
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			creds := map[string]string{}
			for k, v := range c.Credentials {
				creds[k] = v
			}
			creds["app_secret"] = "wrong"
			c.Credentials = creds
			return c
		},
		Register:          protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, Brand: "vivo"},
		AcceptedBody:      `"result":0,`,
		OKCode:            vivo.RegisterOK,
		UnknownToken:      unknownRegID,
		AuthTokenLifetime: 24 * time.Hour,
		Receipts:          true,
		DecodeClick:       decodeVivoClick,
	}
}

// decodeVivoClick reads the message as vivo's push SDK does: skipType and
// skipContent, and ext from clientCustomMap.
func decodeVivoClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var m struct {
		SkipType        int               `json:"skipType"`
		SkipContent     string            `json:"skipContent"`
		ClientCustomMap map[string]string `json:"clientCustomMap"`
	}
	if err := json.Unmarshal(payload, &m); err != nil {
		return protocol.ClickAction{}, "", err
	}
	ext := m.ClientCustomMap["ext"]
	switch m.SkipType {
	case vivo.SkipURL:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: m.SkipContent}, ext, nil
	case vivo.SkipActivity:
		_, comp, _ := strings.Cut(m.SkipContent, "component=")
		comp, _, _ = strings.Cut(comp, ";")
		_, cls, _ := strings.Cut(comp, "/")
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: cls}, ext, nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, ext, nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, vivoProfile()) }

func TestRate(t *testing.T) { vendortest.Rate(t, vivoProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, vivoProfile()) }
