app_name = "tuoyu_frappe"
app_title = "Tuoyu"
app_publisher = "Tuoyu Frappe contributors"
app_description = "临沂市家庭托育点备案与监管 — registry, filing and supervision of home childcare points"
app_email = "tuoyu@example.com"
app_license = "MIT"

export_python_type_annotations = True

# Frappe's print view links no icon, so browsers ask for /favicon.ico, which Frappe answers 404.
website_redirects = [{"source": "/favicon.ico", "target": "/assets/frappe/images/frappe-favicon.svg"}]

# Reference data (areas, rule sets, roles) is loaded by idempotent code, never overwritten.
before_install = "tuoyu_frappe.setup.install.ensure_roles"
after_install = [
	"tuoyu_frappe.setup.install.after_install",
	# Frappe ships with tracebacks in error responses on; guests must never see one.
	"tuoyu_frappe.setup.hardening.hide_tracebacks",
	"tuoyu_frappe.desk.sync_users",
	"tuoyu_frappe.oversight.demonstration_service.ensure_default_rubric",
]
after_migrate = [
	"tuoyu_frappe.setup.install.after_migrate",
	"tuoyu_frappe.desk.sync_users",
	# The default 示范点 rubric, created once and never overwritten (reference data, like install.py's).
	"tuoyu_frappe.oversight.demonstration_service.ensure_default_rubric",
]
before_uninstall = ["tuoyu_frappe.setup.install.before_uninstall", "tuoyu_frappe.desk.before_uninstall"]
# Tuoyu users see only the app's workspaces, whatever other apps are installed (tuoyu_frappe.desk).
after_app_install = "tuoyu_frappe.desk.after_app_install"
after_app_uninstall = "tuoyu_frappe.desk.after_app_uninstall"

# The filing workflow ships as fixtures filtered by name, never a whole table.
fixtures = [
	{
		"dt": "Workflow State",
		"filters": [
			[
				"name",
				"in",
				[
					*("草稿", "待审核", "审核中", "退回补正", "已备案", "不予备案"),
					*("计划", "检查中", "已完成"),
					*("整改中", "待验收", "已通过", "未通过", "待审批", "已生效", "已驳回"),
					*("报告", "调查中", "已结案"),
					*("待受理", "已受理", "核查中", "已办结", "不予受理"),
					*("待评审", "待认定", "已认定", "未推荐", "未认定", "已到期", "已撤销"),
				],
			]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [
			[
				"name",
				"in",
				[
					*("提交", "受理", "退回补正", "重新提交", "批准备案", "不予备案"),
					*("开始检查", "完成检查"),
					*("提交整改", "退回整改", "验收通过", "验收不通过", "提交审批", "签发", "批准", "驳回"),
					*("开始调查", "结案"),
					*("不予受理", "开始核查", "办结"),  # 受理 is shared with filings
					*("提交申请", "推荐", "退回修改", "不予推荐", "认定", "不予认定"),
				],
			]
		],
	},
	{
		"dt": "Workflow",
		"filters": [
			[
				"name",
				"in",
				[
					"Tuoyu Filing Workflow",
					"Tuoyu Inspection Workflow",
					"Tuoyu Rectification Workflow",
					"Tuoyu Enforcement Workflow",
					"Tuoyu Incident Workflow",
					"Tuoyu Complaint Workflow",
					"Tuoyu Demonstration Workflow",
				],
			]
		],
	},
]

scheduler_events = {
	"daily": [
		"tuoyu_frappe.filing.reminders.daily",
		"tuoyu_frappe.supervision.escalation.daily",
		"tuoyu_frappe.supervision.inspection_reminders.daily",
		"tuoyu_frappe.supervision.reevaluation.daily",
		"tuoyu_frappe.complaints.sla.daily",
		"tuoyu_frappe.reminders.certificates.daily",
		"tuoyu_frappe.reminders.background_checks.daily",
		"tuoyu_frappe.reminders.rectifications.daily",
		# 示范点: designations past their year expire, those of disqualified points are withdrawn.
		"tuoyu_frappe.oversight.demonstration_service.daily",
	]
}

# Row-level isolation, derived from the model rather than kept by hand: a DocType of this app
# with an `area` link to Tuoyu Area, readable by a role that does not see every row, is scoped and
# gets both hooks; every child DocType it holds gets its own row condition, tied to the parent's
# scope (Frappe would list child rows of every parent). Read from the DocType files here (hooks
# load before any site), and kept in agreement with the live metadata by
# tests/integration/test_scoped_metadata.py.
_ALL_ROWS_ROLES = {"Tuoyu City Admin", "System Manager"}


def _model_scoped_doctypes() -> tuple[list[str], list[str]]:
	import json
	from pathlib import Path

	models = {}
	for path in sorted(Path(__file__).resolve().parent.glob("*/doctype/*/*.json")):
		model = json.loads(path.read_text(encoding="utf-8"))
		if model.get("doctype") == "DocType" and model["name"].lower().replace(" ", "_") == path.parent.name:
			models[model["name"]] = model
	scoped, children = [], []
	for name, model in models.items():
		if model.get("istable") or model.get("issingle"):
			continue
		has_area = any(
			f.get("fieldname") == "area" and f.get("fieldtype") == "Link" and f.get("options") == "Tuoyu Area"
			for f in model.get("fields", [])
		)
		readers = {p.get("role") for p in model.get("permissions", []) if p.get("read") or p.get("select")}
		if has_area and readers - _ALL_ROWS_ROLES:
			scoped.append(name)
			children += [
				f["options"]
				for f in model.get("fields", [])
				if f.get("fieldtype") in ("Table", "Table MultiSelect") and f.get("options") in models
			]
	return scoped, sorted(set(children))


_SCOPED, _SCOPED_CHILDREN = _model_scoped_doctypes()  # underscore: not hooks themselves
permission_query_conditions = {
	**{dt: "tuoyu_frappe.permissions.query_conditions" for dt in _SCOPED},
	**{dt: "tuoyu_frappe.permissions.child_query_conditions" for dt in _SCOPED_CHILDREN},
	# A child table attached later (a Custom Field of type Table) is covered at run time.
	"*": "tuoyu_frappe.permissions.other_child_query_conditions",
	# ANDed with Frappe's own File conditions: attachments of scoped rows follow the row.
	"File": "tuoyu_frappe.permissions.file_query_conditions",
	# Frappe's own lists that copy names and titles of our rows.
	"Tag Link": "tuoyu_frappe.permissions.tag_link_query_conditions",
	"Document Follow": "tuoyu_frappe.permissions.document_follow_query_conditions",
	# Training sessions are read by their organisers and those who may attend them (no `area`).
	"Tuoyu Training Session": "tuoyu_frappe.association.training.session_query_conditions",
}
has_permission = {
	dt: "tuoyu_frappe.permissions.has_point_permission"
	if dt == "Tuoyu Point"
	else "tuoyu_frappe.permissions.has_point_row_permission"
	for dt in _SCOPED
}
# Complaints: the complainant's contact only for the handling reviewer and city admins; a desk
# complaint's area follows from its point or township before it is saved (tuoyu_frappe.complaints.access).
_COMPLAINTS = "tuoyu_frappe.complaints.access"
permission_query_conditions["Tuoyu Complainant Contact"] = [
	permission_query_conditions["Tuoyu Complainant Contact"],
	f"{_COMPLAINTS}.contact_query_conditions",
]
has_permission["Tuoyu Complainant Contact"] = [
	has_permission["Tuoyu Complainant Contact"],
	f"{_COMPLAINTS}.has_contact_permission",
]
has_permission["Tuoyu Complaint"] = [
	has_permission["Tuoyu Complaint"],
	f"{_COMPLAINTS}.has_complaint_permission",
]
# ANDed with Frappe's own File check: a new File may name a private file_url only its readers hold.
has_permission["File"] = "tuoyu_frappe.permissions.has_file_permission"
has_permission["Tuoyu Training Session"] = "tuoyu_frappe.association.training.has_session_permission"

_DEMONSTRATION_EVENT = "tuoyu_frappe.oversight.demonstration_service.on_disqualifying_event"
doc_events = {
	# Sharing (and assigning, which shares) must never reach a user outside the row's scope.
	"DocShare": {
		"validate": [
			"tuoyu_frappe.permissions.validate_share",
			"tuoyu_frappe.complaints.access.refuse_contact_share",
		]
	},
	# Private attachments of scoped documents stay private.
	"File": {"validate": "tuoyu_frappe.permissions.validate_file"},
	"Document Follow": {"validate": "tuoyu_frappe.permissions.validate_follow"},
	# A table field added by customisation changes which parents a child DocType has.
	"Custom Field": {
		"on_update": "tuoyu_frappe.permissions.forget_child_parents",
		"on_trash": "tuoyu_frappe.permissions.forget_child_parents",
	},
	# Two-factor sign-in stays with the roles tuoyu-harden chose (Frappe marks the role All).
	"System Settings": {"validate": "tuoyu_frappe.setup.hardening.keep_two_factor_roles"},
	# However a role is granted, a user with only Tuoyu roles sees only the app's workspaces.
	"User": {"validate": "tuoyu_frappe.desk.apply_module_profile"},
	# A point's stored compliance status follows its staff (tuoyu_frappe.supervision.reevaluation).
	"Tuoyu Staff": {
		# Training hours and required topics come from confirmed attendance only (association).
		"validate": "tuoyu_frappe.association.training.keep_staff_training_fields",
		"on_update": "tuoyu_frappe.supervision.reevaluation.on_staff_change",
		"after_delete": "tuoyu_frappe.supervision.reevaluation.on_staff_change",
	},
	"Tuoyu Staff Identity": {"on_update": "tuoyu_frappe.supervision.reevaluation.on_identity_update"},
	# A point's membership fields follow its association membership record, and its count of
	# substantiated complaints follows the complaints (tuoyu_frappe.complaints.handling).
	"Tuoyu Point": {
		"validate": [
			"tuoyu_frappe.association.membership.keep_point_fields",
			"tuoyu_frappe.complaints.handling.keep_substantiated_count",
			# 示范点 fields follow the demonstration applications (tuoyu_frappe.oversight).
			"tuoyu_frappe.oversight.demonstration_service.keep_point_fields",
		]
	},
	# Only a complaint opens its 投诉核查 inspection (tuoyu_frappe.complaints.handling).
	"Tuoyu Inspection": {"validate": "tuoyu_frappe.complaints.handling.validate_inspection_link"},
	# A demonstration point that meets a disqualifier loses the designation at once (the daily job
	# re-checks every designation too): tuoyu_frappe.oversight.demonstration_service.
	"Tuoyu Incident": {"after_insert": _DEMONSTRATION_EVENT},
	"Tuoyu Complaint": {"on_update": _DEMONSTRATION_EVENT, "on_submit": _DEMONSTRATION_EVENT},
	"Tuoyu Enforcement Action": {"on_submit": _DEMONSTRATION_EVENT},
	"Tuoyu Rectification": {"after_insert": _DEMONSTRATION_EVENT},
}

# The public directory's cached answers follow every change they show: a point, its inspections
# and filings, an area, Tuoyu Public Settings (tuoyu_frappe.public_info.payload.clear_cache).
_PUBLIC_CACHE = "tuoyu_frappe.public_info.payload.clear_cache"
for _doctype in ("Tuoyu Point", "Tuoyu Inspection", "Tuoyu Filing", "Tuoyu Area"):
	for _event in ("on_change", "on_trash"):
		_handlers = doc_events.setdefault(_doctype, {}).get(_event) or []
		_handlers = [_handlers] if isinstance(_handlers, str) else list(_handlers)
		doc_events[_doctype][_event] = [*_handlers, _PUBLIC_CACHE]

# Guests never see a traceback, whatever System Settings say (tuoyu_frappe.setup.hardening).
before_request = ["tuoyu_frappe.setup.hardening.before_request"]
# Cache-Control on the public answers that ask for it (tuoyu_frappe.public_info.payload).
after_request = ["tuoyu_frappe.public_info.payload.set_cache_headers"]

# A user's scope is cached in the site cache (see permissions.get_scope); clear-cache resets it.
clear_cache = "tuoyu_frappe.permissions.clear_cache"

# Frappe v15 entry points that skip permission checks or answer bad input with a server error,
# closed in tuoyu_frappe.api.
_DATA_IMPORT = "frappe.core.doctype.data_import.data_import"
_IDENTITY_LOG = "tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log"
_CLOSURES = "tuoyu_frappe.security.closures"
override_whitelisted_methods = {
	"frappe.client.get_count": "tuoyu_frappe.api.get_count",
	"frappe.core.api.file.unzip_file": "tuoyu_frappe.security.closures.unzip_file",
	"frappe.client.get_list": "tuoyu_frappe.api.client_get_list",
	"frappe.geo.utils.get_coords": "tuoyu_frappe.api.get_coords",
	"frappe.desk.reportview.get": "tuoyu_frappe.api.reportview_get",
	"frappe.desk.reportview.get_count": "tuoyu_frappe.api.reportview_get_count",
	"frappe.desk.reportview.export_query": "tuoyu_frappe.api.reportview_export_query",
	"frappe.desk.search.search_link": "tuoyu_frappe.api.search_link",
	"frappe.desk.search.search_widget": "tuoyu_frappe.api.search_widget",
	"frappe.desk.search.get_link_title": "tuoyu_frappe.api.get_link_title",
	"frappe.client.validate_link": "tuoyu_frappe.api.validate_link",
	"frappe.client.is_document_amended": "tuoyu_frappe.api.is_document_amended",
	"frappe.client.has_permission": "tuoyu_frappe.api.has_permission",
	"frappe.desk.form.utils.get_next": "tuoyu_frappe.api.get_next",
	"frappe.desk.listview.get_group_by_count": "tuoyu_frappe.api.get_group_by_count",
	"frappe.desk.form.document_follow.get_follow_users": "tuoyu_frappe.security.closures.get_follow_users",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": "tuoyu_frappe.security.closures.get_tagged_docs",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": (
		"tuoyu_frappe.api.get_workflow_state_count"
	),
	f"{_DATA_IMPORT}.get_import_status": "tuoyu_frappe.api.get_import_status",
	f"{_DATA_IMPORT}.download_import_log": "tuoyu_frappe.api.download_import_log",
	f"{_DATA_IMPORT}.download_errored_template": "tuoyu_frappe.api.download_errored_template",
	f"{_DATA_IMPORT}.get_preview_from_template": "tuoyu_frappe.security.closures.get_preview_from_template",
	f"{_DATA_IMPORT}.form_start_import": "tuoyu_frappe.security.closures.form_start_import",
	# PIPL: exports of staff identities are logged (Report View's export logs in tuoyu_frappe.api).
	f"{_DATA_IMPORT}.download_template": f"{_IDENTITY_LOG}.data_import_download_template",
	"frappe.core.doctype.data_export.exporter.export_data": f"{_IDENTITY_LOG}.data_export_export_data",
	# Frappe paths that call other methods by their own path, or read rows unchecked
	"frappe.model.mapper.map_docs": f"{_CLOSURES}.map_docs",
	"frappe.desk.treeview.get_all_nodes": f"{_CLOSURES}.get_all_nodes",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": f"{_CLOSURES}.dashboard_chart_get",
	"frappe.utils.goal.get_monthly_goal_graph_data": f"{_CLOSURES}.get_monthly_goal_graph_data",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": f"{_CLOSURES}.get_submitted_linked_docs",
	"frappe.desk.form.assign_to.add": f"{_CLOSURES}.assign_to_add",
	"frappe.desk.like.toggle_like": f"{_CLOSURES}.toggle_like",
	"frappe.templates.includes.comments.comments.add_comment": f"{_CLOSURES}.add_comment",
	"frappe.website.doctype.web_form.web_form.get_form_data": f"{_CLOSURES}.get_form_data",
	"frappe.realtime.can_subscribe_doc": f"{_CLOSURES}.can_subscribe_doc",
	"frappe.www.printview.get_html_and_style": f"{_CLOSURES}.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands": f"{_CLOSURES}.get_rendered_raw_commands",
	"frappe.core.doctype.communication.email.make": f"{_CLOSURES}.communication_make",
}

boot_session = "tuoyu_frappe.boot.boot_session"

# Receipt data and QR code for the print format "Tuoyu Filing Receipt" (tuoyu_frappe.filing.receipt).
jinja = {
	"methods": [
		"tuoyu_frappe.filing.receipt.tuoyu_filing_receipt",
		"tuoyu_frappe.filing.receipt.tuoyu_qr_data_uri",
		# 居民价格用水用电用气证明 (print format "Tuoyu Utility Certificate"): refuses unfiled points.
		"tuoyu_frappe.oversight.certificate.tuoyu_utility_certificate",
	]
}
