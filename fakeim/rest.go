package fakeim

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// maxRESTBody bounds a REST request body.
const maxRESTBody = 1 << 20

// restHandler runs one REST command on a request body.
type restHandler func(s *Server, body []byte) (enveloped, *Error)

// restCommands are the /v4/<service>/<command> paths served.
var restCommands = map[string]restHandler{
	"im_open_login_svc/account_import":      (*Server).restAccountImport,
	"im_open_login_svc/multiaccount_import": (*Server).restMultiAccountImport,
	"im_open_login_svc/account_check":       (*Server).restAccountCheck,
	"im_open_login_svc/account_delete":      (*Server).restAccountDelete,
	"im_open_login_svc/kick":                (*Server).restKick,
	"openim/query_online_status":            (*Server).restQueryOnlineStatus,
	"openim/querystate":                     (*Server).restQueryState,
	"openim/sendmsg":                        (*Server).restSendMsg,
	"openim/batchsendmsg":                   (*Server).restBatchSendMsg,
}

// RESTCommands lists the served /v4 commands ("service/command"), sorted.
func RESTCommands() []string {
	out := make([]string, 0, len(restCommands))
	for c := range restCommands {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// serveREST answers /v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	cmd := strings.TrimPrefix(r.URL.Path, "/v4/")
	h, ok := restCommands[cmd]
	if !ok {
		writeEnvelope(w, nil, errorf(CodeBadResource, "unknown REST command %q", cmd))
		return
	}
	if r.Method != http.MethodPost {
		writeEnvelope(w, nil, errorf(CodeHTTPParse, "method %s: REST commands take POST", r.Method))
		return
	}
	if e := s.authREST(r.URL.Query()); e != nil {
		writeEnvelope(w, nil, e)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRESTBody+1))
	if err != nil {
		writeEnvelope(w, nil, errorf(CodeHTTPParse, "reading the body: %v", err))
		return
	}
	if len(body) > maxRESTBody {
		writeEnvelope(w, nil, errorf(CodeHTTPParse, "the body is over %d bytes", maxRESTBody))
		return
	}
	resp, e := h(s, body)
	writeEnvelope(w, resp, e)
}

// authREST checks the query: the SDKAppID, the admin identifier and its
// UserSig, random and contenttype.
func (s *Server) authREST(q url.Values) *Error {
	app := q.Get("sdkappid")
	if app == "" {
		return errorf(CodeMissingSDKAppID, "sdkappid is missing from the URL")
	}
	n, err := strconv.ParseUint(app, 10, 64)
	if err != nil || n != s.cfg.SDKAppID {
		return errorf(CodeInvalidSDKAppID, "invalid sdkappid %q", app)
	}
	id := q.Get("identifier")
	if id == "" {
		return errorf(CodeBadAccount, "identifier is missing from the URL")
	}
	claims, err := s.restSigs.verify(s.cfg.SDKAppID, s.cfg.SecretKey, id, q.Get("usersig"), time.Now())
	if err != nil {
		return errorf(usersig.Code(err), "usersig check failed: %v", err)
	}
	s.mu.Lock()
	invalid := s.sigInvalidatedLocked(id, claims.Time)
	s.mu.Unlock()
	if invalid {
		return errorf(usersig.CodeExpired, "usersig was invalidated by a kick of %q", id)
	}
	if id != s.cfg.Admin {
		return errorf(CodeNeedAdmin, "identifier %q is not the App admin", id)
	}
	if rnd := q.Get("random"); rnd != "" {
		if _, err := strconv.ParseUint(rnd, 10, 32); err != nil {
			return errorf(CodeHTTPParse, "random %q is not an unsigned 32-bit integer", rnd)
		}
	}
	if ct := q.Get("contenttype"); ct != "" && ct != "json" {
		return errorf(CodeHTTPParse, "contenttype %q: only json is supported", ct)
	}
	return nil
}
