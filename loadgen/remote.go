package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/tunnel"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// IsURLTarget reports whether target names a served environment
// (http://host:port) rather than embedded or virtual.
func IsURLTarget(target string) bool {
	return strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://")
}

// checkURLTarget checks a served environment's address.
func checkURLTarget(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("--target %q: %w", target, err)
	}
	if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("--target %q: want http://HOST:PORT of a pushsim serve, no path", target)
	}
	return nil
}

// reasonKinds are the kinds of serve's trace events that say why a
// message did not reach a phone's tray.
var reasonKinds = []string{string(trace.IMRoute), string(trace.IMOnline), string(trace.VendorResult), string(trace.VendorDrop), string(trace.DeviceDrop)}

// maxReasonQueries bounds how many messages' (MsgKeys') reasons a run
// asks serve for after the settle: a run that overran serve may leave
// hundreds of thousands short of a tray, and serve is busiest then.
const maxReasonQueries = 256

// remoteTraceEvents bounds the trace of the phones of a remote run: what
// is counted is taken from the live feed, not from the kept events.
const remoteTraceEvents = 100_000

// notifyFeed is the buffer of the live feed of the phones' notifications.
const notifyFeed = 1 << 16

// remoteRun is one run against a served environment.
type remoteRun struct {
	o       Options
	cfg     harness.Config
	rest    *imREST
	api     *client.Client
	trace   *trace.Trace
	devices []*simulator.Device
	lo, hi  int // the shard's phones are lo <= k < hi of the fleet

	// Per message i of the shard (message number j = o.jOf(i)): when it
	// was sent and when its notification appeared (Unix ns, 0: not yet),
	// and its MsgKey.
	sentAt     []atomic.Int64
	notifiedAt []atomic.Int64
	keys       []string
	notified   atomic.Int64
	start      time.Time // of the sending
	// batch is how many messages go in one REST call (batchsendmsg when
	// more than one), at most the shard's phones so that the recipients
	// of a batch differ; index maps a device ID to its place in the shard.
	batch   int
	index   map[string]int
	closers []func()
	// reasons follows serve's trace for the reasons messages did not
	// reach a tray.
	reasons *reasonFollower
}

// deviceConfig is the phone message i of the shard goes to.
func (r *remoteRun) deviceConfig(i int) harness.DeviceConfig {
	return r.cfg.Devices[r.jOf(i)%r.o.Devices-r.lo]
}

// catchUpTime bounds the last read of serve's trace after the settle.
const catchUpTime = 30 * time.Second

// runRemote runs the load's shard against pushsim serve at o.Target: the
// phones run here and reach serve over real TCP; messages go through
// serve's IM REST API; outcomes are read from the phones' trays, and for
// messages that never reach one, from serve's /_pushsim/messages.
func runRemote(ctx context.Context, o Options) (*Report, error) {
	cfg, err := o.config()
	if err != nil {
		return nil, err
	}
	if o.SecretKey != "" {
		cfg.IM.SecretKey = o.SecretKey
	}
	cfg = cfg.WithDefaults()
	base := strings.TrimRight(o.Target, "/")
	senders := o.Workers
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: senders, MaxConnsPerHost: senders, IdleConnTimeout: 90 * time.Second,
	}}
	defer hc.CloseIdleConnections()
	rest, err := newIMREST(base, hc, cfg.IM.SDKAppID, cfg.IM.Admin, cfg.IM.SecretKey)
	if err != nil {
		return nil, err
	}
	// A fate of a batch of messages can take serve a while under load.
	opts := []client.Option{client.WithHTTPClient(&http.Client{Timeout: 5 * time.Minute, Transport: hc.Transport})}
	if o.AdminToken != "" {
		opts = append(opts, client.WithToken(o.AdminToken))
	}
	r := &remoteRun{o: o, cfg: cfg, rest: rest, api: client.New(base, opts...), trace: trace.New(time.Now()),
		lo: o.Devices * o.Shard / o.Shards, hi: o.Devices * (o.Shard + 1) / o.Shards}
	r.trace.SetRetention(trace.Retention{MaxEvents: remoteTraceEvents})
	r.batch = max(1, min(o.Batch, r.hi-r.lo))
	r.index = make(map[string]int, len(cfg.Devices))
	for k, d := range cfg.Devices {
		r.index[d.ID] = k
	}
	defer r.close()
	return r.run(ctx)
}

func (r *remoteRun) close() {
	for _, d := range r.devices {
		if d != nil {
			d.Close()
		}
	}
	for _, c := range r.closers {
		c()
	}
}

// jOf is the fleet-wide number of the shard's i-th message: message j
// goes to phone j mod Devices, and the shard sends those to its phones.
func (r *remoteRun) jOf(i int) int {
	n := r.hi - r.lo
	return (i/n)*r.o.Devices + r.lo + i%n
}

// iOf is jOf's inverse, false for a message of another shard.
func (r *remoteRun) iOf(j int) (int, bool) {
	k := j % r.o.Devices
	if j < 0 || j >= r.o.Messages || k < r.lo || k >= r.hi {
		return 0, false
	}
	return (j/r.o.Devices)*(r.hi-r.lo) + k - r.lo, true
}

// shardMessages counts the shard's messages.
func (r *remoteRun) shardMessages() int {
	n := r.hi - r.lo
	if n == 0 {
		return 0
	}
	full, rest := r.o.Messages/r.o.Devices, r.o.Messages%r.o.Devices
	return full*n + max(0, min(rest, r.hi)-r.lo)
}

func (r *remoteRun) run(ctx context.Context) (*Report, error) {
	o, pr := r.o, r.o.Progress
	rep := newReport()
	rep.Devices, rep.FleetDevices, rep.Seed, rep.Target = len(r.cfg.Devices), o.Devices, o.Seed, o.Target
	rep.Shard = fmt.Sprintf("%d/%d", o.Shard, o.Shards)
	pr.setPhase("start")
	pr.Phones.Store(int64(len(r.cfg.Devices)))
	if len(r.cfg.Devices) == 0 {
		pr.setPhase("done")
		rep.finish()
		return rep, nil
	}
	users := []string{Sender}
	for _, d := range r.cfg.Devices {
		users = append(users, d.User)
	}
	if err := r.rest.importAccounts(ctx, users); err != nil {
		return nil, fmt.Errorf("importing the shard's users into %s: %w", o.Target, err)
	}
	pr.setPhase("phones")
	if err := r.startPhones(ctx); err != nil {
		return nil, err
	}
	if err := r.awaitKilled(ctx, users[1:]); err != nil {
		return nil, err
	}
	n := r.shardMessages()
	pr.Messages.Store(int64(n))
	r.sentAt = make([]atomic.Int64, n)
	r.notifiedAt = make([]atomic.Int64, n)
	r.keys = make([]string, n)
	feed := r.trace.Subscribe(notifyFeed)
	var wg sync.WaitGroup
	wg.Go(func() { r.follow(feed) })
	defer func() {
		feed.Cancel()
		wg.Wait()
	}()
	r.reasons = newReasonFollower(r.api, func(d string) bool { _, ok := r.index[d]; return ok })
	fctx, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	wg.Go(func() { r.reasons.run(fctx) })
	pr.setPhase("send")
	if err := r.send(ctx); err != nil {
		return nil, err
	}
	pr.setPhase("settle")
	r.settle(ctx)
	feed.Cancel()
	stopFollowing()
	wg.Wait()
	cctx, cancel := context.WithTimeout(ctx, catchUpTime)
	r.reasons.catchUp(cctx)
	cancel()
	if err := r.account(ctx, rep); err != nil {
		return nil, err
	}
	pr.setPhase("done")
	rep.finish()
	return rep, rep.Accounted()
}

// startPhones builds, powers on, launches, logs in and kills every phone
// of the shard, o.Workers at a time.
func (r *remoteRun) startPhones(ctx context.Context) error {
	base := strings.TrimRight(r.o.Target, "/")
	remote := harness.Remote{BaseURL: base, Dialer: netsim.NewLoopback(), Trace: r.trace}
	if r.o.Tunnel {
		d := tunnel.NewDialer(base, r.o.AdminToken)
		r.closers = append(r.closers, d.Close)
		remote.Dialer = d
	}
	r.devices = make([]*simulator.Device, len(r.cfg.Devices))
	var mu sync.Mutex
	return forEach(r.o.Workers, len(r.cfg.Devices), func(i int) error {
		d, err := r.cfg.NewRemoteDevice(r.cfg.Devices[i], remote)
		if err != nil {
			return err
		}
		mu.Lock()
		r.devices[i] = d
		mu.Unlock()
		d.Start()
		actx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		steps := []struct {
			name string
			f    func(context.Context) error
		}{{"power on", d.WaitPushService}, {"launch", d.Launch}, {"login", d.Login}, {"kill", d.Kill}}
		for _, s := range steps {
			if err := s.f(actx); err != nil {
				return fmt.Errorf("%s: %s: %w", d.ID(), s.name, err)
			}
		}
		r.o.Progress.Ready.Add(1)
		return nil
	})
}

// awaitKilled waits until serve's IM sees every phone's socket closed
// (each user PushOnline), polling query_online_status, for at most a
// minute.
func (r *remoteRun) awaitKilled(ctx context.Context, users []string) error {
	deadline := time.Now().Add(time.Minute)
	pending := users
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		st, err := r.rest.statuses(ctx, pending)
		if err != nil {
			return fmt.Errorf("asking %s for the phones' IM state: %w", r.o.Target, err)
		}
		var still []string
		for _, u := range pending {
			if st[u] != "PushOnline" {
				still = append(still, u)
			}
		}
		if pending = still; len(pending) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after a minute the IM of %s still has %d of the killed phones' users not PushOnline (%s is %s)", r.o.Target, len(pending), pending[0], st[pending[0]])
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// notifyBody is the push text of message j (sent alone) or of batch b:
// the tray entry carries it back.
func notifyBody(j int) string { return "message " + strconv.Itoa(j) }

func batchBody(b int) string { return "batch " + strconv.Itoa(b) }

// messageOf is the shard's message a notification on the shard's k-th
// phone with the text body stands for.
func (r *remoteRun) messageOf(k int, body string) (int, bool) {
	if rest, ok := strings.CutPrefix(body, "batch "); ok && r.batch > 1 {
		b, err := strconv.Atoi(rest)
		if err != nil || b < 0 {
			return 0, false
		}
		n, first := r.hi-r.lo, b*r.batch
		i := first + (k-first%n+n)%n
		return i, i < first+r.batch && i < len(r.keys)
	}
	j, err := strconv.Atoi(strings.TrimPrefix(body, "message "))
	if err != nil || r.batch > 1 {
		return 0, false
	}
	i, ok := r.iOf(j)
	return i, ok && i < len(r.keys)
}

// follow marks each message whose notification appears in a phone's tray.
func (r *remoteRun) follow(feed *trace.Subscription) {
	for ev := range feed.Events() {
		if ev.Kind != trace.DeviceNotify {
			continue
		}
		k, ok := r.index[ev.Device]
		if !ok {
			continue
		}
		if i, ok := r.messageOf(k, ev.Detail("body")); ok && r.notifiedAt[i].CompareAndSwap(0, ev.At.UnixNano()) {
			r.notified.Add(1)
		}
	}
}

// send sends the shard's messages, at o.Rate a second when set: one
// sendmsg each, or batchsendmsg to r.batch phones at once.
func (r *remoteRun) send(ctx context.Context) error {
	var interval time.Duration
	if r.o.Rate > 0 {
		interval = time.Duration(float64(time.Second) / r.o.Rate)
	}
	r.start = time.Now()
	batches := (len(r.keys) + r.batch - 1) / r.batch
	return forEach(r.o.Workers, batches, func(b int) error {
		first, last := b*r.batch, min((b+1)*r.batch, len(r.keys))
		if interval > 0 {
			if wait := time.Until(r.start.Add(time.Duration(r.jOf(first)) * interval)); wait > 0 {
				time.Sleep(wait)
			}
		}
		var key string
		var err error
		now := time.Now().UnixNano()
		for i := first; i < last; i++ {
			r.sentAt[i].Store(now)
		}
		if r.batch == 1 {
			j := r.jOf(first)
			to := r.deviceConfig(first).User
			key, err = r.rest.sendmsg(ctx, &sendBody{SyncOtherMachine: 2, From: Sender, To: to, MsgSeq: int64(j) + 1, MsgRandom: uint32(j) + 1,
				MsgBody:         textElem("load " + strconv.Itoa(j)),
				OfflinePushInfo: &offlinePush{Title: "load", Desc: notifyBody(j), AndroidInfo: androidInfo}})
			if err != nil {
				return fmt.Errorf("message %d to %s: %w", j, to, err)
			}
		} else {
			to := make([]string, 0, last-first)
			for i := first; i < last; i++ {
				to = append(to, r.deviceConfig(i).User)
			}
			key, err = r.rest.batchsendmsg(ctx, &batchRequest{SyncOtherMachine: 2, From: Sender, To: to, MsgSeq: int64(b) + 1, MsgRandom: uint32(b) + 1,
				MsgBody:         textElem("load " + batchBody(b)),
				OfflinePushInfo: &offlinePush{Title: "load", Desc: batchBody(b), AndroidInfo: androidInfo}})
			if err != nil {
				return fmt.Errorf("batch %d (%d messages from %d): %w", b, last-first, r.jOf(first), err)
			}
		}
		for i := first; i < last; i++ {
			r.keys[i] = key
		}
		r.o.Progress.Sent.Add(int64(last - first))
		return nil
	})
}

// settle waits until every message is in a tray or has a reason in
// serve's trace why not, or o.Settle has passed since the last send.
func (r *remoteRun) settle(ctx context.Context) {
	deadline := time.Now().Add(r.o.Settle)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		n := r.notified.Load() + int64(r.reasons.count())
		r.o.Progress.Settled.Store(n)
		if n == int64(len(r.keys)) || !time.Now().Before(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// account counts each message once: notified when its notification is in
// the recipient's tray (from the feed, else found in the tray itself),
// else what serve says became of it, else in flight.
func (r *remoteRun) account(ctx context.Context, rep *Report) error {
	var pending []int
	trays := map[int]map[string]int64{} // each phone's tray read once: text → when
	for i := range r.keys {
		if r.notifiedAt[i].Load() == 0 && !r.inTray(i, trays) {
			if _, ok := r.reasons.fate(r.keys[i], r.deviceConfig(i).ID); !ok {
				pending = append(pending, i)
			}
		}
	}
	// One question per MsgKey: a batch's messages share theirs; at most
	// maxReasonQueries of them, the rest count in flight.
	var keys []string
	asked := map[string]bool{}
	for _, i := range pending {
		if k := r.keys[i]; k != "" && !asked[k] && len(keys) < maxReasonQueries {
			asked[k] = true
			keys = append(keys, k)
		}
	}
	r.o.Progress.setPhase("account")
	// What serve's trace says of each: the first reason it records for
	// the phone (a route, a vendor answer, a drop), or that the message
	// went out on the IM socket. Asking for these few kinds of one
	// message is cheap where a batch's whole fate is not.
	type at struct{ key, device string }
	var mu sync.Mutex
	outcome := map[at]client.DeviceFate{}
	if err := forEach(min(r.o.Workers, 16), len(keys), func(n int) error {
		evs, err := r.api.Trace(ctx, client.TraceFilter{Message: keys[n], Kinds: reasonKinds})
		if err != nil {
			return fmt.Errorf("asking %s what became of %s: %w", r.o.Target, keys[n], err)
		}
		r.o.Progress.Settled.Add(1)
		mu.Lock()
		defer mu.Unlock()
		for _, ev := range evs {
			k := at{keys[n], ev.Device}
			f := outcome[k]
			switch {
			case f.Outcome != "":
			case ev.Kind == string(trace.IMOnline) || ev.Reason == string(protocol.ReasonDeliveredOnline):
				f.Outcome = harness.OutcomeOnline
			case ev.Reason != "":
				f.Outcome, f.Reason = harness.OutcomeNotDelivered, ev.Reason
			}
			outcome[k] = f
		}
		return nil
	}); err != nil {
		return err
	}
	rep.TraceMissed = r.reasons.missedEvents()
	for i := range r.keys {
		d := r.deviceConfig(i)
		rep.Sent++
		sec := int((r.sentAt[i].Load() - r.start.UnixNano()) / int64(time.Second))
		rep.perSecond(sec).Sent++
		if at := r.notifiedAt[i].Load(); at != 0 {
			rep.Notified++
			rep.addLatency(vendorName(d.Brand), (at-r.sentAt[i].Load())/int64(time.Millisecond))
			rep.perSecond(int((at-r.start.UnixNano())/int64(time.Second))).Notified++
			continue
		}
		f, ok := r.reasons.fate(r.keys[i], d.ID)
		if !ok {
			f = outcome[at{r.keys[i], d.ID}]
		}
		switch {
		case f.Outcome == harness.OutcomeOnline:
			rep.Online++
		case f.Outcome == harness.OutcomeNotDelivered && f.Reason != "":
			rep.NotDelivered[f.Reason]++
		default:
			rep.NotDelivered[ReasonInFlight]++
		}
	}
	return nil
}

// inTray looks for message i in its recipient's tray (the feed is bounded
// and may have missed it), and marks it notified if there. trays caches
// the trays read so far.
func (r *remoteRun) inTray(i int, trays map[int]map[string]int64) bool {
	k := r.jOf(i)%r.o.Devices - r.lo
	tray, ok := trays[k]
	if !ok {
		tray = map[string]int64{}
		for _, n := range r.devices[k].Tray().All() {
			if _, dup := tray[n.Body]; !dup {
				tray[n.Body] = n.At.UnixNano()
			}
		}
		trays[k] = tray
	}
	body := notifyBody(r.jOf(i))
	if r.batch > 1 {
		body = batchBody(i / r.batch)
	}
	at, ok := tray[body]
	if ok {
		r.notifiedAt[i].Store(at)
	}
	return ok
}
