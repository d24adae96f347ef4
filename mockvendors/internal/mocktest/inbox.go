package mocktest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
)

// Inbox collects what a test backend receives. It is safe for concurrent
// use; the zero Inbox is empty.
type Inbox[T any] struct {
	mu    sync.Mutex
	items []T
}

// Add appends v.
func (b *Inbox[T]) Add(v T) {
	b.mu.Lock()
	b.items = append(b.items, v)
	b.mu.Unlock()
}

// All returns what arrived, in order.
func (b *Inbox[T]) All() []T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]T(nil), b.items...)
}

// FormReceiver adds each request's POST form to in; a body that is not a
// form is answered 400.
func FormReceiver(in *Inbox[url.Values]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		in.Add(r.PostForm)
	}
}

// JSONReceiver decodes each request's JSON body into a T and adds it to
// in; a body that does not decode is answered 400.
func JSONReceiver[T any](in *Inbox[T]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var v T
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		in.Add(v)
	}
}
