package xiaomi

import (
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
)

// HostListHeader is the header Xiaomi's official server SDKs send as
// "true" when they want the service's current host list, and read back
// from the answer: comma-separated "host:min:max:decr:incr" entries (a
// host and the weights their ServerSwitch picks hosts by). The Ruby SDK
// spells the request header with an underscore (HostListHeaderAlt).
const (
	HostListHeader    = "X-PUSH-HOST-LIST"
	HostListHeaderAlt = "X-PUSH-HOST_LIST"
)

// cnHosts are the CN API hosts the host list names.
var cnHosts = []string{"api.xmpush.xiaomi.com", "lg.api.xmpush.xiaomi.com", "c3.xmpush.xiaomi.com"}

// hostWeights are the weights of every listed host: the minimum and
// maximum priority and the steps down (slow or failed call) and up. The
// service's own numbers are not published; these are the SDKs' defaults
// for the main host.
const hostWeights = ":1:90:10:5"

// HostList is the host list answered to a request that asked for one,
// made to host: the CN API hosts, or the host itself when it is a global
// or regional one.
func HostList(host string) string {
	host = strings.ToLower(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	hosts := cnHosts
	if strings.HasSuffix(host, ".xmpush.global.xiaomi.com") && slices.Contains(Hosts, host) {
		hosts = []string{host}
	}
	entries := make([]string, len(hosts))
	for i, h := range hosts {
		entries[i] = h + hostWeights
	}
	return strings.Join(entries, ",")
}

// answerHostList sets the host list header when the request asked for it.
// hostListKeys are the request headers' names as http.Header holds them,
// worked out once rather than on every call.
var hostListKeys = [2]string{textproto.CanonicalMIMEHeaderKey(HostListHeader), textproto.CanonicalMIMEHeaderKey(HostListHeaderAlt)}

func answerHostList(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.Header.Get(hostListKeys[0]), "true") || strings.EqualFold(r.Header.Get(hostListKeys[1]), "true") {
		// Set as spelt: the Python SDK compares header names exactly.
		w.Header()[HostListHeader] = []string{HostList(r.Host)}
	}
}
