package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/internal/h2client"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
	"github.com/pushsim/pushsim/protocol"
)

// TestSecurity runs the Ginkgo security suite: each attack below, tried
// against a real-time `pushsim serve` on loopback, must be refused.
func TestSecurity(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "pushsim serve: attacks that must be refused")
}

const (
	secToken   = "the-admin-t0ken"
	secKey     = "k3y-for-the-security-suite"
	secAppID   = 1400000001
	apnsBundle = "com.example.chat"
	apnsTeam   = "TEAM000001"
	apnsKeyID  = "KEY0000001"
	oppoKey    = "oppoAppKey0001"
	oppoMaster = "oppoMasterSecret0001"
	hwAppID    = "104123457"
	hwSecret   = "hw-app-s3cr3t"
	// secLoginDeadline is short so the idle-socket attack ends quickly;
	// alice's simulated phone logs in as soon as it connects.
	secLoginDeadline = 2 * time.Second
)

// secConfig is the served environment: a Meizu phone for alice, and
// certificates for APNs, OPPO and Huawei.
func secConfig(apnsKeyPEM string) string {
	indented := "        " + strings.ReplaceAll(strings.TrimSpace(apnsKeyPEM), "\n", "\n        ")
	return fmt.Sprintf(`
seed: 7
im:
  sdkappid: %d
  secret_key: %q
  certificates:
    - id: 6666
      vendor: meizu
      package: com.example.chat
      app_id: "1234512345123451234"
      app_key: "1234512345123"
      app_secret: "s3cr3t"
    - id: 7777
      vendor: apns
      package: %s
      bundle_id: %s
      team_id: %s
      key_id: %s
      key: |
%s
    - id: 8888
      vendor: oppo
      package: com.example.chat
      app_id: "30000001"
      app_key: %q
      app_secret: "oppoAppSecret0001"
      master_secret: %q
    - id: 9999
      vendor: huawei
      package: com.example.chat
      app_id: %q
      app_secret: %q
devices:
  - id: alice-phone
    brand: meizu
    user: alice
    app: {package: com.example.chat, certificate: 6666}
users: [bob]
`, secAppID, secKey, apnsBundle, apnsBundle, apnsTeam, apnsKeyID, indented, oppoKey, oppoMaster, hwAppID, hwSecret)
}

var _ = Describe("pushsim serve under attack", Ordered, func() {
	var (
		base, tlsURL string
		pool         *x509.CertPool
		hc           = &http.Client{Timeout: 10 * time.Second}
	)

	// call sends one request and returns the status and body.
	call := func(method, u string, hdr map[string]string, body string) (int, string) {
		GinkgoHelper()
		req, err := http.NewRequest(method, u, strings.NewReader(body))
		Expect(err).NotTo(HaveOccurred())
		for k, v := range hdr {
			if k == "Host" {
				req.Host = v
				continue
			}
			req.Header.Set(k, v)
		}
		resp, err := hc.Do(req)
		Expect(err).NotTo(HaveOccurred())
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return resp.StatusCode, string(b)
	}
	bearer := map[string]string{"Authorization": "Bearer " + secToken}
	with := func(h map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range h {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}

	BeforeAll(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		Expect(err).NotTo(HaveOccurred())
		keyPEM, err := apns.EncodeKey(key)
		Expect(err).NotTo(HaveOccurred())
		var stderr string
		base, stderr = startServeWith(GinkgoT(), secConfig(keyPEM),
			"--admin-token", secToken, "--activation-delay", "0s", "--tls-listen", "127.0.0.1:0",
			"--login-deadline", secLoginDeadline.String())
		for _, line := range strings.Split(stderr, "\n") {
			if rest, ok := strings.CutPrefix(line, "pushsim tls "); ok {
				tlsURL = strings.Fields(rest)[0]
			}
		}
		Expect(tlsURL).To(HavePrefix("https://"), "stderr: %s", stderr)
		Expect(stderr).NotTo(ContainSubstring(secToken), "serve printed the token it was given")
	})

	Describe("the admin API", func() {
		routes := []struct{ method, path, body string }{
			{"GET", "/_pushsim/devices", ""},
			{"GET", "/_pushsim/trace", ""},
			{"GET", "/_pushsim/vendors/meizu/messages", ""},
			{"DELETE", "/_pushsim/vendors/meizu/messages", ""},
			{"GET", "/_pushsim/im/certificates", ""},
			{"GET", "/_pushsim/im/instances", ""},
			{"POST", "/_pushsim/im/certificates", `{"id":1,"vendor":"meizu"}`},
			{"POST", "/_pushsim/devices/alice-phone/logout", ""},
			{"GET", "/_pushsim/healthz", ""},
		}
		It("refuses every route without the token (401)", func() {
			for _, r := range routes {
				status, body := call(r.method, base+r.path, map[string]string{"Content-Type": "application/json"}, r.body)
				Expect(status).To(Equal(http.StatusUnauthorized), "%s %s: %s", r.method, r.path, body)
				Expect(body).To(ContainSubstring(`"error"`))
			}
		})
		It("refuses a wrong or near-miss token (401)", func() {
			for _, tok := range []string{"Bearer wrong", "Bearer " + secToken[:len(secToken)-1], "Bearer " + secToken + "x", "Basic " + secToken, secToken} {
				status, _ := call("GET", base+"/_pushsim/devices", map[string]string{"Authorization": tok}, "")
				Expect(status).To(Equal(http.StatusUnauthorized), "Authorization %q", tok)
			}
		})
		It("takes ?access_token on the trace stream only (401 elsewhere)", func() {
			status, _ := call("GET", base+"/_pushsim/devices?access_token="+secToken, nil, "")
			Expect(status).To(Equal(http.StatusUnauthorized))
			status, _ = call("GET", base+"/_pushsim/trace/stream?access_token=wrong", nil, "")
			Expect(status).To(Equal(http.StatusUnauthorized))
		})
		It("refuses a DNS-rebound Host even with the token (403)", func() {
			for _, host := range []string{"evil.example", "evil.example:4780", "127.0.0.1.evil.example", "api-push.meizu.com"} {
				status, body := call("GET", base+"/_pushsim/devices", with(bearer, "Host", host), "")
				Expect(status).To(Equal(http.StatusForbidden), "Host %s: %s", host, body)
			}
		})
		It("refuses another site's page: a foreign Origin (403) and a text/plain POST (415)", func() {
			status, _ := call("POST", base+"/_pushsim/im/certificates",
				with(bearer, "Origin", "http://evil.example", "Content-Type", "text/plain"), `{"id":1,"vendor":"meizu"}`)
			Expect(status).To(Equal(http.StatusForbidden))
			status, _ = call("GET", base+"/_pushsim/devices", with(bearer, "Origin", "null"), "")
			Expect(status).To(Equal(http.StatusForbidden))
			status, _ = call("POST", base+"/_pushsim/im/certificates",
				with(bearer, "Content-Type", "text/plain;charset=UTF-8"), `{"id":1,"vendor":"meizu"}`)
			Expect(status).To(Equal(http.StatusUnsupportedMediaType))
		})
		It("pages the trace: GET /_pushsim/trace?limit=10 and on with after=next", func() {
			var seen []int64
			after := "0"
			for range 3 {
				status, body := call("GET", base+"/_pushsim/trace?limit=10&after="+after, bearer, "")
				Expect(status).To(Equal(http.StatusOK), body)
				var page struct {
					Events []struct {
						Seq  int64  `json:"seq"`
						Kind string `json:"kind"`
					} `json:"events"`
					Next int64 `json:"next"`
					More bool  `json:"more"`
				}
				Expect(json.Unmarshal([]byte(body), &page)).To(Succeed(), body)
				Expect(len(page.Events)).To(BeNumerically("<=", 10))
				for _, e := range page.Events {
					seen = append(seen, e.Seq)
				}
				after = strconv.FormatInt(page.Next, 10)
				if !page.More {
					break
				}
			}
			Expect(len(seen)).To(BeNumerically(">", 10), "the trace of alice's phone has more than one page")
			for i := 1; i < len(seen); i++ {
				Expect(seen[i]).To(Equal(seen[i-1]+1), "pages skip or repeat an event: %v", seen)
			}
			status, _ := call("GET", base+"/_pushsim/trace?limit=0", bearer, "")
			Expect(status).To(Equal(http.StatusBadRequest))
			status, _ = call("GET", base+"/_pushsim/trace?limit=1000000", bearer, "")
			Expect(status).To(Equal(http.StatusBadRequest))
			status, body := call("GET", base+"/_pushsim/trace?limit=10", nil, "")
			Expect(status).To(Equal(http.StatusUnauthorized), body)
		})
		It("still answers its owner", func() {
			status, body := call("GET", base+"/_pushsim/devices", with(bearer, "Origin", base), "")
			Expect(status).To(Equal(http.StatusOK), body)
		})
	})

	Describe("the websockets", func() {
		dial := func(path string, hdr http.Header) (int, error) {
			GinkgoHelper()
			d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
			ws, resp, err := d.Dial("ws"+strings.TrimPrefix(base, "http")+path, hdr)
			if ws != nil {
				ws.Close()
			}
			if resp == nil {
				return 0, err
			}
			resp.Body.Close()
			return resp.StatusCode, err
		}
		It("refuses a cross-origin /im/ws and device channel (403)", func() {
			for _, path := range []string{protocol.IMPath, "/meizu" + protocol.DevicePath, "/apns" + protocol.DevicePath} {
				status, err := dial(path, http.Header{"Origin": {"https://evil.example"}})
				Expect(err).To(HaveOccurred())
				Expect(status).To(Equal(http.StatusForbidden), path)
			}
		})
		It("refuses a rebound Host on /im/ws and the device channels (403)", func() {
			for _, path := range []string{protocol.IMPath, "/meizu" + protocol.DevicePath} {
				status, err := dial(path, http.Header{"Host": {"evil.example"}})
				Expect(err).To(HaveOccurred())
				Expect(status).To(Equal(http.StatusForbidden), path)
			}
		})
		It("closes /im/ws at a 64 MiB frame, unread (1009 message too big)", func() {
			ws, _, err := (&websocket.Dialer{HandshakeTimeout: 10 * time.Second}).Dial("ws"+strings.TrimPrefix(base, "http")+protocol.IMPath, nil)
			Expect(err).NotTo(HaveOccurred())
			defer ws.Close()
			Expect(ws.SetWriteDeadline(time.Now().Add(10 * time.Second))).To(Succeed())
			// The server stops reading at 64 KiB, so the write may fail
			// half way: either way the socket must be closed.
			_ = ws.WriteMessage(websocket.TextMessage, make([]byte, 64<<20))
			Expect(ws.SetReadDeadline(time.Now().Add(10 * time.Second))).To(Succeed())
			_, _, err = ws.ReadMessage()
			Expect(err).To(HaveOccurred())
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				Expect(ce.Code).To(Equal(websocket.CloseMessageTooBig))
			} else {
				Expect(err.Error()).NotTo(ContainSubstring("timeout"), "the socket stayed open")
			}
		})
		It("closes an unauthenticated /im/ws at the login deadline, heartbeats or not", func() {
			ws, _, err := (&websocket.Dialer{HandshakeTimeout: 10 * time.Second}).Dial("ws"+strings.TrimPrefix(base, "http")+protocol.IMPath, nil)
			Expect(err).NotTo(HaveOccurred())
			defer ws.Close()
			opened := time.Now()
			// A heartbeat would keep a logged-in socket open; it must not
			// keep this one.
			Expect(ws.WriteJSON(protocol.IMFrame{Cmd: protocol.CmdHeartbeat, Seq: 1})).To(Succeed())
			Expect(ws.SetReadDeadline(opened.Add(secLoginDeadline + 10*time.Second))).To(Succeed())
			for {
				if _, _, err = ws.ReadMessage(); err != nil {
					break
				}
			}
			Expect(err.Error()).NotTo(ContainSubstring("timeout"), "still open %v after the deadline", 10*time.Second)
			Expect(time.Since(opened)).To(BeNumerically(">=", secLoginDeadline-100*time.Millisecond))
		})
		It("still takes a device's own socket", func() {
			status, err := dial(protocol.IMPath, nil)
			Expect(err).NotTo(HaveOccurred())
			Expect(status).To(Equal(http.StatusSwitchingProtocols))
		})
	})

	Describe("sessions", func() {
		It("refuses bob, with his own UserSig, the instance ID of alice's phone; the devices view still agrees with the IM", func() {
			sig, err := usersig.Gen(secAppID, secKey, "bob", time.Hour, time.Now())
			Expect(err).NotTo(HaveOccurred())
			ws, _, err := (&websocket.Dialer{HandshakeTimeout: 10 * time.Second}).Dial("ws"+strings.TrimPrefix(base, "http")+protocol.IMPath, nil)
			Expect(err).NotTo(HaveOccurred())
			defer ws.Close()
			data, _ := json.Marshal(protocol.LoginRequest{SDKAppID: secAppID, UserID: "bob", UserSig: sig, Platform: "Android", InstanceID: "alice-phone"})
			Expect(ws.WriteJSON(protocol.IMFrame{Cmd: protocol.CmdLogin, Seq: 1, Data: data})).To(Succeed())
			Expect(ws.SetReadDeadline(time.Now().Add(10 * time.Second))).To(Succeed())
			var reply protocol.IMFrame
			for reply.Seq != 1 {
				reply = protocol.IMFrame{}
				Expect(ws.ReadJSON(&reply)).To(Succeed())
			}
			Expect(reply.Code).To(Equal(fakeim.CodeInstanceInUse), reply.Desc)

			_, body := call("GET", base+"/_pushsim/devices/alice-phone", bearer, "")
			var dev struct {
				IMState string `json:"im_state"`
			}
			Expect(json.Unmarshal([]byte(body), &dev)).To(Succeed())
			Expect(dev.IMState).To(Equal("Online"), body)
			_, body = call("GET", base+"/_pushsim/im/instances", bearer, "")
			Expect(body).To(ContainSubstring(`"alice"`))
			Expect(body).NotTo(ContainSubstring(`"bob"`))
		})
	})

	Describe("APNs", func() {
		h2 := func(cert *tls.Certificate) *http.Client {
			GinkgoHelper()
			if pool == nil {
				resp, err := (&http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}).Get(tlsURL + "/_pushsim/healthz")
				Expect(err).NotTo(HaveOccurred())
				resp.Body.Close()
				pool = x509.NewCertPool()
				pool.AddCert(resp.TLS.PeerCertificates[len(resp.TLS.PeerCertificates)-1])
			}
			cfg := &tls.Config{RootCAs: pool}
			if cert != nil {
				cfg.Certificates = []tls.Certificate{*cert}
			}
			tr := h2client.TLS(cfg)
			DeferCleanup(tr.CloseIdleConnections)
			return &http.Client{Transport: tr, Timeout: 10 * time.Second}
		}
		push := func(c *http.Client, hdr map[string]string) (int, string) {
			GinkgoHelper()
			req, _ := http.NewRequest("POST", tlsURL+"/apns"+apns.DevicePath(strings.Repeat("ab", 32)), strings.NewReader(`{"aps":{"alert":"hi"}}`))
			req.Header.Set("apns-topic", apnsBundle)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := c.Do(req)
			Expect(err).NotTo(HaveOccurred())
			defer resp.Body.Close()
			var e apns.ErrorBody
			_ = json.NewDecoder(resp.Body).Decode(&e)
			return resp.StatusCode, e.Reason
		}
		It("refuses a self-signed client certificate with an Apple-like subject (403 BadCertificate)", func() {
			k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Apple Push Services: " + apnsBundle},
				NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
			Expect(err).NotTo(HaveOccurred())
			status, reason := push(h2(&tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}), nil)
			Expect(status).To(Equal(http.StatusForbidden))
			Expect(reason).To(Equal(apns.ReasonBadCertificate))
		})
		It("refuses provider tokens of an unknown team or an unregistered key (403 InvalidProviderToken)", func() {
			k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			for _, c := range []struct{ team, kid string }{{"NOBODY0000", "ANYKEY0000"}, {apnsTeam, apnsKeyID}, {apnsTeam, "OTHERKEY00"}} {
				tok, err := apns.NewProviderToken(c.team, c.kid, k, time.Now())
				Expect(err).NotTo(HaveOccurred())
				status, reason := push(h2(nil), map[string]string{"authorization": "bearer " + tok})
				Expect(status).To(Equal(http.StatusForbidden), "%+v", c)
				Expect(reason).To(Equal(apns.ReasonInvalidProviderToken), "%+v", c)
			}
		})
	})

	Describe("vendor APIs", func() {
		It("refuses an OPPO auth call signed over a timestamp from 1970 or from an hour ago (19)", func() {
			for _, ts := range []string{"1", strconv.FormatInt(time.Now().Add(-time.Hour).UnixMilli(), 10)} {
				sum := sha256.Sum256([]byte(oppoKey + ts + oppoMaster))
				form := url.Values{"app_key": {oppoKey}, "timestamp": {ts}, "sign": {hex.EncodeToString(sum[:])}}
				_, body := call("POST", base+"/oppo/server/v1/auth", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
				Expect(body).To(MatchRegexp(`"code":\s*19\b`), "timestamp %s", ts)
			}
		})
		It("refuses access tokens predicted from the seed without the app secret (OPPO 11, Huawei 80200001)", func() {
			var oppoGuesses, hwGuesses []string
			for n := 1; n <= 3; n++ {
				c := strconv.Itoa(n)
				for _, id := range []string{"30000001", oppoKey} {
					oppoGuesses = append(oppoGuesses,
						authtoken.UUID(seed.Root(7).Stream("oppo", "authToken", id, c)),
						authtoken.UUID(seed.Root(7).SecretStream("", "oppo", "authToken", id, c)))
				}
				for _, rng := range []*mrand.Rand{seed.Root(7).Stream("huawei", "access_token", hwAppID, c), seed.Root(7).SecretStream("", "huawei", "access_token", hwAppID, c)} {
					b := make([]byte, 96)
					for j := range b {
						b[j] = byte(rng.UintN(256))
					}
					hwGuesses = append(hwGuesses, base64.StdEncoding.EncodeToString(b))
				}
			}
			for _, tok := range oppoGuesses {
				form := url.Values{"auth_token": {tok}, "message": {`{"target_type":2,"target_value":"x","notification":{"title":"t","content":"c"}}`}}
				_, body := call("POST", base+"/oppo/server/v1/message/notification/unicast",
					map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
				Expect(body).To(MatchRegexp(`"code":\s*11\b`), "predicted OPPO token %s", tok)
			}
			for _, tok := range hwGuesses {
				_, body := call("POST", base+"/huawei/v1/"+hwAppID+"/messages:send",
					map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"},
					`{"message":{"notification":{"title":"t","body":"b"},"token":["x"]}}`)
				Expect(body).To(ContainSubstring(`"80200001"`), "predicted Huawei token")
			}
		})
		It("refuses Huawei data that is not valid UTF-8 (80100001)", func() {
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {hwAppID}, "client_secret": {hwSecret}}
			status, body := call("POST", base+"/huawei/oauth2/v3/token", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
			Expect(status).To(Equal(http.StatusOK), body)
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			Expect(json.Unmarshal([]byte(body), &tok)).To(Succeed())
			_, body = call("POST", base+"/huawei/v1/"+hwAppID+"/messages:send",
				map[string]string{"Authorization": "Bearer " + tok.AccessToken, "Content-Type": "application/json"},
				"{\"message\":{\"data\":{\"k\":\"\xff\"},\"token\":[\"x\"]}}")
			Expect(body).To(ContainSubstring(`"80100001"`))
		})
		It("refuses a Meizu push whose receipt address is a cloud metadata service (1005) and never calls it", func() {
			_, body := call("GET", base+"/_pushsim/devices/alice-phone", bearer, "")
			var dev struct{ Token string }
			Expect(json.Unmarshal([]byte(body), &dev)).To(Succeed())
			for _, cb := range []string{"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "file:///etc/passwd"} {
				form := url.Values{}
				form.Set("appId", "1234512345123451234")
				form.Set("pushIds", dev.Token)
				form.Set("messageJson", fmt.Sprintf(`{"noticeBarInfo":{"title":"Bob","content":"hi"},"extra":{"callback":%q}}`, cb))
				form.Set("sign", meizuSign(form, "s3cr3t"))
				_, body := call("POST", base+"/meizu/garcia/api/server/push/varnished/pushByPushId",
					map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
				Expect(body).To(MatchRegexp(`"code":\s*"1005"`), "callback %s", cb)
			}
		})
	})
})
