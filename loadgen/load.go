// Package loadgen is `pushsim load`: a fleet of simulated phones is
// launched, logged in and killed, then messages are sent to them through
// the IM server's REST API, and every message is followed to its outcome
// (notified, online, or not delivered with a reason) and counted exactly
// once. The report is load.json (see Report).
package loadgen

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pushsim/pushsim/fleet"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/scenarios/format"
)

// envYAML holds one certificate per vendor; the fleet is appended.
//
//go:embed env.yaml
var envYAML []byte

// Targets.
const (
	// TargetEmbedded runs servers and phones in this process over the
	// in-memory network, in real time.
	TargetEmbedded = "embedded"
	// TargetVirtual is TargetEmbedded in virtual time: vendor latencies
	// and waits cost no wall time.
	TargetVirtual = "virtual"
)

// Options configure a load run.
type Options struct {
	// Devices is the fleet's size; Brands its shares (default all Meizu).
	Devices int
	Brands  []fleet.Share
	// Messages are sent one after another as fast as the workers go,
	// to phone i mod Devices (default: one per phone). Or Rate a second
	// for Duration.
	Messages int
	Rate     float64
	Duration time.Duration
	// Target is TargetEmbedded, TargetVirtual, or the http://HOST:PORT
	// of a pushsim serve that the phones, run in this process, reach
	// over TCP (serve it ServeConfig's environment).
	Target string
	// SecretKey is the IM secret key of a served environment (default:
	// derived from the seed, as ServeConfig prints it); AdminToken its
	// admin token, if it has one.
	SecretKey, AdminToken string
	Seed                  uint64
	// Shard and Shards pick the Shard-th of Shards slices of the fleet.
	Shard, Shards int
	// Workers bound the phones started and messages sent at once
	// (default 64).
	Workers int
	// Tunnel carries the phones' connections to a served environment as
	// HTTP/2 streams over a few TCP connections (tunnel.Path) instead of
	// a socket each, so that one serve holds more phones than its
	// open-file limit.
	Tunnel bool
	// VendorLimitsOff turns every vendor's published limits off (Meizu's
	// folding of more than 5 messages a minute to one phone, daily
	// quotas, FCM's per-device rates), for rates beyond them; ServeConfig
	// carries it to serve.
	VendorLimitsOff bool
	// Batch, against a served environment, sends up to this many
	// messages, to as many different phones, in one REST batchsendmsg
	// call (at most MaxBatch; default 1: one sendmsg each).
	Batch int
	// Settle is how long after the last send outcomes are awaited
	// (default 2m); what is still under way then is in_flight.
	Settle time.Duration
	// Progress, when set, is updated as the run goes.
	Progress *Progress
}

// Fleet-wide names of the load fleet.
const (
	IDPrefix   = "load-"
	UserPrefix = "load-user-"
	Package    = "com.example.chat"
	Sender     = "load-sender"
)

// MaxBatch is the most recipients of one batchsendmsg.
const MaxBatch = 500

// MaxMessages bounds a run's messages.
const MaxMessages = 10_000_000

func (o *Options) defaults() error {
	if o.Devices < 1 || o.Devices > fleet.MaxCount {
		return fmt.Errorf("--devices %d: want 1 to %d", o.Devices, fleet.MaxCount)
	}
	if len(o.Brands) == 0 {
		o.Brands = []fleet.Share{{Brand: "meizu", Weight: 1}}
	}
	if o.Shards == 0 {
		o.Shards = 1
	}
	if o.Shard < 0 || o.Shard >= o.Shards {
		return fmt.Errorf("shard %d/%d: want 0 <= i < N", o.Shard, o.Shards)
	}
	if o.Rate < 0 || o.Duration < 0 {
		return errors.New("--rate and --duration may not be negative")
	}
	if (o.Rate > 0) != (o.Duration > 0) {
		return errors.New("--rate and --duration go together")
	}
	if o.Rate > 0 && o.Messages > 0 {
		return errors.New("give --messages or --rate with --duration, not both")
	}
	if o.Rate > 0 {
		o.Messages = int(o.Rate * o.Duration.Seconds())
		if o.Messages < 1 {
			return fmt.Errorf("--rate %v for %s sends no message", o.Rate, o.Duration)
		}
	}
	if o.Messages == 0 {
		o.Messages = o.Devices
	}
	if o.Messages < 0 || o.Messages > MaxMessages {
		return fmt.Errorf("--messages %d: want 1 to %d", o.Messages, MaxMessages)
	}
	if o.Target == "" {
		o.Target = TargetEmbedded
	}
	if IsURLTarget(o.Target) {
		if err := checkURLTarget(o.Target); err != nil {
			return err
		}
	} else if o.Target != TargetEmbedded && o.Target != TargetVirtual {
		return fmt.Errorf("--target %q: want embedded, virtual or http://HOST:PORT", o.Target)
	}
	if o.Batch < 0 || o.Batch > MaxBatch {
		return fmt.Errorf("--batch %d: want 1 to %d", o.Batch, MaxBatch)
	}
	if (o.Batch > 1 || o.Tunnel) && !IsURLTarget(o.Target) {
		return errors.New("--batch and --tunnel are for --target http://HOST:PORT")
	}
	if o.Workers <= 0 {
		o.Workers = 64
	}
	if o.Settle <= 0 {
		o.Settle = 2 * time.Minute
	}
	if o.Progress == nil {
		o.Progress = &Progress{}
	}
	return nil
}

// Spec is the fleet of the options.
func (o Options) Spec() fleet.Spec {
	return fleet.Spec{Count: o.Devices, Brands: o.Brands, IDPrefix: IDPrefix, UserPrefix: UserPrefix, Seed: o.Seed}
}

// envDoc is the load's environment as a scenario-format document: the
// certificates, the seed and the sender, and the whole fleet when
// withFleet. Parsing it gives the same phones on every machine.
func (o Options) envDoc(withFleet bool) []byte {
	var b bytes.Buffer
	b.Write(envYAML)
	fmt.Fprintf(&b, "seed: %d\nusers: [%s]\n", o.Seed, Sender)
	if o.VendorLimitsOff {
		b.WriteString("vendors:\n")
		for _, v := range protocol.Vendors {
			fmt.Fprintf(&b, "  %s: {limits: off}\n", v)
		}
	}
	if !withFleet {
		return b.Bytes()
	}
	fmt.Fprintf(&b, "devices:\n  - fleet: {count: %d, user_prefix: %s, id_prefix: %s, brands: {", o.Devices, UserPrefix, IDPrefix)
	for i, s := range o.Brands {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", s.Brand, strconv.FormatFloat(s.Weight, 'g', -1, 64))
	}
	fmt.Fprintf(&b, "}}\n    app: {package: %s, channels: [im_channel], notifications_enabled: true}\n", Package)
	return b.Bytes()
}

// ServeConfig is the `pushsim serve --config` document a load with
// --target URL runs against: the seed, the IM block with its secret key
// (o.SecretKey, else the one the seed derives) and a certificate per
// vendor, the sender; no devices, for the phones run in the load
// processes and the load imports their users. Every shard of one fleet
// and seed shares it, and so one serve.
func (o Options) ServeConfig() []byte {
	key := o.SecretKey
	if key == "" {
		key = harness.Config{Seed: o.Seed}.WithDefaults().IM.SecretKey
	}
	doc := o.envDoc(false)
	return bytes.Replace(doc, []byte("\nim:\n"), []byte("\nim:\n  secret_key: "+strconv.Quote(key)+"\n"), 1)
}

// config parses the environment with the fleet and keeps the shard's
// phones.
func (o Options) config() (harness.Config, error) {
	cfg, err := format.ParseServeConfig("pushsim-load.yaml", o.envDoc(true))
	if err != nil {
		return cfg, fmt.Errorf("the load environment: %w", err)
	}
	n := len(cfg.Devices)
	cfg.Devices = cfg.Devices[n*o.Shard/o.Shards : n*(o.Shard+1)/o.Shards]
	return cfg, nil
}

// Progress is a run's progress, safe to read while it runs.
type Progress struct {
	phase                        atomic.Value // string
	Phones, Ready, Sent, Settled atomic.Int64
	Messages                     atomic.Int64
}

// Phase is what the run is doing: start, phones, send, settle, done (and
// against a served environment, account: asking it why messages reached
// no tray, Settled counting the questions answered).
func (p *Progress) Phase() string {
	s, _ := p.phase.Load().(string)
	return s
}

func (p *Progress) setPhase(s string) { p.phase.Store(s) }

// Run runs the load in the environment's time: started from a context
// made by harness.RunVirtual, in virtual time. WallMS and PeakRSSBytes are
// left to the caller (the wall clock stands still in virtual time).
func Run(ctx context.Context, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if IsURLTarget(o.Target) {
		return runRemote(ctx, o)
	}
	cfg, err := o.config()
	if err != nil {
		return nil, err
	}
	pr := o.Progress
	pr.setPhase("start")
	pr.Phones.Store(int64(len(cfg.Devices)))
	startedAt := time.Now()
	env, err := harness.Start(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer env.Close()
	r := newReport()
	r.Devices, r.FleetDevices, r.Seed, r.Target = len(cfg.Devices), o.Devices, o.Seed, o.Target
	r.Shard = fmt.Sprintf("%d/%d", o.Shard, o.Shards)
	if len(cfg.Devices) == 0 {
		pr.setPhase("done")
		r.finish()
		return r, nil
	}
	pr.setPhase("phones")
	if err := forEach(o.Workers, len(cfg.Devices), func(i int) error {
		p := env.Phone(cfg.Devices[i].ID)
		for _, step := range []func() error{p.Launch, p.Login, p.Kill} {
			if err := step(); err != nil {
				return fmt.Errorf("%s: %w", p.ID(), err)
			}
		}
		pr.Ready.Add(1)
		return nil
	}); err != nil {
		return nil, err
	}
	// The messages of this shard: message j of the fleet goes to phone
	// j mod Devices; the shard sends those to its own phones.
	lo := o.Devices * o.Shard / o.Shards
	hi := o.Devices * (o.Shard + 1) / o.Shards
	var mine []int
	for j := range o.Messages {
		if k := j % o.Devices; k >= lo && k < hi {
			mine = append(mine, j)
		}
	}
	pr.Messages.Store(int64(len(mine)))
	pr.setPhase("send")
	if env.Virtual() {
		// Every shard starts sending at the same simulated moment, so
		// send times, and all that depends on them, match a whole run.
		if wait := time.Until(startedAt.Add(sendOffset(o))); wait > 0 {
			env.Advance(wait)
		}
	}
	sent := make([]*harness.Message, len(mine))
	start := time.Now()
	var interval time.Duration
	if o.Rate > 0 {
		interval = time.Duration(float64(time.Second) / o.Rate)
	}
	// In virtual time messages go one by one: what a vendor answers may
	// depend on the order it sees them in, and only one order replays.
	// Sending costs no simulated time, so nothing is lost.
	senders := o.Workers
	if env.Virtual() {
		senders = 1
	}
	if err := forEach(senders, len(mine), func(i int) error {
		j := mine[i]
		if interval > 0 {
			if wait := time.Until(start.Add(time.Duration(j) * interval)); wait > 0 {
				time.Sleep(wait)
			}
		}
		d := cfg.Devices[j%o.Devices-lo]
		// Its MsgRandom and MsgSeq are the message's number: unique in the
		// run, and the same in a shard as in a run of the whole fleet, so
		// its MsgKey (and every vendor ID derived from it) is too.
		m, err := env.Send(harness.SendSpec{From: Sender, To: d.User, Text: "load " + strconv.Itoa(j), Random: uint32(j) + 1, Seq: int64(j) + 1,
			Push: &harness.PushInfo{Title: "load", Desc: "message " + strconv.Itoa(j), Android: androidInfo}})
		if err != nil {
			return fmt.Errorf("message %d to %s: %w", j, d.User, err)
		}
		sent[i] = m
		pr.Sent.Add(1)
		return nil
	}); err != nil {
		return nil, err
	}
	pr.setPhase("settle")
	vendorOf := map[string]string{}
	for _, d := range cfg.Devices {
		vendorOf[d.ID] = d.Brand
	}
	// A real-time run draws its rate curve from the sends' start.
	curveFrom := start
	if env.Virtual() {
		curveFrom = time.Time{}
	}
	settle(env, o, r, sent, vendorOf, curveFrom)
	r.SimMS = env.Elapsed().Milliseconds()
	pr.setPhase("done")
	r.finish()
	return r, r.Accounted()
}

// sendOffset is when, after the start, a virtual-time run begins to send:
// a bound on the phones phase of the whole fleet (10 s, and 1 s per round
// of Workers phones), the same for every shard.
func sendOffset(o Options) time.Duration {
	return 10*time.Second + time.Duration((o.Devices+o.Workers-1)/o.Workers)*time.Second
}

// settle follows each message to its outcome, waiting up to o.Settle
// after the last send, and counts each once.
func settle(env *harness.Env, o Options, r *Report, sent []*harness.Message, brandOf map[string]string, curveFrom time.Time) {
	pending := sent
	deadline := time.Now().Add(o.Settle)
	step := time.Second
	if !env.Virtual() {
		step = 50 * time.Millisecond
	}
	for {
		env.Settle()
		last := !time.Now().Before(deadline)
		var still []*harness.Message
		for _, m := range pending {
			if !account(env, r, m, brandOf, last, curveFrom) {
				still = append(still, m)
			}
		}
		o.Progress.Settled.Add(int64(len(pending) - len(still)))
		pending = still
		if len(pending) == 0 || last {
			return
		}
		env.Advance(min(step, time.Until(deadline)))
	}
}

// account counts message m's outcome on its recipient's phones, unless it
// is still under way and final is false. Unless curveFrom is zero it also
// adds m to the rate curve: sent in the second of its send since
// curveFrom, and where notified, in the second its notification came.
func account(env *harness.Env, r *Report, m *harness.Message, brandOf map[string]string, final bool, curveFrom time.Time) bool {
	f, ok := env.Fate(m.Key)
	if !ok || len(f.Devices) == 0 {
		if !final {
			return false
		}
		r.Sent++
		r.NotDelivered[ReasonInFlight]++
		return true
	}
	for _, d := range f.Devices {
		if d.Outcome == "" && !final {
			return false
		}
	}
	at := m.SentAt.Sub(curveFrom)
	for _, d := range f.Devices {
		r.Sent++
		if !curveFrom.IsZero() {
			r.perSecond(int(at/time.Second)).Sent++
			if d.Outcome == harness.OutcomeNotified {
				r.perSecond(int((at+time.Duration(d.LatencyMS)*time.Millisecond)/time.Second)).Notified++
			}
		}
		switch d.Outcome {
		case harness.OutcomeNotified:
			r.Notified++
			r.addLatency(vendorName(brandOf[d.Device]), d.LatencyMS)
		case harness.OutcomeOnline:
			r.Online++
		case "":
			r.NotDelivered[ReasonInFlight]++
		default:
			reason := string(d.Reason)
			if reason == "" {
				reason = ReasonInFlight
			}
			r.NotDelivered[reason]++
		}
	}
	return true
}

// forEach runs f(0..n-1) on at most workers goroutines and returns the
// first error; after one, no new item starts.
func forEach(workers, n int, f func(i int) error) error {
	next := make(chan int, workers)
	var (
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
		failed  atomic.Bool
	)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if failed.Load() {
					continue
				}
				if err := f(i); err != nil {
					errOnce.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	for i := range n {
		if failed.Load() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
