package client_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/harness"
)

// startServer starts what `pushsim serve --config` would, in process on a
// free loopback port, with alice-phone launched and logged in.
func startServer() (*harness.Env, error) {
	env, err := harness.Start(context.Background(), envConfig(), harness.WithListen("127.0.0.1:0"))
	if err != nil {
		return env, err
	}
	return env, env.BringUp()
}

// A backend's integration test: kill the app, let the backend send a
// message, wait for its fate, read the tray and tap the notification.
func Example() {
	env, err := startServer()
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := client.New(env.URL())
	alice := c.Device("alice-phone")
	d, err := alice.Kill(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after kill:", d.AppState, d.IMState)

	// The backend under test sends through the IM server's REST API and
	// gets a MsgKey back; here the harness plays the backend.
	m, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi",
		Push: &harness.PushInfo{Title: "Bob", Desc: "hi there", Ext: `{"conv":"c2c_bob"}`}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fate, err := c.Message(m.Key).Wait(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, df := range fate.Devices {
		fmt.Println("fate:", df.Device, df.Outcome)
	}

	tray, err := alice.Notifications(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("tray: %q / %q\n", tray[0].Title, tray[0].Body)
	intent, err := alice.Click(ctx, tray[0].ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("tap opens:", intent.Component, "ext =", intent.Extras["ext"])
	// Output:
	// after kill: killed PushOnline
	// fate: alice-phone notified
	// tray: "Bob" / "hi there"
	// tap opens: com.example.chat.ChatActivity ext = {"conv":"c2c_bob"}
}

// Add a phone at run time and bring it up.
func ExampleClient_CreateDevice() {
	env, err := startServer()
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := client.New(env.URL())
	d, err := c.CreateDevice(ctx, client.DeviceSpec{ID: "bob-phone", Brand: "meizu", ROM: "flyme-9", User: "bob",
		App: client.AppSpec{Package: "com.example.chat", Certificate: 6666}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created:", d.ID, d.AppState, d.IMState)
	bob := c.Device("bob-phone")
	if _, err := bob.Launch(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if d, err = bob.Login(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logged in:", d.AppState, d.IMState, "token reported:", d.TokenReported)
	// Output:
	// created: bob-phone not_launched LoggedOut
	// logged in: foreground Online token reported: true
}

// Errors carry the HTTP status and the server's message, and match the
// kinds with errors.Is.
func ExampleError() {
	env, err := startServer()
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := client.New(env.URL())
	_, err = c.Device("carol-phone").Kill(ctx)
	fmt.Println("not found:", errors.Is(err, client.ErrNotFound))
	var e *client.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status, e.Message)
	}
	// Output:
	// not found: true
	// 404 no device "carol-phone" (GET /_pushsim/devices lists them)
}

// Wait for one condition: here, that the message is a notification on the
// phone (a message to a logged-out user would settle as not_delivered).
func ExampleMessageHandle_Wait() {
	env, err := startServer()
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := client.New(env.URL())
	if _, err := c.Device("alice-phone").Background(ctx); err != nil {
		fmt.Println(err)
		return
	}
	m, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "are you there?"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fate, err := c.Message(m.Key).Wait(ctx, client.NotifiedOn("alice-phone"))
	if err != nil {
		fmt.Println(err)
		return
	}
	on, _ := fate.On("alice-phone")
	fmt.Printf("%s %q\n", on.Outcome, on.Reason)
	// Output:
	// notified ""
}

// Read the path of one message to one phone from the trace.
func ExampleClient_Trace() {
	env, err := startServer()
	if env != nil {
		defer env.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := client.New(env.URL())
	if _, err := c.Device("alice-phone").Kill(ctx); err != nil {
		fmt.Println(err)
		return
	}
	m, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Message(m.Key).Wait(ctx); err != nil {
		fmt.Println(err)
		return
	}
	events, err := c.Trace(ctx, client.TraceFilter{Message: m.Key, Kinds: []string{"im.route", "device"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ev := range events {
		fmt.Println(ev.Kind, ev.Device, ev.Details["decision"])
	}
	// Output:
	// im.route alice-phone push
	// device.notify alice-phone
}
