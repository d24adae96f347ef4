package tlsca_test

import (
	"crypto/tls"
	"testing"

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
