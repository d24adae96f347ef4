package harness_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/internal/benchrow"
	"github.com/pushsim/pushsim/protocol"
)

// TestFleetCost measures what a fleet costs: PUSHSIM_FLEET=N Meizu phones
// are launched, logged in, killed and sent one message each in virtual
// time, and every message must reach its phone's tray. It logs the wall
// time, the wall cost per login, the heap and goroutines per logged-in
// phone and the process's peak RSS. `make bench` runs it at 10,000.
func TestFleetCost(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PUSHSIM_FLEET"))
	if n <= 0 {
		t.Skip("set PUSHSIM_FLEET=<phones> to measure (make bench)")
	}
	devices := make([]harness.DeviceConfig, n)
	for i := range devices {
		devices[i] = harness.DeviceConfig{
			ID: fmt.Sprintf("p%06d", i), Brand: "meizu", ROM: "flyme-9", User: fmt.Sprintf("u%06d", i),
			App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666},
		}
	}
	start := time.Now()
	harness.RunVirtual(t, func(ctx context.Context) {
		env, err := harness.Start(ctx, harness.Config{
			Seed: 7,
			IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
				ID: 6666, Vendor: "meizu", Package: "com.example.chat", AppID: "1234512345123451234",
				AppKey: "1234512345123", AppSecret: "s3cr3t", Click: protocol.ClickAction{Action: protocol.ClickOpenApp},
			}}},
			Devices: devices,
			Users:   []string{"sender"},
		}, harness.WithVendors(protocol.VendorMeizu))
		if err != nil {
			t.Fatal(err)
		}
		heap0, gor0 := heapAndGoroutines()
		loginStart := wallNow()
		for _, id := range env.DeviceIDs() {
			p := env.Phone(id)
			if err := p.Launch(); err != nil {
				t.Fatal(err)
			}
			if err := p.Login(); err != nil {
				t.Fatal(err)
			}
		}
		env.Settle()
		loginWall := wallNow().Sub(loginStart)
		heap1, gor1 := heapAndGoroutines()
		// A new push certificate takes effect after about ten minutes.
		env.Advance(11 * time.Minute)
		for _, id := range env.DeviceIDs() {
			if err := env.Phone(id).Kill(); err != nil {
				t.Fatal(err)
			}
		}
		sent := make([]*harness.Message, 0, n)
		for i := range devices {
			m, err := env.Send(harness.SendSpec{From: "sender", To: devices[i].User, Text: "hello", Push: &harness.PushInfo{Title: "t", Desc: "d"}})
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, m)
		}
		env.Advance(time.Minute)
		lost := 0
		for i, m := range sent {
			if _, ok := env.Phone(devices[i].ID).Notification(m); !ok {
				if lost < 5 {
					t.Errorf("message %d to %s: not in the tray of %s: %v", i, m.To, devices[i].ID, env.Phone(devices[i].ID).WhyNot(m))
				}
				lost++
			}
		}
		if lost > 0 {
			t.Fatalf("%d of %d messages not delivered", lost, n)
		}
		t.Logf("fleet %d: logins %s wall (%.3f ms per login), heap %.1f KB per logged-in phone, %.2f goroutines per phone",
			n, loginWall.Round(time.Millisecond), float64(loginWall.Microseconds())/1000/float64(n),
			float64(int64(heap1)-int64(heap0))/1024/float64(n), float64(gor1-gor0)/float64(n))
		if err := benchrow.Add(
			benchrow.Row{What: "fleet cost (virtual time)", Value: fmt.Sprintf("%.1f KB heap, %.2f goroutines per phone", float64(int64(heap1)-int64(heap0))/1024/float64(n), float64(gor1-gor0)/float64(n)),
				Note: fmt.Sprintf("TestFleetCost: %d phones logged in, %.3f ms wall per login", n, float64(loginWall.Microseconds())/1000/float64(n))},
		); err != nil {
			t.Error(err)
		}
	})
	t.Logf("fleet %d: %s wall in all, peak RSS %d MB, every message in its tray", n, time.Since(start).Round(time.Millisecond), peakRSSKB()/1024)
}

// heapAndGoroutines is the live heap after a collection and the number of
// goroutines.
func heapAndGoroutines() (uint64, int) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, runtime.NumGoroutine()
}

// peakRSSKB is the process's peak resident set (VmHWM), 0 where /proc is
// missing.
func peakRSSKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}

// wallNow is the wall clock, which inside a synctest bubble time.Now is
// not.
func wallNow() time.Time {
	var tv syscall.Timeval
	if err := syscall.Gettimeofday(&tv); err != nil {
		return time.Time{}
	}
	return time.Unix(tv.Unix())
}
