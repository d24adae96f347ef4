// Package harness wires a whole pushsim environment: the fake IM server, the
// vendor mocks and a fleet of simulated devices on one network, one trace
// and one root seed.
//
// An environment runs embedded, over an in-memory network inside a
// testing/synctest bubble, so minutes of simulated time cost microseconds
// and a run is deterministic; or on loopback sockets in real time, which is
// what `pushsim serve` uses. Specs drive it through Phone and Message
// handles and read like the domain with the Gomega matchers in this package
// (ReceiveNotification, MissNotification, OpenIntent, ...).
//
// Env.Handler serves the same operations over HTTP under /_pushsim/ (device
// control, a message's fate, the trace), calling the same Phone methods the
// scenario steps call; package client is its Go client.
package harness
