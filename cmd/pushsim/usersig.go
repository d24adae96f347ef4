package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// defaultExpire is the lifetime of a minted UserSig when --expire is not
// given: one day.
const defaultExpire = 86400

// usersigCmd prints a UserSig v2 for a user, as Tencent's TLSSigAPIv2
// GenUserSig makes it.
func usersigCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("usersig", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sdkappid := fs.Uint64("sdkappid", 0, "the SDKAppID (pushsim serve prints it; default config: 1400000000)")
	key := fs.String("key", "", "the secret key (pushsim serve's --secret-key or im.secret_key)")
	user := fs.String("user", "", "the user ID to sign for; REST calls need the admin (default administrator)")
	expire := fs.Int64("expire", defaultExpire, "lifetime in seconds")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pushsim usersig --sdkappid N --key K --user U [--expire SECONDS]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "pushsim usersig: "+format+"\n", a...)
		fs.Usage()
		return errUsage
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q", fs.Arg(0))
	case *sdkappid == 0:
		return fail("--sdkappid is required")
	case *key == "":
		return fail("--key is required")
	case *user == "":
		return fail("--user is required")
	case *expire <= 0 || *expire > math.MaxInt64/int64(time.Second):
		return fail("--expire %d: want a positive number of seconds", *expire)
	}
	sig, err := usersig.Gen(*sdkappid, *key, *user, time.Duration(*expire)*time.Second, time.Now())
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintln(stdout, sig)
	return nil
}
