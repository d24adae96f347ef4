package loadgen

import (
	"bufio"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/testhost"
	"github.com/pushsim/pushsim/protocol"
)

// androidInfo names the channel the load app created, for the vendors
// that need one.
var androidInfo = &protocol.AndroidInfo{XiaoMiChannelID: "im_channel", OPPOChannelID: "im_channel", GoogleChannelID: "im_channel"}

func vendorName(brand string) string { return string(protocol.Brand(brand).Vendor()) }

// Execute runs the load as `pushsim load` does: in virtual time in a
// bubble of its own for TargetVirtual, else in real time, and fills in
// the wall time, the rate and the peak RSS.
func Execute(ctx context.Context, o Options) (*Report, error) {
	start := time.Now()
	var (
		r   *Report
		err error
	)
	if o.Target == TargetVirtual {
		var ok bool
		ok, err = testhost.Run("pushsim-load", func(t *testing.T) {
			harness.RunVirtual(t, func(vctx context.Context) { r, err = Run(vctx, o) })
		})
		if err == nil && !ok && r == nil {
			err = errors.New("the virtual-time run did not finish (a goroutine deadlocked in the bubble)")
		}
	} else {
		r, err = Run(ctx, o)
	}
	if r == nil {
		return nil, err
	}
	r.WallMS = time.Since(start).Milliseconds()
	r.PeakRSSBytes = PeakRSS()
	r.finish()
	return r, err
}

// PeakRSS is the process's peak resident set size in bytes (VmHWM on
// Linux; 0 where it cannot be read).
func PeakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
