package loadgen

import (
	"context"
	"errors"
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
}

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
	opts := []client.Option{client.WithHTTPClient(hc)}
	if o.AdminToken != "" {
		opts = append(opts, client.WithToken(o.AdminToken))
	}
	r := &remoteRun{o: o, cfg: cfg, rest: rest, api: client.New(base, opts...), trace: trace.New(time.Now()),
		lo: o.Devices * o.Shard / o.Shards, hi: o.Devices * (o.Shard + 1) / o.Shards}
	r.trace.SetRetention(trace.Retention{MaxEvents: remoteTraceEvents})
	defer r.close()
	return r.run(ctx)
}

func (r *remoteRun) close() {
	for _, d := range r.devices {
		d.Close()
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
	pr.setPhase("send")
	if err := r.send(ctx); err != nil {
		return nil, err
	}
	pr.setPhase("settle")
	r.settle(ctx)
	feed.Cancel()
	wg.Wait()
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
	remote := harness.Remote{BaseURL: strings.TrimRight(r.o.Target, "/"), Dialer: netsim.NewLoopback(), Trace: r.trace}
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

// notifyBody is the push text of message j; the tray entry carries it back.
func notifyBody(j int) string { return "message " + strconv.Itoa(j) }

// follow marks each message whose notification appears in a phone's tray.
func (r *remoteRun) follow(feed *trace.Subscription) {
	for ev := range feed.Events() {
		if ev.Kind != trace.DeviceNotify {
			continue
		}
		j, err := strconv.Atoi(strings.TrimPrefix(ev.Detail("body"), "message "))
		if err != nil {
			continue
		}
		if i, ok := r.iOf(j); ok && r.notifiedAt[i].CompareAndSwap(0, ev.At.UnixNano()) {
			r.notified.Add(1)
		}
	}
}

// send sends the shard's messages, at o.Rate a second when set.
func (r *remoteRun) send(ctx context.Context) error {
	var interval time.Duration
	if r.o.Rate > 0 {
		interval = time.Duration(float64(time.Second) / r.o.Rate)
	}
	r.start = time.Now()
	return forEach(r.o.Workers, len(r.keys), func(i int) error {
		j := r.jOf(i)
		if interval > 0 {
			if wait := time.Until(r.start.Add(time.Duration(j) * interval)); wait > 0 {
				time.Sleep(wait)
			}
		}
		d := r.cfg.Devices[j%r.o.Devices-r.lo]
		body := &sendBody{SyncOtherMachine: 2, From: Sender, To: d.User, MsgSeq: int64(j) + 1, MsgRandom: uint32(j) + 1,
			MsgBody:         []msgElem{{MsgType: "TIMTextElem", MsgContent: map[string]string{"Text": "load " + strconv.Itoa(j)}}},
			OfflinePushInfo: &offlinePush{Title: "load", Desc: notifyBody(j), AndroidInfo: androidInfo}}
		r.sentAt[i].Store(time.Now().UnixNano())
		key, err := r.rest.sendmsg(ctx, body)
		if err != nil {
			return fmt.Errorf("message %d to %s: %w", j, d.User, err)
		}
		r.keys[i] = key
		r.o.Progress.Sent.Add(1)
		return nil
	})
}

// settle waits until every message is in a tray or o.Settle has passed
// since the last send.
func (r *remoteRun) settle(ctx context.Context) {
	deadline := time.Now().Add(r.o.Settle)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		n := r.notified.Load()
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
	for i := range r.keys {
		if r.notifiedAt[i].Load() == 0 && !r.inTray(i) {
			pending = append(pending, i)
		}
	}
	outcome := make([]client.DeviceFate, len(r.keys))
	if err := forEach(r.o.Workers, len(pending), func(k int) error {
		i := pending[k]
		f, err := r.api.Message(r.keys[i]).Get(ctx)
		var ce *client.Error
		if errors.As(err, &ce) && ce.Status == http.StatusNotFound {
			return nil
		}
		if err != nil {
			return fmt.Errorf("asking %s what became of %s: %w", r.o.Target, r.keys[i], err)
		}
		if len(f.Devices) > 0 {
			outcome[i] = f.Devices[0]
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range r.keys {
		j := r.jOf(i)
		d := r.cfg.Devices[j%r.o.Devices-r.lo]
		rep.Sent++
		sec := int((r.sentAt[i].Load() - r.start.UnixNano()) / int64(time.Second))
		rep.perSecond(sec).Sent++
		if at := r.notifiedAt[i].Load(); at != 0 {
			rep.Notified++
			rep.addLatency(vendorName(d.Brand), (at-r.sentAt[i].Load())/int64(time.Millisecond))
			rep.perSecond(int((at-r.start.UnixNano())/int64(time.Second))).Notified++
			continue
		}
		switch f := outcome[i]; {
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
// and may have missed it), and marks it notified if there.
func (r *remoteRun) inTray(i int) bool {
	j := r.jOf(i)
	body := notifyBody(j)
	n, ok := r.devices[j%r.o.Devices-r.lo].Tray().Find(func(n simulator.Notification) bool { return n.Body == body })
	if ok {
		r.notifiedAt[i].Store(n.At.UnixNano())
	}
	return ok
}
