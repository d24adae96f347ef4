package vendortest

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/pushsim/pushsim/internal/httpbench"
)

// serveMinimal serves reply over HTTP/1.1 from the least a Go server can
// do per request: one goroutine a connection, the request head scanned
// for Content-Length only, the body skipped, one prepared answer written
// (flushed when no pipelined request waits). It is no server to use,
// only the measure of what net/http itself costs beside it: anything but
// a keep-alive request with a Content-Length body (or none) closes the
// connection.
func serveMinimal(t *testing.T, reply httpbench.Reply) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	answer := minimalAnswer(reply)
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]struct{}{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = struct{}{}
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				serveMinimalConn(c, answer)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

// minimalAnswer is reply as bytes on the wire, with its Content-Length.
func minimalAnswer(reply httpbench.Reply) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", reply.Status, http.StatusText(reply.Status))
	for _, k := range slices.Sorted(maps.Keys(reply.Header)) {
		if k == "Content-Length" || k == "Date" || k == "Connection" {
			continue
		}
		for _, v := range reply.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(reply.Body))
	b.Write(reply.Body)
	return b.Bytes()
}

// serveMinimalConn answers the connection's requests until it closes or
// sends what serveMinimal does not read.
func serveMinimalConn(c net.Conn, answer []byte) {
	br := bufio.NewReaderSize(c, 4096)
	bw := bufio.NewWriterSize(c, 4096)
	contentLength := []byte("content-length:")
	for {
		length := 0
		for {
			line, err := br.ReadSlice('\n')
			if err != nil {
				return // closed, or a header line past 4 KiB
			}
			if len(line) <= 2 {
				break
			}
			if len(line) > len(contentLength) && bytes.EqualFold(line[:len(contentLength)], contentLength) {
				if length, err = strconv.Atoi(string(bytes.TrimSpace(line[len(contentLength):]))); err != nil || length < 0 {
					return
				}
			}
		}
		if _, err := br.Discard(length); err != nil {
			return
		}
		if _, err := bw.Write(answer); err != nil {
			return
		}
		if br.Buffered() == 0 {
			if err := bw.Flush(); err != nil {
				return
			}
		}
	}
}
