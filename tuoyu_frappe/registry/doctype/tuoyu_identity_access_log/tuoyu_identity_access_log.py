# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""The PIPL access log of staff identities (ID numbers): who opened, printed, exported, deleted or
erased which `Tuoyu Staff Identity` record, when, from where and through which channel.

Written by the server only (nobody has create, write or delete rights); read by city admins.
It records record names, never an ID number, so it survives the erasure of a number and the
deletion of its record. Where each channel is logged:

- opened: `TuoyuStaffIdentity.apply_fieldlevel_read_permissions`, which Frappe calls exactly when
  it sends one document to a user (desk form `frappe.desk.form.load.getdoc`, REST
  `GET /api/resource/…` and `/api/v2/document/…`, `frappe.client.get`);
- printed: `TuoyuStaffIdentity.before_print` (print preview, /printview, PDF, e-mailed prints);
- exported: Report View / list export (`log_report_view_export`, called by the export override
  in tuoyu_frappe.api), the Data Import template with records and the Data Export tool (the two
  overrides below);
- deleted: `TuoyuStaffIdentity.on_trash`; erased: `tuoyu_staff_identity.erase_id_number`.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

IDENTITY = "Tuoyu Staff Identity"
LOG = "Tuoyu Identity Access Log"
VIEW, PRINT, EXPORT, DELETE, ERASE = "查看", "打印", "导出", "删除", "抹除"
CHANNEL_LENGTH = 140


class TuoyuIdentityAccessLog(Document):
	def validate(self):
		if not self.is_new():
			frappe.throw(_("The identity access log cannot be changed"), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("The identity access log cannot be deleted"), frappe.PermissionError)


def request_channel() -> str:
	"""The endpoint of the current request: a whitelisted method, or the HTTP method and path."""
	request = getattr(frappe.local, "request", None)
	if not request:
		return "server"
	cmd = frappe.form_dict.get("cmd")
	channel = cmd if isinstance(cmd, str) and cmd else f"{request.method} {request.path}"
	return channel[:CHANNEL_LENGTH]


def log_access(rows, action: str, detail: str | None = None) -> int:
	"""Write one log entry per identity record in `rows` (documents or dicts with name, point,
	area). Committed with the request, also a GET one: an answer that carries ID numbers is
	logged or not sent (an error rolls both back)."""
	rows = list(rows)
	if not rows:
		return 0
	now, user = now_datetime(), frappe.session.user
	channel = request_channel()
	ip = getattr(frappe.local, "request_ip", None)
	stamps = (now, now, user, user)  # creation, modified, owner, modified_by
	fields = (
		"name",
		"accessed_at",
		"user",
		"action",
		"identity",
		"point",
		"area",
		"channel",
		"ip_address",
		"detail",
		"creation",
		"modified",
		"owner",
		"modified_by",
	)
	values = [
		(
			frappe.db.get_next_sequence_val(LOG),  # autoincrement names come from a sequence
			now,
			user,
			action,
			row.get("name"),
			row.get("point"),
			row.get("area"),
			channel,
			ip,
			detail,
			*stamps,
		)
		for row in rows
	]
	frappe.db.bulk_insert(LOG, fields, values)
	if getattr(frappe.local, "request", None):
		frappe.local.flags.commit = True
	return len(values)


def log_export(filters=None, or_filters=None, limit: int | None = None, detail: str = "") -> int:
	"""Log the identity records an export with these filters hands out: the same permission-checked
	query as the export's own."""
	rows = frappe.get_list(
		IDENTITY,
		filters=filters or None,
		or_filters=or_filters or None,
		fields=["name", "point", "area"],
		limit_page_length=limit or 0,
		order_by=None,
	)
	count = len(rows)
	summary = _("{0} records exported").format(count)
	return log_access(rows, EXPORT, f"{summary}; {detail}" if detail else summary)


def log_report_view_export() -> int:
	"""Called by the override of `frappe.desk.reportview.export_query` before Frappe exports: reads
	the request as Frappe's export does (`get_form_params`, selected rows)."""
	from frappe.desk.reportview import get_form_params

	if frappe.form_dict.get("doctype") != IDENTITY:
		return 0
	params = get_form_params()
	filters = params.get("filters")
	if selection := params.get("selected_items"):
		filters = {"name": ("in", frappe.parse_json(selection))}
	return log_export(filters, params.get("or_filters"), detail=str(params.get("file_format_type") or ""))


# --- overrides of the two data tools that export records (hooks.py override_whitelisted_methods) --


@frappe.whitelist()
def data_import_download_template(
	doctype, export_fields=None, export_records=None, export_filters=None, file_type="CSV"
):
	"""Data Import → Export Template, which can carry records."""
	from frappe.core.doctype.data_import.data_import import download_template

	if doctype == IDENTITY and export_records in ("all", "by_filter", "5_records"):
		log_export(
			frappe.parse_json(export_filters) if export_records == "by_filter" else None,
			limit=5 if export_records == "5_records" else None,
			detail=f"Data Import {file_type}",
		)
	return download_template(doctype, export_fields, export_records, export_filters, file_type)


@frappe.whitelist()
def data_export_export_data(
	doctype=None,
	parent_doctype=None,
	all_doctypes=True,
	with_data=False,
	select_columns=None,
	file_type="CSV",
	template=False,
	filters=None,
	export_without_column_meta=False,
):
	"""The Data Export tool."""
	from frappe.core.doctype.data_export.exporter import export_data

	first = doctype[0] if isinstance(doctype, list) else doctype
	if IDENTITY in (first, parent_doctype) and frappe.utils.cint(with_data):
		log_export(frappe.parse_json(filters) if filters else None, detail=f"Data Export {file_type}")
	return export_data(
		doctype,
		parent_doctype,
		all_doctypes,
		with_data,
		select_columns,
		file_type,
		template,
		filters,
		export_without_column_meta,
	)
