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
	// Server is the serving certificate, for tls.Config.Certificates.
	Server tls.Certificate
	// Pool trusts the CA.
	Pool *x509.CertPool
}

// New makes a CA valid for a year and a server certificate for hosts
// (DNS names or IP addresses) signed by it. Keys come from crypto/rand:
// certificates are not part of any trace.
func New(hosts []string) (*CA, error) {
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
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "pushsim", Organization: []string{"pushsim"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			srvTmpl.IPAddresses = append(srvTmpl.IPAddresses, ip)
		} else {
			srvTmpl.DNSNames = append(srvTmpl.DNSNames, h)
		}
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("server certificate: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &CA{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Server:  tls.Certificate{Certificate: [][]byte{srvDER, caDER}, PrivateKey: srvKey, Leaf: nil},
		Pool:    pool,
	}, nil
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
