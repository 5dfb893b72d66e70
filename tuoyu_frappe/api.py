"""Whitelisted overrides that close Frappe v15 entry points which skip row permissions."""

import functools

import frappe
from frappe import _
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


# --- the map view: Frappe v15's get_coords builds the user's match conditions, then drops them ----


@frappe.whitelist()
def get_coords(doctype: str, filters=None, type: str = "coordinates"):
	"""The map view's markers, read through `frappe.get_list` so role permissions and both
	permission hooks apply (Frappe's own version returns every row's coordinates to anyone who
	may read the DocType at all)."""
	from frappe.geo.utils import convert_to_geojson

	fields = {"coordinates": ["latitude", "longitude"], "location_field": ["location"]}.get(type)
	if not fields:
		frappe.throw(_("Unknown map type {0}").format(type), frappe.ValidationError)
	meta = frappe.get_meta(doctype)
	if not all(meta.has_field(f) for f in fields):
		frappe.throw(_("{0} has no map coordinates").format(_(doctype)), frappe.ValidationError)
	rows = frappe.get_list(
		doctype,
		filters=frappe.client.get_safe_filters(filters) or None,
		fields=["name", *fields],
		limit_page_length=0,
		order_by=None,
	)
	return convert_to_geojson(type, rows)


# --- Report View: malformed requests are refused in words, never answered with a server error ---


def refuse_malformed_queries(method):
	"""Report View takes columns, filters, sorting and grouping from the browser. Frappe lets bad
	JSON, unknown columns and joins it cannot build fall through as server errors (HTTP 500), and
	refuses a column of a DocType the user may not read without a message."""

	@functools.wraps(method)
	def refusing(*args, **kwargs):
		try:
			return method(*args, **kwargs)
		except frappe.PermissionError as e:
			if str(e).strip():
				raise
			frappe.throw(_("The query asks for data you are not permitted to read"), frappe.PermissionError)
		except (ValueError, TypeError, KeyError, AttributeError):
			frappe.throw(_("The query could not be understood; please reset the view's columns and filters"))
		except Exception as e:
			if (
				frappe.db.is_missing_column(e)
				or frappe.db.is_syntax_error(e)
				or frappe.db.is_table_missing(e)
			):
				frappe.throw(_("The query refers to a column or table that does not exist"))
			raise

	return refusing


@frappe.whitelist()
@refuse_malformed_queries
def reportview_get():
	from frappe.desk import reportview

	return reportview.get()


@frappe.whitelist()
@refuse_malformed_queries
def reportview_get_count():
	from frappe.desk import reportview

	return reportview.get_count()


@frappe.whitelist()
@refuse_malformed_queries
def reportview_export_query():
	from frappe.desk import reportview

	from tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log import (
		log_report_view_export,
	)

	log_report_view_export()  # PIPL: an export of staff identities is logged, record by record
	return reportview.export_query()


@frappe.whitelist()
@refuse_malformed_queries
def client_get_list(
	doctype,
	fields=None,
	filters=None,
	group_by=None,
	order_by=None,
	limit_start=None,
	limit_page_length=20,
	parent=None,
	debug: bool = False,
	as_dict: bool = True,
	or_filters=None,
):
	return frappe.client.get_list(
		doctype,
		fields,
		filters,
		group_by,
		order_by,
		limit_start,
		limit_page_length,
		parent,
		debug,
		as_dict,
		or_filters,
	)
