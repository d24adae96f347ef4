package fakeim

import (
	"fmt"
	"slices"
	"testing"
)

func ids(list []*instance) []string {
	out := make([]string, len(list))
	for i, in := range list {
		out[i] = in.user + "@" + in.id
	}
	return out
}

func TestInstanceIndexOrdersByDeviceThenUser(t *testing.T) {
	x := newInstanceIndex()
	for _, k := range []instKey{{"bob", "p3"}, {"alice", "p2"}, {"bob", "p1"}, {"carol", "p2"}, {"alice", "p1"}} {
		x.add(&instance{user: k.user, id: k.id})
	}
	if got, want := ids(x.user("bob")), []string{"bob@p1", "bob@p3"}; !slices.Equal(got, want) {
		t.Errorf("user(bob) = %v, want %v", got, want)
	}
	if got, want := ids(x.device("p2")), []string{"alice@p2", "carol@p2"}; !slices.Equal(got, want) {
		t.Errorf("device(p2) = %v, want %v", got, want)
	}
	if got, want := ids(x.sorted()), []string{"alice@p1", "bob@p1", "alice@p2", "carol@p2", "bob@p3"}; !slices.Equal(got, want) {
		t.Errorf("sorted() = %v, want %v", got, want)
	}
	if x.get(instKey{"carol", "p2"}) == nil || x.get(instKey{"carol", "p1"}) != nil {
		t.Error("get finds carol@p2 and only it")
	}
}

func TestInstanceIndexBindings(t *testing.T) {
	x := newInstanceIndex()
	a, b := &instance{user: "alice", id: "p1"}, &instance{user: "bob", id: "p2"}
	x.add(a)
	x.add(b)
	tok := binding{6666, "T1"}
	x.setBinding(b, tok)
	x.setBinding(a, tok)
	if got, want := ids(x.boundTo(tok)), []string{"alice@p1", "bob@p2"}; !slices.Equal(got, want) {
		t.Fatalf("boundTo = %v, want %v", got, want)
	}
	if a.certID != 6666 || a.token != "T1" {
		t.Errorf("alice's binding = %d/%q", a.certID, a.token)
	}
	x.setBinding(b, binding{6666, "T2"})
	if got := ids(x.boundTo(tok)); !slices.Equal(got, []string{"alice@p1"}) {
		t.Errorf("after bob moved to T2: boundTo(T1) = %v", got)
	}
	x.setBinding(a, binding{})
	if got := x.boundTo(tok); len(got) != 0 || len(x.bound) != 1 {
		t.Errorf("after unbinding: boundTo(T1) = %v, %d bindings left (want only T2)", ids(got), len(x.bound))
	}
	if a.certID != 0 || a.token != "" {
		t.Errorf("unbound alice keeps %d/%q", a.certID, a.token)
	}
}

// BenchmarkInstanceLookup is the cost of finding a user's instances and
// a token's holders among n instances: flat in n.
func BenchmarkInstanceLookup(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			x := newInstanceIndex()
			for i := range n {
				in := &instance{user: fmt.Sprintf("u%06d", i), id: fmt.Sprintf("p%06d", i)}
				x.add(in)
				x.setBinding(in, binding{6666, fmt.Sprintf("T%06d", i)})
			}
			b.ResetTimer()
			for i := range b.N {
				j := i % n
				if len(x.user(fmt.Sprintf("u%06d", j))) != 1 || len(x.boundTo(binding{6666, fmt.Sprintf("T%06d", j)})) != 1 {
					b.Fatal("lookup missed")
				}
			}
		})
	}
}
