package harness

import (
	"errors"
	"fmt"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/protocol"
)

// Validate checks the configuration before anything starts.
func (c Config) Validate() error {
	var errs []error
	certs := map[int64]bool{}
	for i, cert := range c.IM.Certificates {
		if err := cert.validate(); err != nil {
			errs = append(errs, fmt.Errorf("im.certificates[%d]: %w", i, err))
		}
		if certs[cert.ID] {
			errs = append(errs, fmt.Errorf("im.certificates[%d]: duplicate certificate id %d", i, cert.ID))
		}
		certs[cert.ID] = true
	}
	if d := c.IM.ActivationDelay; d != nil && *d < 0 {
		errs = append(errs, errors.New("im.activation_delay: negative"))
	}
	switch c.IM.LoginPolicy {
	case "", "same_platform_kick", "all_mobile_kick", "multi":
	default:
		errs = append(errs, fmt.Errorf("im.login_policy: %q is not one of same_platform_kick, all_mobile_kick, multi", c.IM.LoginPolicy))
	}
	for name, vc := range c.Vendors {
		if _, err := protocol.ParseVendor(name); err != nil {
			errs = append(errs, fmt.Errorf("vendors.%s: %w", name, err))
		}
		if vc.DropRate < 0 || vc.DropRate > 1 {
			errs = append(errs, fmt.Errorf("vendors.%s.drop_rate: %v is not between 0 and 1", name, vc.DropRate))
		}
		if vc.Latency.Median < 0 || vc.Latency.P99 < 0 {
			errs = append(errs, fmt.Errorf("vendors.%s.latency: negative duration", name))
		}
		if err := vc.Limits.Check(protocol.Vendor(name)); err != nil {
			errs = append(errs, fmt.Errorf("vendors.%s.limits: %w", name, err))
		}
	}
	ids := map[string]bool{}
	for i, d := range c.Devices {
		where := fmt.Sprintf("devices[%d]", i)
		if d.ID == "" {
			errs = append(errs, fmt.Errorf("%s.id: required", where))
		} else if ids[d.ID] {
			errs = append(errs, fmt.Errorf("%s.id: duplicate device id %q", where, d.ID))
		}
		ids[d.ID] = true
		for _, err := range d.problems() {
			errs = append(errs, fmt.Errorf("%s.%w", where, err))
		}
	}
	return errors.Join(errs...)
}

// Validate checks one device entry on its own (a device added at run time).
func (d DeviceConfig) Validate() error {
	var errs []error
	if d.ID == "" {
		errs = append(errs, errors.New("id: required"))
	}
	return errors.Join(append(errs, d.problems()...)...)
}

// problems lists what is wrong with a device entry besides its ID, each
// error starting with the field's name.
func (d DeviceConfig) problems() []error {
	var errs []error
	if _, err := protocol.ParseBrand(d.Brand); err != nil {
		errs = append(errs, fmt.Errorf("brand: %w", err))
	}
	if d.User == "" {
		errs = append(errs, errors.New("user: required"))
	}
	if d.App.Package == "" {
		errs = append(errs, errors.New("app.package: required"))
	}
	return errs
}

func (c CertificateConfig) validate() error {
	if c.ID <= 0 {
		return fmt.Errorf("id: a positive certificate ID is required, got %d", c.ID)
	}
	if _, err := protocol.ParseVendor(c.Vendor); err != nil {
		return fmt.Errorf("vendor: %w", err)
	}
	if err := c.Click.Validate(); err != nil {
		return fmt.Errorf("click: %w", err)
	}
	if c.ActivationDelay != nil && *c.ActivationDelay < 0 {
		return errors.New("activation_delay: negative")
	}
	return nil
}

// withDefaults fills in the documented defaults.
func (c Config) withDefaults() Config {
	if c.IM.SDKAppID == 0 {
		c.IM.SDKAppID = DefaultSDKAppID
	}
	if c.IM.Admin == "" {
		c.IM.Admin = DefaultAdmin
	}
	if c.IM.LoginPolicy == "" {
		c.IM.LoginPolicy = "same_platform_kick"
	}
	if c.IM.SecretKey == "" {
		c.IM.SecretKey = seed.Root(c.Seed).Hex(64, "im", "secret_key")
	}
	vendors := map[string]VendorConfig{}
	for _, v := range protocol.Vendors {
		vc := c.Vendors[string(v)]
		if vc.Latency.Median == 0 {
			vc.Latency.Median = Duration(DefaultLatencyMedian)
		}
		if vc.Latency.P99 == 0 {
			vc.Latency.P99 = Duration(DefaultLatencyP99)
		}
		vendors[string(v)] = vc
	}
	c.Vendors = vendors
	return c
}

// users lists every user to import: the devices' users and Users.
func (c Config) users() []string {
	seen := map[string]bool{}
	var out []string
	add := func(u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for _, d := range c.Devices {
		add(d.User)
	}
	for _, u := range c.Users {
		add(u)
	}
	return out
}
