app_name = "tuoyu_frappe"
app_title = "Tuoyu"
app_publisher = "Tuoyu Frappe contributors"
app_description = "临沂市家庭托育点备案与监管 — registry, filing and supervision of home childcare points"
app_email = "tuoyu@example.com"
app_license = "MIT"

export_python_type_annotations = True

# Reference data (areas, rule sets, roles) is loaded by idempotent code, never overwritten.
before_install = "tuoyu_frappe.setup.install.ensure_roles"
after_install = "tuoyu_frappe.setup.install.after_install"
after_migrate = "tuoyu_frappe.setup.install.after_migrate"
before_uninstall = "tuoyu_frappe.setup.install.before_uninstall"

# The filing workflow ships as fixtures filtered by name, never a whole table.
fixtures = [
	{
		"dt": "Workflow State",
		"filters": [["name", "in", ["草稿", "待审核", "审核中", "退回补正", "已备案", "不予备案"]]],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [["name", "in", ["提交", "受理", "退回补正", "重新提交", "批准备案", "不予备案"]]],
	},
	{"dt": "Workflow", "filters": [["name", "=", "Tuoyu Filing Workflow"]]},
]

scheduler_events = {"daily": ["tuoyu_frappe.filing.reminders.daily"]}

# Row-level isolation: both hooks for every district-scoped DocType.
_SCOPED = ("Tuoyu Point", "Tuoyu Staff", "Tuoyu Staff Identity", "Tuoyu Filing")
permission_query_conditions = {
	**{dt: "tuoyu_frappe.permissions.query_conditions" for dt in _SCOPED},
	# ANDed with Frappe's own File conditions: attachments of scoped rows follow the row.
	"File": "tuoyu_frappe.permissions.file_query_conditions",
}
has_permission = {
	"Tuoyu Point": "tuoyu_frappe.permissions.has_point_permission",
	"Tuoyu Staff": "tuoyu_frappe.permissions.has_point_row_permission",
	"Tuoyu Staff Identity": "tuoyu_frappe.permissions.has_point_row_permission",
	"Tuoyu Filing": "tuoyu_frappe.permissions.has_point_row_permission",
}

doc_events = {
	# Sharing (and assigning, which shares) must never reach a user outside the row's scope.
	"DocShare": {"validate": "tuoyu_frappe.permissions.validate_share"},
	# Private attachments of scoped documents stay private.
	"File": {"validate": "tuoyu_frappe.permissions.validate_file"},
}

# Frappe v15 entry points that skip permission checks, closed in tuoyu_frappe.api.
_DATA_IMPORT = "frappe.core.doctype.data_import.data_import"
override_whitelisted_methods = {
	"frappe.client.get_count": "tuoyu_frappe.api.get_count",
	f"{_DATA_IMPORT}.get_import_status": "tuoyu_frappe.api.get_import_status",
	f"{_DATA_IMPORT}.download_import_log": "tuoyu_frappe.api.download_import_log",
	f"{_DATA_IMPORT}.download_errored_template": "tuoyu_frappe.api.download_errored_template",
}

boot_session = "tuoyu_frappe.boot.boot_session"

# Receipt data and QR code for the print format "Tuoyu Filing Receipt" (tuoyu_frappe.filing.receipt).
jinja = {
	"methods": [
		"tuoyu_frappe.filing.receipt.tuoyu_filing_receipt",
		"tuoyu_frappe.filing.receipt.tuoyu_qr_data_uri",
	]
}
