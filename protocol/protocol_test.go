package protocol_test

import (
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestParseVendorAndBrand(t *testing.T) {
	for _, v := range protocol.Vendors {
		if got, err := protocol.ParseVendor(" " + string(v) + " "); err != nil || got != v {
			t.Errorf("ParseVendor(%q) = %q, %v", v, got, err)
		}
		if v.PushPlatform() == 0 {
			t.Errorf("%s has no PushPlatform code", v)
		}
	}
	if _, err := protocol.ParseVendor("nokia"); err == nil {
		t.Error("ParseVendor(nokia) succeeded")
	}
	for _, tc := range []struct {
		brand    string
		vendor   protocol.Vendor
		platform string
	}{
		{"Meizu", protocol.VendorMeizu, "Android"}, {"google", protocol.VendorFCM, "Android"},
		{"apple", protocol.VendorAPNs, "iPhone"}, {"honor", protocol.VendorHonor, "Android"},
	} {
		b, err := protocol.ParseBrand(tc.brand)
		if err != nil || b.Vendor() != tc.vendor || b.Platform() != tc.platform {
			t.Errorf("ParseBrand(%q) = %q (%s, %s), %v", tc.brand, b, b.Vendor(), b.Platform(), err)
		}
	}
	if _, err := protocol.ParseBrand("nokia"); err == nil {
		t.Error("ParseBrand(nokia) succeeded")
	}
}

func TestClickActionValidate(t *testing.T) {
	for _, tc := range []struct {
		click protocol.ClickAction
		ok    bool
		ext   bool
	}{
		{protocol.ClickAction{}, true, true},
		{protocol.ClickAction{Action: protocol.ClickOpenApp}, true, true},
		{protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://cloud.tencent.com/document/product/269"}, true, false},
		{protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "http://example.com"}, true, false},
		{protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "ftp://example.com"}, false, false},
		{protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "example.com"}, false, false},
		{protocol.ClickAction{Action: protocol.ClickOpenURL}, false, false},
		{protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.tencent.qcloud.tim.demo.chat.ChatActivity"}, true, true},
		{protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "ChatActivity"}, false, true},
		{protocol.ClickAction{Action: "open_settings"}, false, true},
	} {
		err := tc.click.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tc.click, err, tc.ok)
		}
		if tc.click.CarriesExt() != tc.ext {
			t.Errorf("%+v.CarriesExt() = %v, want %v", tc.click, !tc.ext, tc.ext)
		}
	}
}

func TestReasonsAreKnown(t *testing.T) {
	seen := map[protocol.Reason]bool{}
	for _, r := range protocol.Reasons {
		if !r.Known() || seen[r] || r == protocol.ReasonNone {
			t.Errorf("reason %q listed twice or empty", r)
		}
		seen[r] = true
	}
	for _, contract := range []string{"delivered_online", "logged_out", "kicked", "no_token", "certificate_missing",
		"certificate_inactive", "push_disabled", "receive_opt_no_push", "no_push_text", "vendor_auth_failed",
		"vendor_token_invalid", "vendor_rate_limited", "vendor_folded", "vendor_quota_exceeded", "vendor_dropped",
		"vendor_unsupported_type", "device_network_down", "notifications_disabled", "channel_missing",
		"app_uninstalled", "receiver_stripped", "permission_missing", "expired"} {
		if !protocol.Reason(contract).Known() {
			t.Errorf("contract reason %q missing", contract)
		}
	}
}
