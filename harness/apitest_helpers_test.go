package harness_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// apiConfig is one Meizu phone whose certificate is in effect at once.
func apiConfig() harness.Config {
	now := harness.Duration(0)
	return harness.Config{
		Seed: 11,
		IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
			ID: 6666, Vendor: "meizu", Package: "com.example.chat",
			AppID: "1234512345123451234", AppKey: "1234512345123", AppSecret: "s3cr3t",
			Click:           protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"},
			ActivationDelay: &now,
		}}},
		Devices: []harness.DeviceConfig{{ID: "alice-phone", Brand: "meizu", ROM: "flyme-9", User: "alice",
			App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}}},
		Users: []string{"bob"},
	}
}

// startAPI starts apiConfig in virtual time with only the Meizu mock.
func startAPI(t *testing.T, ctx context.Context) *harness.Env {
	t.Helper()
	env, err := harness.Start(ctx, apiConfig(), harness.WithVendors(protocol.VendorMeizu))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// call sends one request to the environment and returns the status and
// the body.
func call(t *testing.T, env *harness.Env, method, path, body string) (int, []byte) {
	t.Helper()
	status, raw, err := request(env, method, path, body)
	if err != nil {
		t.Fatal(err)
	}
	return status, raw
}

// request is call for goroutines: it returns the error.
func request(env *harness.Env, method, path, body string) (int, []byte, error) {
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, env.URL()+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := env.HTTPClient().Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// callJSON sends a request, checks the status and decodes the answer.
func callJSON(t *testing.T, env *harness.Env, method, path, body string, want int, out any) {
	t.Helper()
	status, raw := call(t, env, method, path, body)
	if status != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, status, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}

// sendREST sends a C2C message through REST openim/sendmsg as a backend
// would (not through Env.Send) and returns its MsgKey.
func sendREST(t *testing.T, env *harness.Env, from, to, text string) string {
	t.Helper()
	sig, err := env.IM().GenUserSig(harness.DefaultAdmin, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"sdkappid": {"1400000000"}, "identifier": {harness.DefaultAdmin}, "usersig": {sig},
		"random": {"1"}, "contenttype": {"json"}}
	body, _ := json.Marshal(map[string]any{
		"From_Account": from, "To_Account": to, "MsgRandom": 77,
		"MsgBody":         []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": text}}},
		"OfflinePushInfo": map[string]any{"Title": from, "Desc": text, "Ext": `{"conv":"c2c_bob"}`},
	})
	var out struct {
		ActionStatus string
		MsgKey       string
	}
	callJSON(t, env, http.MethodPost, "/v4/openim/sendmsg?"+q.Encode(), string(body), http.StatusOK, &out)
	if out.ActionStatus != "OK" || out.MsgKey == "" {
		t.Fatalf("sendmsg = %+v", out)
	}
	return out.MsgKey
}
