package usersig_test

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

func Example() {
	const sdkAppID = 1400000000
	key := "the application's secret key"
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

	sig, err := usersig.Gen(sdkAppID, key, "alice", 24*time.Hour, now)
	if err != nil {
		panic(err)
	}
	claims, err := usersig.Verify(sdkAppID, key, "alice", sig, now.Add(time.Hour))
	fmt.Println(claims.Identifier, claims.ExpiresAt().Format(time.RFC3339), err)

	_, err = usersig.Verify(sdkAppID, key, "alice", sig, now.Add(25*time.Hour))
	fmt.Println(err, usersig.Code(err))

	_, err = usersig.Verify(sdkAppID, key, "bob", sig, now)
	fmt.Println(err, usersig.Code(err))
	// Output:
	// alice 2024-05-02T12:00:00Z <nil>
	// usersig: expired 70001
	// usersig: identifier does not match 70013
}
