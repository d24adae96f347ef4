package catalogen

// vendor is what the catalog needs to know of one vendor.
type vendor struct {
	Name  string // scenario vendor name
	Title string // how people write it
	Brand string
	ROM   string
	// Cert holds the certificate's credential lines; WrongCert the same
	// with a wrong secret.
	Cert      string
	WrongCert string
	// App holds extra fields of the device's app block (", key: value").
	App string
	// AppCreds are the push credentials the app ships (", app_id: ...").
	AppCreds string
	// Android is the send's push.android block, if the vendor needs one.
	Android string
}

// Vendors lists the vendors the catalog covers, in order.
var Vendors = []string{"meizu", "xiaomi", "huawei", "honor", "oppo", "vivo", "fcm", "apns"}

// vendors describes each of them.
var vendors = map[string]vendor{
	"meizu": {Name: "meizu", Title: "Meizu", Brand: "meizu", ROM: "flyme-9",
		Cert:      "app_id: \"1234512345123451234\"\napp_key: \"1234512345123\"\napp_secret: \"s3cr3t\"",
		AppCreds:  `, app_id: "1234512345123451234", app_key: "1234512345123"`,
		WrongCert: "app_id: \"1234512345123451234\"\napp_key: \"1234512345123\"\napp_secret: \"not-the-secret\""},
	"xiaomi": {Name: "xiaomi", Title: "Xiaomi", Brand: "xiaomi", ROM: "miui-14",
		Cert:      "app_id: \"2882303761517000000\"\napp_key: \"5771700000000\"\napp_secret: \"xm-s3cr3t==\"",
		WrongCert: "app_id: \"2882303761517000000\"\napp_key: \"5771700000000\"\napp_secret: \"not-the-secret\"",
		AppCreds:  `, app_id: "2882303761517000000", app_key: "5771700000000"`,
		App:       ", channels: [im_channel]",
		Android:   "{xiaomi_channel_id: im_channel}"},
	"huawei": {Name: "huawei", Title: "Huawei", Brand: "huawei", ROM: "emui-12",
		Cert:      "app_id: \"104123457\"\napp_secret: \"hms-app-secret\"\nbadge_class: com.example.chat.MainActivity",
		WrongCert: "app_id: \"104123457\"\napp_secret: \"not-the-secret\"",
		AppCreds:  `, app_id: "104123457"`,
		Android:   "{ext_as_huawei_intent_param: 1}"},
	"honor": {Name: "honor", Title: "Honor", Brand: "honor", ROM: "magicos-7",
		Cert:      "app_id: \"104400123\"\nclient_id: \"honor-client-id\"\nclient_secret: \"honor-client-secret\"",
		WrongCert: "app_id: \"104400123\"\nclient_id: \"honor-client-id\"\nclient_secret: \"not-the-secret\"",
		AppCreds:  `, app_id: "104400123"`},
	"oppo": {Name: "oppo", Title: "OPPO", Brand: "oppo", ROM: "coloros-13",
		Cert:      "app_id: \"30012345\"\napp_key: \"oppo-app-key\"\napp_secret: \"oppo-app-secret\"\nmaster_secret: \"oppo-master-secret\"",
		WrongCert: "app_id: \"30012345\"\napp_key: \"oppo-app-key\"\napp_secret: \"oppo-app-secret\"\nmaster_secret: \"not-the-master-secret\"",
		AppCreds:  `, app_id: "30012345", app_key: "oppo-app-key"`,
		App:       ", channels: [im_channel], notifications_enabled: true",
		Android:   "{oppo_channel_id: im_channel, oppo_category: IM}"},
	"vivo": {Name: "vivo", Title: "vivo", Brand: "vivo", ROM: "originos-3",
		Cert:      "app_id: \"105123456\"\napp_key: \"vivo-app-key\"\napp_secret: \"vivo-app-secret\"",
		WrongCert: "app_id: \"105123456\"\napp_key: \"vivo-app-key\"\napp_secret: \"not-the-secret\"",
		AppCreds:  `, app_id: "105123456", app_key: "vivo-app-key"`,
		Android:   "{vivo_classification: 1}"},
	"fcm": {Name: "fcm", Title: "FCM", Brand: "google", ROM: "pixel-android-14",
		Cert:     "project_id: pushsim-chat",
		AppCreds: `, app_id: pushsim-chat`,
		Android:  "{google_channel_id: im}",
		App:      ", channels: [im]"},
	"apns": {Name: "apns", Title: "APNs", Brand: "apple", ROM: "ios-17",
		Cert:      "bundle_id: com.example.chat\nteam_id: TEAM123456\nkey_id: KEY1234567\nkey: |\n  -----BEGIN PRIVATE KEY-----\n  MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgo78HRcU60GnQIdf/\n  WfqKlQ4bfqeXRbLN4QiEr34TUg6hRANCAASQ4Ow8MB+W7zXXzXLWoJ0H4MCyMEMZ\n  35ZNOPVZttCTVI62Dx0f9i1/sqtOGjjmE91dLPnwLW9sPSpJa2IgyzDl\n  -----END PRIVATE KEY-----",
		WrongCert: "bundle_id: com.example.chat\nteam_id: TEAM123456\nkey_id: KEY1234567\nkey: |\n  -----BEGIN PRIVATE KEY-----\n  MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxSajSYdgqds88/lW\n  1lsXjOHX+t8YD7+/RgGxwtI2o9qhRANCAATUf8C++qmAqmcj8oie+T0njkQ7NWOi\n  N8S7awsf52ebjym+uUMFs+qGOquWJrcRKbA78OV6LxegrF5Lo//qvxhB\n  -----END PRIVATE KEY-----",
		AppCreds:  `, app_id: com.example.chat`},
}

// lifecycle is what happens to the app before the message is sent.
type lifecycle struct {
	Name  string
	Title string
	// Arrives is true when the message becomes a notification.
	Arrives bool
}

var lifecycles = []lifecycle{
	{Name: "killed", Title: "app killed while logged in, the notification arrives", Arrives: true},
	{Name: "background", Title: "app in the background after doBackground, the notification arrives", Arrives: true},
	{Name: "network_loss", Title: "network lost silently, the push waits for the network", Arrives: true},
	{Name: "foreground", Title: "app in the foreground, the message arrives online and nothing is pushed"},
	{Name: "logged_out", Title: "user logged out, nothing is pushed"},
	{Name: "kicked_by_login", Title: "kicked by a login on another phone, nothing is pushed"},
	{Name: "kicked_by_rest", Title: "kicked by the REST API, nothing is pushed"},
}

// click is the certificate's click action and whether the sender sets ext.
type click struct {
	Name     string
	Title    string
	Action   string
	URL      string
	Activity string
	Ext      bool
}

var clicks = []click{
	{Name: "open_app_with_ext", Title: "opens the app with ext", Action: "open_app", Ext: true},
	{Name: "open_app_without_ext", Title: "opens the app without ext", Action: "open_app"},
	{Name: "open_url", Title: "opens the URL and drops ext", Action: "open_url", URL: "https://example.com/inbox", Ext: true},
	{Name: "open_activity_with_ext", Title: "opens the chat Activity with ext", Action: "open_activity", Activity: "com.example.chat.ChatActivity", Ext: true},
	{Name: "open_activity_without_ext", Title: "opens the chat Activity without ext", Action: "open_activity", Activity: "com.example.chat.ChatActivity"},
}

// ClickYAML is the certificate's click block.
func (c click) ClickYAML() string {
	switch c.Action {
	case "open_url":
		return "{action: open_url, url: \"" + c.URL + "\"}"
	case "open_activity":
		return "{action: open_activity, activity: " + c.Activity + "}"
	}
	return "{action: open_app}"
}

type matrixData struct {
	V vendor
	L lifecycle
	C click
}

// ExtJSON is the ext the sender sets.
const ExtJSON = `'{"conv":"c2c_bob"}'`

// special is a file per vendor for one case of the seed document.
type special struct {
	name   string
	only   string // a vendor name, or "" for every vendor
	except string // a vendor the case does not apply to
	tmpl   string
}
