package handoff

import (
	"errors"
	"net"
	"testing"
)

func TestPassAcceptClose(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}
	l := New(addr, 1)
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if !l.Pass(a, nil) {
		t.Fatal("Pass into a free queue = false")
	}
	if c, err := l.Accept(); err != nil || c != a {
		t.Fatalf("Accept = %v, %v; want the connection passed", c, err)
	}
	cancel := make(chan struct{})
	close(cancel)
	l.Pass(b, nil) // fills the queue
	if l.Pass(a, cancel) {
		t.Error("Pass into a full queue with cancel closed = true")
	}
	if l.Addr() != addr {
		t.Errorf("Addr = %v", l.Addr())
	}
	l.Close()
	l.Close()
	if l.Pass(a, nil) {
		t.Error("Pass after Close = true")
	}
	select {
	case <-l.Done():
	default:
		t.Error("Done not closed after Close")
	}
	// The queued connection may still come out first, then Accept ends.
	for range 2 {
		if _, err := l.Accept(); errors.Is(err, net.ErrClosed) {
			return
		}
	}
	t.Error("Accept after Close never reported net.ErrClosed")
}
