package xiaomi

import (
	"encoding/json"
	"github.com/pushsim/pushsim/protocol"
	"net/http"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// Result values.
const (
	ResultOK    = "ok"
	ResultError = "error"
)

// Response is the service's answer to every call, always sent with HTTP
// 200. Code is a number; Data is call-specific (SendData for pushes,
// ListData for the list endpoints) and absent after a failure.
type Response struct {
	Result      string          `json:"result"`
	TraceID     string          `json:"trace_id"`
	Code        int             `json:"code"`
	Description string          `json:"description,omitempty"`
	Info        string          `json:"info,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Data        json.RawMessage `json:"data,omitempty"`
}

// SendData is the data of an accepted push: the message ID and, when the
// app has a daily quota, the quota and how much of it today's pushes used
// (both written as strings, as the service does).
type SendData struct {
	ID       string `json:"id"`
	DayQuota string `json:"day_quota,omitempty"`
	DayAcked string `json:"day_acked,omitempty"`
}

// ListData is the data of the list endpoints (aliases, topics, invalid
// regIds).
type ListData struct {
	List []string `json:"list"`
}

// OK reports whether the call succeeded.
func (r Response) OK() bool { return r.Result == ResultOK && r.Code == CodeOK }

// Send decodes Data as SendData.
func (r Response) Send() SendData {
	if d, ok := scanSendData(string(r.Data)); ok {
		return d
	}
	var d SendData
	_ = json.Unmarshal(r.Data, &d)
	return d
}

// scanSendData reads s when it is exactly SendData.appendJSON's shape
// with plain strings (see mockvendors.CutJSONMember).
func scanSendData(s string) (d SendData, ok bool) {
	if d.ID, s, ok = mockvendors.CutJSONMember(s, `{"id":`); !ok {
		return SendData{}, false
	}
	if strings.HasPrefix(s, `,"day_quota":`) {
		if d.DayQuota, s, ok = mockvendors.CutJSONMember(s, `,"day_quota":`); !ok {
			return SendData{}, false
		}
	}
	if strings.HasPrefix(s, `,"day_acked":`) {
		if d.DayAcked, s, ok = mockvendors.CutJSONMember(s, `,"day_acked":`); !ok {
			return SendData{}, false
		}
	}
	return d, s == "}"
}

// decodeResponse is json.Unmarshal into a Response. An answer in the
// shape appendJSON writes, with plain strings (see
// mockvendors.CutJSONMember) and data that mockvendors.AppendRawJSON
// takes, is read by hand; any other goes to json.Unmarshal.
func decodeResponse(data []byte) (Response, error) {
	if r, ok := scanResponse(strings.TrimSuffix(string(data), "\n")); ok {
		return r, nil
	}
	var r Response
	err := json.Unmarshal(data, &r)
	return r, err
}

// scanResponse reads s when it is exactly appendJSON's shape with plain
// strings and plain data.
func scanResponse(s string) (r Response, ok bool) {
	if r.Result, s, ok = mockvendors.CutJSONMember(s, `{"result":`); !ok {
		return Response{}, false
	}
	if r.TraceID, s, ok = mockvendors.CutJSONMember(s, `,"trace_id":`); !ok {
		return Response{}, false
	}
	s, ok = strings.CutPrefix(s, `,"code":`)
	end := 0
	for end < len(s) && (s[end] == '-' || '0' <= s[end] && s[end] <= '9') {
		end++
	}
	digits := strings.TrimPrefix(s[:end], "-")
	if !ok || digits == "" || len(digits) > 1 && digits[0] == '0' {
		return Response{}, false
	}
	code, err := strconv.Atoi(s[:end])
	if err != nil {
		return Response{}, false
	}
	r.Code, s = code, s[end:]
	for _, m := range []struct {
		name  string
		value *string
	}{{`,"description":`, &r.Description}, {`,"info":`, &r.Info}, {`,"reason":`, &r.Reason}} {
		if strings.HasPrefix(s, m.name) {
			if *m.value, s, ok = mockvendors.CutJSONMember(s, m.name); !ok {
				return Response{}, false
			}
		}
	}
	if data, found := strings.CutPrefix(s, `,"data":`); found {
		raw, closed := strings.CutSuffix(data, "}")
		if !closed || raw == "" {
			return Response{}, false
		}
		if _, ok := mockvendors.AppendRawJSON(nil, []byte(raw)); !ok {
			return Response{}, false
		}
		r.Data, s = json.RawMessage(raw), "}"
	}
	if s != "}" {
		return Response{}, false
	}
	return r, true
}

// List decodes Data as ListData and returns the list.
func (r Response) List() []string {
	var d ListData
	_ = json.Unmarshal(r.Data, &d)
	return d.List
}

// errorResponse answers a failed call; the handler adds the trace_id.
func errorResponse(e *APIError) Response {
	return Response{Result: ResultError, Code: e.Code, Description: CodeText(e.Code), Reason: e.Reason}
}

// okResponse answers a successful call with data (nil for none); the
// handler adds the trace_id.
func okResponse(info string, data any) Response {
	r := Response{Result: ResultOK, Code: CodeOK, Description: CodeText(CodeOK), Info: info}
	if d, ok := data.(SendData); ok {
		r.Data = d.appendJSON(nil)
	} else if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return errorResponse(apiErr(CodeSystemError, "encode data: %v", err))
		}
		r.Data = b
	}
	return r
}

// writeResponse sends r with HTTP 200, as the service answers every call.
func writeResponse(w http.ResponseWriter, r Response) {
	const contentType = "application/json;charset=UTF-8"
	if b, ok := r.appendJSON(nil); ok {
		mockvendors.WriteEncodedJSON(w, http.StatusOK, contentType, append(b, '\n'))
		return
	}
	mockvendors.WriteJSON(w, http.StatusOK, contentType, r)
}

// appendJSON appends r as json.Marshal encodes it, when its Data is
// absent or one mockvendors.AppendRawJSON takes; ok is false for any
// other Data.
func (r Response) appendJSON(dst []byte) (b []byte, ok bool) {
	b = protocol.AppendJSONString(append(dst, `{"result":`...), r.Result)
	b = protocol.AppendJSONString(append(b, `,"trace_id":`...), r.TraceID)
	b = strconv.AppendInt(append(b, `,"code":`...), int64(r.Code), 10)
	b = appendOptString(b, "description", r.Description)
	b = appendOptString(b, "info", r.Info)
	b = appendOptString(b, "reason", r.Reason)
	if len(r.Data) > 0 {
		if b, ok = mockvendors.AppendRawJSON(append(b, `,"data":`...), r.Data); !ok {
			return dst, false
		}
	}
	return append(b, '}'), true
}

// appendJSON appends d as json.Marshal encodes it.
func (d SendData) appendJSON(dst []byte) []byte {
	b := protocol.AppendJSONString(append(dst, `{"id":`...), d.ID)
	b = appendOptString(b, "day_quota", d.DayQuota)
	b = appendOptString(b, "day_acked", d.DayAcked)
	return append(b, '}')
}

// appendOptString appends ,"name":value, nothing for "" (omitempty).
// The names are plain, written as they are.
func appendOptString(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return protocol.AppendJSONString(append(append(append(b, ',', '"'), name...), `":`...), value)
}
