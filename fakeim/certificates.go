package fakeim

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Immediate as a CertificateSpec.ActivationDelay puts the certificate in
// effect at once.
const Immediate time.Duration = -1

// CertificateSpec is a push certificate as saved in the IM console, and
// when the change may take effect.
type CertificateSpec struct {
	protocol.Certificate
	// ActivationDelay bounds when this version takes effect: at a seeded
	// moment in [0, ActivationDelay). Zero means the server's
	// Config.ActivationDelay (by default DefaultActivationDelay; Tencent:
	// "takes effect within 10 minutes"); Immediate (any negative value)
	// means now.
	ActivationDelay time.Duration
}

// certVersion is one saved version of a certificate.
type certVersion struct {
	cert     protocol.Certificate
	version  int
	created  time.Time
	activeAt time.Time
	timer    *timer
}

// certEntry is every saved version of one certificate ID.
type certEntry struct {
	versions []*certVersion
}

// inEffect is the newest version whose moment has come, or nil.
func (e *certEntry) inEffect(now time.Time) *certVersion {
	for i := len(e.versions) - 1; i >= 0; i-- {
		if !now.Before(e.versions[i].activeAt) {
			return e.versions[i]
		}
	}
	return nil
}

func (e *certEntry) latest() *certVersion { return e.versions[len(e.versions)-1] }

// CertificateInfo describes a certificate without its secrets.
type CertificateInfo struct {
	ID      int64                `json:"id"`
	Vendor  protocol.Vendor      `json:"vendor"`
	Package string               `json:"package,omitempty"`
	Click   protocol.ClickAction `json:"click"`
	// CredentialKeys names the credentials saved (never their values).
	CredentialKeys []string `json:"credential_keys,omitempty"`
	// Version counts the saves of this ID; the fields above are the latest's.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	// ActiveAt is when the latest version takes (or took) effect, in UTC
	// (RFC 3339 in JSON).
	ActiveAt time.Time `json:"active_at"`
	// Active reports whether any version is in effect now.
	Active bool `json:"active"`
	// EffectiveVersion is the version in effect now; 0 when none.
	EffectiveVersion int `json:"effective_version,omitempty"`
}

// normalizeCertificate validates a certificate the way the console does
// and fills in defaults.
func normalizeCertificate(c protocol.Certificate) (protocol.Certificate, error) {
	if c.ID <= 0 {
		return c, fmt.Errorf("certificate ID %d: must be a positive number", c.ID)
	}
	v, err := protocol.ParseVendor(string(c.Vendor))
	if err != nil {
		return c, fmt.Errorf("certificate %d: %w", c.ID, err)
	}
	c.Vendor = v
	if c.Click.Action == "" {
		c.Click.Action = protocol.ClickOpenApp
	}
	if err := c.Click.Validate(); err != nil {
		return c, fmt.Errorf("certificate %d: %w", c.ID, err)
	}
	creds := map[string]string{}
	for k, v := range c.Credentials {
		if v != "" {
			creds[k] = v
		}
	}
	c.Credentials = creds
	return c, nil
}

// AddCertificate saves a certificate, or a new version of an existing ID.
// The new version takes effect at a moment drawn from the seed stream
// ("im", "certificate", ID, "activation", version) within the activation
// delay; until then the previous version, if any, stays in effect.
func (s *Server) AddCertificate(spec CertificateSpec) error {
	c, err := normalizeCertificate(spec.Certificate)
	if err != nil {
		return err
	}
	delay := spec.ActivationDelay
	if delay == 0 {
		delay = s.cfg.ActivationDelay
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.certs[c.ID]
	if e == nil {
		e = &certEntry{}
		s.certs[c.ID] = e
	}
	now := time.Now()
	v := &certVersion{cert: c, version: len(e.versions) + 1, created: now, activeAt: now}
	id := strconv.FormatInt(c.ID, 10)
	if delay > 0 {
		wait := s.cfg.Seed.Duration(delay, "im", "certificate", id, "activation", strconv.Itoa(v.version))
		v.activeAt = now.Add(wait.Truncate(time.Millisecond))
	}
	e.versions = append(e.versions, v)
	event := "added"
	if v.version > 1 {
		event = "changed"
	}
	s.recordCertLocked(v, event, "pending", "active_at", v.activeAt.UTC().Format(time.RFC3339Nano),
		"active_in", v.activeAt.Sub(now).String())
	if !v.activeAt.After(now) {
		s.recordCertLocked(v, "active", "active")
		return nil
	}
	v.timer = s.afterLocked(v.activeAt.Sub(now), func() {
		v.timer = nil
		if e.inEffect(time.Now()) == v {
			s.recordCertLocked(v, "active", "active")
		} else {
			s.recordCertLocked(v, "superseded", "superseded")
		}
	})
	return nil
}

// ErrCertificateNotFound is returned for a certificate ID that was never
// saved (or was deleted).
var ErrCertificateNotFound = errors.New("certificate not found")

// ActivateCertificate puts the latest version of a certificate in effect
// now, instead of at its seeded moment, as if the console's "within 10
// minutes" had passed. Older versions still pending are superseded. A
// version already in effect is left as it is. It fails with
// ErrCertificateNotFound for an unknown ID.
func (s *Server) ActivateCertificate(id int64) (CertificateInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.certs[id]
	if !ok {
		return CertificateInfo{}, fmt.Errorf("%w: id %d", ErrCertificateNotFound, id)
	}
	now := time.Now()
	l := e.latest()
	if l.activeAt.After(now) {
		for _, v := range e.versions[:len(e.versions)-1] {
			if v.timer != nil {
				s.stopTimerLocked(v.timer)
				v.timer = nil
				s.recordCertLocked(v, "superseded", "superseded")
			}
		}
		s.stopTimerLocked(l.timer)
		l.timer = nil
		l.activeAt = now
		s.recordCertLocked(l, "active", "active", "activated", "api")
	}
	return certInfo(e, now), nil
}

// recordCertLocked records an im.certificate event. s.mu must be held.
func (s *Server) recordCertLocked(v *certVersion, event, state string, extra ...string) {
	d := map[string]string{
		"id": strconv.FormatInt(v.cert.ID, 10), "version": strconv.Itoa(v.version), "vendor": string(v.cert.Vendor),
		"package": v.cert.Package, "click": v.cert.Click.Action, "event": event, "state": state,
	}
	for i := 0; i+1 < len(extra); i += 2 {
		d[extra[i]] = extra[i+1]
	}
	s.record(trace.Event{Kind: trace.IMCertificate, Details: d})
}

// RemoveCertificate deletes every version of a certificate at once.
func (s *Server) RemoveCertificate(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.certs[id]
	if !ok {
		return fmt.Errorf("%w: id %d", ErrCertificateNotFound, id)
	}
	for _, v := range e.versions {
		s.stopTimerLocked(v.timer)
	}
	delete(s.certs, id)
	s.recordCertLocked(e.latest(), "deleted", "deleted")
	return nil
}

// Certificate describes one certificate.
func (s *Server) Certificate(id int64) (CertificateInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.certs[id]
	if !ok {
		return CertificateInfo{}, false
	}
	return certInfo(e, time.Now()), true
}

// Certificates describes every certificate, by ID.
func (s *Server) Certificates() []CertificateInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	out := make([]CertificateInfo, 0, len(s.certs))
	for _, e := range s.certs {
		out = append(out, certInfo(e, now))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func certInfo(e *certEntry, now time.Time) CertificateInfo {
	l := e.latest()
	info := CertificateInfo{
		ID: l.cert.ID, Vendor: l.cert.Vendor, Package: l.cert.Package, Click: l.cert.Click,
		CredentialKeys: sortedKeys(l.cert.Credentials),
		Version:        l.version, CreatedAt: l.created.UTC(), ActiveAt: l.activeAt.UTC(),
	}
	if v := e.inEffect(now); v != nil {
		info.Active, info.EffectiveVersion = true, v.version
	}
	return info
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range maps.Keys(m) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
