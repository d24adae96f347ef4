// Package protocol holds the wire contracts pushsim owns and every component
// shares: the vendor and brand enums, the reason codes that explain a missing
// notification, the frames of the device↔IM websocket protocol and the frames
// of the vendor device channel.
//
// It depends only on the standard library, so simulator, mockvendors, fakeim
// and harness can all import it.
package protocol
