package apns

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/pushsim/pushsim/mockvendors"
)

// AppFor is the app a certificate's apns fields describe: the bundle ID
// (App.ID and App.Package), the team (App.ClientID), and the provider
// token signing key's ID (App.Key) and PEM (App.Secret). With no key, the
// team's tokens are not verified.
func AppFor(bundleID, teamID, keyID, keyPEM string) mockvendors.App {
	return mockvendors.App{ID: bundleID, Package: bundleID, ClientID: teamID, Key: keyID, Secret: keyPEM}
}

// ParseKey reads an ES256 signing key: a .p8 file's PKCS #8 PEM (or a SEC 1
// "EC PRIVATE KEY") on the P-256 curve.
func ParseKey(pemText string) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errors.New("apns: key is not PEM")
	}
	var key *ecdsa.PrivateKey
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		key = k
	} else {
		k8, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("apns: key: %w", err)
		}
		ek, ok := k8.(*ecdsa.PrivateKey)
		if !ok {
			return nil, errors.New("apns: key is not an EC key")
		}
		key = ek
	}
	if key.Curve != elliptic.P256() {
		return nil, errors.New("apns: key is not on P-256 (ES256)")
	}
	return key, nil
}

// EncodeKey writes key as a .p8 file does (PKCS #8 PEM).
func EncodeKey(key *ecdsa.PrivateKey) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("apns: key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}
