package reports

import (
	"encoding/json"
	"io"
)

// WriteJSON writes results.json.
func WriteJSON(r Results, w io.Writer) error {
	if r.Scenarios == nil {
		r.Scenarios = []Scenario{}
	}
	for i := range r.Scenarios {
		if r.Scenarios[i].Failures == nil {
			r.Scenarios[i].Failures = []Failure{}
		}
		if r.Scenarios[i].Messages == nil {
			r.Scenarios[i].Messages = []Message{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
