package format

import (
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// Scenario is one parsed, validated scenario file.
type Scenario struct {
	// File is the path it was read from.
	File string
	// Name says what the scenario checks.
	Name string
	// Labels select scenarios (Ginkgo --label-filter).
	Labels []string
	// Seed is the file's seed, if it sets one (the command line's wins).
	Seed *uint64
	// Env is the environment: im, vendors, devices and users.
	Env harness.Config
	// Steps run in order, in simulated time.
	Steps []Step
}

// The step actions.
const (
	ActLaunch               = "launch"
	ActLogin                = "login"
	ActLogout               = "logout"
	ActKill                 = "kill"
	ActBackground           = "background"
	ActForeground           = "foreground"
	ActUninstall            = "uninstall"
	ActReinstall            = "reinstall"
	ActWait                 = "wait"
	ActNetwork              = "network"
	ActLink                 = "link"
	ActKick                 = "kick"
	ActCertificate          = "certificate"
	ActSend                 = "send"
	ActClick                = "click"
	ActExpectNotification   = "expect_notification"
	ActExpectNoNotification = "expect_no_notification"
	ActExpectIntent         = "expect_intent"
	ActExpectOnlineMessage  = "expect_online_message"
	ActExpectState          = "expect_state"
	ActTroubleshoot         = "troubleshoot"
	ActFault                = "fault"
	ActClearFaults          = "clear_faults"
	ActExpectDelivery       = "expect_delivery"
	ActExpectFaultFired     = "expect_fault_fired"
)

// deviceActions take a device ID as their whole value.
var deviceActions = []string{ActLaunch, ActLogin, ActLogout, ActKill, ActBackground, ActForeground, ActUninstall, ActReinstall, ActTroubleshoot}

// Actions lists every step action.
var Actions = append(append([]string(nil), deviceActions...), ActWait, ActNetwork, ActLink, ActKick, ActCertificate, ActSend,
	ActClick, ActExpectNotification, ActExpectNoNotification, ActExpectIntent, ActExpectOnlineMessage, ActExpectState,
	ActFault, ActClearFaults, ActExpectDelivery, ActExpectFaultFired)

// Step is one action.
type Step struct {
	// Index is the step's 1-based position.
	Index int
	// Line is where the step starts in the file.
	Line int
	// Action is one of the Act* names.
	Action string
	// Device is the device the step acts on or checks.
	Device string
	// User is the user of a kick.
	User string
	// Duration is a wait's length.
	Duration time.Duration
	// NetworkUp is the state a network step sets.
	NetworkUp bool
	// Link is a link step's condition of one of the device's paths.
	Link *LinkStep
	// Certificate is a certificate step's certificate.
	Certificate *harness.CertificateConfig
	// Send is a send step.
	Send *harness.SendSpec
	// Count is how many messages a send step sends (1 when 0); with a
	// count, message i of the batch is named <as>-<i>.
	Count int
	// Recipients are the users of a send to a fleet, one message each in
	// fleet order: message i (from 1) is named <as>-<i>. Send.To is then
	// the fleet's name.
	Recipients []string
	// Every spaces a send step's messages in simulated time; zero sends
	// them as a burst, all at the same moment.
	Every time.Duration
	// Vendor is the vendor of a fault or clear_faults step.
	Vendor string
	// Fault is a fault step's rule.
	Fault *mockvendors.FaultRule
	// Delivery is an expect_delivery step.
	Delivery *DeliveryExpect
	// FaultFired is an expect_fault_fired step.
	FaultFired *FaultFiredExpect
	// Expect is an expectation (and click's message).
	Expect *Expect
}

// Expect is what an expect_* or click step checks.
type Expect struct {
	// Message is the ref of the message (send ... as:).
	Message string
	// Title and Body of the notification, when given.
	Title, Body *string
	// Within is the deadline, from the message's send time when Message
	// is given, else from the step.
	Within time.Duration
	// For is how long expect_no_notification watches.
	For time.Duration
	// Reason is the reason expect_no_notification requires, if any.
	Reason protocol.Reason
	// Intent fields of expect_intent (every one optional).
	Action, Component, URL string
	Extras                 map[string]string
	AbsentExtras           []string
	ReceiverContent        *string
	// IMState is expect_state's im state: online, background,
	// push_online or offline.
	IMState string
}

// DeliveryExpect is expect_delivery: of the messages sent so far (to the
// vendor, the device and the refs given, each optional), at least MinRate
// were notified, and P99Within bounds the 99th percentile of their
// latency. The check waits until Within after the last of them was sent.
type DeliveryExpect struct {
	Vendor, Device string
	// Fleet is the fleet checked, and Devices its phones (the check
	// covers only them).
	Fleet   string
	Devices []string
	// Messages are message refs or the as: of a send with a count (the
	// whole batch).
	Messages []string
	// MinRate is the least share of messages notified (0 to 1).
	MinRate *float64
	// P99Within bounds the latency p99 of the notified messages.
	P99Within time.Duration
	// Within is how long after the last matching send the check waits
	// for stragglers: P99Within when given, else DefaultWithin.
	Within time.Duration
}

// FaultFiredExpect is expect_fault_fired: the vendor's rule fired at least
// Min times (and, when Max is set, at most Max).
type FaultFiredExpect struct {
	Vendor, Rule string
	Min          int
	Max          *int
}

// MaxSendCount bounds a send step's count.
const MaxSendCount = 100000

// Default timings of expectations.
const (
	DefaultWithin = time.Minute     // expect_notification, expect_online_message
	DefaultFor    = 5 * time.Minute // expect_no_notification
)

// LinkStep conditions one path of a device: the IM socket or the vendor
// channel.
type LinkStep struct {
	// Channel is "im" or "vendor".
	Channel string
	// Partition is "silent", "hard" or "none"; "" leaves it.
	Partition string
	// Latency is the path's new one-way latency, when SetLatency.
	Latency    time.Duration
	SetLatency bool
}
