package simulator

import "testing"

func TestAppState(t *testing.T) {
	for _, tc := range []struct {
		installed, running, launched, back bool
		want                               AppState
	}{
		{installed: true, want: AppNotLaunched},
		{installed: true, running: true, launched: true, want: AppForeground},
		{installed: true, running: true, launched: true, back: true, want: AppBackground},
		{installed: true, launched: true, want: AppKilled},
		{launched: true, want: AppUninstalled},
	} {
		d := &Device{installed: tc.installed, running: tc.running, launched: tc.launched}
		d.setBackground(tc.back)
		if got := d.AppState(); got != tc.want {
			t.Errorf("installed=%v running=%v launched=%v background=%v: AppState() = %s, want %s",
				tc.installed, tc.running, tc.launched, tc.back, got, tc.want)
		}
	}
}

func TestBackgroundNeedsARunningApp(t *testing.T) {
	d := &Device{installed: true, launched: true}
	d.setBackground(true)
	if got := d.AppState(); got != AppKilled {
		t.Errorf("background on a killed app: AppState() = %s, want %s", got, AppKilled)
	}
}
