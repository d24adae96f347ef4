package protocol

import (
	"fmt"
	"strings"
)

// Vendor is a push service: one of the Chinese OEM services, FCM or APNs.
type Vendor string

// The vendors pushsim mocks.
const (
	VendorMeizu  Vendor = "meizu"
	VendorXiaomi Vendor = "xiaomi"
	VendorHuawei Vendor = "huawei"
	VendorHonor  Vendor = "honor"
	VendorOPPO   Vendor = "oppo"
	VendorVivo   Vendor = "vivo"
	VendorFCM    Vendor = "fcm"
	VendorAPNs   Vendor = "apns"
)

// Vendors lists every vendor in a stable order.
var Vendors = []Vendor{VendorMeizu, VendorXiaomi, VendorHuawei, VendorHonor, VendorOPPO, VendorVivo, VendorFCM, VendorAPNs}

// ParseVendor returns the vendor named s (case-insensitive).
func ParseVendor(s string) (Vendor, error) {
	v := Vendor(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Vendors {
		if v == known {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown vendor %q (want one of meizu, xiaomi, huawei, honor, oppo, vivo, fcm, apns)", s)
}

// PushPlatform is Tencent IM's numeric code for the vendor in push callbacks
// (Push.OfflinePush PushPlatform).
func (v Vendor) PushPlatform() int {
	switch v {
	case VendorAPNs:
		return 1
	case VendorXiaomi:
		return 2
	case VendorHuawei:
		return 3
	case VendorFCM:
		return 4
	case VendorMeizu:
		return 5
	case VendorOPPO:
		return 6
	case VendorVivo:
		return 7
	case VendorHonor:
		return 8
	}
	return 0
}

// Brand is the maker of a simulated device.
type Brand string

// The device brands pushsim simulates.
const (
	BrandMeizu  Brand = "meizu"
	BrandXiaomi Brand = "xiaomi"
	BrandHuawei Brand = "huawei"
	BrandHonor  Brand = "honor"
	BrandOPPO   Brand = "oppo"
	BrandVivo   Brand = "vivo"
	BrandGoogle Brand = "google"
	BrandApple  Brand = "apple"
)

// Brands lists every brand in a stable order.
var Brands = []Brand{BrandMeizu, BrandXiaomi, BrandHuawei, BrandHonor, BrandOPPO, BrandVivo, BrandGoogle, BrandApple}

// ParseBrand returns the brand named s (case-insensitive).
func ParseBrand(s string) (Brand, error) {
	b := Brand(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Brands {
		if b == known {
			return b, nil
		}
	}
	return "", fmt.Errorf("unknown brand %q (want one of meizu, xiaomi, huawei, honor, oppo, vivo, google, apple)", s)
}

// Vendor is the push service a device of this brand uses: its OEM service,
// FCM on a Google device, APNs on an Apple one.
func (b Brand) Vendor() Vendor {
	switch b {
	case BrandGoogle:
		return VendorFCM
	case BrandApple:
		return VendorAPNs
	}
	return Vendor(b)
}

// Platform is the IM platform name a device of this brand logs in with
// ("Android" or "iPhone"), as query_online_status reports it.
func (b Brand) Platform() string {
	if b == BrandApple {
		return "iPhone"
	}
	return "Android"
}
