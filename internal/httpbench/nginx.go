// Package httpbench measures an HTTP server's request rate with wrk (HTTP/1.1)
// or h2load (h2c) and serves a fixed reply from nginx to compare against:
// the same requests, the same load shape, on the same machine.
package httpbench

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Reply is the fixed answer nginx serves to every request.
type Reply struct {
	// Status is the HTTP status code.
	Status int
	// Header holds the reply's headers; Content-Type becomes nginx's
	// default_type, the others are added as they are. Date, Server,
	// Content-Length and Connection are nginx's own.
	Header http.Header
	// Body is the reply body.
	Body []byte
}

// Tools names the programs a measurement needs; Missing reports which of
// them are not installed.
type Tools []string

// Install is the command that installs every tool on Debian.
const Install = "apt-get update && apt-get install -y --no-install-recommends nginx wrk nghttp2-client"

// Missing returns the tools not found on PATH.
func (t Tools) Missing() []string {
	var out []string
	for _, name := range t {
		if _, err := exec.LookPath(name); err != nil {
			out = append(out, name)
		}
	}
	return out
}

// Nginx is a running nginx serving one Reply on a loopback port.
type Nginx struct {
	// URL is http://127.0.0.1:<port>.
	URL  string
	cmd  *exec.Cmd
	dir  string
	done chan error
}

// StartNginx runs nginx from a generated configuration in dir (which it
// owns until Stop): worker_processes auto, no access log, keep-alive
// without a request cap, and reply for every path and method. With h2c the
// port speaks HTTP/2 with prior knowledge instead of HTTP/1.1. It returns
// once nginx answers.
func StartNginx(ctx context.Context, dir string, reply Reply, h2c bool) (*Nginx, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx is not installed (%s): %w", Install, err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	conf, err := nginxConfig(dir, port, reply, h2c)
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", dir, "-c", path, "-e", filepath.Join(dir, "logs", "error.log"))
	out, err := os.Create(filepath.Join(dir, "logs", "stderr.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("start nginx: %w", err)
	}
	n := &Nginx{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, dir: dir, done: make(chan error, 1)}
	go func() { n.done <- cmd.Wait(); out.Close() }()
	if err := n.awaitListening(ctx, port); err != nil {
		n.Stop()
		return nil, err
	}
	return n, nil
}

// awaitListening returns once nginx accepts connections on port, or
// fails when nginx exits or ctx ends first.
func (n *Nginx) awaitListening(ctx context.Context, port int) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
		select {
		case err := <-n.done:
			n.done <- err
			log, _ := os.ReadFile(filepath.Join(n.dir, "logs", "stderr.log"))
			return fmt.Errorf("nginx exited before listening (%v): %s", err, strings.TrimSpace(string(log)))
		case <-ctx.Done():
			return fmt.Errorf("nginx did not listen on %s: %w", addr, ctx.Err())
		case <-tick.C:
		}
	}
}

// Stop ends nginx and waits for it.
func (n *Nginx) Stop() {
	if n.cmd.Process != nil {
		_ = n.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case err := <-n.done:
		n.done <- err
	case <-time.After(10 * time.Second):
		_ = n.cmd.Process.Kill()
		n.done <- <-n.done
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// nginxConfig is the configuration serving reply on port.
func nginxConfig(dir string, port int, reply Reply, h2c bool) (string, error) {
	if reply.Status < 100 || reply.Status > 599 {
		return "", fmt.Errorf("reply status %d is not an HTTP status", reply.Status)
	}
	listen := fmt.Sprintf("127.0.0.1:%d", port)
	if h2c {
		listen += " http2"
	}
	ct := reply.Header.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	var adds strings.Builder
	for _, k := range slices.Sorted(maps.Keys(reply.Header)) {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Content-Length", "Date", "Server", "Connection", "Transfer-Encoding":
			continue
		}
		for _, v := range reply.Header[k] {
			q, err := nginxQuote(v)
			if err != nil {
				return "", fmt.Errorf("header %s: %w", k, err)
			}
			fmt.Fprintf(&adds, "            add_header %s %s always;\n", k, q)
		}
	}
	ctq, err := nginxQuote(ct)
	if err != nil {
		return "", err
	}
	body := ""
	if len(reply.Body) > 0 {
		q, err := nginxQuote(string(reply.Body))
		if err != nil {
			return "", fmt.Errorf("body: %w", err)
		}
		body = " " + q
	}
	tmp := filepath.Join(dir, "tmp")
	return fmt.Sprintf(`worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    client_body_buffer_size 64k;
    geo $dollar { default "$"; }
    server {
        listen %[3]s;
        location / {
            default_type %[4]s;
%[5]s            return %[6]d%[7]s;
        }
    }
}
`, dir, tmp, listen, ctq, adds.String(), reply.Status, body), nil
}

// nginxQuote writes s as a double-quoted nginx string; "$" goes through
// the $dollar variable so nothing in s is interpolated.
func nginxQuote(s string) (string, error) {
	if strings.ContainsAny(s, "\x00") {
		return "", errors.New("holds a NUL byte")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '$':
			b.WriteString("${dollar}")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}
