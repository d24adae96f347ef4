package simulator

import "testing"

func TestTrayDismissAll(t *testing.T) {
	tr := newTray()
	for _, id := range []string{"a", "b", "c"} {
		tr.add(&Notification{VendorMsgID: id, Package: "p"})
	}
	if got := tr.Len(); got != 3 {
		t.Fatalf("Len = %d, want 3", got)
	}
	if got := tr.DismissAll(); got != 3 {
		t.Fatalf("DismissAll = %d, want 3", got)
	}
	if got, all := tr.Len(), tr.All(); got != 0 || len(all) != 0 {
		t.Fatalf("after DismissAll: Len %d, All %v", got, all)
	}
	tr.add(&Notification{VendorMsgID: "d", Package: "p"})
	if _, ok := tr.markTapped("d"); !ok || tr.Len() != 1 {
		t.Fatalf("a notification after DismissAll is not in the tray: %v", tr.All())
	}
}
