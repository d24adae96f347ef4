// Package tlsca makes the throwaway certificate authority behind `pushsim
// serve --tls-listen`: a CA whose certificate a backend trusts (written by
// --ca-out), and a server certificate it signs for loopback and every real
// vendor host, so clients that insist on TLS (APNs over HTTP/2, or
// redirected hard-coded https:// hosts) reach the mocks.
package tlsca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// CA is a certificate authority and the server certificate it issued.
type CA struct {
	// CertPEM is the CA certificate, to trust (SSL_CERT_FILE, a tls.Config's RootCAs).
	CertPEM []byte
	// Server is the serving certificate, for tls.Config.Certificates
	// (empty until IssueServer).
	Server tls.Certificate
	// Pool trusts the CA.
	Pool *x509.CertPool

	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// New makes a CA valid for a year and a server certificate for hosts
// (DNS names or IP addresses) signed by it. Keys come from crypto/rand:
// certificates are not part of any trace.
func New(hosts []string) (*CA, error) {
	ca, err := NewAuthority()
	if err != nil {
		return nil, err
	}
	if err := ca.IssueServer(hosts); err != nil {
		return nil, err
	}
	return ca, nil
}

// NewAuthority makes a CA valid for a year, with no server certificate
// yet (IssueServer makes it).
func NewAuthority() (*CA, error) {
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "pushsim local CA", Organization: []string{"pushsim"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &CA{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Pool:    pool,
		cert:    caCert,
		key:     caKey,
	}, nil
}

// IssueServer makes the serving certificate (Server) for hosts, DNS names
// or IP addresses, valid as long as the CA.
func (c *CA) IssueServer(hosts []string) error {
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "pushsim", Organization: []string{"pushsim"}},
		NotBefore:    c.cert.NotBefore,
		NotAfter:     c.cert.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	cert, err := c.issue(tmpl)
	if err != nil {
		return fmt.Errorf("server certificate: %w", err)
	}
	c.Server = cert
	return nil
}

// IssueClient makes a client certificate for subject (an APNs provider
// certificate names its bundle ID there), signed by the CA and valid
// from notBefore to notAfter.
func (c *CA) IssueClient(subject pkix.Name, notBefore, notAfter time.Time) (tls.Certificate, error) {
	cert, err := c.issue(&x509.Certificate{
		SerialNumber: serial(),
		Subject:      subject,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("client certificate: %w", err)
	}
	return cert, nil
}

// issue signs tmpl over a fresh key; the chain holds the CA too.
func (c *CA) issue(tmpl *x509.Certificate) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &key.PublicKey, c.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, c.cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// ServerConfig is a TLS configuration serving HTTP/2 and HTTP/1.1.
func (c *CA) ServerConfig() *tls.Config {
	// Client certificates are asked for, not required: APNs providers may
	// authenticate with one.
	return &tls.Config{Certificates: []tls.Certificate{c.Server}, NextProtos: []string{"h2", "http/1.1"},
		MinVersion: tls.VersionTLS12, ClientAuth: tls.RequestClientCert}
}

// ClientConfig trusts the CA.
func (c *CA) ClientConfig() *tls.Config {
	return &tls.Config{RootCAs: c.Pool, MinVersion: tls.VersionTLS12}
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}
