package mocktest

import (
	"encoding/json"
	"reflect"
	"testing"
)

// DecodeCase is an input for a hand-written decoder that leaves what it
// does not take to the encoding/json code it stands in for.
type DecodeCase struct {
	Name string
	In   string
	// Hand says whether the hand-written path takes In itself.
	Hand bool
}

// SameDecode fails t unless hand and ref, the code hand stands in for,
// give in the same value and the same error (deeply equal).
func SameDecode[T any, E error](t testing.TB, name string, hand, ref func([]byte) (T, E), in string) {
	t.Helper()
	got, gotErr := hand([]byte(in))
	want, wantErr := ref([]byte(in))
	if !reflect.DeepEqual(gotErr, wantErr) {
		t.Fatalf("%s(%q) error %v (%T), want %v (%T)", name, in, gotErr, gotErr, wantErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("%s(%q) = %s, want %s", name, in, g, w)
	}
}

// DecodeCases runs each case as a subtest: takes must say whether the
// hand-written path takes its input as the case says, and SameDecode
// must hold.
func DecodeCases[T any, E error](t *testing.T, cases []DecodeCase, takes func([]byte) bool, name string, hand, ref func([]byte) (T, E)) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if got := takes([]byte(c.In)); got != c.Hand {
				t.Errorf("the hand-written path takes %q: %v, want %v", c.In, got, c.Hand)
			}
			SameDecode(t, name, hand, ref, c.In)
		})
	}
}
