package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// maxDecoded bounds the decompressed size of a UserSig, so a hostile one
// cannot inflate without limit.
const maxDecoded = 64 << 10

// writers and readers are reused zlib writers and readers: a new zlib
// writer allocates about 800 KB, and a fleet logs in thousands of times.
var (
	writers = sync.Pool{New: func() any { return zlib.NewWriter(nil) }}
	readers sync.Pool
)

// inflate decompresses raw with a pooled zlib reader.
func inflate(raw []byte) ([]byte, error) {
	var r io.ReadCloser
	if pooled, ok := readers.Get().(io.ReadCloser); ok {
		if err := pooled.(zlib.Resetter).Reset(bytes.NewReader(raw), nil); err != nil {
			return nil, err
		}
		r = pooled
	} else {
		var err error
		if r, err = zlib.NewReader(bytes.NewReader(raw)); err != nil {
			return nil, err
		}
	}
	js, err := io.ReadAll(io.LimitReader(r, maxDecoded+1))
	if err == nil {
		err = r.Close()
	}
	if err != nil {
		return nil, err
	}
	readers.Put(r)
	return js, nil
}

// Claims is what a UserSig states.
type Claims struct {
	// SDKAppID is the application the UserSig was issued for.
	SDKAppID uint64
	// Identifier is the user ID.
	Identifier string
	// Time is the issue time (whole seconds).
	Time time.Time
	// Expire is the lifetime counted from Time.
	Expire time.Duration
	// UserBuf is the optional user buffer (TRTC privilege maps); nil when absent.
	UserBuf []byte
}

// ExpiresAt is the last moment (to the second) at which the UserSig is
// still valid: it is expired once now is after ExpiresAt.
func (c Claims) ExpiresAt() time.Time { return c.Time.Add(c.Expire) }

// doc is the JSON document inside a UserSig.
type doc struct {
	Version    string  `json:"TLS.ver"`
	Identifier *string `json:"TLS.identifier"`
	SDKAppID   uint64  `json:"TLS.sdkappid"`
	Expire     int64   `json:"TLS.expire"`
	Time       int64   `json:"TLS.time"`
	UserBuf    *string `json:"TLS.userbuf,omitempty"` // standard base64
	userBuf    []byte  // UserBuf decoded; nil when absent
	Sig        []byte  `json:"TLS.sig"`
}

// Gen issues a UserSig for userid in application sdkappid, signed with key,
// issued at now and valid for expire (whole seconds, at least one).
func Gen(sdkappid uint64, key, userid string, expire time.Duration, now time.Time) (string, error) {
	return gen(sdkappid, key, userid, expire, nil, now)
}

// GenWithUserBuf is Gen with a user buffer, as TRTC's PrivateMapKey uses.
// A nil userbuf is treated as an empty one.
func GenWithUserBuf(sdkappid uint64, key, userid string, expire time.Duration, userbuf []byte, now time.Time) (string, error) {
	if userbuf == nil {
		userbuf = []byte{}
	}
	return gen(sdkappid, key, userid, expire, userbuf, now)
}

func gen(sdkappid uint64, key, userid string, expire time.Duration, userbuf []byte, now time.Time) (string, error) {
	switch {
	case key == "":
		return "", errors.New("usersig: empty secret key")
	case userid == "":
		return "", errors.New("usersig: empty user ID")
	case expire < time.Second:
		return "", fmt.Errorf("usersig: lifetime %v is under one second", expire)
	}
	d := doc{
		Version:    "2.0",
		Identifier: &userid,
		SDKAppID:   sdkappid,
		Expire:     int64(expire / time.Second),
		Time:       now.Unix(),
		userBuf:    userbuf,
	}
	if userbuf != nil {
		b64 := base64.StdEncoding.EncodeToString(userbuf)
		d.UserBuf = &b64
	}
	d.Sig = d.sign(key)
	js, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("usersig: %w", err)
	}
	var b bytes.Buffer
	w := writers.Get().(*zlib.Writer)
	defer writers.Put(w)
	w.Reset(&b)
	if _, err := w.Write(js); err != nil {
		return "", fmt.Errorf("usersig: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("usersig: %w", err)
	}
	return encodeURL(b.Bytes()), nil
}

// sign computes the HMAC-SHA256 over the signed lines.
func (d doc) sign(key string) []byte {
	id := ""
	if d.Identifier != nil {
		id = *d.Identifier
	}
	var content bytes.Buffer
	content.WriteString("TLS.identifier:" + id + "\n")
	content.WriteString("TLS.sdkappid:" + strconv.FormatUint(d.SDKAppID, 10) + "\n")
	content.WriteString("TLS.time:" + strconv.FormatInt(d.Time, 10) + "\n")
	content.WriteString("TLS.expire:" + strconv.FormatInt(d.Expire, 10) + "\n")
	if d.userBuf != nil {
		content.WriteString("TLS.userbuf:" + base64.StdEncoding.EncodeToString(d.userBuf) + "\n")
	}
	h := hmac.New(sha256.New, []byte(key))
	h.Write(content.Bytes())
	return h.Sum(nil)
}

// Decode parses a UserSig without verifying it. Its errors are ErrEmpty and
// ErrMalformed.
func Decode(sig string) (Claims, error) {
	d, err := decode(sig)
	if err != nil {
		return Claims{}, err
	}
	return d.claims(), nil
}

func decode(sig string) (doc, error) {
	if sig == "" {
		return doc{}, ErrEmpty
	}
	raw, err := decodeURL(sig)
	if err != nil {
		return doc{}, fmt.Errorf("%w: base64: %v", ErrMalformed, err)
	}
	js, err := inflate(raw)
	if err != nil {
		return doc{}, fmt.Errorf("%w: zlib: %v", ErrMalformed, err)
	}
	if len(js) > maxDecoded {
		return doc{}, fmt.Errorf("%w: over %d bytes", ErrMalformed, maxDecoded)
	}
	var d doc
	if err := json.Unmarshal(js, &d); err != nil {
		return doc{}, fmt.Errorf("%w: json: %v", ErrMalformed, err)
	}
	if d.Identifier == nil || len(d.Sig) == 0 {
		return doc{}, fmt.Errorf("%w: TLS.identifier or TLS.sig missing", ErrMalformed)
	}
	if d.Expire < 0 || d.Time < 0 {
		return doc{}, fmt.Errorf("%w: negative TLS.time or TLS.expire", ErrMalformed)
	}
	if d.UserBuf != nil {
		if d.userBuf, err = base64.StdEncoding.DecodeString(*d.UserBuf); err != nil {
			return doc{}, fmt.Errorf("%w: TLS.userbuf: %v", ErrMalformed, err)
		}
	}
	return d, nil
}

func (d doc) claims() Claims {
	c := Claims{
		SDKAppID: d.SDKAppID,
		Time:     time.Unix(d.Time, 0),
		Expire:   time.Duration(min(d.Expire, int64(maxLifetime/time.Second))) * time.Second,
		UserBuf:  d.userBuf,
	}
	if d.Identifier != nil {
		c.Identifier = *d.Identifier
	}
	return c
}

// maxLifetime caps Claims.Expire so absurd lifetimes do not overflow.
const maxLifetime = 100 * 365 * 24 * time.Hour

// Verify checks that sig is a valid UserSig for userid in application
// sdkappid under key at now, and returns its claims. A UserSig carrying a
// userbuf fails with ErrUserBufTypeMismatch; use VerifyWithUserBuf.
func Verify(sdkappid uint64, key, userid, sig string, now time.Time) (Claims, error) {
	return verify(sdkappid, key, userid, sig, nil, now)
}

// VerifyWithUserBuf is Verify for a UserSig that must carry userbuf.
// A nil userbuf is treated as an empty one.
func VerifyWithUserBuf(sdkappid uint64, key, userid, sig string, userbuf []byte, now time.Time) (Claims, error) {
	if userbuf == nil {
		userbuf = []byte{}
	}
	return verify(sdkappid, key, userid, sig, userbuf, now)
}

func verify(sdkappid uint64, key, userid, sig string, userbuf []byte, now time.Time) (Claims, error) {
	d, err := decode(sig)
	if err != nil {
		return Claims{}, err
	}
	c := d.claims()
	if d.SDKAppID != sdkappid {
		return c, ErrSDKAppIDMismatch
	}
	if *d.Identifier != userid {
		return c, ErrIdentifierMismatch
	}
	// Expired when now > time+expire, written so it cannot overflow.
	if n := now.Unix(); n > d.Time && n-d.Time > d.Expire {
		return c, ErrExpired
	}
	switch {
	case userbuf != nil && d.userBuf == nil, userbuf == nil && d.userBuf != nil:
		return c, ErrUserBufTypeMismatch
	case userbuf != nil && !bytes.Equal(userbuf, d.userBuf):
		return c, ErrUserBufMismatch
	}
	if !hmac.Equal(d.sign(key), d.Sig) {
		return c, ErrSigMismatch
	}
	return c, nil
}
