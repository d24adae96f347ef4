package harness

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"sync"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/internal/h1front"
	"github.com/pushsim/pushsim/internal/inproc"
	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/internal/tlsca"
	"github.com/pushsim/pushsim/internal/tunnel"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// Tunnels (loopback mode): how many wait to be served at most, and how
// many streams, tunnels or requests, one HTTP/2 connection may carry.
const (
	tunnelQueue   = 1024
	tunnelStreams = 1000
)

// EmbeddedHost is the address the embedded environment listens on inside
// its in-memory network.
const EmbeddedHost = "pushsim.sim:80"

// Env is a running environment.
type Env struct {
	cfg     Config
	opts    options
	virtual bool
	seed    seed.Root

	net    netsim.Network
	ln     net.Listener
	server *http.Server
	// front serves ln, with server as its fallback.
	front   *h1front.Server
	baseURL string
	client  *http.Client
	trace   *trace.Trace
	// pushTransport carries the IM's calls to the vendor mocks to the
	// served handler in process.
	pushTransport *inproc.Transport

	im      *fakeim.Server
	vendors map[protocol.Vendor]mockvendors.Server

	// devMu guards the device registry: devices can be added and removed
	// while the environment serves requests.
	devMu     sync.RWMutex
	devices   map[string]*simulator.Device
	order     []string
	devClosed bool

	mu       sync.Mutex
	messages map[string]*Message
	sent     []*Message
	nextRand uint64

	// tunnels are the connections that come as HTTP/2 streams to
	// tunnel.Path (loopback mode), served by tunnelServer.
	tunnels      *tunnel.Listener
	tunnelServer *http.Server
	tunnelServed chan struct{}

	tlsServer *http.Server
	tlsURL    string
	ca        *tlsca.CA
	clientCAs *x509.CertPool // what APNs client certificates must chain to
	tlsServed chan struct{}

	// settling lets one goroutine at a time settle the bubble (API
	// requests served at once each settle after their action).
	settling chan struct{}

	closeOnce sync.Once
	closeErr  error
	served    chan struct{}
}

// Start builds and starts an environment. Started from a context made by
// VirtualTime or RunVirtual, an embedded environment runs in virtual time
// and closes itself when the bubble ends; otherwise call Close.
func Start(ctx context.Context, cfg Config, opts ...Option) (*Env, error) {
	o, err := newOptions(opts)
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	cfg = cfg.withDefaults()
	e := &Env{
		cfg: cfg, opts: o, seed: seed.Root(cfg.Seed),
		vendors: map[protocol.Vendor]mockvendors.Server{}, devices: map[string]*simulator.Device{},
		messages: map[string]*Message{}, served: make(chan struct{}), settling: make(chan struct{}, 1),
	}
	b := bubbleFrom(ctx)
	e.virtual = b != nil && o.mode == Embedded
	if b != nil {
		b.defer_(func() { e.Close() })
	}
	if err := e.start(); err != nil {
		return e, errors.Join(fmt.Errorf("start: %w", err), e.Close())
	}
	return e, nil
}

func (e *Env) start() error {
	var err error
	if e.opts.mode == Embedded {
		e.net = netsim.NewMemory()
		e.ln, err = e.net.Listen("tcp", EmbeddedHost)
	} else {
		e.net = netsim.NewLoopback()
		e.ln, err = e.net.Listen("tcp", e.opts.listen)
	}
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	e.baseURL = "http://" + e.ln.Addr().String()
	e.client = netsim.HTTPClient(e.net, e.opts.timeout)
	e.trace = trace.New(time.Now())
	e.trace.SetRetention(trace.Retention{MaxEvents: e.opts.limits.TraceMaxEvents, MaxAge: e.opts.limits.TraceMaxAge})

	if e.opts.tlsListen != "" {
		if e.opts.mode != Loopback {
			return errors.New("a TLS listener needs loopback mode")
		}
		if e.ca, err = tlsca.NewAuthority(); err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		e.clientCAs = e.ca.Pool.Clone()
	}
	if len(e.opts.clientCAs) > 0 {
		if e.clientCAs == nil {
			e.clientCAs = x509.NewCertPool()
		}
		if !e.clientCAs.AppendCertsFromPEM(e.opts.clientCAs) {
			return errors.New("client CAs: no PEM certificate in them")
		}
	}
	if err := e.startVendors(); err != nil {
		return err
	}
	if err := e.startIM(); err != nil {
		return err
	}
	if e.opts.mode == Loopback {
		e.tunnels = tunnel.NewListener(e.ln.Addr(), tunnelQueue)
	}
	h := e.Handler()
	e.pushTransport.SetHandler(h)
	e.server = e.newServer(h)
	// HTTP/1.1 and HTTP/2 without TLS (h2c) on one port: APNs clients
	// speak only HTTP/2, tunnels come as HTTP/2 streams.
	e.server.Protocols = new(http.Protocols)
	e.server.Protocols.SetHTTP1(true)
	e.server.Protocols.SetUnencryptedHTTP2(true)
	e.server.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: tunnelStreams}
	if e.tunnels != nil {
		e.tunnelServer = e.newServer(h)
		e.tunnelServed = make(chan struct{})
		go func() {
			defer close(e.tunnelServed)
			_ = e.tunnelServer.Serve(e.tunnels)
		}()
	}
	ln := e.limitListener(e.ln)
	// The front serves plain HTTP/1.1 requests itself and passes
	// websockets, h2c and anything unusual to e.server.
	e.front = &h1front.Server{Fallback: e.server}
	go func() {
		defer close(e.served)
		_ = e.front.Serve(ln)
	}()
	if e.opts.tlsListen != "" {
		if err := e.startTLS(); err != nil {
			return err
		}
	}
	return e.startDevices()
}

// startTLS serves the same routes over TLS with a certificate from the
// local CA, for loopback, localhost and every real vendor host.
func (e *Env) startTLS() error {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	for _, v := range e.sortedVendors() {
		hosts = append(hosts, e.vendors[v].Hosts()...)
	}
	if err := e.ca.IssueServer(hosts); err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	ln, err := e.net.Listen("tcp", e.opts.tlsListen)
	if err != nil {
		return fmt.Errorf("tls listen: %w", err)
	}
	e.tlsURL = "https://" + ln.Addr().String()
	e.tlsServer = e.newServer(e.server.Handler)
	e.tlsServer.TLSConfig = e.ca.ServerConfig()
	ln = e.limitListener(ln)
	e.tlsServed = make(chan struct{})
	go func() {
		defer close(e.tlsServed)
		_ = e.tlsServer.ServeTLS(ln, "", "")
	}()
	return nil
}

// IssueClientCertificate makes a TLS client certificate for subject,
// signed by the local CA of the TLS listener and valid for a day: an APNs
// provider certificate the APNs mock accepts when its subject names the
// bundle ("Apple Push Services: BUNDLE" as the common name, or the bundle
// as the UID). It fails without a TLS listener.
func (e *Env) IssueClientCertificate(subject pkix.Name) (tls.Certificate, error) {
	if e.ca == nil {
		return tls.Certificate{}, errors.New("client certificate: no TLS listener (WithTLSListen) and so no local CA")
	}
	now := time.Now()
	return e.ca.IssueClient(subject, now.Add(-time.Minute), now.Add(24*time.Hour))
}

// TLSURL is the base URL of the TLS listener ("" without one).
func (e *Env) TLSURL() string { return e.tlsURL }

// CACertPEM is the CA certificate the TLS listener's certificate chains
// to (nil without a TLS listener).
func (e *Env) CACertPEM() []byte {
	if e.ca == nil {
		return nil
	}
	return e.ca.CertPEM
}

func (e *Env) startVendors() error {
	for _, v := range protocol.Vendors {
		factory, ok := vendorFactories[v]
		if !ok || !e.opts.runs(v) {
			continue
		}
		vc := e.cfg.Vendors[string(v)]
		srv, err := factory.newServer(mockvendors.Config{
			Trace:      e.trace,
			Seed:       e.seed,
			Latency:    seed.Latency{Median: vc.Latency.Median.D(), P99: vc.Latency.P99.D()},
			DropRate:   vc.DropRate,
			Limits:     vc.Limits,
			HTTPClient: e.client,
			Apps:       e.cfg.vendorApps(v),
			Faults:     vc.Faults,
			// Receipts go to loopback and the certificates' receipt
			// hosts only, whatever a request names.
			ReceiptHosts: e.cfg.receiptHosts(v),
			MaxMessages:  e.opts.limits.VendorMaxMessages,
		}, vendorExtras{clientCAs: e.clientCAs})
		if err != nil {
			return fmt.Errorf("vendor %s: %w", v, err)
		}
		e.vendors[v] = srv
	}
	return nil
}

func (e *Env) startIM() error {
	// The IM calls the vendor mocks of this process in process: the
	// requests go through the served handler (set below, once it is
	// built), with no socket between them.
	e.pushTransport = &inproc.Transport{Host: e.ln.Addr().String(), Next: e.client.Transport}
	// No client timeout: fakeim bounds every push with its own deadline
	// (fakeim.PushTimeout), and a client timeout would cost a goroutine
	// and a timer per call.
	pushClient := &http.Client{Transport: e.pushTransport}
	pushers := map[protocol.Vendor]protocol.Pusher{}
	for v := range e.vendors {
		pushers[v] = vendorFactories[v].newClient(e.VendorURL(v), pushClient)
	}
	im, err := fakeim.New(fakeim.Config{
		SDKAppID: e.cfg.IM.SDKAppID, SecretKey: e.cfg.IM.SecretKey, Admin: e.cfg.IM.Admin,
		LoginPolicy: e.cfg.IM.LoginPolicy, Trace: e.trace, Seed: e.seed, Pushers: pushers,
		ActivationDelay: fakeimDelay(e.cfg.IM.defaultActivationDelay()), HeartbeatTimeout: e.cfg.IM.HeartbeatTimeout.D(),
		LoginDeadline: e.opts.limits.LoginDeadline,
		PushLanes:     e.pushLanes(),
	})
	if err != nil {
		return fmt.Errorf("fakeim: %w", err)
	}
	e.im = im
	for _, c := range e.cfg.IM.Certificates {
		if err := e.addCertificate(c); err != nil {
			return err
		}
	}
	for _, u := range e.cfg.users() {
		if err := im.ImportAccount(u); err != nil {
			return fmt.Errorf("import %s: %w", u, err)
		}
	}
	return nil
}

func (e *Env) addCertificate(c CertificateConfig) error {
	delay := fakeimDelay(c.activationDelay(e.cfg.IM))
	if err := e.im.AddCertificate(fakeim.CertificateSpec{Certificate: c.Certificate(), ActivationDelay: delay}); err != nil {
		return fmt.Errorf("certificate %d: %w", c.ID, err)
	}
	if v, ok := e.vendors[protocol.Vendor(c.Vendor)]; ok {
		if app, ok := vendorApp(c); ok && !v.HasApp(app.ID) {
			v.AddApp(app)
		}
	}
	return nil
}

func (e *Env) startDevices() error {
	for _, dc := range e.cfg.Devices {
		if err := e.addDevice(dc); err != nil {
			return err
		}
	}
	ctx, cancel := e.actionContext()
	defer cancel()
	for _, d := range e.deviceList() {
		if err := d.WaitPushService(ctx); err != nil {
			return err
		}
	}
	e.Settle()
	return nil
}

// addDevice builds the device, registers it and powers it on.
func (e *Env) addDevice(dc DeviceConfig) error {
	d, err := e.newDevice(dc)
	if err != nil {
		return err
	}
	if err := e.register(d); err != nil {
		return err
	}
	d.Start()
	return nil
}

// newDevice builds a simulated device from its configuration.
func (e *Env) newDevice(dc DeviceConfig) (*simulator.Device, error) {
	_, runs := e.vendors[protocol.Brand(dc.Brand).Vendor()]
	sc := e.cfg.simulatorConfig(dc, e.baseURL, runs)
	sc.Dialer, sc.Trace, sc.Seed, sc.Timeout = e.net, e.trace, e.seed, e.opts.timeout
	sc.UserSig = func(user string) (string, error) { return e.im.GenUserSig(user, 24*time.Hour) }
	return simulator.New(sc)
}

// simulatorConfig is device dc's simulator configuration for servers at
// base (the vendor channel too when vendorRuns), without the network,
// trace, seed, timeout and UserSig, which the caller sets.
func (c Config) simulatorConfig(dc DeviceConfig, base string, vendorRuns bool) simulator.Config {
	brand := protocol.Brand(dc.Brand)
	app := simulator.AppConfig{
		Package: dc.App.Package, CertificateID: dc.App.Certificate, AppID: dc.App.AppID, AppKey: dc.App.AppKey,
		ReceiverKept: dc.App.ReceiverKept, Permissions: dc.App.Permissions,
		NotificationsEnabled: dc.App.NotificationsEnabled, Channels: dc.App.Channels,
		LauncherActivity: dc.App.LauncherActivity,
	}
	if dc.App.RegisterDelay != nil {
		app.RegisterDelay = dc.App.RegisterDelay.D()
	}
	cert, known := c.certificate(dc.App.Certificate)
	if known {
		app.PushVendor = protocol.Vendor(cert.Vendor)
	}
	if known && cert.Vendor == string(brand.Vendor()) {
		if app.AppID == "" {
			app.AppID = cert.deviceAppID()
		}
		if app.AppKey == "" {
			app.AppKey = cert.AppKey
		}
	}
	vendorURL := ""
	if vendorRuns {
		vendorURL = base + "/" + string(brand.Vendor())
	}
	var imLink, vendorLink simulator.LinkCondition
	if dc.Link != nil {
		imLink, vendorLink = dc.Link.IM.condition(), dc.Link.Vendor.condition()
	}
	return simulator.Config{
		IMLink: imLink, VendorLink: vendorLink,
		ID: dc.ID, Brand: brand, ROM: dc.ROM, Android: dc.Android, User: dc.User, App: app,
		IMURL: base, VendorURL: vendorURL, SDKAppID: c.IM.SDKAppID,
		HeartbeatInterval: c.IM.heartbeatInterval(),
	}
}

// Close stops every device and server and closes the network.
func (e *Env) Close() error {
	e.closeOnce.Do(func() {
		var errs []error
		e.devMu.Lock()
		e.devClosed = true
		e.devMu.Unlock()
		for _, d := range e.deviceList() {
			d.Close()
		}
		if e.front != nil {
			errs = append(errs, ignoreClosed(e.front.Close()))
		}
		if e.tlsServer != nil {
			errs = append(errs, ignoreClosed(e.tlsServer.Close()))
			<-e.tlsServed
		}
		if e.tunnelServer != nil {
			errs = append(errs, ignoreClosed(e.tunnelServer.Close()))
			<-e.tunnelServed
		}
		if e.im != nil {
			errs = append(errs, e.im.Close())
		}
		for _, v := range protocol.Vendors {
			if s, ok := e.vendors[v]; ok {
				errs = append(errs, s.Close())
			}
		}
		if e.client != nil {
			e.client.CloseIdleConnections()
		}
		if e.net != nil {
			errs = append(errs, e.net.Close())
		}
		if e.front != nil {
			<-e.served
		}
		e.closeErr = errors.Join(errs...)
	})
	return e.closeErr
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// URL is the environment's base URL (http://host:port).
func (e *Env) URL() string { return e.baseURL }

// VendorURL is the base URL of a vendor mock's server API.
func (e *Env) VendorURL(v protocol.Vendor) string { return e.baseURL + "/" + string(v) }

// Trace is the environment's trace.
func (e *Env) Trace() *trace.Trace { return e.trace }

// IM is the fake IM server.
func (e *Env) IM() *fakeim.Server { return e.im }

// Vendor returns a vendor mock.
func (e *Env) Vendor(v protocol.Vendor) (mockvendors.Server, bool) {
	s, ok := e.vendors[v]
	return s, ok
}

// Seed is the root seed.
func (e *Env) Seed() uint64 { return e.cfg.Seed }

// Virtual reports whether the environment runs in virtual time.
func (e *Env) Virtual() bool { return e.virtual }

// Elapsed is the simulated (or real) time since the environment started.
func (e *Env) Elapsed() time.Duration { return time.Since(e.trace.Start()) }

// Settle waits, in virtual time, until every goroutine of the environment
// is blocked: everything the last action set off has happened. In real
// time it returns at once.
func (e *Env) Settle() {
	if e.virtual {
		e.settling <- struct{}{}
		synctest.Wait()
		<-e.settling
	}
}

// Advance lets d of simulated time pass (real time in loopback mode).
func (e *Env) Advance(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
	e.Settle()
}

// waitUntil settles, then in real time polls cond until it holds or the
// action timeout passes. In virtual time settling is enough: cond is
// checked once.
func (e *Env) waitUntil(what string, cond func() bool) error {
	e.Settle()
	if cond() {
		return nil
	}
	if e.virtual {
		return fmt.Errorf("%s: not the case once everything settled", what)
	}
	deadline := time.NewTimer(e.opts.timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return nil
			}
		case <-deadline.C:
			return fmt.Errorf("%s: still not the case after %s", what, e.opts.timeout)
		}
	}
}

// actionContext bounds one action.
func (e *Env) actionContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), e.opts.timeout)
}

// AddCertificate adds or changes a certificate mid-run; it takes effect at
// a seeded moment within its activation delay.
func (e *Env) AddCertificate(c CertificateConfig) error {
	if err := c.validate(); err != nil {
		return err
	}
	return e.addCertificate(c)
}

// pushLanes is how many lanes each vendor's pushes share in fakeim: one in
// virtual time, so that runs are deterministic; realLanes over real
// sockets, so that one slow vendor call holds up only its lane.
func (e *Env) pushLanes() int {
	if e.virtual {
		return 1
	}
	return realLanes
}

// realLanes is the number of push lanes per vendor in real time.
const realLanes = 16

// nextMsgRandom returns the MsgRandom of the next message: a seeded
// permutation of the message's number, so no two messages of a run share
// one (up to 2^32 messages) and the IM's dedup can never merge them.
func (e *Env) nextMsgRandom() uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.nextRand++
	return msgRandom(e.seed.Stream("harness", "msg_random").Uint32(), e.nextRand)
}

// msgRandom maps the n-th message to its MsgRandom: multiplying by an odd
// constant and xoring a seeded base are both one-to-one on 32 bits.
func msgRandom(base uint32, n uint64) uint32 { return base ^ uint32(n)*0x9E3779B1 }

// sortedVendors lists the running vendor mocks.
func (e *Env) sortedVendors() []protocol.Vendor {
	var vs []protocol.Vendor
	for v := range e.vendors {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	return vs
}

// Sockets counts the sockets an environment holds open for phones.
type Sockets struct {
	// IM is the IM server's websockets (one per running app).
	IM int `json:"im"`
	// DeviceChannels is the vendor mocks' device-channel sockets, all
	// vendors together (one per phone whose push service is connected).
	DeviceChannels int `json:"device_channels"`
}

// sockets counts the phone sockets open now.
func (e *Env) sockets() Sockets {
	n := Sockets{IM: e.im.Sockets()}
	for _, v := range e.vendors {
		n.DeviceChannels += v.Hub().Sockets()
	}
	return n
}

// UsedVendors lists the vendors a configuration uses: its certificates' and
// its devices' (for WithVendors).
func (c Config) UsedVendors() []protocol.Vendor {
	var out []protocol.Vendor
	add := func(v protocol.Vendor) {
		if _, err := protocol.ParseVendor(string(v)); err == nil && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, cert := range c.IM.Certificates {
		add(protocol.Vendor(cert.Vendor))
	}
	for _, d := range c.Devices {
		add(protocol.Brand(d.Brand).Vendor())
	}
	return out
}

// BringUp launches every device's app and logs its user in, so their
// tokens exist (what `pushsim serve --config` does before it is ready).
func (e *Env) BringUp() error {
	for _, id := range e.DeviceIDs() {
		p := e.Phone(id)
		if err := p.Launch(); err != nil {
			return err
		}
		if err := p.Login(); err != nil {
			return err
		}
	}
	return nil
}

// HTTPClient is a client on the environment's network, for calling the
// vendor mocks' server APIs directly as a backend would.
func (e *Env) HTTPClient() *http.Client { return e.client }
