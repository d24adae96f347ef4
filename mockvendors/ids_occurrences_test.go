package mockvendors

import "testing"

func TestOccurrencesCountEqualContent(t *testing.T) {
	var o Occurrences
	k1, n1 := o.Count("a", "bc")
	k2, n2 := o.Count("ab", "c")
	_, n3 := o.Count("a", "bc")
	if k1 == k2 || n1 != "1" || n2 != "1" || n3 != "2" {
		t.Fatalf("keys %s %s, counts %s %s %s", k1, k2, n1, n2, n3)
	}
}
