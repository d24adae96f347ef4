package mockvendors

import (
	"encoding/json"
	"net/http"
)

// WriteJSON answers with status and v as JSON, under the Content-Type
// contentType: the bytes json.NewEncoder(w).Encode(v) writes (v's JSON
// and a newline, nothing when v cannot be encoded), made by json.Marshal's
// pooled encoder instead of a new Encoder per answer.
func WriteJSON(w http.ResponseWriter, status int, contentType string, v any) {
	writeEncoded(w, status, contentType, func() ([]byte, error) { return json.Marshal(v) })
}

// WriteIndentedJSON is WriteJSON with the JSON indented as an Encoder
// with SetIndent("", indent) writes it.
func WriteIndentedJSON(w http.ResponseWriter, status int, contentType, indent string, v any) {
	writeEncoded(w, status, contentType, func() ([]byte, error) { return json.MarshalIndent(v, "", indent) })
}

func writeEncoded(w http.ResponseWriter, status int, contentType string, encode func() ([]byte, error)) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if b, err := encode(); err == nil {
		_, _ = w.Write(append(b, '\n'))
	}
}
