package oppo_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/mockvendors/vendortest"
	"github.com/pushsim/pushsim/protocol"
)

// oppoProfile is OPPO as the conformance suite sees it.
func oppoProfile() vendortest.Profile {
	return vendortest.Profile{
		Limits: limitCases,
		Vendor: protocol.VendorOPPO,
		New:    func(c mockvendors.Config) (mockvendors.Server, error) { return oppo.New(c) },
		NewLimited: func(c mockvendors.Config) (mockvendors.Server, error) {
			return oppo.New(c, oppo.WithDailyQuota(1))
		},
		LimitReason: protocol.ReasonVendorQuotaExceeded,
		Client:      func(u string, hc *http.Client) protocol.Pusher { return oppo.NewClient(u, hc) },
		App:         theApp,
		Certificate: certFor(protocol.ClickAction{Action: protocol.ClickOpenApp}),
		WrongCredentials: func(c protocol.Certificate) protocol.Certificate {
			creds := map[string]string{}
			for k, v := range c.Credentials {
				creds[k] = v
			}
			creds["master_secret"] = "wrong"
			c.Credentials = creds
			return c
		},
		Register:          protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, Brand: "oppo"},
		AcceptedBody:      `"code":0,`,
		OKCode:            oppo.RegisterOK,
		UnknownToken:      unknownRegID,
		AuthTokenLifetime: 24 * time.Hour,
		Receipts:          true,
		DecodeClick:       decodeOPPOClick,
		Android:           &protocol.AndroidInfo{OPPOChannelID: channel},
	}
}

// decodeOPPOClick reads the notification as the ColorOS push SDK does:
// the click action, and ext from action_parameters (a JSON string).
func decodeOPPOClick(payload json.RawMessage) (protocol.ClickAction, string, error) {
	var n struct {
		ClickActionType     int    `json:"click_action_type"`
		ClickActionActivity string `json:"click_action_activity"`
		ClickActionURL      string `json:"click_action_url"`
		ActionParameters    string `json:"action_parameters"`
	}
	if err := json.Unmarshal(payload, &n); err != nil {
		return protocol.ClickAction{}, "", err
	}
	var params map[string]string
	if n.ActionParameters != "" {
		if err := json.Unmarshal([]byte(n.ActionParameters), &params); err != nil {
			return protocol.ClickAction{}, "", err
		}
	}
	switch n.ClickActionType {
	case oppo.ClickActivity:
		return protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: n.ClickActionActivity}, params["ext"], nil
	case oppo.ClickURL:
		return protocol.ClickAction{Action: protocol.ClickOpenURL, URL: n.ClickActionURL}, params["ext"], nil
	}
	return protocol.ClickAction{Action: protocol.ClickOpenApp}, params["ext"], nil
}

func TestConformance(t *testing.T) { vendortest.Run(t, oppoProfile()) }

func TestRate(t *testing.T) { vendortest.Rate(t, oppoProfile()) }

func BenchmarkPush(b *testing.B) { vendortest.BenchPush(b, oppoProfile()) }
