// Package wsbuf sizes the websocket buffers of pushsim's many idle
// sockets: a small read buffer per connection (an idle phone's socket
// carries heartbeats of a few dozen bytes; larger frames are read in
// several pieces) and write buffers shared through one pool, held only
// while a frame is being written.
package wsbuf

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

const (
	// ReadBufferSize is each connection's read buffer.
	ReadBufferSize = 1024
	// WriteBufferSize is the size of a pooled write buffer.
	WriteBufferSize = 4096
)

// Pool shares write buffers between every websocket of the process.
var Pool websocket.BufferPool = &sync.Pool{}

// Upgrader returns a server-side upgrader with these buffers and the
// given origin check.
func Upgrader(checkOrigin func(*http.Request) bool) websocket.Upgrader {
	return websocket.Upgrader{
		ReadBufferSize: ReadBufferSize, WriteBufferSize: WriteBufferSize, WriteBufferPool: Pool,
		CheckOrigin: checkOrigin,
	}
}

// Dialer returns a client-side dialer with these buffers.
func Dialer() websocket.Dialer {
	return websocket.Dialer{ReadBufferSize: ReadBufferSize, WriteBufferSize: WriteBufferSize, WriteBufferPool: Pool}
}
