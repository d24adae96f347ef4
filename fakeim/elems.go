package fakeim

import (
	"encoding/json"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// bodySummary is what routing needs from a MsgBody.
type bodySummary struct {
	Text       string   // the first TIMTextElem's Text
	CustomDesc string   // the first TIMCustomElem's Desc
	Types      []string // the element types, in order
}

// elemKind is the JSON type a MsgContent field must have.
type elemKind int

const (
	kString elemKind = iota
	kNumber
	kArray
)

// elemSchema lists each element type's known fields and the required ones.
type elemSchema struct {
	fields   map[string]elemKind
	required []string
}

// elemSchemas are the documented element types (reference §1.4).
var elemSchemas = map[string]elemSchema{
	"TIMTextElem":     {fields: map[string]elemKind{"Text": kString}, required: []string{"Text"}},
	"TIMCustomElem":   {fields: map[string]elemKind{"Data": kString, "Desc": kString, "Ext": kString, "Sound": kString}},
	"TIMLocationElem": {fields: map[string]elemKind{"Desc": kString, "Latitude": kNumber, "Longitude": kNumber}, required: []string{"Latitude", "Longitude"}},
	"TIMFaceElem":     {fields: map[string]elemKind{"Index": kNumber, "Data": kString}, required: []string{"Index"}},
	"TIMSoundElem": {fields: map[string]elemKind{"UUID": kString, "Url": kString, "Size": kNumber, "Second": kNumber,
		"Download_Flag": kNumber}},
	"TIMImageElem": {fields: map[string]elemKind{"UUID": kString, "ImageFormat": kNumber, "ImageInfoArray": kArray}},
	"TIMFileElem": {fields: map[string]elemKind{"Url": kString, "UUID": kString, "FileSize": kNumber, "FileName": kString,
		"Download_Flag": kNumber}},
	"TIMVideoFileElem": {fields: map[string]elemKind{"VideoUUID": kString, "VideoUrl": kString, "VideoSize": kNumber,
		"VideoSecond": kNumber, "VideoFormat": kString, "VideoDownloadFlag": kNumber, "ThumbUUID": kString,
		"ThumbUrl": kString, "ThumbSize": kNumber, "ThumbWidth": kNumber, "ThumbHeight": kNumber,
		"ThumbFormat": kString, "ThumbDownloadFlag": kNumber}},
}

// checkElems validates each element's MsgContent against its type and
// summarises the body. Failures are 90010.
func checkElems(elems []protocol.MsgElem) (bodySummary, *Error) {
	var sum bodySummary
	if len(elems) == 0 {
		return sum, errorf(CodeMsgBodyMalformed, "MsgBody is empty")
	}
	textSeen, customSeen := false, false
	for i, el := range elems {
		schema, ok := elemSchemas[el.MsgType]
		if !ok {
			return sum, errorf(CodeElemInvalid, "MsgBody[%d]: unknown MsgType %q", i, el.MsgType)
		}
		var content fields
		if err := json.Unmarshal(el.MsgContent, &content); err != nil || content == nil {
			return sum, errorf(CodeElemInvalid, "MsgBody[%d] (%s): MsgContent is not an object", i, el.MsgType)
		}
		for _, name := range schema.required {
			if _, present := content.raw(name); !present {
				return sum, errorf(CodeElemInvalid, "MsgBody[%d] (%s): %s is missing", i, el.MsgType, name)
			}
		}
		for name, kind := range schema.fields {
			raw, present := content.raw(name)
			if present && !isKind(raw, kind) {
				return sum, errorf(CodeElemInvalid, "MsgBody[%d] (%s): %s has the wrong type", i, el.MsgType, name)
			}
		}
		sum.Types = append(sum.Types, el.MsgType)
		switch el.MsgType {
		case "TIMTextElem":
			if !textSeen {
				sum.Text, _, _ = content.str("Text")
				textSeen = true
			}
		case "TIMCustomElem":
			if !customSeen {
				sum.CustomDesc, _, _ = content.str("Desc")
				customSeen = true
			}
		}
	}
	return sum, nil
}

// isKind reports whether raw is a JSON value of kind.
func isKind(raw json.RawMessage, kind elemKind) bool {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return false
	}
	switch kind {
	case kString:
		_, _, ok := rawString(raw)
		return ok
	case kNumber:
		var n json.Number
		return json.Unmarshal(raw, &n) == nil && s[0] != '"'
	case kArray:
		return s[0] == '['
	}
	return false
}
