package harness

import (
	"fmt"
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// AddFault adds a fault rule to a running vendor mock (or replaces the
// rule of that name); its from/until and ramp clocks start now.
func (e *Env) AddFault(vendor string, r mockvendors.FaultRule) error {
	srv, ok := e.vendors[protocol.Vendor(vendor)]
	if !ok {
		return fmt.Errorf("no vendor mock %q runs here (running: %s)", vendor, e.vendorList())
	}
	return srv.Faults().Add(r)
}

// ClearFaults removes every fault rule of a vendor; what they fired
// stays in FaultCoverage.
func (e *Env) ClearFaults(vendor string) error {
	srv, ok := e.vendors[protocol.Vendor(vendor)]
	if !ok {
		return fmt.Errorf("no vendor mock %q runs here (running: %s)", vendor, e.vendorList())
	}
	srv.Faults().Clear()
	return nil
}

// FaultCoverage counts, per vendor in name order and per rule in the
// order added, how often every fault rule ever set fired.
func (e *Env) FaultCoverage() []mockvendors.FaultFired {
	var out []mockvendors.FaultFired
	for _, v := range e.sortedVendors() {
		out = append(out, e.vendors[v].Faults().Coverage()...)
	}
	return out
}

// serveCoverage is GET /_pushsim/faults/coverage.
func (e *Env) serveCoverage(w http.ResponseWriter, _ *http.Request) {
	cov := e.FaultCoverage()
	if cov == nil {
		cov = []mockvendors.FaultFired{}
	}
	writeJSON(w, http.StatusOK, cov)
}

// unknownVendor answers a vendor route of a vendor that does not run.
func (e *Env) unknownVendor(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "no vendor mock %q runs here (running: %s)", r.PathValue("vendor"), e.vendorList())
}
