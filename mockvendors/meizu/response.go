package meizu

import (
	"encoding/json"
	"github.com/pushsim/pushsim/protocol"
	"net/http"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// Response is the service's answer to every call. Code is a string. For
// pushes Value maps a per-target code to the pushIds (or aliases) that
// failed with it, {} when every target was accepted; after a top-level
// failure it is "".
type Response struct {
	Code     string          `json:"code"`
	Message  string          `json:"message"`
	Value    json.RawMessage `json:"value"`
	Redirect string          `json:"redirect"`
	MsgID    string          `json:"msgId,omitempty"`
}

// OK reports whether the call as a whole succeeded.
func (r Response) OK() bool { return r.Code == CodeOK }

// Failed returns the per-target failures of a push (nil when Value is not
// a map).
func (r Response) Failed() map[string][]string {
	var m map[string][]string
	if json.Unmarshal(r.Value, &m) != nil {
		return nil
	}
	return m
}

// CodeFor returns the code for one target: the call's code if it failed,
// the target's failure code, or "200".
func (r Response) CodeFor(target string) string {
	if !r.OK() {
		return r.Code
	}
	if string(r.Value) == "{}" {
		return CodeOK // what the mock answers when every target was accepted
	}
	for code, ts := range r.Failed() {
		for _, t := range ts {
			if t == target {
				return code
			}
		}
	}
	return CodeOK
}

var (
	emptyString = json.RawMessage(`""`)
	emptyObject = json.RawMessage(`{}`)
)

func errorResponse(e *APIError) Response {
	return Response{Code: e.Code, Message: e.Message, Value: emptyString}
}

func okResponse(value any) Response {
	b, err := json.Marshal(value)
	if err != nil {
		return errorResponse(apiErr(CodeSystemError, ""))
	}
	return Response{Code: CodeOK, Value: b}
}

func writeResponse(w http.ResponseWriter, status int, r Response) {
	if r.Value == nil {
		r.Value = emptyString
	}
	const contentType = "application/json;charset=UTF-8"
	if b, ok := encodeResponse(r); ok {
		mockvendors.WriteEncodedJSON(w, status, contentType, b)
		return
	}
	mockvendors.WriteJSON(w, status, contentType, r)
}

// encodeResponse writes r as WriteJSON would (json.Marshal and a
// newline) by hand, when its Value is one the mock answers with itself
// ({} or ""); ok is false for any other Value.
func encodeResponse(r Response) (b []byte, ok bool) {
	if v := string(r.Value); v != `{}` && v != `""` {
		return nil, false
	}
	b = make([]byte, 0, 64+len(r.Code)+len(r.Message)+len(r.Redirect)+len(r.MsgID))
	b = protocol.AppendJSONString(append(b, `{"code":`...), r.Code)
	b = protocol.AppendJSONString(append(b, `,"message":`...), r.Message)
	b = append(append(b, `,"value":`...), r.Value...)
	b = protocol.AppendJSONString(append(b, `,"redirect":`...), r.Redirect)
	if r.MsgID != "" {
		b = protocol.AppendJSONString(append(b, `,"msgId":`...), r.MsgID)
	}
	return append(b, "}\n"...), true
}

func writeError(w http.ResponseWriter, e *APIError) {
	writeResponse(w, http.StatusOK, errorResponse(e))
}

// decodeResponse is json.Unmarshal into a Response. An answer in the
// shape encodeResponse writes with plain strings (see
// mockvendors.CutJSONMember) is read by hand; any other goes to
// json.Unmarshal.
func decodeResponse(data []byte) (Response, error) {
	if r, ok := scanResponse(data); ok {
		return r, nil
	}
	var r Response
	err := json.Unmarshal(data, &r)
	return r, err
}

// scanResponse reads data when it is exactly encodeResponse's shape with
// plain strings, and a newline or nothing after it.
func scanResponse(data []byte) (r Response, ok bool) {
	s := strings.TrimSuffix(string(data), "\n") // one copy, which the fields share
	var value string
	if r.Code, s, ok = mockvendors.CutJSONMember(s, `{"code":`); !ok {
		return Response{}, false
	}
	if r.Message, s, ok = mockvendors.CutJSONMember(s, `,"message":`); !ok {
		return Response{}, false
	}
	switch {
	case strings.HasPrefix(s, `,"value":{}`):
		value, s = `{}`, s[len(`,"value":{}`):]
	case strings.HasPrefix(s, `,"value":""`):
		value, s = `""`, s[len(`,"value":""`):]
	default:
		return Response{}, false
	}
	if r.Redirect, s, ok = mockvendors.CutJSONMember(s, `,"redirect":`); !ok {
		return Response{}, false
	}
	if strings.HasPrefix(s, `,"msgId":`) {
		if r.MsgID, s, ok = mockvendors.CutJSONMember(s, `,"msgId":`); !ok {
			return Response{}, false
		}
	}
	if s != "}" {
		return Response{}, false
	}
	r.Value = json.RawMessage(value)
	return r, true
}
