package tlsca_test

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/tlsca"
)

func TestServerCertificateVerifiesForEveryHost(t *testing.T) {
	ca, err := tlsca.New([]string{"localhost", "127.0.0.1", "api.push.apple.com"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", ca.ServerConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	for _, name := range []string{"localhost", "api.push.apple.com", "127.0.0.1"} {
		cfg := ca.ClientConfig()
		cfg.ServerName = name
		c, err := tls.Dial("tcp", ln.Addr().String(), cfg)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		c.Close()
	}
	cfg := ca.ClientConfig()
	cfg.ServerName = "evil.example.com"
	if c, err := tls.Dial("tcp", ln.Addr().String(), cfg); err == nil {
		c.Close()
		t.Error("the certificate verified for a host it does not name")
	}
	ln.Close()
	<-done
}

func TestClientCertificateChainsToTheCA(t *testing.T) {
	ca, err := tlsca.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	cert, err := ca.IssueClient(pkix.Name{CommonName: "Apple Push Services: com.example.chat"}, now.Add(-time.Minute), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	opts := x509.VerifyOptions{Roots: ca.Pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if _, err := cert.Leaf.Verify(opts); err != nil {
		t.Fatalf("client certificate does not verify against its CA: %v", err)
	}
	other, _ := tlsca.NewAuthority()
	if _, err := cert.Leaf.Verify(x509.VerifyOptions{Roots: other.Pool, KeyUsages: opts.KeyUsages}); err == nil {
		t.Fatal("client certificate verified against another CA")
	}
	if len(ca.Server.Certificate) != 0 {
		t.Fatal("NewAuthority issued a server certificate")
	}
}
