package fakeim

import (
	"encoding/json"
)

// importItem is one account to import.
type importItem struct {
	UserID string
	Nick   string
}

// parseAccountImport reads account_import: UserID (or the legacy
// Identifier), Nick, FaceUrl.
func parseAccountImport(body []byte) (importItem, *Error) {
	f, e := parseObject(body, CodeJSONParse)
	if e != nil {
		return importItem{}, e
	}
	id, e := userField(f, "UserID", "Identifier")
	if e != nil {
		return importItem{}, e
	}
	nick, _, ok := f.str("Nick")
	if !ok {
		return importItem{}, errorf(CodeInvalidParam, "Nick is not a string")
	}
	return importItem{UserID: id, Nick: nick}, nil
}

// userField reads a required user ID from the first of names present.
func userField(f fields, names ...string) (string, *Error) {
	for _, name := range names {
		v, present, ok := f.str(name)
		if !present {
			continue
		}
		if !ok {
			return "", errorf(CodeAccountNotString, "%s is not a string", name)
		}
		if err := checkUserID(v); err != nil {
			return "", errorf(CodeInvalidParam, "%s: %v", name, err)
		}
		return v, nil
	}
	return "", errorf(CodeInvalidParam, "%s is missing", names[0])
}

// parseMultiImport reads multiaccount_import: the old {"Accounts":[ids]}
// or the new {"AccountList":[{"UserID",...}]}. Invalid IDs go to fail.
func parseMultiImport(body []byte) (ok []importItem, fail []string, e *Error) {
	f, e := parseObject(body, CodeJSONParse)
	if e != nil {
		return nil, nil, e
	}
	list, present, isArray := f.array("AccountList")
	legacy := false
	if !present {
		list, present, isArray = f.array("Accounts")
		legacy = true
	}
	switch {
	case !present:
		return nil, nil, errorf(CodeInvalidParam, "AccountList (or Accounts) is missing")
	case !isArray:
		return nil, nil, errorf(CodeInvalidParam, "AccountList (or Accounts) is not an array")
	case len(list) == 0 || len(list) > maxImportBatch:
		return nil, nil, errorf(CodeInvalidParam, "%d accounts: import 1 to %d at a time", len(list), maxImportBatch)
	}
	for _, raw := range list {
		var item importItem
		if legacy {
			id, _, isString := rawString(raw)
			if !isString {
				return nil, nil, errorf(CodeAccountNotString, "Accounts holds a value that is not a string")
			}
			item.UserID = id
		} else {
			var g fields
			if err := json.Unmarshal(raw, &g); err != nil || g == nil {
				return nil, nil, errorf(CodeInvalidParam, "AccountList holds a value that is not an object")
			}
			id, present, isString := g.str("UserID")
			if present && !isString {
				return nil, nil, errorf(CodeAccountNotString, "AccountList.UserID is not a string")
			}
			nick, _, _ := g.str("Nick")
			item = importItem{UserID: id, Nick: nick}
		}
		if checkUserID(item.UserID) != nil {
			fail = append(fail, item.UserID)
			continue
		}
		ok = append(ok, item)
	}
	return ok, fail, nil
}

// parseUserItems reads [{"UserID":...}] under key (CheckItem, DeleteItem).
func parseUserItems(body []byte, key string) ([]string, *Error) {
	f, e := parseObject(body, CodeJSONParse)
	if e != nil {
		return nil, e
	}
	list, present, isArray := f.array(key)
	switch {
	case !present:
		return nil, errorf(CodeInvalidParam, "%s is missing", key)
	case !isArray:
		return nil, errorf(CodeInvalidParam, "%s is not an array", key)
	case len(list) == 0 || len(list) > maxImportBatch:
		return nil, errorf(CodeInvalidParam, "%d items in %s: give 1 to %d", len(list), key, maxImportBatch)
	}
	ids := make([]string, 0, len(list))
	for _, raw := range list {
		var g fields
		if err := json.Unmarshal(raw, &g); err != nil || g == nil {
			return nil, errorf(CodeInvalidParam, "%s holds a value that is not an object", key)
		}
		id, e := userField(g, "UserID")
		if e != nil {
			return nil, e
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// parseKick reads kick: UserID, or the legacy Identifier.
func parseKick(body []byte) (string, *Error) {
	f, e := parseObject(body, CodeJSONParse)
	if e != nil {
		return "", e
	}
	return userField(f, "UserID", "Identifier")
}

func (s *Server) restAccountImport(body []byte) (enveloped, *Error) {
	item, e := parseAccountImport(body)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	s.importLocked(item.UserID, item.Nick)
	s.mu.Unlock()
	return &envelope{}, nil
}

type multiImportResponse struct {
	envelope
	FailAccounts []string `json:"FailAccounts"`
}

func (s *Server) restMultiAccountImport(body []byte) (enveloped, *Error) {
	items, fail, e := parseMultiImport(body)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	for _, it := range items {
		s.importLocked(it.UserID, it.Nick)
	}
	s.mu.Unlock()
	if fail == nil {
		fail = []string{}
	}
	return &multiImportResponse{FailAccounts: fail}, nil
}

// accountResult is one ResultItem of account_check and account_delete.
type accountResult struct {
	UserID        string `json:"UserID"`
	ResultCode    int    `json:"ResultCode"`
	ResultInfo    string `json:"ResultInfo"`
	AccountStatus string `json:"AccountStatus,omitempty"`
}

type accountResultResponse struct {
	envelope
	ResultItem []accountResult `json:"ResultItem"`
}

func (s *Server) restAccountCheck(body []byte) (enveloped, *Error) {
	ids, e := parseUserItems(body, "CheckItem")
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &accountResultResponse{ResultItem: make([]accountResult, 0, len(ids))}
	for _, id := range ids {
		status := "NotImported"
		if _, ok := s.accounts[id]; ok {
			status = "Imported"
		}
		out.ResultItem = append(out.ResultItem, accountResult{UserID: id, AccountStatus: status})
	}
	return out, nil
}

func (s *Server) restAccountDelete(body []byte) (enveloped, *Error) {
	ids, e := parseUserItems(body, "DeleteItem")
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &accountResultResponse{ResultItem: make([]accountResult, 0, len(ids))}
	for _, id := range ids {
		res := accountResult{UserID: id}
		switch _, ok := s.accounts[id]; {
		case id == s.cfg.Admin:
			res.ResultCode, res.ResultInfo = CodeInvalidParam, "the App admin cannot be deleted"
		case !ok:
			res.ResultCode, res.ResultInfo = CodeAccountNotFound, "account is not imported"
		default:
			for _, in := range s.userInstancesLocked(id) {
				if in.state != StateOffline {
					s.kickLocked(in, KickedByREST, "note", "account deleted")
				}
			}
			delete(s.accounts, id)
		}
		out.ResultItem = append(out.ResultItem, res)
	}
	return out, nil
}

func (s *Server) restKick(body []byte) (enveloped, *Error) {
	user, e := parseKick(body)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.kickUserLocked(user); e != nil {
		return nil, e
	}
	return &envelope{}, nil
}
