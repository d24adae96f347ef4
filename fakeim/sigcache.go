package fakeim

import (
	"sync"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// maxVerified bounds the verified-UserSig cache; when full it starts over.
const maxVerified = 1024

// verifiedSigs remembers UserSigs that verified, until they expire, so a
// backend that signs every REST call with the same UserSig (as real ones
// do) pays for the inflate and the HMAC once, not per call. A kick's
// invalidation is checked on every call, apart from the cache.
type verifiedSigs struct {
	mu sync.Mutex
	m  map[verifiedKey]usersig.Claims
}

type verifiedKey struct{ id, sig string }

// verify is usersig.Verify through the cache.
func (v *verifiedSigs) verify(sdkappid uint64, key, id, sig string, now time.Time) (usersig.Claims, error) {
	k := verifiedKey{id, sig}
	v.mu.Lock()
	c, ok := v.m[k]
	v.mu.Unlock()
	if ok && now.Unix() <= c.ExpiresAt().Unix() {
		return c, nil
	}
	c, err := usersig.Verify(sdkappid, key, id, sig, now)
	if err != nil {
		return c, err
	}
	v.mu.Lock()
	if v.m == nil || len(v.m) >= maxVerified {
		v.m = make(map[verifiedKey]usersig.Claims)
	}
	v.m[k] = c
	v.mu.Unlock()
	return c, nil
}
