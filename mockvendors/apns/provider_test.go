package apns_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/tlsca"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
)

func TestProviderTokenUpdates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		_, tok := e.device("phone-1")
		push := func(bearer string) answer {
			return e.do("POST", apns.DevicePath(tok), e.headers(bearer), []byte(alertJSON))
		}
		sign := func() string {
			b, err := apns.NewProviderToken(team, keyID, e.key, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		first := sign()
		if a := push(first); a.status != 200 {
			t.Fatalf("first token = %d %s", a.status, a.raw)
		}
		time.Sleep(10 * time.Minute)
		if a := push(sign()); a.status != 429 || a.body.Reason != apns.ReasonTooManyProviderTokenUpdates {
			t.Errorf("new token after 10 min = %d %s, want 429 TooManyProviderTokenUpdates", a.status, a.raw)
		}
		if a := push(first); a.status != 200 {
			t.Errorf("the old token after 10 min = %d %s", a.status, a.raw)
		}
		time.Sleep(15 * time.Minute)
		second := sign()
		if a := push(second); a.status != 200 {
			t.Errorf("new token after 25 min = %d %s", a.status, a.raw)
		}
		time.Sleep(40 * time.Minute)
		if a := push(first); a.status != 403 || a.body.Reason != apns.ReasonExpiredProviderToken {
			t.Errorf("65-minute-old token = %d %s, want 403 ExpiredProviderToken", a.status, a.raw)
		}
		if a := push(second); a.status != 200 {
			t.Errorf("40-minute-old token = %d %s", a.status, a.raw)
		}
	})
}

func TestProviderTokenRuleOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, []apns.Option{apns.WithProviderTokenRefresh(0), apns.WithProviderTokenLifetime(10 * time.Minute)})
		_, tok := e.device("phone-1")
		for range 3 {
			b, _ := apns.NewProviderToken(team, keyID, e.key, time.Now())
			if a := e.do("POST", apns.DevicePath(tok), e.headers(b), []byte(alertJSON)); a.status != 200 {
				t.Fatalf("refresh rule off: %d %s", a.status, a.raw)
			}
		}
		b := e.bearer()
		time.Sleep(11 * time.Minute)
		if a := e.do("POST", apns.DevicePath(tok), e.headers(b), []byte(alertJSON)); a.body.Reason != apns.ReasonExpiredProviderToken {
			t.Errorf("token past a 10-minute lifetime = %d %s", a.status, a.raw)
		}
	})
	for _, bad := range []apns.Option{apns.WithProviderTokenLifetime(0), apns.WithProviderTokenRefresh(-1), apns.WithDeviceRate(-1, 0),
		apns.WithServerErrors(0.7, 0.7), apns.WithDefaultStorage(0), apns.WithKeepalive(time.Second, time.Second)} {
		if _, err := apns.New(mockvendors.Config{}, bad); err == nil {
			t.Error("New accepted a bad option")
		}
	}
	if _, err := apns.New(mockvendors.Config{Apps: []mockvendors.App{apns.AppFor(bundle, team, keyID, "not a key")}}); err == nil {
		t.Error("New accepted an app with a broken key")
	}
}

// Token checks fail closed: a team registered without a key ID or key, a
// team with no app, and a token whose team is not the topic's are all
// refused 403 InvalidProviderToken.
func TestTokenChecksFailClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil, apns.AppFor("com.example.open", "OPENTEAM00", "", ""), apns.AppFor("com.example.nokey", "NOKEYTEAM0", "ANYKEY0000", ""))
		_, st := e.phone("phone-1", mockRegister("com.example.open"))
		k, _ := newKey(t)
		for _, c := range []struct{ name, team, kid, topic string }{
			{"team without a key", "OPENTEAM00", "ANYKEY0000", "com.example.open"},
			{"team with a key ID but no key", "NOKEYTEAM0", "ANYKEY0000", "com.example.nokey"},
			{"unknown team", "NOBODY0000", "ANYKEY0000", "com.example.open"},
		} {
			b, _ := apns.NewProviderToken(c.team, c.kid, k, time.Now())
			h := map[string]string{"authorization": "bearer " + b, "apns-topic": c.topic}
			if a := e.do("POST", apns.DevicePath(st.Token), h, []byte(alertJSON)); a.status != 403 || a.body.Reason != apns.ReasonInvalidProviderToken {
				t.Errorf("%s: %d %s, want 403 InvalidProviderToken", c.name, a.status, a.raw)
			}
		}
		// A good token of this env's team, for another team's app.
		h := e.headers(e.bearer())
		h["apns-topic"] = "com.example.open"
		if a := e.do("POST", apns.DevicePath(st.Token), h, []byte(alertJSON)); a.status != 403 || a.body.Reason != apns.ReasonInvalidProviderToken {
			t.Errorf("wrong team for the topic: %d %s, want 403 InvalidProviderToken", a.status, a.raw)
		}
	})
}

// newCA makes a CA valid from now (in a bubble, the bubble's now).
func newCA(t *testing.T) *tlsca.CA {
	t.Helper()
	ca, err := tlsca.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// pushCert makes a push certificate like Apple's for the bundle, signed
// by ca.
func pushCert(t *testing.T, ca *tlsca.CA, cn, uid string, notAfter time.Time) *x509.Certificate {
	t.Helper()
	subj := pkix.Name{CommonName: cn}
	if uid != "" {
		subj.ExtraNames = []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, Value: uid}}
	}
	c, err := ca.IssueClient(subj, time.Now().Add(-time.Hour), notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return c.Leaf
}

// selfSigned makes a certificate with pushCert's subject that chains to
// nothing.
func selfSigned(t *testing.T, cn, uid string) *x509.Certificate {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subj := pkix.Name{CommonName: cn}
	if uid != "" {
		subj.ExtraNames = []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, Value: uid}}
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: subj, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCertificateAuthentication(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ca := newCA(t)
		foreign, err := newCA(t).IssueClient(pkix.Name{CommonName: "Apple Push Services: " + bundle}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, []apns.Option{apns.WithClientCAs(ca.Pool)})
		_, tok := e.device("phone-1")
		later := time.Now().Add(365 * 24 * time.Hour)
		for _, c := range []struct {
			name   string
			cert   *x509.Certificate
			host   string
			topic  string
			reason string
		}{
			{"universal, no topic", pushCert(t, ca, "Apple Push Services: "+bundle, bundle, later), apns.HostProduction, "", ""},
			{"development on sandbox", pushCert(t, ca, "Apple Development IOS Push Services: "+bundle, "", later), apns.HostSandbox, bundle, ""},
			{"development on production", pushCert(t, ca, "Apple Development IOS Push Services: "+bundle, "", later), apns.HostProduction, "", apns.ReasonBadCertificateEnvironment},
			{"production on sandbox", pushCert(t, ca, "Apple Production IOS Push Services: "+bundle, "", later), apns.HostSandbox + ":2197", "", apns.ReasonBadCertificateEnvironment},
			{"expired", pushCert(t, ca, "Apple Push Services: "+bundle, bundle, time.Now().Add(-time.Minute)), apns.HostProduction, "", apns.ReasonBadCertificate},
			{"no bundle", pushCert(t, ca, "someone", "", later), apns.HostProduction, "", apns.ReasonBadCertificate},
			{"self-signed, right subject", selfSigned(t, "Apple Push Services: "+bundle, bundle), apns.HostProduction, "", apns.ReasonBadCertificate},
			{"another CA, right subject", foreign.Leaf, apns.HostProduction, "", apns.ReasonBadCertificate},
			{"other topic", pushCert(t, ca, "Apple Push Services: "+bundle, bundle, later), apns.HostProduction, "com.example.other", apns.ReasonTopicDisallowed},
			{"voip topic", pushCert(t, ca, "Apple Push Services: "+bundle, bundle, later), apns.HostProduction, bundle + ".voip", ""},
		} {
			req := httptest.NewRequest(http.MethodPost, "https://"+c.host+apns.DevicePath(tok), strings.NewReader(alertJSON))
			req.TLS = &tls.ConnectionState{PeerCertificates: []*x509.Certificate{c.cert}}
			if c.topic != "" {
				req.Header.Set("apns-topic", c.topic)
			}
			if strings.HasSuffix(c.topic, ".voip") {
				req.Header.Set("apns-push-type", "voip")
			}
			w := httptest.NewRecorder()
			e.srv.Handler().ServeHTTP(w, req)
			reason := ""
			if w.Code != 200 {
				reason = strings.TrimSpace(w.Body.String())
			}
			if (c.reason == "" && w.Code != 200) || (c.reason != "" && !strings.Contains(reason, `"`+c.reason+`"`)) {
				t.Errorf("%s: %d %s, want %q", c.name, w.Code, w.Body, c.reason)
			}
			if c.reason == "" && (w.Header().Get("apns-unique-id") != "") != (c.host != apns.HostProduction) {
				t.Errorf("%s: apns-unique-id %q on %s", c.name, w.Header().Get("apns-unique-id"), c.host)
			}
		}
	})
}

// Without trusted CAs no client certificate passes, however well it names
// the bundle.
func TestCertificateWithoutTrustedCAs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		ca := newCA(t)
		_, tok := e.device("phone-1")
		req := httptest.NewRequest(http.MethodPost, "https://"+apns.HostProduction+apns.DevicePath(tok), strings.NewReader(alertJSON))
		req.TLS = &tls.ConnectionState{PeerCertificates: []*x509.Certificate{pushCert(t, ca, "Apple Push Services: "+bundle, bundle, time.Now().Add(time.Hour))}}
		w := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(w, req)
		if w.Code != 403 || !strings.Contains(w.Body.String(), apns.ReasonBadCertificate) {
			t.Fatalf("certificate with no trusted CA: %d %s, want 403 BadCertificate", w.Code, w.Body)
		}
	})
}

// TestAcceptedTokenNeedsTheKeyStill checks that a token accepted before is
// refused once its app's key changes: the mock remembers which key
// verified a token, not just that it was good.
func TestAcceptedTokenNeedsTheKeyStill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		_, tok := e.device("phone-1")
		bearer, err := apns.NewProviderToken(team, keyID, e.key, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		push := func() answer { return e.do("POST", apns.DevicePath(tok), e.headers(bearer), []byte(alertJSON)) }
		for i := range 2 {
			if a := push(); a.status != 200 {
				t.Fatalf("push %d with a good token = %d %s", i+1, a.status, a.raw)
			}
		}
		_, otherPEM := newKey(t)
		e.srv.AddApp(demoApp(otherPEM))
		if a := push(); a.status != 403 || a.body.Reason != apns.ReasonInvalidProviderToken {
			t.Errorf("the same token after the app's key changed = %d %s, want 403 InvalidProviderToken", a.status, a.raw)
		}
	})
}
