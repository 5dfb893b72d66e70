"""Overrides of Frappe v15 whitelisted methods that read rows without a permission check, closing
the `open` entries of tuoyu_frappe/security/read_paths.py (registered in hooks.py)."""

import inspect
import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint


@frappe.whitelist()
def unzip_file(name: str):
	"""Frappe unzips any File by name into new File rows owned by the caller; read comes first."""
	from frappe.core.api import file

	frappe.get_doc("File", name).check_permission("read")
	return file.unzip_file(name)


# Frappe v15's Data Import form methods load the import by name without a permission check; the
# preview reads any file by URL into the response.
_DATA_IMPORT = "frappe.core.doctype.data_import.data_import"


@frappe.whitelist()
def get_preview_from_template(data_import: str, import_file=None, google_sheets_url=None):
	from frappe.core.doctype.data_import import data_import as frappe_data_import
	from frappe.core.doctype.file.utils import find_file_by_url

	doc = frappe.get_doc("Data Import", data_import)
	doc.check_permission("read")
	url = import_file or doc.import_file
	if url and not google_sheets_url and not find_file_by_url(url):
		frappe.throw(frappe._("You are not permitted to read the import file"), frappe.PermissionError)
	return frappe_data_import.get_preview_from_template(data_import, import_file, google_sheets_url)


@frappe.whitelist()
def form_start_import(data_import: str):
	from frappe.core.doctype.data_import import data_import as frappe_data_import

	frappe.get_doc("Data Import", data_import).check_permission("write")
	return frappe_data_import.form_start_import(data_import)


# --- who follows a row, which rows carry a tag ---------------------------------------------


def _row_readable(doctype: str, name: str) -> bool:
	from tuoyu_frappe.api import is_guarded, readable_row

	return not is_guarded(doctype) or readable_row(doctype, name)


@frappe.whitelist()
def get_follow_users(doctype: str, doc_name: str):
	"""Frappe lists the followers of any row with `get_all`: read on the row comes first."""
	from frappe.desk.form import document_follow

	if not _row_readable(doctype, doc_name):
		raise frappe.PermissionError(frappe._("No permission for {0}").format(frappe._(doctype)))
	return document_follow.get_follow_users(doctype, doc_name)


@frappe.whitelist()
def get_tagged_docs(doctype: str, tag: str):
	"""Frappe lists every row carrying a tag after a DocType-level check; ours through get_list."""
	from frappe.desk.doctype.tag import tag as frappe_tag

	from tuoyu_frappe.api import is_guarded

	if not is_guarded(doctype):
		return frappe_tag.get_tagged_docs(doctype, tag)
	frappe.has_permission(doctype, throw=True)
	return frappe.get_list(doctype, filters={"_user_tags": ("like", tag)}, fields=["name"], as_list=True)


# --- methods that call another whitelisted method by its own path --------------------------------


def _resolved(method: str):
	"""A method path from a request, resolved through override_whitelisted_methods (as Frappe's own
	request handler and make_mapped_doc resolve it) and refused unless whitelisted."""
	from tuoyu_frappe.api import overridden

	function = frappe.get_attr(overridden(method))
	if function not in frappe.whitelisted:
		raise frappe.PermissionError
	return function


@frappe.whitelist()
def map_docs(method: str, source_names, target_doc, args=None):
	"""Frappe's map_docs calls `method` by its own path, so map_docs(method=frappe.client.get_count)
	counted rows past our get_count: here the override answers."""
	import json

	function = _resolved(method)
	for source in json.loads(source_names):
		call_args = (source, target_doc, json.loads(args)) if args else (source, target_doc)
		target_doc = function(*call_args)
	return target_doc


@frappe.whitelist()
def get_all_nodes(doctype, label, parent, tree_method, **filters):
	"""Frappe's tree loader, with `tree_method` resolved through our overrides."""
	from frappe.desk import treeview

	from tuoyu_frappe.api import overridden

	_resolved(tree_method)
	return treeview.get_all_nodes(doctype, label, parent, overridden(tree_method), **filters)


# --- dashboards: charts and goals ----------------------------------------------------------------

_HEATMAP_AGGREGATES = {"Count": "count", "Sum": "sum", "Average": "avg"}


@frappe.whitelist()
def dashboard_chart_get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""Charts of our DocTypes are computed for the asking user, never served from (or into) Frappe's
	cache, which keeps one result per chart for every user; a named chart needs read on the chart;
	a heatmap counts through frappe.get_list (Frappe's uses frappe.get_all)."""
	from frappe.desk.doctype.dashboard_chart import dashboard_chart as frappe_chart

	if chart_name:
		stored = frappe.get_doc("Dashboard Chart", chart_name)
		stored.check_permission("read")
		definition = stored
	else:
		definition = frappe._dict(frappe.parse_json(chart) or {})
	from tuoyu_frappe.api import is_guarded

	# The desk sends every argument, unset ones as "" (Frappe's cache_source turns them into None
	# before its body sees them; "" as to_date would be refused as an invalid date).
	query = dict(
		chart_name=chart_name,
		filters=filters or None,
		from_date=from_date or None,
		to_date=to_date or None,
		timespan=timespan or None,
		time_interval=time_interval or None,
		heatmap_year=heatmap_year or None,
	)
	if not is_guarded(definition.document_type):
		return frappe_chart.get(chart=chart, no_cache=no_cache, refresh=refresh, **query)
	frappe.has_permission(definition.document_type, throw=True)
	if definition.chart_type != "Group By" and definition.type == "Heatmap":
		return _heatmap(definition, query["filters"], query["heatmap_year"])
	# The body of Frappe's chart, without its shared cache: `get` is wrapped twice (whitelist's
	# argument check, then cache_source), so one `__wrapped__` still reached the cache of the
	# chart's name, shared by every user.
	body = inspect.unwrap(frappe_chart.get)
	result = body(chart=None if chart_name else chart, **query)
	return _period_labels(_titled_labels(definition, result))


def _titled_labels(chart, result):
	"""A Group By chart on a Link labels its bars with the linked names, and the desk shows them as
	they come: for a DocType shown by its title in links (Tuoyu Area: code 371311, title 罗庄区) the
	labels become titles. Only the labels of the user's own figures are looked up."""
	if not result or chart.chart_type != "Group By":
		return result
	df = frappe.get_meta(chart.document_type).get_field(chart.group_by_based_on)
	if not df or df.fieldtype != "Link":
		return result
	target = frappe.get_meta(df.options)
	if not (target.show_title_field_in_link and target.title_field):
		return result
	titles = dict(
		frappe.get_list(
			df.options,
			filters={"name": ("in", result["labels"])},
			fields=["name", target.title_field],
			as_list=True,
		)
	)
	result["labels"] = [titles.get(label) or label for label in result["labels"]]
	return result


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_LABEL = re.compile(rf"^({'|'.join(_MONTHS)}) (\d{{4}})$")
_QUARTER_LABEL = re.compile(r"^Quarter ([1-4]) (\d{4})$")


def _period_labels(result):
	"""A time-series chart's periods come from Frappe as English words ("Dec 2025", "Quarter 1
	2026", built in Python, not translated): in Chinese they read 2025年12月 and 2026年第1季度."""
	if not result or not (frappe.local.lang or "").startswith("zh"):
		return result

	def chinese(label):
		if month := _MONTH_LABEL.match(str(label)):
			return f"{month[2]}年{_MONTHS.index(month[1]) + 1}月"
		if quarter := _QUARTER_LABEL.match(str(label)):
			return f"{quarter[2]}年第{quarter[1]}季度"
		return label

	result["labels"] = [chinese(label) for label in result.get("labels") or []]
	return result


def _heatmap(chart, filters, heatmap_year) -> dict:
	import datetime

	meta = frappe.get_meta(chart.document_type)
	date_field = chart.based_on
	date_fields = {"creation", "modified"} | {
		f.fieldname for f in meta.fields if f.fieldtype in ("Date", "Datetime")
	}
	aggregate = _HEATMAP_AGGREGATES.get(chart.chart_type)
	value_field = chart.value_based_on or "1"
	numeric = {f.fieldname for f in meta.fields if f.fieldtype in ("Int", "Float", "Currency", "Percent")}
	if date_field not in date_fields or not aggregate or (value_field != "1" and value_field not in numeric):
		frappe.throw(_("This chart is not defined correctly"), frappe.ValidationError)
	filters = frappe.parse_json(filters) or frappe.parse_json(chart.filters_json) or []
	year = cint(heatmap_year or chart.heatmap_year) or frappe.utils.getdate().year
	filters.append([chart.document_type, "docstatus", "<", 2, False])
	filters.append([chart.document_type, date_field, ">=", datetime.date(year, 1, 1).isoformat(), False])
	filters.append([chart.document_type, date_field, "<", datetime.date(year + 1, 1, 1).isoformat(), False])
	rows = frappe.get_list(
		chart.document_type,
		fields=[f"unix_timestamp(date(`{date_field}`)) as day", f"{aggregate}({value_field}) as value"],
		filters=filters,
		group_by=f"date(`{date_field}`)",
		order_by=f"date(`{date_field}`) asc",
		as_list=True,
	)
	return {"labels": [], "dataPoints": dict(rows)}


@frappe.whitelist()
def get_monthly_goal_graph_data(
	title: str,
	doctype: str,
	docname: str,
	goal_value_field: str,
	goal_total_field: str,
	goal_history_field: str,
	goal_doctype: str,
	goal_doctype_link: str,
	goal_field: str,
	date_field: str,
	aggregation: str = "sum",
	filters: str | dict | None = None,
):
	"""Frappe's goal graph checks the anchor row and then aggregates any `goal_doctype` without row
	permissions; our DocTypes are not goals."""
	from frappe.utils import goal

	from tuoyu_frappe.api import is_guarded

	if is_guarded(goal_doctype) or is_guarded(doctype):
		raise frappe.PermissionError(_("No permission for {0}").format(_(goal_doctype or doctype)))
	return goal.get_monthly_goal_graph_data(
		title,
		doctype,
		docname,
		goal_value_field,
		goal_total_field,
		goal_history_field,
		goal_doctype,
		goal_doctype_link,
		goal_field,
		date_field,
		aggregation,
		filters,
	)


# --- forms: linked documents, assignments, follows, likes, comments, web forms, realtime ---------


def _refuse_unless_readable(doctype: str, name: str) -> None:
	if not _row_readable(doctype, name):
		raise frappe.PermissionError(_("No permission for {0}").format(_(doctype)))


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str) -> dict:
	"""Frappe names every submitted row linking to any row (frappe.get_all); here the row must be
	readable and so must every linked row named."""
	from frappe.desk.form import linked_with

	_refuse_unless_readable(doctype, name)
	result = linked_with.get_submitted_linked_docs(doctype, name)
	docs = [d for d in result["docs"] if _row_readable(d["doctype"], d["name"])]
	return {"docs": docs, "count": len(docs)}


@frappe.whitelist()
def assign_to_add(args=None):
	"""Frappe checks the row only per assignee: with none it returned the row's assignees unchecked."""
	from frappe.desk.form import assign_to

	given = args if args is not None else frappe.local.form_dict
	if isinstance(given, str):
		given = frappe.parse_json(given)
	_refuse_unless_readable(given.get("doctype"), given.get("name"))
	return assign_to.add(args)


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""Frappe likes (and comments on) any row without a permission check."""
	from frappe.desk import like

	_refuse_unless_readable(doctype, name)
	return like.toggle_like(doctype, name, add)


# Guest methods are rate-limited per address (Frappe's own limit of add_comment, per row, also applies).
@frappe.whitelist(allow_guest=True)
@rate_limit(key="reference_doctype", limit=60, seconds=60 * 60)
def add_comment(comment, comment_email, comment_by, reference_doctype, reference_name, route):
	"""The website comment box publishes a comment on any row (and e-mails its owner) unchecked;
	rows of ours need read. Frappe's own rate limit still applies inside."""
	from frappe.templates.includes.comments import comments

	_refuse_unless_readable(reference_doctype, reference_name)
	return comments.add_comment(comment, comment_email, comment_by, reference_doctype, reference_name, route)


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=120, seconds=60)
def get_form_data(doctype, docname=None, web_form_name=None):
	"""Frappe's web form loader takes the DocType from the request and returns a row the caller once
	created, whatever its scope now: our DocTypes only through their own web form, and only readable
	rows."""
	from frappe.website.doctype.web_form import web_form

	from tuoyu_frappe.api import is_guarded

	if is_guarded(doctype):
		form_doctype = frappe.db.get_value("Web Form", web_form_name, "doc_type")
		if form_doctype != doctype:
			raise frappe.PermissionError(_("No permission for {0}").format(_(doctype)))
	out = web_form.get_form_data(doctype, docname, web_form_name)
	if out.get("doc") and is_guarded(doctype):
		_refuse_unless_readable(doctype, out.doc.name)
	return out


# The realtime server asks this for every user from its own address: limited per document, widely.
@frappe.whitelist(allow_guest=True)
@rate_limit(key="docname", limit=600, seconds=60)
def can_subscribe_doc(doctype: str, docname: str) -> bool:
	"""A child row's realtime room: Frappe asks only the parent DocType, here the parent row."""
	from frappe import realtime

	from tuoyu_frappe.api import is_guarded

	if is_guarded(doctype) and frappe.get_meta(doctype).istable:
		_refuse_unless_readable(doctype, docname)
	return realtime.can_subscribe_doc(doctype, docname)


# --- print: only stored rows of ours -------------------------------------------------------------


def _stored_document_only(doc: str, name) -> tuple[str, str | None]:
	"""A JSON document is judged by its own values, so an unsaved one could name another area's
	point and print its title: for our DocTypes the stored row is printed (the desk sends the open
	form as JSON; its name is checked as stored), and a document never saved is refused."""
	from tuoyu_frappe.api import is_guarded

	if isinstance(name, str):
		return doc, name
	try:
		sent = frappe.parse_json(doc)
	except Exception:
		return doc, name
	if not isinstance(sent, dict) or not is_guarded(sent.get("doctype")):
		return doc, name
	stored = sent.get("name")
	if not (isinstance(stored, str) and stored and frappe.db.exists(sent["doctype"], stored)):
		raise frappe.PermissionError(_("Only saved records can be printed"))
	return sent["doctype"], stored


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	from frappe.www import printview

	doc, name = _stored_document_only(doc, name)
	return printview.get_html_and_style(
		doc, name, print_format, no_letterhead, letterhead, trigger_print, style, settings
	)


@frappe.whitelist()
def get_rendered_raw_commands(doc: str, name: str | None = None, print_format: str | None = None):
	from frappe.www import printview

	doc, name = _stored_document_only(doc, name)
	return printview.get_rendered_raw_commands(doc, name, print_format)


# --- e-mail: attachments named by File -----------------------------------------------------------


@frappe.whitelist()
def communication_make(**kwargs):
	"""Frappe copies each File named in `attachments` into the new e-mail unchecked: each needs read."""
	from frappe.core.doctype.communication import email

	attachments = kwargs.get("attachments")
	if isinstance(attachments, str):
		attachments = frappe.parse_json(attachments)
	for attachment in attachments or []:
		if isinstance(attachment, str) and not frappe.has_permission("File", "read", attachment):
			raise frappe.PermissionError(_("No permission for {0}").format(_("File")))
	return email.make(**kwargs)
