package bounded

import (
	"strconv"
	"testing"
)

func TestBoundedForgetsTheOldestFirst(t *testing.T) {
	b := New[int](3)
	for i := range 5 {
		b.Set(strconv.Itoa(i), i)
	}
	if b.Len() != 3 {
		t.Fatalf("Len = %d, want 3", b.Len())
	}
	for k, want := range map[string]bool{"0": false, "1": false, "2": true, "3": true, "4": true} {
		if _, ok := b.Get(k); ok != want {
			t.Errorf("Get(%s) held %v, want %v", k, ok, want)
		}
	}
	b.Set("2", 20) // an update keeps its place: "2" is still the oldest
	b.Set("5", 5)
	if _, ok := b.Get("2"); ok {
		t.Error("the oldest entry survived an insertion into a full map")
	}
	if v, _ := b.Get("3"); v != 3 {
		t.Errorf("Get(3) = %d", v)
	}
	b.Delete("3")
	if _, ok := b.Get("3"); ok || b.Len() != 2 {
		t.Errorf("after Delete: Len %d", b.Len())
	}
	n := 0
	b.Range(func(string, int) bool { n++; return true })
	if n != 2 {
		t.Errorf("Range saw %d entries, want 2", n)
	}
}

func TestZeroBoundedHoldsDefaultMax(t *testing.T) {
	var b Map[struct{}]
	for i := range DefaultMax + 10 {
		b.Set(strconv.Itoa(i), struct{}{})
	}
	if b.Len() != DefaultMax {
		t.Fatalf("Len = %d, want %d", b.Len(), DefaultMax)
	}
	if _, ok := b.Get("9"); ok {
		t.Error("an entry older than DefaultMax is still held")
	}
}
