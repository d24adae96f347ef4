package fcm_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/messaging"
	"google.golang.org/api/option"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
)

// loopback serves the mock on a real loopback port and registers one
// device, returning the server, its URL and the device's token.
func loopback(t *testing.T, app mockvendors.App) (*fcm.Server, string, string) {
	t.Helper()
	srv, err := fcm.New(mockvendors.Config{Seed: 3, Apps: []mockvendors.App{app},
		Latency: seed.Latency{Median: time.Millisecond, P99: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		srv.Close()
		ts.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, &net.Dialer{}, ts.URL, "pixel")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dev.Close)
	seq, err := dev.Register(protocol.RegisterRequest{AppID: project, Package: pkg, DeviceID: "pixel", Brand: "google"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, ok := dev.Status(seq); ok {
			if st.Code != fcm.RegisterOK {
				t.Fatalf("register = %+v", st)
			}
			return srv, ts.URL, st.Token
		}
		if time.Now().After(deadline) {
			t.Fatal("no register_status within 10s")
		}
		select {
		case <-dev.Closed():
			t.Fatal("device channel closed")
		case <-time.After(time.Millisecond):
		}
	}
}

// sdkMessage is what an IM backend sends with the Admin SDK.
func sdkMessage(token string) *messaging.Message {
	return &messaging.Message{
		Token:        token,
		Notification: &messaging.Notification{Title: "Bob", Body: "hi there"},
		Data:         map[string]string{"ext": `{"conv":"c2c_bob"}`},
		Android: &messaging.AndroidConfig{Priority: "high", TTL: ptr(90 * time.Minute),
			Notification: &messaging.AndroidNotification{ChannelID: "im", ClickAction: "com.example.chat.ChatActivity",
				Priority: messaging.PriorityHigh, Visibility: messaging.VisibilityPrivate, DefaultSound: true}},
		APNS: &messaging.APNSConfig{Payload: &messaging.APNSPayload{Aps: &messaging.Aps{Sound: "default"}}},
	}
}

func ptr[T any](v T) *T { return &v }

func checkSent(t *testing.T, srv *fcm.Server, id, token string) {
	t.Helper()
	if !strings.HasPrefix(id, "projects/"+project+"/messages/0:") {
		t.Errorf("message name %q, want projects/%s/messages/0:...", id, project)
	}
	msgs := srv.Messages().List()
	if len(msgs) != 1 || msgs[0].Token != token || msgs[0].Title != "Bob" || msgs[0].Click.Activity != "com.example.chat.ChatActivity" {
		t.Errorf("recorded %+v", msgs)
	}
}

// The unmodified Admin SDK sends through the mock without credentials and
// reads UNREGISTERED and SENDER_ID_MISMATCH as the real service's.
func TestFirebaseAdminSDKWithoutAuthentication(t *testing.T) {
	srv, base, token := loopback(t, fcm.AppFor(project, pkg, ""))
	ctx := context.Background()
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: project},
		option.WithEndpoint(base+"/v1"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	client, err := app.Messaging(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := client.Send(ctx, sdkMessage(token))
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	checkSent(t, srv, id, token)

	if _, err := client.Send(ctx, sdkMessage(fcm.NewToken(99, project, pkg, "gone", 1))); !messaging.IsUnregistered(err) {
		t.Errorf("Send to an unknown token: %v, want IsUnregistered", err)
	}
	if _, err := client.Send(ctx, sdkMessage("not a token")); !messaging.IsInvalidArgument(err) {
		t.Errorf("Send to a malformed token: %v, want IsInvalidArgument", err)
	}
	if _, err := client.SendDryRun(ctx, sdkMessage(token)); err != nil {
		t.Errorf("SendDryRun: %v", err)
	}
	if n := srv.Messages().Len(); n != 1 {
		t.Errorf("%d messages recorded after a dry run, want 1", n)
	}
}

// With a key file whose token_uri is the mock's, the Admin SDK's own
// OAuth flow gets a token from the mock and sends with it.
func TestFirebaseAdminSDKWithServiceAccount(t *testing.T) {
	sa := account(t)
	// The key file the backend holds and the one registered with the mock
	// are the same file, pointing at the mock's token endpoint.
	srv, err := fcm.New(mockvendors.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() {
		srv.Close()
		ts.Close()
	}()
	sa.TokenURI = ts.URL + fcm.PathToken
	srv.AddApp(fcm.AppFor(project, pkg, sa.JSON()))

	ctx := context.Background()
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: project},
		option.WithEndpoint(ts.URL+"/v1"), option.WithCredentialsJSON([]byte(sa.JSON())))
	if err != nil {
		t.Fatal(err)
	}
	client, err := app.Messaging(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The token endpoint and the send path both answered: the answer is
	// UNREGISTERED, not an authentication failure.
	if _, err := client.Send(ctx, sdkMessage(fcm.NewToken(99, project, pkg, "gone", 1))); !messaging.IsUnregistered(err) {
		t.Fatalf("Send with a service account: %v, want IsUnregistered (authenticated)", err)
	}

	http.DefaultClient.CloseIdleConnections()
}
