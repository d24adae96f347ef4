package harness_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sideshow/apns2"
	"github.com/sideshow/apns2/payload"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/h2client"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
)

// TestAPNsClientCertificatesChainToTheLocalCA pushes with sideshow/apns2
// over the TLS listener, authenticated by client certificate: one the
// local CA issued passes; a self-signed one, or one of another bundle,
// does not, however Apple-like its subject.
func TestAPNsClientCertificatesChainToTheLocalCA(t *testing.T) {
	const bundle = "com.example.chat"
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := apns.EncodeKey(key)
	if err != nil {
		t.Fatal(err)
	}
	now := harness.Duration(0)
	env, err := harness.Start(context.Background(), harness.Config{IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
		ID: 7777, Vendor: "apns", Package: bundle, BundleID: bundle, TeamID: "TEAM000001", KeyID: "KEY0000001", Key: keyPEM, ActivationDelay: &now,
	}}}}, harness.WithListen("127.0.0.1:0"), harness.WithTLSListen("127.0.0.1:0"), harness.WithVendors(protocol.VendorAPNs))
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(env.CACertPEM())

	push := func(cert tls.Certificate) *apns2.Response {
		t.Helper()
		c := apns2.NewClient(cert)
		tr := h2client.TLS(&tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}})
		defer tr.CloseIdleConnections()
		c.Host, c.HTTPClient = env.TLSURL()+"/apns", &http.Client{Transport: tr, Timeout: 10 * time.Second}
		res, err := c.Push(&apns2.Notification{DeviceToken: strings.Repeat("ab", 32), Topic: bundle, Payload: payload.NewPayload().Alert("hi")})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	good, err := env.IssueClientCertificate(pkix.Name{CommonName: "Apple Push Services: " + bundle})
	if err != nil {
		t.Fatal(err)
	}
	// Past authentication the device token is checked: it was never
	// registered (400 BadDeviceToken or 410 Unregistered, never 403).
	if res := push(good); res.StatusCode != http.StatusGone && res.StatusCode != http.StatusBadRequest {

		t.Errorf("certificate from the local CA: %d %s, want it authenticated", res.StatusCode, res.Reason)
	}
	other, err := env.IssueClientCertificate(pkix.Name{CommonName: "Apple Push Services: com.example.other"})
	if err != nil {
		t.Fatal(err)
	}
	if res := push(other); res.Reason != apns.ReasonTopicDisallowed {
		t.Errorf("certificate of another bundle: %d %s, want TopicDisallowed", res.StatusCode, res.Reason)
	}
	if res := push(selfSignedPush(t, "Apple Push Services: "+bundle)); res.StatusCode != http.StatusForbidden || res.Reason != apns.ReasonBadCertificate {
		t.Errorf("self-signed certificate with the right subject: %d %s, want 403 BadCertificate", res.StatusCode, res.Reason)
	}
}

// selfSignedPush is a client certificate for cn that chains to nothing.
func selfSignedPush(t *testing.T, cn string) tls.Certificate {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}
}
