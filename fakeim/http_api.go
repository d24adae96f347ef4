package fakeim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// maxAPIBody bounds a pushsim API request body.
const maxAPIBody = 1 << 20

// certificateBody is the JSON body of POST /_pushsim/im/certificates: the
// scenario format's certificate block.
type certificateBody struct {
	ID              int64                `json:"id"`
	Vendor          string               `json:"vendor"`
	Package         string               `json:"package"`
	Click           protocol.ClickAction `json:"click"`
	ActivationDelay *string              `json:"activation_delay"`
	AppID           string               `json:"app_id"`
	AppSecret       string               `json:"app_secret"`
	AppKey          string               `json:"app_key"`
	MasterSecret    string               `json:"master_secret"`
	ClientID        string               `json:"client_id"`
	ClientSecret    string               `json:"client_secret"`
	ProjectID       string               `json:"project_id"`
	ServiceAccount  string               `json:"service_account"`
	BundleID        string               `json:"bundle_id"`
	TeamID          string               `json:"team_id"`
	KeyID           string               `json:"key_id"`
	Key             string               `json:"key"`
}

// parseCertificateBody reads a certificate body. An absent
// activation_delay means the default; an explicit zero means Immediate.
func parseCertificateBody(body []byte) (CertificateSpec, error) {
	var b certificateBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return CertificateSpec{}, fmt.Errorf("certificate body: %v", err)
	}
	if dec.More() {
		return CertificateSpec{}, fmt.Errorf("certificate body: more than one JSON value")
	}
	spec := CertificateSpec{Certificate: protocol.Certificate{
		ID: b.ID, Vendor: protocol.Vendor(b.Vendor), Package: b.Package, Click: b.Click,
		Credentials: map[string]string{
			"app_id": b.AppID, "app_secret": b.AppSecret, "app_key": b.AppKey, "master_secret": b.MasterSecret,
			"client_id": b.ClientID, "client_secret": b.ClientSecret, "project_id": b.ProjectID,
			"service_account": b.ServiceAccount, "bundle_id": b.BundleID, "team_id": b.TeamID,
			"key_id": b.KeyID, "key": b.Key,
		},
	}}
	if b.ActivationDelay != nil {
		d, err := time.ParseDuration(*b.ActivationDelay)
		switch {
		case err != nil:
			return spec, fmt.Errorf("activation_delay %q: want a duration such as 10m or 0s", *b.ActivationDelay)
		case d < 0:
			return spec, fmt.Errorf("activation_delay %q is negative", *b.ActivationDelay)
		case d == 0:
			spec.ActivationDelay = Immediate
		default:
			spec.ActivationDelay = d
		}
	}
	if _, err := normalizeCertificate(spec.Certificate); err != nil {
		return spec, err
	}
	return spec, nil
}

// serveCertificates is GET (list) and POST (add or change) on
// /_pushsim/im/certificates.
func (s *Server) serveCertificates(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, s.Certificates())
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxAPIBody+1))
		if err != nil || len(body) > maxAPIBody {
			writeAPIError(w, http.StatusBadRequest, "certificate body unreadable or over 1 MiB")
			return
		}
		spec, err := parseCertificateBody(body)
		if err == nil {
			err = s.AddCertificate(spec)
		}
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, err.Error())
			return
		}
		info, _ := s.Certificate(spec.ID)
		writeJSON(w, http.StatusCreated, info)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeAPIError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: use GET or POST")
	}
}

// serveCertificate is GET and DELETE on /_pushsim/im/certificates/{id}.
func (s *Server) serveCertificate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, fmt.Sprintf("certificate ID %q is not a number", r.PathValue("id")))
		return
	}
	switch r.Method {
	case http.MethodGet:
		info, ok := s.Certificate(id)
		if !ok {
			writeAPIError(w, http.StatusNotFound, fmt.Sprintf("certificate %d not found", id))
			return
		}
		writeJSON(w, http.StatusOK, info)
	case http.MethodDelete:
		if err := s.RemoveCertificate(id); err != nil {
			writeAPIError(w, http.StatusNotFound, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "deleted": true})
	default:
		w.Header().Set("Allow", "GET, DELETE")
		writeAPIError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: use GET or DELETE")
	}
}

// serveActivate is POST /_pushsim/im/certificates/{id}/activate: the
// latest version of the certificate takes effect now.
func (s *Server) serveActivate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeAPIError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: use POST")
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, fmt.Sprintf("certificate ID %q is not a number", r.PathValue("id")))
		return
	}
	info, err := s.ActivateCertificate(id)
	if err != nil {
		writeAPIError(w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// serveInstances is GET /_pushsim/im/instances.
func (s *Server) serveInstances(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeAPIError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: use GET")
		return
	}
	writeJSON(w, http.StatusOK, s.Instances())
}
