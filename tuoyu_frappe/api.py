"""Whitelisted overrides that close Frappe v15 entry points which skip row permissions."""

import frappe
from frappe.client import get_count as frappe_get_count
from frappe.utils import cint

APP = "tuoyu_frappe"


def is_app_doctype(doctype: str) -> bool:
	return frappe.db.get_value("DocType", doctype, "module") in frappe.get_module_list(APP)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""`frappe.client.get_count` counts with `frappe.db.count`, which applies no permissions:
	any desk user could count another area's points, or probe an ID number. Our DocTypes are
	counted through `frappe.get_list`, so both permission hooks apply; other DocTypes keep
	Frappe's own behaviour."""
	if not isinstance(doctype, str) or not is_app_doctype(doctype):
		return frappe_get_count(doctype, filters, debug, cache)
	rows = frappe.get_list(
		doctype,
		filters=frappe.client.get_safe_filters(filters),
		fields=["count(*) as count"],
		limit_page_length=0,
		order_by=None,
	)
	return cint(rows[0].count) if rows else 0


# Frappe v15's Data Import helpers load the import by name without a permission check, and
# an import's log and errored rows hold the imported data. Checked here, then delegated.
def _readable_data_import(data_import_name: str) -> None:
	frappe.get_doc("Data Import", data_import_name).check_permission("read")


@frappe.whitelist()
def get_import_status(data_import_name: str):
	from frappe.core.doctype.data_import import data_import

	_readable_data_import(data_import_name)
	return data_import.get_import_status(data_import_name)


@frappe.whitelist()
def download_import_log(data_import_name: str):
	from frappe.core.doctype.data_import import data_import

	_readable_data_import(data_import_name)
	return data_import.download_import_log(data_import_name)


@frappe.whitelist()
def download_errored_template(data_import_name: str):
	from frappe.core.doctype.data_import import data_import

	_readable_data_import(data_import_name)
	return data_import.download_errored_template(data_import_name)
