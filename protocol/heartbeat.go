package protocol

import (
	"bytes"
	"math"
	"strconv"
)

// A heartbeat and its answer are the same fixed-shape frame,
// IMFrame{Cmd: CmdHeartbeat, Seq: seq}, sent every two minutes by every
// logged-in device: AppendHeartbeat and ParseHeartbeat encode and
// recognize it without reflection, byte for byte as encoding/json does.

// heartbeatPrefix and heartbeatSuffix surround the sequence number.
const (
	heartbeatPrefix = `{"cmd":"` + CmdHeartbeat + `","seq":`
	heartbeatSuffix = `}`
)

// AppendHeartbeat appends the JSON of IMFrame{Cmd: CmdHeartbeat, Seq: seq}
// to b. seq must not be 0 (encoding/json would omit it).
func AppendHeartbeat(b []byte, seq uint64) []byte {
	b = append(b, heartbeatPrefix...)
	b = strconv.AppendUint(b, seq, 10)
	return append(b, heartbeatSuffix...)
}

// IsHeartbeat reports whether f is exactly a heartbeat frame (or its
// answer): a heartbeat command with a sequence number and nothing else.
func (f IMFrame) IsHeartbeat() bool {
	return f.Cmd == CmdHeartbeat && f.Seq != 0 && f.Event == "" && f.Code == 0 && f.Desc == "" && f.Data == nil
}

// ParseHeartbeat recognizes the frame AppendHeartbeat writes and returns
// its sequence number; any other text, even one that decodes to the same
// frame, is not recognized (ok false) and is left to encoding/json.
func ParseHeartbeat(data []byte) (seq uint64, ok bool) {
	digits, ok := bytes.CutPrefix(data, []byte(heartbeatPrefix))
	if !ok {
		return 0, false
	}
	if digits, ok = bytes.CutSuffix(digits, []byte(heartbeatSuffix)); !ok || len(digits) == 0 || digits[0] == '0' {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' || seq > (math.MaxUint64-uint64(c-'0'))/10 {
			return 0, false
		}
		seq = seq*10 + uint64(c-'0')
	}
	return seq, true
}
