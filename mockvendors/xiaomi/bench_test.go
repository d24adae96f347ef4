package xiaomi_test

import (
	"testing"

	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

func BenchmarkParseMessage(b *testing.B) {
	f := xiaomi.MessageFor(protocol.PushRequest{MsgKey: "m1", Title: "Bob", Desc: "hi there", Ext: `{"conv":"c2c_bob"}`,
		Cert:    protocol.Certificate{Package: pkg, Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}},
		Android: &protocol.AndroidInfo{XiaoMiChannelID: channel}}).Form()
	for b.Loop() {
		if _, err := xiaomi.ParseMessage(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewRegID(b *testing.B) {
	for b.Loop() {
		xiaomi.NewRegID(7, appID, "alice", 1)
	}
}
