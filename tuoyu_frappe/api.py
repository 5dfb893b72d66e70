"""Whitelisted overrides that close Frappe v15 entry points which skip row permissions."""

import functools
import re

import frappe
from frappe import _
from frappe.client import get_count as frappe_get_count
from frappe.utils import cint

APP = "tuoyu_frappe"


def is_app_doctype(doctype: str) -> bool:
	# Asked on every count, search and link look-up of any DocType: cached metadata, no query.
	try:
		module = frappe.get_meta(doctype).module
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return False
	return module in frappe.get_module_list(APP)


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
		except (ValueError, TypeError, LookupError, AttributeError):
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


_REST_LIST_PREFIXES = (("api", "resource"), ("api", "v1", "resource"))


def refuse_malformed_rest_lists() -> None:
	"""before_request: a REST list (GET /api/resource/<DocType>) goes straight to
	frappe.client.get_list, which no override reaches, and bad JSON or filters Frappe cannot build
	ended as server errors (HTTP 500). For our DocTypes the query is built once here, unrun, so a
	malformed request is refused in words (HTTP 417) before Frappe answers it."""
	request = frappe.request
	if not request or request.method != "GET":
		return
	parts = tuple(request.path.strip("/").split("/"))
	if not any(len(parts) == len(prefix) + 1 and parts[:-1] == prefix for prefix in _REST_LIST_PREFIXES):
		return
	if is_guarded(parts[-1]):
		_build_rest_list_query(parts[-1], frappe.form_dict)


_ORDER_TERM = re.compile(r"\s*(?:`?tab[^`.]+`?\.)?`?(\w+)`?(?:\s+(?:asc|desc))?\s*", re.IGNORECASE)


@refuse_malformed_queries
def _build_rest_list_query(doctype: str, args) -> None:
	# Sorting is checked here: an unknown column would fail only when the query runs.
	columns = set(frappe.get_meta(doctype).get_valid_columns())
	for term in (args.get("order_by") or "").split(",") if args.get("order_by") else ():
		match = _ORDER_TERM.fullmatch(term)
		if not match or match.group(1) not in columns:
			frappe.throw(_("The query refers to a column or table that does not exist"))
	if frappe.get_meta(doctype).istable and not args.get("parent"):
		frappe.throw(_("A list of {0} needs the parent DocType that holds it (parent)").format(_(doctype)))
	fields = args.get("fields")
	frappe.get_list(
		doctype,
		parent_doctype=args.get("parent"),
		fields=frappe.parse_json(fields) if fields else ["name"],
		filters=args.get("filters"),
		or_filters=args.get("or_filters"),
		order_by=args.get("order_by"),
		group_by=args.get("group_by"),
		limit=1,
		run=0,
	)


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


# --- link fields, search, titles: Frappe v15 answers these after a DocType-level check only ----


def is_guarded(doctype) -> bool:
	"""DocTypes of this app (scoped ones and their child tables included) are read only through
	permission-aware queries; other DocTypes keep Frappe's behaviour."""
	return isinstance(doctype, str) and bool(doctype) and is_app_doctype(doctype)


def readable_row(doctype: str, name: str) -> bool:
	"""Whether the user's list of `doctype` (role permissions and both hooks) holds `name`."""
	if not isinstance(name, str) or not name:
		return False
	parent_doctype = None
	if frappe.get_meta(doctype).istable:
		parent_doctype = frappe.db.get_value(doctype, name, "parenttype")
		if not parent_doctype:
			return False
	try:
		return bool(
			frappe.get_list(
				doctype, filters={"name": name}, pluck="name", limit=1, parent_doctype=parent_doctype
			)
		)
	except frappe.PermissionError:
		frappe.clear_last_message()
		return False


def overridden(method: str | None) -> str | None:
	"""A method path named in a request (search `query`, tree `tree_method`) resolved through
	override_whitelisted_methods, as Frappe resolves the `cmd` of a request."""
	if not method:
		return method
	return (frappe.get_hooks("override_whitelisted_methods") or {}).get(method, [method])[-1]


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Frappe's search with `ignore_user_permissions` drops every permission condition, our hooks
	included; for our DocTypes it is never honoured."""
	from frappe.desk import search

	if is_guarded(doctype):
		ignore_user_permissions = False
	return search.search_widget(
		doctype,
		txt,
		overridden(query),
		searchfield,
		start,
		page_length,
		filters,
		filter_fields,
		as_dict,
		reference_doctype,
		ignore_user_permissions,
	)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import build_for_autosuggest

	results = search_widget(
		doctype,
		(txt or "").strip(),
		query,
		searchfield=searchfield,
		page_length=page_length,
		filters=filters,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	return build_for_autosuggest(results, doctype=doctype)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	"""Frappe returns the title of any row by name, without a permission check."""
	from frappe.desk import search

	if is_guarded(doctype) and not readable_row(doctype, docname):
		return None
	return search.get_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Frappe answers whether any row exists by name after a DocType-level check: an oracle for
	names (and, through `fields`, values) of other areas' rows."""
	if is_guarded(doctype) and not readable_row(doctype, docname):
		if not (frappe.has_permission(doctype, "select") or frappe.has_permission(doctype, "read")):
			raise frappe.PermissionError(_("No permission for {0}").format(_(doctype)))
		return frappe._dict()  # as for a name that does not exist
	return frappe.client.validate_link(doctype, docname, fields)


@frappe.whitelist()
def is_document_amended(doctype: str, docname: str):
	if is_guarded(doctype):
		return bool(
			frappe.get_meta(doctype).has_field("amended_from")
			and frappe.has_permission(doctype)
			and frappe.get_list(doctype, filters={"amended_from": docname}, pluck="name", limit=1)
		)
	return frappe.client.is_document_amended(doctype, docname)


@frappe.whitelist()
def has_permission(doctype: str, docname: str, perm_type: str = "read"):
	"""For a child row Frappe asks only whether the parent DocType is readable; the child row's
	own parent row decides here (see permissions.ScopedChildDocument)."""
	if is_guarded(doctype) and frappe.get_meta(doctype).istable:
		if not frappe.db.exists(doctype, docname):
			return {"has_permission": False}
		doc = frappe.get_doc(doctype, docname)
		return {"has_permission": frappe.has_permission(doctype, perm_type.lower(), doc)}
	return frappe.client.has_permission(doctype, docname, perm_type)


@frappe.whitelist()
def get_next(doctype: str, value: str, prev, filters=None, sort_order="desc", sort_field="modified"):
	"""Frappe reads the pivot row's sort value without a check: an oracle for another row's values."""
	from frappe.desk.form import utils

	if is_guarded(doctype) and not readable_row(doctype, value):
		raise frappe.PermissionError(_("No permission for {0}").format(_(doctype)))
	return utils.get_next(doctype, value, prev, filters, sort_order, sort_field)


@frappe.whitelist()
def get_workflow_state_count(doctype: str, workflow_state_field: str, states):
	"""Frappe groups every row by any column with `get_all`: for our DocTypes, through get_list."""
	from frappe.workflow.doctype.workflow import workflow

	if not is_guarded(doctype):
		return workflow.get_workflow_state_count(doctype, workflow_state_field, states)
	frappe.has_permission(doctype=doctype, ptype="read", throw=True)
	states = frappe.parse_json(states) or []
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return None
	result = frappe.get_list(
		doctype,
		fields=[workflow_state_field, "count(*) as count"],
		filters={workflow_state_field: ["not in", states]} if states else None,
		group_by=workflow_state_field,
		order_by=None,
	)
	return [r for r in result if r[workflow_state_field]]


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The sidebar's "assigned to" counts select the rows with `frappe.qb` and no permissions; for
	our DocTypes the rows come from the user's own list."""
	from frappe.desk import listview

	if field != "assigned_to" or not is_guarded(doctype):
		return listview.get_group_by_count(doctype, current_filters, field)
	rows_sql = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), fields=["name"], limit_page_length=0, run=0
	)
	return frappe.db.sql(
		f"""select `tabToDo`.`allocated_to` as name, count(*) as count
		from `tabToDo` join `tabUser` on `tabUser`.`name` = `tabToDo`.`allocated_to`
		where `tabToDo`.`status` != 'Cancelled' and `tabUser`.`user_type` = 'System User'
			and `tabToDo`.`reference_type` = %s and `tabToDo`.`reference_name` in ({rows_sql})
		group by `tabToDo`.`allocated_to` order by count desc limit 50""",
		doctype,
		as_dict=True,
	)
