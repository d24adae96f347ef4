package simulator

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/bounded"
	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Errors a lifecycle action can return.
var (
	// ErrNotInstalled: the app is not installed.
	ErrNotInstalled = errors.New("app not installed")
	// ErrNotRunning: the action needs a launched app.
	ErrNotRunning = errors.New("app not running: launch it first")
	// ErrNotLoggedIn: the action needs an IM login.
	ErrNotLoggedIn = errors.New("not logged in")
	// ErrNoNotification: nothing in the tray matches.
	ErrNoNotification = errors.New("no such notification in the tray")
)

// Device is one simulated phone with the app under test installed.
type Device struct {
	cfg  Config
	link *netsim.Link
	// imLink and vendorLink are the IM socket's and the vendor channel's
	// paths over link, conditioned separately (SetLink).
	imLink, vendorLink *netsim.Link
	tray               *Tray
	im                 *imSDK
	push               *pushService
	sdk                vendorSDK

	mu        sync.Mutex
	reportMu  sync.Mutex // serializes token reports
	installed bool
	running   bool
	launched  bool // launched at least once since the app was installed
	inBack    bool // the running app was sent to the background
	tokens    tokenMgr
	lastTap   *Tap
	seen      *bounded.Map[struct{}] // the newest vendor message IDs handled (redeliveries are acked, not shown twice)
	// session is true while the app holds a saved IM login (logged in and
	// neither logged out nor kicked); it survives a kill.
	session   bool
	messages  []protocol.IMMessage
	msgChange chan struct{}
	netUpCh   chan struct{}
	regCancel context.CancelFunc

	stop      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once

	// goMu guards closing and the IM reconnector's state, so a goroutine
	// started on demand joins wg only before Close waits on it.
	goMu           sync.Mutex
	closing        bool
	imReconnecting bool // the IM reconnector runs
	imLostAgain    bool // the IM socket dropped again while it ran
}

// New builds a device with the app installed and not launched. Call Start
// to power it on.
func New(cfg Config) (*Device, error) {
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	d := &Device{
		cfg:       cfg,
		link:      netsim.NewLink(cfg.Dialer),
		tray:      newTray(),
		sdk:       appSDK(cfg),
		installed: true,
		seen:      bounded.New[struct{}](maxSeenNotices),
		msgChange: make(chan struct{}),
		netUpCh:   make(chan struct{}),
		stop:      make(chan struct{}),
	}
	d.imLink, d.vendorLink = netsim.NewLink(d.link), netsim.NewLink(d.link)
	d.im = newIMSDK(d)
	d.push = newPushService(d)
	return d, nil
}

// appSDK is the push SDK the app uses on this phone: the brand's, when the
// app integrates it.
func appSDK(cfg Config) vendorSDK {
	if cfg.App.PushVendor != "" && cfg.App.PushVendor != cfg.Brand.Vendor() {
		return nil
	}
	return sdkFor(cfg.Brand)
}

// ID is the device ID.
func (d *Device) ID() string { return d.cfg.ID }

// Config returns the device's configuration.
func (d *Device) Config() Config { return d.cfg }

// maxSeenNotices is how many vendor message IDs a phone remembers to tell
// a redelivery from a new message; a redelivery comes within seconds.
const maxSeenNotices = 2000

// Tray is the device's notification tray.
func (d *Device) Tray() *Tray { return d.tray }

// Start powers the device on: the vendor's system push service connects
// to its device channel and the IM SDK's reconnect loop starts.
func (d *Device) Start() {
	d.startLinks()
	if d.sdk != nil && d.cfg.VendorURL != "" {
		d.goFunc(func() { d.push.run(d.stop, false) })
	}
}

// WaitPushService waits until the system push service is connected.
func (d *Device) WaitPushService(ctx context.Context) error {
	if d.sdk == nil || d.cfg.VendorURL == "" {
		return nil
	}
	select {
	case <-d.push.connected():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("device %s: push service not connected: %w", d.cfg.ID, ctx.Err())
	}
}

// Close powers the device off and waits for its goroutines.
func (d *Device) Close() {
	d.closeOnce.Do(func() {
		d.mu.Lock()
		if d.regCancel != nil {
			d.regCancel()
		}
		d.mu.Unlock()
		d.goMu.Lock()
		d.closing = true
		d.goMu.Unlock()
		close(d.stop)
		d.im.reset()
		d.push.close()
		d.wg.Wait()
	})
}

func (d *Device) goFunc(f func()) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		f()
	}()
}

// enter joins the device's goroutines, which Close waits for, unless the
// device is closing; a caller that got true calls d.wg.Done when it ends.
func (d *Device) enter() bool {
	d.goMu.Lock()
	defer d.goMu.Unlock()
	if d.closing {
		return false
	}
	d.wg.Add(1)
	return true
}

// goOnDemand runs f on a new goroutine of the device unless it is closing.
func (d *Device) goOnDemand(f func()) {
	if !d.enter() {
		return
	}
	go func() {
		defer d.wg.Done()
		f()
	}()
}

// netUp returns a channel closed the next time the network comes up.
func (d *Device) netUp() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.netUpCh
}

const kindAction = trace.DeviceAction

// record appends a device event.
func (d *Device) record(kind trace.Kind, ev *trace.Event, kv ...string) {
	e := trace.Event{}
	if ev != nil {
		e = *ev
	}
	e.Component, e.Kind, e.Device = "device", kind, d.cfg.ID
	if len(kv) > 0 && e.Details == nil {
		e.Details = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Details[kv[i]] = kv[i+1]
	}
	d.cfg.Trace.Add(e)
}

// Launch starts the app process. Application.onCreate registers with the
// vendor push service; with no register delay Launch waits for the answer.
func (d *Device) Launch(ctx context.Context) error {
	d.mu.Lock()
	if !d.installed {
		d.mu.Unlock()
		return fmt.Errorf("launch %s: %w", d.cfg.ID, ErrNotInstalled)
	}
	if d.running {
		d.mu.Unlock()
		d.record(kindAction, nil, "action", "launch", "note", "already running: brought to the foreground")
		return nil
	}
	d.running, d.launched, d.inBack = true, true, false
	d.tokens = tokenMgr{}
	regCtx, cancel := context.WithCancel(context.Background())
	d.regCancel = cancel
	d.mu.Unlock()
	d.record(kindAction, nil, "action", "launch", "package", d.cfg.App.Package)

	done := make(chan struct{})
	d.goFunc(func() {
		defer close(done)
		defer cancel()
		d.registerPush(regCtx)
	})
	if d.cfg.App.RegisterDelay > 0 {
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("launch %s: vendor registration: %w", d.cfg.ID, ctx.Err())
	}
}

// registerPush is Application.onCreate's PushManager.register and the
// receiver's onRegisterStatus.
func (d *Device) registerPush(ctx context.Context) {
	if d.sdk == nil {
		d.record(trace.DeviceToken, &trace.Event{Reason: protocol.ReasonWrongBrand},
			"step", "register", "note", "the app integrates no push SDK for a "+string(d.cfg.Brand)+" phone")
		return
	}
	if r := d.sdk.precheck(d); r != protocol.ReasonNone {
		note := "registration cannot succeed on this device"
		if p := d.missingPermission(); p != "" {
			note = "registration cannot succeed: missing " + p
		}
		d.record(trace.DeviceToken, &trace.Event{Reason: r}, "step", "register", "note", note)
		return
	}
	if delay := d.cfg.App.RegisterDelay; delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 24*time.Hour)
	defer cancel()
	st, err := d.push.register(ctx, protocol.RegisterRequest{
		AppID: d.cfg.App.AppID, AppKey: d.cfg.App.AppKey, Package: d.cfg.App.Package,
		DeviceID: d.cfg.ID, Brand: string(d.cfg.Brand), ROM: d.cfg.ROM, Android: d.cfg.Android,
	})
	if err != nil {
		d.record(trace.DeviceToken, &trace.Event{Reason: protocol.ReasonRegistrationFailed}, "step", "register", "error", err.Error())
		return
	}
	if !d.sdk.tokenOK(st) {
		d.record(trace.DeviceToken, &trace.Event{Reason: protocol.ReasonRegistrationFailed}, "step", "register",
			"code", st.Code, "message", st.Message)
		return
	}
	if !d.cfg.App.receiverKept() {
		d.record(trace.DeviceToken, &trace.Event{Reason: protocol.ReasonReceiverStripped}, "step", "onRegisterStatus",
			"note", "the obfuscator stripped the push receiver: the app never hears its token")
		return
	}
	d.record(trace.DeviceToken, nil, "step", "onRegisterStatus", "token", st.Token)
	d.mu.Lock()
	if !d.running {
		d.mu.Unlock()
		return
	}
	d.tokens.token = st.Token
	d.mu.Unlock()
	d.setPushTokenToTIM(ctx)
}

// Login logs the app's user into IM with a fresh UserSig, then reports the
// push token if it has one (ThirdPushTokenMgr.setPushTokenToTIM).
func (d *Device) Login(ctx context.Context) error {
	d.mu.Lock()
	running := d.running
	d.mu.Unlock()
	if !running {
		return fmt.Errorf("login %s: %w", d.cfg.ID, ErrNotRunning)
	}
	sig, err := d.cfg.UserSig(d.cfg.User)
	if err != nil {
		return fmt.Errorf("login %s: user sig: %w", d.cfg.ID, err)
	}
	d.record(kindAction, nil, "action", "login", "user", d.cfg.User)
	if err := d.im.login(ctx, sig); err != nil {
		d.record(kindAction, nil, "action", "login_failed", "error", err.Error())
		return fmt.Errorf("login %s: %w", d.cfg.ID, err)
	}
	d.mu.Lock()
	d.tokens.isLogin = true
	d.session = true
	d.mu.Unlock()
	d.setPushTokenToTIM(ctx)
	return nil
}

// Logout logs the user out of IM. Logging out is code the app runs, so a
// killed app cannot do it: Logout then fails with [ErrNotRunning] and the
// IM login stays (the server keeps the instance PushOnline and pushes go
// on), as on a real phone.
func (d *Device) Logout(ctx context.Context) error {
	d.record(kindAction, nil, "action", "logout")
	if err := d.logoutPrecheck(); err != nil {
		d.record(kindAction, nil, "action", "logout_failed", "error", err.Error())
		return fmt.Errorf("logout %s: %w", d.cfg.ID, err)
	}
	err := d.im.logout(ctx)
	d.mu.Lock()
	// The seed's ThirdPushTokenMgr never clears mIsTokenSet; pushsim clears
	// it because logout drops the binding on the server, so the next login
	// reports the token again.
	d.tokens.isLogin, d.tokens.isTokenSet = false, false
	d.session = false
	d.mu.Unlock()
	return err
}

// logoutPrecheck says why the app cannot log out now, or nil.
func (d *Device) logoutPrecheck() error {
	d.mu.Lock()
	installed, running, session := d.installed, d.running, d.session
	d.mu.Unlock()
	switch {
	case !installed:
		return ErrNotInstalled
	case !running && session:
		return fmt.Errorf("%w (the app was killed, and a killed app runs no code: "+
			"its IM login stays and pushes still arrive)", ErrNotRunning)
	case !running:
		return ErrNotRunning
	case !d.im.isLoggedIn() && session:
		return fmt.Errorf("%w since the app was launched again: log in first "+
			"(the login from before the kill stays on the IM server and pushes still arrive)", ErrNotLoggedIn)
	case !d.im.isLoggedIn():
		return ErrNotLoggedIn
	}
	return nil
}

// Background sends the app to the background; the app calls doBackground,
// so the IM server uses vendor push although the socket is up.
func (d *Device) Background(ctx context.Context) error {
	d.record(kindAction, nil, "action", "background")
	d.setBackground(true)
	if !d.im.isLoggedIn() {
		return nil
	}
	return d.im.setBackground(ctx, true)
}

// Foreground brings the app back; it calls doForeground.
func (d *Device) Foreground(ctx context.Context) error {
	d.record(kindAction, nil, "action", "foreground")
	d.setBackground(false)
	if !d.im.isLoggedIn() {
		return nil
	}
	return d.im.setBackground(ctx, false)
}

// Kill kills the app process: its IM socket closes at once (the IM server
// sees the FIN) and the process forgets its state. The vendor's system
// push service keeps running.
func (d *Device) Kill(ctx context.Context) error {
	d.record(kindAction, nil, "action", "kill")
	d.kill()
	return nil
}

func (d *Device) kill() {
	d.mu.Lock()
	d.running, d.inBack = false, false
	d.tokens = tokenMgr{}
	if d.regCancel != nil {
		d.regCancel()
		d.regCancel = nil
	}
	d.mu.Unlock()
	d.im.reset()
}

// SetNetwork turns the device's network on or off. Off is a silent loss:
// the servers notice only when their heartbeat timeouts expire.
func (d *Device) SetNetwork(up bool) {
	state := "off"
	if up {
		state = "on"
	}
	d.record(kindAction, nil, "action", "network", "state", state)
	d.link.SetUp(up)
	if up {
		d.wakeNetwork()
	}
}

// wakeNetwork tells the reconnect loops that a path came back.
func (d *Device) wakeNetwork() {
	d.mu.Lock()
	close(d.netUpCh)
	d.netUpCh = make(chan struct{})
	d.mu.Unlock()
}

// NetworkUp reports whether the device's network is on.
func (d *Device) NetworkUp() bool { return d.link.Up() }

// Uninstall kills and removes the app: the system push service
// unregisters it, so its token becomes invalid.
func (d *Device) Uninstall(ctx context.Context) error {
	d.record(kindAction, nil, "action", "uninstall")
	d.kill()
	d.mu.Lock()
	wasInstalled := d.installed
	d.installed = false
	d.mu.Unlock()
	if !wasInstalled {
		return nil
	}
	d.tray.clear(d.cfg.App.Package)
	if d.sdk != nil {
		_ = d.push.send(protocol.DeviceFrame{Type: protocol.DeviceUnregister, Register: &protocol.RegisterRequest{
			AppID: d.cfg.App.AppID, AppKey: d.cfg.App.AppKey, Package: d.cfg.App.Package, DeviceID: d.cfg.ID, Brand: string(d.cfg.Brand),
		}})
	}
	return nil
}

// Reinstall installs the app again (uninstalling it first if needed). The
// next launch registers afresh and gets a new token.
func (d *Device) Reinstall(ctx context.Context) error {
	d.mu.Lock()
	installed := d.installed
	d.mu.Unlock()
	if installed {
		if err := d.Uninstall(ctx); err != nil {
			return err
		}
	}
	d.record(kindAction, nil, "action", "install")
	d.mu.Lock()
	d.installed, d.launched = true, false
	d.mu.Unlock()
	return nil
}

// State is a snapshot of the device for reports and the serve API.
type State struct {
	ID        string          `json:"id"`
	Brand     protocol.Brand  `json:"brand"`
	ROM       string          `json:"rom,omitempty"`
	Android   int             `json:"android"`
	User      string          `json:"user"`
	Vendor    protocol.Vendor `json:"vendor"`
	Package   string          `json:"package"`
	Token     string          `json:"token"`
	Reported  bool            `json:"token_reported"`
	Installed bool            `json:"installed"`
	Running   bool            `json:"running"`
	LoggedIn  bool            `json:"logged_in"`
	Network   bool            `json:"network"`
	Tray      int             `json:"notifications"`
}

// State returns a snapshot of the device.
func (d *Device) State() State {
	d.mu.Lock()
	defer d.mu.Unlock()
	return State{
		ID: d.cfg.ID, Brand: d.cfg.Brand, ROM: d.cfg.ROM, Android: d.cfg.Android, User: d.cfg.User,
		Vendor: d.cfg.Brand.Vendor(), Package: d.cfg.App.Package, Token: d.tokens.token, Reported: d.tokens.isTokenSet,
		Installed: d.installed, Running: d.running, LoggedIn: d.tokens.isLogin, Network: d.link.Up(),
		Tray: d.tray.Len(),
	}
}

// notificationsEnabled is the app's notification switch: as configured, or
// the brand's default after install.
func (d *Device) notificationsEnabled() bool {
	if d.cfg.App.NotificationsEnabled != nil {
		return *d.cfg.App.NotificationsEnabled
	}
	return d.sdk == nil || d.sdk.notificationsOnByDefault()
}

// HasChannel reports whether the app created the notification channel.
func (d *Device) HasChannel(id string) bool {
	for _, c := range d.cfg.App.Channels {
		if c == id {
			return true
		}
	}
	return false
}

// onNotice is the system push service receiving a notification.
func (d *Device) onNotice(n protocol.DeviceNotice) {
	ev := &trace.Event{VendorMsgID: n.MsgID}
	d.mu.Lock()
	if _, dup := d.seen.Get(n.MsgID); dup {
		d.mu.Unlock()
		return
	}
	d.seen.Set(n.MsgID, struct{}{})
	installed := d.installed
	enabled := d.notificationsEnabled()
	d.mu.Unlock()
	switch {
	case !installed || n.Package != d.cfg.App.Package:
		ev.Reason = protocol.ReasonAppUninstalled
	case !enabled:
		ev.Reason = protocol.ReasonNotificationsDisabled
	}
	if ev.Reason != protocol.ReasonNone {
		d.record(trace.DeviceDrop, ev)
		return
	}
	note, reason := d.sdk.render(d, n)
	if reason != protocol.ReasonNone {
		ev.Reason = reason
		d.record(trace.DeviceDrop, ev)
		return
	}
	note.At = time.Now()
	d.tray.add(note)
	d.record(trace.DeviceNotify, ev, "title", note.Title, "body", note.Body, "click", note.Click.Kind)
}

// Tap taps the notification with the vendor message ID and returns what it
// started. The vendor hears the click (for receipts).
func (d *Device) Tap(ctx context.Context, vendorMsgID string) (Tap, error) {
	n, ok := d.tray.markTapped(vendorMsgID)
	if !ok {
		return Tap{}, fmt.Errorf("tap %s on %s: %w", vendorMsgID, d.cfg.ID, ErrNoNotification)
	}
	ev := &trace.Event{VendorMsgID: vendorMsgID}
	d.record(trace.DeviceClick, ev, "title", n.Title)
	t := d.sdk.tap(d, n)
	kv := []string{"receiver_called", strconv.FormatBool(t.ReceiverCalled)}
	if t.SelfDefineContent != "" {
		kv = append(kv, "self_define_content", t.SelfDefineContent)
	}
	if t.Intent != nil {
		kv = append(kv, "intent", t.Intent.String())
	} else {
		kv = append(kv, "intent", "none")
	}
	d.record(trace.DeviceIntent, ev, kv...)
	_ = d.push.send(protocol.DeviceFrame{Type: protocol.DeviceClicked, MsgID: vendorMsgID})
	d.mu.Lock()
	d.lastTap = &t
	d.mu.Unlock()
	if t.Intent != nil && t.Intent.Package == d.cfg.App.Package {
		if err := d.openedByTap(ctx); err != nil {
			return t, err
		}
	}
	return t, nil
}

// openedByTap starts a killed app whose notification was tapped: the
// process starts (Application.onCreate registers again) and, if the app
// kept its IM session, it logs in again as an IM app does on start.
func (d *Device) openedByTap(ctx context.Context) error {
	d.mu.Lock()
	running, session := d.running, d.session
	d.mu.Unlock()
	if running {
		return nil
	}
	d.record(kindAction, nil, "action", "opened_by_tap")
	if err := d.Launch(ctx); err != nil {
		return err
	}
	if !session {
		return nil
	}
	return d.Login(ctx)
}

// LastTap returns the outcome of the latest tap.
func (d *Device) LastTap() (Tap, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lastTap == nil {
		return Tap{}, false
	}
	return *d.lastTap, true
}

// onIMMessage is the app receiving a message on its IM socket.
func (d *Device) onIMMessage(m protocol.IMMessage) {
	d.mu.Lock()
	d.messages = append(d.messages, m)
	close(d.msgChange)
	d.msgChange = make(chan struct{})
	d.mu.Unlock()
	d.record(trace.DeviceMessage, &trace.Event{Msg: m.MsgKey}, "from", m.From)
}

// AwaitMessage waits until the app received the IM message msgKey online.
func (d *Device) AwaitMessage(ctx context.Context, msgKey string) (protocol.IMMessage, error) {
	for {
		d.mu.Lock()
		ch := d.msgChange
		for _, m := range d.messages {
			if m.MsgKey == msgKey {
				d.mu.Unlock()
				return m, nil
			}
		}
		d.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return protocol.IMMessage{}, ctx.Err()
		}
	}
}

// onKicked is V2TIMSDKListener.onKickedOffline.
func (d *Device) onKicked(k protocol.KickedEvent) {
	d.record(kindAction, nil, "action", "kicked_offline", "by", k.By, "code", strconv.Itoa(k.Code))
	d.mu.Lock()
	d.tokens.isLogin, d.tokens.isTokenSet = false, false
	d.session = false
	d.mu.Unlock()
}

// imLost starts the IM reconnector after a logged-in socket dropped,
// unless it runs already (then it goes round once more).
func (d *Device) imLost() {
	d.goMu.Lock()
	if d.imReconnecting {
		d.imLostAgain = true
		d.goMu.Unlock()
		return
	}
	if d.closing {
		d.goMu.Unlock()
		return
	}
	d.imReconnecting = true
	d.wg.Add(1)
	d.goMu.Unlock()
	go func() {
		defer d.wg.Done()
		d.imReconnectLoop()
	}()
}

// imReconnectLoop logs in again after the IM socket dropped while the app
// runs and the user is logged in, as the SDK does by itself; it exists
// only while the socket is down.
func (d *Device) imReconnectLoop() {
	for {
		if !d.imReconnect() {
			return
		}
		d.goMu.Lock()
		if !d.imLostAgain {
			d.imReconnecting = false
			d.goMu.Unlock()
			return
		}
		d.imLostAgain = false
		d.goMu.Unlock()
	}
}

// imReconnect retries with a capped backoff until the socket is back or
// no longer wanted; false when the device powers off.
func (d *Device) imReconnect() bool {
	backoff := time.Second
	for d.im.isLoggedIn() && !d.im.connected() {
		if d.link.Up() && d.imLink.Up() {
			ctx, cancel := context.WithTimeout(context.Background(), d.cfg.Timeout)
			err := d.im.reconnect(ctx)
			cancel()
			if err == nil {
				d.record(kindAction, nil, "action", "im_reconnected")
				break
			}
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-d.netUp():
			t.Stop()
		case <-d.stop:
			t.Stop()
			return false
		}
		if backoff < time.Minute {
			backoff *= 2
		}
	}
	return true
}
