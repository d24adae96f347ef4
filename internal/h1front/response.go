package h1front

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/http/httpguts"
)

// response is the http.ResponseWriter of one request. The answer is held
// back until the handler returns (then sent with a Content-Length), or
// until it grows past maxBufferedBody or the handler flushes (then it
// streams chunked, unless the handler set a Content-Length).
type response struct {
	cn     *conn
	req    *http.Request
	header http.Header
	status int
	// isHead is set for a HEAD request: the body is counted, not sent.
	isHead bool
	// forbidden is set for an answer status that has no body (1xx, 204,
	// 304).
	forbidden bool
	// headSent is set once the status line and headers are written.
	headSent bool
	// chunked is set when the body streams in chunks.
	chunked bool
	// declared is the Content-Length the handler set, or -1.
	declared int64
	// written counts body bytes the handler wrote.
	written    int64
	closeAfter bool
	err        error
}

// Header implements http.ResponseWriter.
func (w *response) Header() http.Header { return w.header }

// WriteHeader implements http.ResponseWriter. An informational status
// (1xx) is sent at once with the headers set so far; the first other
// status is the answer's, later ones are ignored.
func (w *response) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		w.writeInformational(code)
		return
	}
	w.status = code
	w.forbidden = code == http.StatusNoContent || code == http.StatusNotModified || code < 200
	w.declared = -1
	if v := w.header.Get("Content-Length"); v != "" {
		if n, ok := parseLength(v); ok && !w.forbidden {
			w.declared = n
		} else {
			w.header.Del("Content-Length")
		}
	}
}

func (w *response) writeInformational(code int) {
	if w.headSent || w.err != nil {
		return
	}
	w.writeStatusLine(code)
	w.writeFields(false)
	w.cn.bw.WriteString("\r\n")
	w.setErr(w.cn.bw.Flush())
}

// Write implements http.ResponseWriter.
func (w *response) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.err != nil {
		return 0, w.err
	}
	if w.forbidden {
		return 0, http.ErrBodyNotAllowed
	}
	if w.declared >= 0 && w.written+int64(len(p)) > w.declared {
		// The answer is not what it announced: the connection ends
		// after it, as net/http's does.
		w.closeAfter = w.closeAfter || !w.isHead
		return 0, http.ErrContentLength
	}
	w.written += int64(len(p))
	if !w.headSent {
		w.cn.body = append(w.cn.body, p...)
		if len(w.cn.body) > maxBufferedBody {
			w.startStream()
		}
		return len(p), w.err
	}
	w.writeBody(p)
	return len(p), w.err
}

// FlushError sends what the handler has written (the head first) and
// reports the connection's error; http.ResponseController calls it.
func (w *response) FlushError() error {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.headSent && w.err == nil {
		w.startStream()
	}
	if w.err == nil {
		w.setErr(w.cn.bw.Flush())
	}
	return w.err
}

// Flush implements http.Flusher.
func (w *response) Flush() { _ = w.FlushError() }

// SetReadDeadline sets the connection's read deadline (for the body).
func (w *response) SetReadDeadline(t time.Time) error { return w.cn.c.SetReadDeadline(t) }

// SetWriteDeadline sets the connection's write deadline.
func (w *response) SetWriteDeadline(t time.Time) error { return w.cn.c.SetWriteDeadline(t) }

// EnableFullDuplex allows reading the body after writing the answer has
// begun: the body is read off the connection's own buffer, so it always
// may be.
func (w *response) EnableFullDuplex() error { return nil }

func (w *response) setErr(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

// startStream writes the head and what is held back, and streams the
// rest: with the handler's Content-Length, or chunked.
func (w *response) startStream() {
	held := w.cn.body
	w.cn.body = held[:0]
	w.sniff(held)
	w.chunked = w.declared < 0 && !w.forbidden && !w.isHead
	w.writeHead(-1)
	w.writeBody(held)
}

// sniff sets the Content-Type from the first bytes of the body when the
// handler set none, as net/http does.
func (w *response) sniff(held []byte) {
	if w.forbidden || len(held) == 0 {
		return
	}
	if _, ok := w.header["Content-Type"]; !ok && w.header.Get("Content-Encoding") == "" {
		w.header.Set("Content-Type", http.DetectContentType(held))
	}
}

// writeBody writes p as body bytes (a chunk when chunked).
func (w *response) writeBody(p []byte) {
	if len(p) == 0 || w.isHead {
		return
	}
	bw := w.cn.bw
	if w.chunked {
		var n [16]byte
		bw.Write(strconv.AppendInt(n[:0], int64(len(p)), 16))
		bw.WriteString("\r\n")
		bw.Write(p)
		_, err := bw.WriteString("\r\n")
		w.setErr(err)
		return
	}
	_, err := bw.Write(p)
	w.setErr(err)
}

// finish completes the answer after the handler returned.
func (w *response) finish() error {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.headSent {
		if w.chunked && w.err == nil {
			_, err := w.cn.bw.WriteString("0\r\n\r\n")
			w.setErr(err)
		}
		if w.declared >= 0 && w.written < w.declared && !w.isHead {
			// Shorter than announced: the client cannot find the next
			// answer, so the connection ends.
			w.closeAfter = true
		}
		return w.err
	}
	held := w.cn.body
	w.cn.body = held[:0]
	length := int64(-1)
	w.sniff(held)
	if !w.forbidden {
		switch {
		case w.declared >= 0:
			if w.written != w.declared && !w.isHead {
				w.closeAfter = true
			}
		case !w.isHead || w.written > 0:
			length = int64(len(held))
		}
	}
	w.writeHead(length)
	w.writeBody(held)
	if cap(w.cn.body) > maxBufferedBody {
		w.cn.body = nil
	}
	return w.err
}

// writeHead writes the status line and headers, with Content-Length:
// length when length >= 0.
func (w *response) writeHead(length int64) {
	w.headSent = true
	if hasToken(w.header.Get("Connection"), "close") {
		w.closeAfter = true
	}
	w.writeStatusLine(w.status)
	w.writeFields(true)
	bw := w.cn.bw
	if length >= 0 {
		var n [20]byte
		bw.WriteString("Content-Length: ")
		bw.Write(strconv.AppendInt(n[:0], length, 10))
		bw.WriteString("\r\n")
	}
	if w.chunked {
		bw.WriteString("Transfer-Encoding: chunked\r\n")
	}
	if w.closeAfter {
		bw.WriteString("Connection: close\r\n")
	}
	_, err := bw.WriteString("\r\n")
	w.setErr(err)
}

func (w *response) writeStatusLine(code int) {
	bw := w.cn.bw
	var n [8]byte
	bw.WriteString("HTTP/1.1 ")
	bw.Write(strconv.AppendInt(n[:0], int64(code), 10))
	bw.WriteByte(' ')
	text := http.StatusText(code)
	if text == "" {
		text = "status code " + strconv.Itoa(code)
	}
	bw.WriteString(text)
	bw.WriteString("\r\n")
}

// writeFields writes the handler's headers, sorted by name, with newlines
// in values turned into spaces and invalid names left out; final adds
// Date unless the handler set one, and leaves out the framing headers the
// front writes itself.
func (w *response) writeFields(final bool) {
	keys := w.cn.keys[:0]
	for k := range w.header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.cn.keys = keys[:0]
	bw := w.cn.bw
	for _, k := range keys {
		if !httpguts.ValidHeaderFieldName(k) {
			continue
		}
		if final {
			switch k {
			case "Transfer-Encoding", "Connection":
				continue
			case "Content-Length":
				if w.declared < 0 {
					continue
				}
			}
		}
		for _, v := range w.header[k] {
			bw.WriteString(k)
			bw.WriteString(": ")
			if strings.ContainsAny(v, "\r\n") {
				v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
			}
			bw.WriteString(strings.TrimSpace(v))
			bw.WriteString("\r\n")
		}
	}
	if final {
		if _, ok := w.header["Date"]; !ok {
			bw.WriteString("Date: ")
			bw.WriteString(httpDate())
			bw.WriteString("\r\n")
		}
	}
}

// dateCache is the Date header value of the current second.
type dateCache struct {
	unix int64
	text string
}

var date atomic.Pointer[dateCache]

// httpDate is the current time as an HTTP date, formatted once a second.
func httpDate() string {
	now := time.Now()
	if d := date.Load(); d != nil && d.unix == now.Unix() {
		return d.text
	}
	d := &dateCache{unix: now.Unix(), text: now.UTC().Format(http.TimeFormat)}
	date.Store(d)
	return d.text
}
