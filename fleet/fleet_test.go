package fleet_test

import (
	"slices"
	"testing"

	"github.com/pushsim/pushsim/fleet"
	"github.com/pushsim/pushsim/protocol"
)

func sh(b protocol.Brand, w float64) fleet.Share { return fleet.Share{Brand: b, Weight: w} }

func spec(count int, seed uint64, shares ...fleet.Share) fleet.Spec {
	return fleet.Spec{Count: count, Brands: shares, IDPrefix: "p", UserPrefix: "u", Seed: seed}
}

func TestCountsByLargestRemainder(t *testing.T) {
	mz, xm, hw := protocol.BrandMeizu, protocol.BrandXiaomi, protocol.BrandHuawei
	for _, tc := range []struct {
		name  string
		spec  fleet.Spec
		count []int
	}{
		{"exact", spec(10, 1, sh(mz, 0.2), sh(xm, 0.8)), []int{2, 8}},
		{"thirds", spec(10, 1, sh(mz, 1.0/3), sh(xm, 1.0/3), sh(hw, 1.0/3)), []int{4, 3, 3}},
		{"largest fraction wins", spec(7, 1, sh(mz, 0.1), sh(xm, 0.3), sh(hw, 0.6)), []int{1, 2, 4}},
		{"one phone", spec(1, 1, sh(mz, 0.4), sh(xm, 0.6)), []int{0, 1}},
		{"zero share", spec(5, 1, sh(mz, 0), sh(xm, 1)), []int{0, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := tc.spec.Counts(); !slices.Equal(got, tc.count) {
				t.Errorf("counts %v, want %v", got, tc.count)
			}
			got := map[protocol.Brand]int{}
			for _, p := range tc.spec.Phones() {
				got[p.Brand]++
			}
			for i, s := range tc.spec.Brands {
				if got[s.Brand] != tc.count[i] {
					t.Errorf("%d phones of %s, want %d", got[s.Brand], s.Brand, tc.count[i])
				}
			}
		})
	}
}

func TestPhonesAreDeterministic(t *testing.T) {
	s := spec(50, 7, sh(protocol.BrandMeizu, 0.5), sh(protocol.BrandVivo, 0.5))
	a, b := s.Phones(), s.Phones()
	if !slices.Equal(a, b) {
		t.Fatal("the same spec gave two layouts")
	}
	if a[0].ID != "p01" || a[0].User != "u01" || a[49].ID != "p50" {
		t.Errorf("ids %s %s %s, want p01 u01 p50", a[0].ID, a[0].User, a[49].ID)
	}
	s.Seed = 8
	if slices.Equal(a, s.Phones()) {
		t.Error("another seed gave the same brand layout")
	}
}

func TestShardsCoverEveryPhoneOnce(t *testing.T) {
	phones := spec(103, 1, sh(protocol.BrandMeizu, 1)).Phones()
	var joined []fleet.Phone
	for i := range 4 {
		sh := fleet.Shard(phones, i, 4)
		if len(sh) < 25 || len(sh) > 26 {
			t.Errorf("shard %d has %d phones", i, len(sh))
		}
		joined = append(joined, sh...)
	}
	if !slices.Equal(joined, phones) {
		t.Error("the shards do not join to the fleet")
	}
}

func TestValidateAndParse(t *testing.T) {
	bad := []fleet.Spec{
		spec(0, 1, sh(protocol.BrandMeizu, 1)),
		spec(10, 1),
		spec(10, 1, sh(protocol.BrandMeizu, 0.5)),
		spec(10, 1, sh(protocol.BrandMeizu, 0.5), sh(protocol.BrandMeizu, 0.5)),
		spec(10, 1, sh("nokia", 1)),
		{Count: 1, Brands: []fleet.Share{{protocol.BrandMeizu, 1}}},
	}
	for i, s := range bad {
		if s.Validate() == nil {
			t.Errorf("spec %d was accepted", i)
		}
	}
	if sh, err := fleet.ParseBrands("meizu=0.2, xiaomi=0.8"); err != nil || len(sh) != 2 || sh[1].Weight != 0.8 {
		t.Errorf("ParseBrands: %v %v", sh, err)
	}
	for _, s := range []string{"meizu", "nokia=1", "meizu=x"} {
		if _, err := fleet.ParseBrands(s); err == nil {
			t.Errorf("ParseBrands(%q) accepted", s)
		}
	}
	if i, n, err := fleet.ParseShard("2/4"); err != nil || i != 2 || n != 4 {
		t.Errorf("ParseShard: %d %d %v", i, n, err)
	}
	for _, s := range []string{"4/4", "-1/2", "1", "a/b", "0/0"} {
		if _, _, err := fleet.ParseShard(s); err == nil {
			t.Errorf("ParseShard(%q) accepted", s)
		}
	}
}
