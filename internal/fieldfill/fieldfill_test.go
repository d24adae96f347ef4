package fieldfill_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/internal/fieldfill"
)

type inner struct {
	N uint8
	F float64
}

type outer struct {
	S      string
	I      int
	B      bool
	Raw    json.RawMessage
	In     inner
	P      *inner
	List   []string
	Params map[string]any
	Tags   map[string]string
	Skip   string
	hidden string
}

func TestFillSetsEveryExportedField(t *testing.T) {
	var o outer
	if err := fieldfill.Fill(&o, func(p string) bool { return p == "outer.Skip" }); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"S":"outer.S","I":2,"B":true,"Raw":{"k":"outer.Raw"},"In":{"N":1,"F":2},"P":{"N":1,"F":2},"List":["outer.List[0]"],"Params":{"k":"outer.Params[k]"},"Tags":{"k":"outer.Tags[k]"},"Skip":""}`
	if string(b) != want {
		t.Fatalf("filled = %s\nwant     %s", b, want)
	}
	if o.hidden != "" {
		t.Fatal("an unexported field was set")
	}
}

func TestFillNamesAKindItDoesNotKnow(t *testing.T) {
	var v struct{ C chan int }
	err := fieldfill.Fill(&v, nil)
	if err == nil || !strings.Contains(err.Error(), ".C is a chan int") {
		t.Fatalf("Fill of a channel field = %v, want an error naming it", err)
	}
	if err := fieldfill.Fill(v, nil); err == nil {
		t.Fatal("Fill of a struct, not a pointer, succeeded")
	}
}
