package fcm

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// DefaultTokenURI is Google's OAuth 2 token endpoint, the token_uri of
// every service account key file.
const DefaultTokenURI = "https://oauth2.googleapis.com/token"

// MessagingScope is the OAuth scope for sending with FCM.
const MessagingScope = "https://www.googleapis.com/auth/firebase.messaging"

// ServiceAccount is a service account key file, as the Firebase console
// downloads it. PrivateKey is secret and never printed.
type ServiceAccount struct {
	Type         string `json:"type"`
	ProjectID    string `json:"project_id"`
	PrivateKeyID string `json:"private_key_id"`
	PrivateKey   string `json:"private_key"`
	ClientEmail  string `json:"client_email"`
	ClientID     string `json:"client_id,omitempty"`
	AuthURI      string `json:"auth_uri,omitempty"`
	TokenURI     string `json:"token_uri"`

	key *rsa.PrivateKey // parsed once by ParseServiceAccount
}

// String names the account without its key.
func (sa ServiceAccount) String() string {
	return fmt.Sprintf("service account %s (project %s, key %s)", sa.ClientEmail, sa.ProjectID, sa.PrivateKeyID)
}

// ParseServiceAccount reads a key file given as its JSON text or, when s
// does not start with "{", as the path of the file.
func ParseServiceAccount(s string) (*ServiceAccount, error) {
	data := []byte(strings.TrimSpace(s))
	if len(data) > 0 && data[0] != '{' {
		var err error
		if data, err = os.ReadFile(string(data)); err != nil {
			return nil, fmt.Errorf("fcm: service account: %w", err)
		}
	}
	var sa ServiceAccount
	if err := json.Unmarshal(data, &sa); err != nil {
		return nil, fmt.Errorf("fcm: service account is not a key file: %w", err)
	}
	var errs []error
	if sa.Type != "service_account" {
		errs = append(errs, fmt.Errorf("type is %q, want service_account", sa.Type))
	}
	if sa.ClientEmail == "" {
		errs = append(errs, errors.New("client_email is empty"))
	}
	key, err := sa.Key()
	if err != nil {
		errs = append(errs, err)
	}
	sa.key = key
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("fcm: service account: %w", err)
	}
	if sa.TokenURI == "" {
		sa.TokenURI = DefaultTokenURI
	}
	return &sa, nil
}

// Key parses the account's RSA private key (PKCS #8 or PKCS #1 PEM).
func (sa ServiceAccount) Key() (*rsa.PrivateKey, error) {
	if sa.key != nil {
		return sa.key, nil
	}
	block, _ := pem.Decode([]byte(sa.PrivateKey))
	if block == nil {
		return nil, errors.New("private_key is not PEM")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("private_key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("private_key is not an RSA key")
	}
	return rk, nil
}

// NewServiceAccount builds a key file for project with the RSA key, as
// the Firebase console would issue one (token_uri Google's endpoint).
func NewServiceAccount(projectID, keyID string, key *rsa.PrivateKey) (*ServiceAccount, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("fcm: service account key: %w", err)
	}
	return &ServiceAccount{
		key:  key,
		Type: "service_account", ProjectID: projectID, PrivateKeyID: keyID,
		PrivateKey:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		ClientEmail: "firebase-adminsdk@" + projectID + ".iam.gserviceaccount.com",
		AuthURI:     "https://accounts.google.com/o/oauth2/auth", TokenURI: DefaultTokenURI,
	}, nil
}

// JSON renders the key file.
func (sa ServiceAccount) JSON() string {
	b, _ := json.MarshalIndent(sa, "", "  ")
	return string(b)
}

// AppFor is the app a certificate's fcm fields describe: the Firebase
// project (App.ID), the Android package, and the service account key file
// (App.Secret; empty accepts any bearer token).
func AppFor(projectID, pkg, serviceAccount string) mockvendors.App {
	return mockvendors.App{ID: projectID, Package: pkg, Secret: serviceAccount}
}
