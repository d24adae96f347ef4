package simulator

// AppState is the app's process state as a user of the phone sees it.
type AppState string

// The app states.
const (
	// AppNotLaunched: installed and never started since the install.
	AppNotLaunched AppState = "not_launched"
	// AppForeground: running in front of the user.
	AppForeground AppState = "foreground"
	// AppBackground: running, sent to the background.
	AppBackground AppState = "background"
	// AppKilled: started once, then its process was killed.
	AppKilled AppState = "killed"
	// AppUninstalled: not installed.
	AppUninstalled AppState = "uninstalled"
)

// AppState returns the app's process state.
func (d *Device) AppState() AppState {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case !d.installed:
		return AppUninstalled
	case d.running && d.inBack:
		return AppBackground
	case d.running:
		return AppForeground
	case d.launched:
		return AppKilled
	default:
		return AppNotLaunched
	}
}

// setBackground records that a running app went to (or came back from)
// the background.
func (d *Device) setBackground(bg bool) {
	d.mu.Lock()
	d.inBack = bg && d.running
	d.mu.Unlock()
}
