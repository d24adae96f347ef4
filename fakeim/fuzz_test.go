package fakeim

import (
	"testing"
)

// FuzzParseSendMsg feeds arbitrary bodies to the sendmsg and batchsendmsg
// parsers: they never panic, and either succeed with a usable request or
// fail with a message error code.
func FuzzParseSendMsg(f *testing.F) {
	for _, s := range []string{
		`{"To_Account":"alice","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`,
		`{"To_Account":["a","b"],"MsgRandom":1,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"x","Desc":"d"}}],"OfflinePushInfo":{"PushFlag":0,"Title":"t","AndroidInfo":{"XiaoMiChannelID":"c"}}}`,
		`{"To_Account":"a","MsgRandom":4294967295,"MsgLifeTime":604800,"MsgBody":[{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":1.5,"Longitude":2}}]}`,
		`{"MsgBody":null}`, `[]`, `null`, `{"MsgRandom":1e3}`, ``,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, batch bool) {
		req, e := parseSendMsg(body, batch)
		if e != nil {
			if e.Code < 90000 || e.Code > 93000 {
				t.Fatalf("code %d outside the message range: %s", e.Code, e.Info)
			}
			return
		}
		if len(req.To) == 0 || len(req.Body) == 0 || len(req.Summary.Types) != len(req.Body) {
			t.Fatalf("accepted an unusable request: %+v", req)
		}
		if req.LifeTime < 0 || req.LifeTime > maxMsgLifeTime {
			t.Fatalf("MsgLifeTime %d accepted", req.LifeTime)
		}
	})
}

// FuzzParseAccountBodies feeds arbitrary bodies to the account and status
// parsers: they never panic and every accepted user ID is valid.
func FuzzParseAccountBodies(f *testing.F) {
	for _, s := range []string{
		`{"UserID":"alice"}`, `{"Identifier":"bob","Nick":"B"}`, `{"Accounts":["a","b"]}`,
		`{"AccountList":[{"UserID":"a","Nick":"A"}]}`, `{"CheckItem":[{"UserID":"a"}]}`,
		`{"To_Account":["a"],"IsNeedDetail":1}`, `{"UserID":7}`, `{`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if it, e := parseAccountImport(body); e == nil && checkUserID(it.UserID) != nil {
			t.Fatalf("account_import accepted %q", it.UserID)
		}
		if ok, _, e := parseMultiImport(body); e == nil {
			for _, it := range ok {
				if checkUserID(it.UserID) != nil {
					t.Fatalf("multiaccount_import accepted %q", it.UserID)
				}
			}
		}
		for _, key := range []string{"CheckItem", "DeleteItem"} {
			if ids, e := parseUserItems(body, key); e == nil && len(ids) == 0 {
				t.Fatalf("%s accepted an empty list", key)
			}
		}
		if id, e := parseKick(body); e == nil && checkUserID(id) != nil {
			t.Fatalf("kick accepted %q", id)
		}
		if q, e := parseStatusQuery(body); e == nil && (len(q.Accounts) == 0 || len(q.Accounts) > maxQueryAccounts) {
			t.Fatalf("status query accepted %d accounts", len(q.Accounts))
		}
	})
}

// FuzzParseCertificateBody feeds arbitrary bodies to the certificate API
// parser: it never panics and accepts only valid certificates.
func FuzzParseCertificateBody(f *testing.F) {
	for _, s := range []string{
		`{"id":6666,"vendor":"meizu","app_id":"1","app_secret":"s","click":{"action":"open_url","url":"https://x.y"},"activation_delay":"10m"}`,
		`{"id":1,"vendor":"apns","bundle_id":"b","activation_delay":"0s"}`, `{}`, `{"id":-1}`, `x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		spec, err := parseCertificateBody(body)
		if err != nil {
			return
		}
		if _, err := normalizeCertificate(spec.Certificate); err != nil {
			t.Fatalf("accepted an invalid certificate: %v", err)
		}
	})
}
