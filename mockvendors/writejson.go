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
	b, err := encode()
	if err == nil {
		b = append(b, '\n')
	}
	writeBody(w, status, contentType, b, err == nil)
}

// writeBody answers with status under the Content-Type contentType, and
// with body when send is set.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte, send bool) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if send {
		_, _ = w.Write(body)
	}
}

// WriteEncodedJSON answers with status and b, JSON encoded beforehand
// and ended with a newline (what WriteJSON writes), under the
// Content-Type contentType.
func WriteEncodedJSON(w http.ResponseWriter, status int, contentType string, b []byte) {
	writeBody(w, status, contentType, b, true)
}

// AppendRawJSON appends raw as json.Marshal writes a json.RawMessage
// holding it, when that is raw unchanged: valid JSON of printable ASCII
// without whitespace, backslashes or HTML characters ('<', '>', '&').
// ok is false (and dst as it was) for any other raw.
func AppendRawJSON(dst, raw []byte) (b []byte, ok bool) {
	for _, c := range raw {
		if c <= ' ' || c >= 0x7f || c == '\\' || c == '<' || c == '>' || c == '&' {
			return dst, false
		}
	}
	if !json.Valid(raw) {
		return dst, false
	}
	return append(dst, raw...), true
}
