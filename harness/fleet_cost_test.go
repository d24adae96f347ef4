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
// phone, the CPU time of each phase and the process's peak RSS. `make
// bench` runs it at 10,000.
// PUSHSIM_FLEET_HEAPPROFILE=file writes the live heap once every phone is
// logged in (-test.cpuprofile covers the CPU).
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
	heapStart, gorStart, stackStart := heapAndGoroutines()
	phase := cpuPhases(t)
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
		phase("environment start")
		heap0, gor0, stack0 := heapAndGoroutines()
		phase("heap measurement")
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
		phase("launch and login")
		loginWall := wallNow().Sub(loginStart)
		heap1, gor1, stack1 := heapAndGoroutines()
		if path := os.Getenv("PUSHSIM_FLEET_HEAPPROFILE"); path != "" {
			writeHeapProfile(t, path)
		}
		t.Logf("fleet %d: in all, heap %.1f KB and goroutine stacks %.1f KB per phone, %.2f goroutines per phone",
			n, float64(int64(heap1)-int64(heapStart))/1024/float64(n), float64(int64(stack1)-int64(stackStart))/1024/float64(n),
			float64(gor1-gorStart)/float64(n))
		// A new push certificate takes effect after about ten minutes.
		env.Advance(11 * time.Minute)
		phase("certificate wait (11 min)")
		for _, id := range env.DeviceIDs() {
			if err := env.Phone(id).Kill(); err != nil {
				t.Fatal(err)
			}
		}
		phase("kill")
		sent := make([]*harness.Message, 0, n)
		for i := range devices {
			m, err := env.Send(harness.SendSpec{From: "sender", To: devices[i].User, Text: "hello", Push: &harness.PushInfo{Title: "t", Desc: "d"}})
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, m)
		}
		phase("send")
		env.Advance(time.Minute)
		phase("delivery (1 min)")
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
		t.Logf("fleet %d: logins %s wall (%.3f ms per login), heap %.1f KB and goroutine stacks %.1f KB per logged-in phone, %.2f goroutines per phone",
			n, loginWall.Round(time.Millisecond), float64(loginWall.Microseconds())/1000/float64(n),
			float64(int64(heap1)-int64(heap0))/1024/float64(n), float64(int64(stack1)-int64(stack0))/1024/float64(n),
			float64(gor1-gor0)/float64(n))
		if err := benchrow.Add(
			benchrow.Row{What: "fleet cost (virtual time)", Value: fmt.Sprintf("%.1f KB heap, %.1f KB stacks, %.2f goroutines per phone",
				float64(int64(heap1)-int64(heapStart))/1024/float64(n), float64(int64(stack1)-int64(stackStart))/1024/float64(n), float64(gor1-gorStart)/float64(n)),
				Note: fmt.Sprintf("TestFleetCost: %d phones launched and logged in, %.3f ms wall per login", n, float64(loginWall.Microseconds())/1000/float64(n))},
		); err != nil {
			t.Error(err)
		}
	})
	phase("wind-down")
	t.Logf("fleet %d: %s wall in all, peak RSS %d MB, every message in its tray", n, time.Since(start).Round(time.Millisecond), peakRSSKB()/1024)
}

// heapAndGoroutines is the live heap after a collection, the number of
// goroutines and the bytes of their stacks.
func heapAndGoroutines() (uint64, int, uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, runtime.NumGoroutine(), ms.StackInuse
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

// cpuPhases logs, each time it is called with a phase's name, the CPU
// time (user and system) the process spent since the previous call.
func cpuPhases(t *testing.T) func(string) {
	last := cpuNow()
	return func(name string) {
		now := cpuNow()
		t.Logf("CPU %s: %.2fs", name, (now - last).Seconds())
		last = now
	}
}

// cpuNow is the process's CPU time so far, user and system.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
