package container_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/pushsim/pushsim/harness/container"
	"github.com/pushsim/pushsim/mockvendors/meizu"
)

const env = `
seed: 3
im:
  secret_key: "k3y"
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "1234512345123451234", app_key: "1234512345123", app_secret: "s3cr3t"}
devices:
  - {id: alice-phone, brand: meizu, user: alice, app: {package: com.example.chat, certificate: 6666}}
`

// TestContainerServesSignedMeizuPushes builds the image from source, starts
// it with a config, and talks to it over the published loopback port.
func TestContainerServesSignedMeizuPushes(t *testing.T) {
	testcontainers.SkipIfProviderIsNotHealthy(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	ctr, err := container.Run(ctx, container.FromSource(), container.WithConfig([]byte(env)))
	if ctr != nil && ctr.Container != nil {
		testcontainers.CleanupContainer(t, ctr)
	}
	if err != nil {
		t.Fatal(err)
	}

	devices, err := ctr.Client().Devices(ctx)
	if err != nil || len(devices) != 1 || devices[0].Token == "" {
		t.Fatalf("devices = %+v, %v; want alice-phone with a PushId", devices, err)
	}

	hc := &http.Client{Timeout: 10 * time.Second}
	// The container listens on every interface: its admin API needs the
	// token that Run made (and Client sends).
	resp, err := hc.Get(ctr.URL() + "/_pushsim/devices")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || ctr.Token() == "" {
		t.Fatalf("GET /_pushsim/devices without the token: %d (token %q), want 401", resp.StatusCode, ctr.Token())
	}
	client := meizu.NewClient(ctr.URL()+"/meizu", hc)
	msg, err := meizu.ParseNoticeMessage(`{"noticeBarInfo":{"title":"Bob","content":"hi there"}}`)
	if err != nil {
		t.Fatal(err)
	}
	ok, err := client.PushByPushID(ctx, "1234512345123451234", "s3cr3t", []string{devices[0].Token}, msg)
	if err != nil || ok.Code != "200" {
		t.Fatalf("signed push = %+v, %v; want code 200", ok, err)
	}
	bad, _ := client.PushByPushID(ctx, "1234512345123451234", "wrong", []string{devices[0].Token}, msg)
	if bad.Code != "1006" {
		t.Fatalf("wrongly signed push = %+v; want code 1006", bad)
	}
}
