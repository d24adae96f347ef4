package harness

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"slices"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

// vendorFactory builds one vendor's mock server and the thin client fakeim
// pushes through.
type vendorFactory struct {
	newServer func(mockvendors.Config, vendorExtras) (mockvendors.Server, error)
	newClient func(baseURL string, hc *http.Client) protocol.Pusher
	// app maps a certificate to the app on the vendor's platform; nil
	// means the common App ID based mapping.
	app func(CertificateConfig) (mockvendors.App, bool)
}

// vendorExtras is what some vendors need beyond mockvendors.Config.
type vendorExtras struct {
	// clientCAs are the CAs TLS client certificates must chain to (APNs);
	// nil: none is trusted.
	clientCAs *x509.CertPool
}

// vendorFactories are the vendors the environment runs.
var vendorFactories = map[protocol.Vendor]vendorFactory{
	protocol.VendorMeizu: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return meizu.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return meizu.NewClient(u, hc) },
	},
	protocol.VendorHuawei: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return huawei.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return huawei.NewClient(u, hc) },
	},
	protocol.VendorHonor: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return honor.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return honor.NewClient(u, hc) },
	},
	protocol.VendorOPPO: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return oppo.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return oppo.NewClient(u, hc) },
	},
	protocol.VendorVivo: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return vivo.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return vivo.NewClient(u, hc) },
	},
	protocol.VendorFCM: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return fcm.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return fcm.NewClient(u, hc) },
		app: func(c CertificateConfig) (mockvendors.App, bool) {
			return fcm.AppFor(c.ProjectID, c.Package, c.ServiceAccount), c.ProjectID != ""
		},
	},
	protocol.VendorAPNs: {
		newServer: func(c mockvendors.Config, x vendorExtras) (mockvendors.Server, error) {
			return apns.New(c, apns.WithClientCAs(x.clientCAs))
		},
		newClient: func(u string, hc *http.Client) protocol.Pusher { return apns.NewClient(u, hc) },
		app: func(c CertificateConfig) (mockvendors.App, bool) {
			return apns.AppFor(c.BundleID, c.TeamID, c.KeyID, c.Key), c.BundleID != ""
		},
	},
	protocol.VendorXiaomi: {
		newServer: func(c mockvendors.Config, _ vendorExtras) (mockvendors.Server, error) { return xiaomi.New(c) },
		newClient: func(u string, hc *http.Client) protocol.Pusher { return xiaomi.NewClient(u, hc) },
	},
}

// SupportedVendors lists the vendors with a mock in this build.
func SupportedVendors() []protocol.Vendor {
	var out []protocol.Vendor
	for _, v := range protocol.Vendors {
		if _, ok := vendorFactories[v]; ok {
			out = append(out, v)
		}
	}
	return out
}

// vendorApp is the app a certificate names, as registered on the vendor's
// developer platform.
func vendorApp(c CertificateConfig) (mockvendors.App, bool) {
	if f, ok := vendorFactories[protocol.Vendor(c.Vendor)]; ok && f.app != nil {
		return f.app(c)
	}
	if c.AppID == "" {
		return mockvendors.App{}, false
	}
	return mockvendors.App{
		ID: c.AppID, Key: c.AppKey, Secret: c.AppSecret, MasterSecret: c.MasterSecret, Package: c.Package,
		ClientID: c.ClientID, ClientSecret: c.ClientSecret,
	}, true
}

// vendorApps lists the distinct apps the certificates of vendor v name; the
// first certificate naming an App ID defines it, so a later certificate
// with a wrong secret fails at the vendor as it would for real.
func (c Config) vendorApps(v protocol.Vendor) []mockvendors.App {
	seen := map[string]bool{}
	var apps []mockvendors.App
	for _, cert := range c.IM.Certificates {
		if cert.Vendor != string(v) {
			continue
		}
		if app, ok := vendorApp(cert); ok && !seen[app.ID] {
			seen[app.ID] = true
			apps = append(apps, app)
		}
	}
	return apps
}

// receiptHosts are the hosts of the receipt URLs vendor v's certificates
// name: where, beside loopback, the vendor mock may post receipts.
func (c Config) receiptHosts(v protocol.Vendor) []string {
	hosts := []string{}
	for _, cert := range c.IM.Certificates {
		if cert.Vendor != string(v) || cert.ReceiptURL == "" {
			continue
		}
		if u, err := url.Parse(cert.ReceiptURL); err == nil && u.Hostname() != "" && !slices.Contains(hosts, u.Hostname()) {
			hosts = append(hosts, u.Hostname())
		}
	}
	return hosts
}

// deviceAppID is the identity the app's push SDK registers with: the App
// ID, the FCM project (sender) or the APNs bundle ID.
func (c CertificateConfig) deviceAppID() string {
	switch protocol.Vendor(c.Vendor) {
	case protocol.VendorFCM:
		return c.ProjectID
	case protocol.VendorAPNs:
		return c.BundleID
	}
	return c.AppID
}
