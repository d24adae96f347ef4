// Package scenarios holds pushsim's Ginkgo scenario suites: end-to-end
// specs that start a whole environment (fake IM server, vendor mocks,
// simulated devices) in virtual time and check which notifications arrive,
// how late, why not, and which intent a tap opens.
package scenarios
