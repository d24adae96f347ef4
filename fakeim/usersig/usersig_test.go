package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

const (
	testApp = 1400000001
	testKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
)

var issued = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func mustGen(t *testing.T, app uint64, key, user string, expire time.Duration, now time.Time) string {
	t.Helper()
	sig, err := Gen(app, key, user, expire, now)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// rebuild decodes sig, lets edit change the JSON document, and re-encodes
// it without re-signing.
func rebuild(t *testing.T, sig string, edit func(m map[string]any)) string {
	t.Helper()
	raw, err := decodeURL(sig)
	if err != nil {
		t.Fatal(err)
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	js, _ := json.Marshal(m)
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(js)
	w.Close()
	return encodeURL(b.Bytes())
}

func TestVerify(t *testing.T) {
	good := mustGen(t, testApp, testKey, "alice", 24*time.Hour, issued)
	tests := []struct {
		name string
		app  uint64
		key  string
		user string
		sig  string
		now  time.Time
		want error
		code int
	}{
		{"good", testApp, testKey, "alice", good, issued.Add(time.Hour), nil, 0},
		{"good at the last second", testApp, testKey, "alice", good, issued.Add(24 * time.Hour), nil, 0},
		{"expired one second later", testApp, testKey, "alice", good, issued.Add(24*time.Hour + time.Second), ErrExpired, 70001},
		{"empty", testApp, testKey, "alice", "", issued, ErrEmpty, 70002},
		{"garbage", testApp, testKey, "alice", "not a usersig!", issued, ErrMalformed, 70003},
		{"truncated", testApp, testKey, "alice", good[:len(good)/2], issued, ErrMalformed, 70003},
		{"valid base64, not zlib", testApp, testKey, "alice", encodeURL([]byte("hello world")), issued, ErrMalformed, 70003},
		{"wrong sdkappid", testApp + 1, testKey, "alice", good, issued, ErrSDKAppIDMismatch, 70014},
		{"wrong user", testApp, testKey, "bob", good, issued, ErrIdentifierMismatch, 70013},
		{"wrong key", testApp, "another key", "alice", good, issued, ErrSigMismatch, 70009},
		{"tampered expire", testApp, testKey, "alice", rebuild(t, good, func(m map[string]any) { m["TLS.expire"] = 999999999 }), issued, ErrSigMismatch, 70009},
		{"tampered identifier", testApp, testKey, "mallory", rebuild(t, good, func(m map[string]any) { m["TLS.identifier"] = "mallory" }), issued, ErrSigMismatch, 70009},
		{"missing sig field", testApp, testKey, "alice", rebuild(t, good, func(m map[string]any) { delete(m, "TLS.sig") }), issued, ErrMalformed, 70003},
		{"unexpected userbuf", testApp, testKey, "alice", rebuild(t, good, func(m map[string]any) { m["TLS.userbuf"] = "AAEC" }), issued, ErrUserBufTypeMismatch, 70009},
		// The order is sdkappid, identifier, expiry, userbuf, signature.
		{"wrong app and user: app first", testApp + 1, testKey, "bob", good, issued, ErrSDKAppIDMismatch, 70014},
		{"wrong user and expired: user first", testApp, testKey, "bob", good, issued.Add(48 * time.Hour), ErrIdentifierMismatch, 70013},
		{"expired and wrong key: expiry first", testApp, "another key", "alice", good, issued.Add(48 * time.Hour), ErrExpired, 70001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Verify(tt.app, tt.key, tt.user, tt.sig, tt.now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if got := Code(err); got != tt.code {
				t.Fatalf("Code = %d, want %d", got, tt.code)
			}
			if err == nil && (c.Identifier != tt.user || c.SDKAppID != tt.app || !c.Time.Equal(issued) || c.Expire != 24*time.Hour) {
				t.Fatalf("claims = %+v", c)
			}
		})
	}
}

func TestUserBuf(t *testing.T) {
	buf := []byte{0, 1, 2, 250}
	sig, err := GenWithUserBuf(testApp, testKey, "alice", time.Hour, buf, issued)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		buf  []byte
		want error
	}{
		{"same buffer", buf, nil},
		{"other buffer", []byte{9}, ErrUserBufMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := VerifyWithUserBuf(testApp, testKey, "alice", sig, tt.buf, issued)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifyWithUserBuf = %v, want %v", err, tt.want)
			}
			if !bytes.Equal(c.UserBuf, buf) {
				t.Fatalf("UserBuf = %v", c.UserBuf)
			}
		})
	}
	if _, err := Verify(testApp, testKey, "alice", sig, issued); !errors.Is(err, ErrUserBufTypeMismatch) {
		t.Fatalf("Verify without buffer = %v, want ErrUserBufTypeMismatch", err)
	}
	plain := mustGen(t, testApp, testKey, "alice", time.Hour, issued)
	if _, err := VerifyWithUserBuf(testApp, testKey, "alice", plain, buf, issued); !errors.Is(err, ErrUserBufTypeMismatch) {
		t.Fatalf("VerifyWithUserBuf of a plain sig = %v, want ErrUserBufTypeMismatch", err)
	}
	empty, err := GenWithUserBuf(testApp, testKey, "alice", time.Hour, nil, issued)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyWithUserBuf(testApp, testKey, "alice", empty, nil, issued); err != nil {
		t.Fatalf("empty userbuf round trip: %v", err)
	}
}

// TestReferenceEncoding builds a UserSig the way the reference library
// does (its own JSON field encoding, no compression) and checks Verify
// accepts it, and that our own encoding uses the documented alphabet.
func TestReferenceEncoding(t *testing.T) {
	content := "TLS.identifier:alice\nTLS.sdkappid:1400000001\nTLS.time:1714564800\nTLS.expire:86400\n"
	h := hmac.New(sha256.New, []byte(testKey))
	h.Write([]byte(content))
	js := `{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":1400000001,"TLS.expire":86400,"TLS.time":1714564800,"TLS.sig":"` +
		base64.StdEncoding.EncodeToString(h.Sum(nil)) + `"}` + "\n"
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.NoCompression)
	w.Write([]byte(js))
	w.Close()
	std := base64.StdEncoding.EncodeToString(b.Bytes())
	sig := strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(std)
	if _, err := Verify(testApp, testKey, "alice", sig, issued); err != nil {
		t.Fatalf("Verify(reference sig) = %v", err)
	}

	ours := mustGen(t, testApp, testKey, "alice", 24*time.Hour, issued)
	if strings.ContainsAny(ours, "+/=") {
		t.Fatalf("UserSig %q contains standard base64 characters", ours)
	}
}

func TestGenRejects(t *testing.T) {
	tests := []struct {
		name   string
		key    string
		user   string
		expire time.Duration
	}{
		{"empty key", "", "alice", time.Hour},
		{"empty user", testKey, "", time.Hour},
		{"sub-second lifetime", testKey, "alice", time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Gen(testApp, tt.key, tt.user, tt.expire, issued); err == nil {
				t.Fatal("Gen succeeded")
			}
		})
	}
}

func TestDecode(t *testing.T) {
	sig := mustGen(t, testApp, testKey, "alice", 90*time.Second, issued)
	c, err := Decode(sig)
	if err != nil {
		t.Fatal(err)
	}
	if c.Identifier != "alice" || c.SDKAppID != testApp || !c.ExpiresAt().Equal(issued.Add(90*time.Second)) {
		t.Fatalf("Decode = %+v", c)
	}
	if Code(errors.New("other")) != CodeVerifyFailed {
		t.Fatal("Code of an unknown error is not 70009")
	}
}
