package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"
)

// mutexProfileFraction samples one in this many contended lock waits
// for the mutex profile while profiles are served.
const mutexProfileFraction = 20

// servePprof serves Go's runtime profiles on addr, apart from the
// environment's routes, until stop is called; the mutex profile
// (/debug/pprof/mutex) samples contended locks meanwhile.
func servePprof(addr string, stderr io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	runtime.SetMutexProfileFraction(mutexProfileFraction)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "pushsim pprof: %v\n", err)
		}
	}()
	fmt.Fprintf(stderr, "pushsim pprof http://%s/debug/pprof/\n", ln.Addr())
	return func() {
		srv.Close()
		<-done
		runtime.SetMutexProfileFraction(0)
	}, nil
}
