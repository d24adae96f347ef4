package protocol

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAppendHeartbeatIsWhatJSONWrites(t *testing.T) {
	for _, seq := range []uint64{1, 9, 10, 12345, math.MaxUint64} {
		want, err := json.Marshal(IMFrame{Cmd: CmdHeartbeat, Seq: seq})
		if err != nil {
			t.Fatal(err)
		}
		got := AppendHeartbeat(nil, seq)
		if string(got) != string(want) {
			t.Errorf("seq %d: got %s, want %s", seq, got, want)
		}
		back, ok := ParseHeartbeat(got)
		if !ok || back != seq {
			t.Errorf("ParseHeartbeat(%s) = %d, %v", got, back, ok)
		}
	}
}

func TestParseHeartbeatLeavesEverythingElseToJSON(t *testing.T) {
	for _, s := range []string{
		``, `{}`, `{"cmd":"heartbeat"}`, `{"cmd":"heartbeat","seq":}`, `{"cmd":"heartbeat","seq":0}`,
		`{"cmd":"heartbeat","seq":01}`, `{"cmd":"heartbeat","seq":-1}`, `{"cmd":"heartbeat","seq":1.5}`,
		`{"cmd":"heartbeat","seq":18446744073709551616}`, `{"cmd":"heartbeat","seq":1,"code":0}`,
		`{"cmd":"heartbeat", "seq":1}`, `{"cmd":"login","seq":1}`, `{"cmd":"heartbeat","seq":1} `,
	} {
		if seq, ok := ParseHeartbeat([]byte(s)); ok {
			t.Errorf("ParseHeartbeat(%q) = %d, true; want it left to encoding/json", s, seq)
		}
	}
}

func TestIsHeartbeat(t *testing.T) {
	if !(IMFrame{Cmd: CmdHeartbeat, Seq: 3}).IsHeartbeat() {
		t.Error("a heartbeat is not one")
	}
	for _, f := range []IMFrame{
		{Cmd: CmdHeartbeat}, {Cmd: CmdHeartbeat, Seq: 3, Code: 1}, {Cmd: CmdHeartbeat, Seq: 3, Desc: "x"},
		{Cmd: CmdHeartbeat, Seq: 3, Data: json.RawMessage(`{}`)}, {Cmd: CmdLogin, Seq: 3}, {Cmd: CmdHeartbeat, Seq: 3, Event: "e"},
	} {
		if f.IsHeartbeat() {
			t.Errorf("%+v is taken for a heartbeat", f)
		}
	}
}

func TestParseHeartbeatDoesNotAllocate(t *testing.T) {
	b := AppendHeartbeat(nil, 42)
	if n := testing.AllocsPerRun(100, func() { ParseHeartbeat(b) }); n != 0 {
		t.Errorf("%v allocations per parse", n)
	}
}
