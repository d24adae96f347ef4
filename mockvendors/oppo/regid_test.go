package oppo_test

import (
	"regexp"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/oppo"
)

// regIDPattern is the documented shape WellFormedRegID checks by hand.
var regIDPattern = regexp.MustCompile(`^(?:[A-Z]{2,8}_){0,2}[0-9A-Za-z]{16,64}$`)

func FuzzWellFormedRegIDMatchesPattern(f *testing.F) {
	for _, s := range []string{"CN_078ad8b8a137cadb14ae5b70cf846312", "OPPO_CN_078ad8b8a137cadb14ae5b70cf846312",
		"A_B_078ad8b8a137cadb14ae5b70cf846312", "AB_CD_EF_078ad8b8a137cadb14ae5b70cf846312", "ABCDEFGHI_078ad8b8a137cadb14ae",
		"_078ad8b8a137cadb14ae5b70cf846312", "CN__078ad8b8a137cadb14ae5b70cf846312", "078ad8b8a137cadb", "078ad8b8a137cad", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := oppo.WellFormedRegID(s), regIDPattern.MatchString(s); got != want {
			t.Fatalf("WellFormedRegID(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
