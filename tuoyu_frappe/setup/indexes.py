"""Indexes behind row isolation at province scale.

- every scope column (`area`, `point`) and the look-ups of a user's scope are indexed (declared
  `search_index` in the DocType files; ensured here for sites installed before);
- a composite (area, sort field) index on each scoped DocType, so that a reviewer's list of the
  newest 20 rows of their area reads 20 index entries instead of walking the sort index across
  every area (measured by `make bench`: 1.9× the city admin's list without it, 1.2× with it).
  DocType files cannot declare composite indexes, hence code.
"""

import frappe

from tuoyu_frappe.permissions import scope_columns, scoped_doctypes

# The look-ups behind a user's scope, besides the scoped tables themselves.
SCOPE_LOOKUPS = {"Tuoyu Point Operator": ("user",), "Tuoyu Reviewer Assignment": ("reviewer", "area")}


def scope_index_columns() -> dict[str, tuple[str, ...]]:
	columns = {
		doctype: tuple(c for c in scope_columns(doctype) if c and c != "name")
		for doctype in scoped_doctypes()
	}
	return {**columns, **SCOPE_LOOKUPS}


def composite_index_name(doctype: str) -> str:
	return f"area_{frappe.get_meta(doctype).sort_field or 'modified'}_index"


def ensure_scope_indexes() -> None:
	for doctype, fields in scope_index_columns().items():
		for fieldname in fields:
			if not frappe.db.get_column_index(f"tab{doctype}", fieldname, unique=False):
				frappe.db.add_index(doctype, [fieldname], index_name=f"{fieldname}_index")
	for doctype in scoped_doctypes():
		sort_field = frappe.get_meta(doctype).sort_field or "modified"
		if not frappe.db.has_index(f"tab{doctype}", composite_index_name(doctype)):
			frappe.db.add_index(doctype, ["area", sort_field], index_name=composite_index_name(doctype))


# Text columns a report filters on by "not empty" (`column > ''`): a one-character prefix index, which
# DocType files cannot declare (Frappe indexes no Text column) and Frappe's schema sync never drops
# (it leaves indexes on text columns alone). 人员资质预警 reads the caregivers short of training.
PREFIX_INDEXES = {"Tuoyu Staff": ("training_topics_missing",)}


def ensure_prefix_indexes() -> None:
	for doctype, fields in PREFIX_INDEXES.items():
		for fieldname in fields:
			if not frappe.db.has_index(f"tab{doctype}", f"{fieldname}_index"):
				frappe.db.sql_ddl(
					f"alter table `tab{doctype}` add index `{fieldname}_index` (`{fieldname}`(1))"
				)


# Composite indexes an Oversight report reads instead of the table, which DocType files cannot declare.
# 监管检查覆盖 (at 500,000 inspections, a year holds about 100,000): the period's inspections counted
# by area, conclusion and type from the first alone (reading the rows instead took 4 s on the bench,
# the index 0.1 s), and, for each filed point, whether it had an inspection in the period (and of
# the type asked for, in the user's scope) from a dive into the second.
REPORT_INDEXES = {
	"Tuoyu Inspection": {
		"inspected_at_area_index": (
			"inspected_at",
			"area",
			"docstatus",
			"workflow_state",
			"conclusion",
			"inspection_type",
		),
		"point_inspected_at_index": (
			"point",
			"inspected_at",
			"docstatus",
			"workflow_state",
			"inspection_type",
			"area",
		),
	},
}


def ensure_report_indexes() -> None:
	ensure_composite_indexes(REPORT_INDEXES)


def ensure_composite_indexes(declared: dict[str, dict[str, tuple[str, ...]]]) -> None:
	"""{doctype: {index name: columns}}: each index added when the table lacks one of that name."""
	for doctype, indexes in declared.items():
		for index_name, fields in indexes.items():
			if not frappe.db.has_index(f"tab{doctype}", index_name):
				frappe.db.add_index(doctype, list(fields), index_name=index_name)


# 托育点统计 counts points, places and enrolment GROUP BY area and one dimension of Tuoyu Point: read
# from this index alone (area first, so a reviewer's area is one range), not from the 100,000 rows of
# the table, which at province scale do not stay in the buffer pool (city admin 245-340 ms → 80 ms).
STATISTICS_INDEXES = {
	"Tuoyu Point": {
		"area_statistics_index": (
			"area",
			"status",
			"service_model",
			"premises_type",
			"compliance_status",
			"capacity",
			"enrolment",
		),
	},
}


def ensure_statistics_indexes() -> None:
	ensure_composite_indexes(STATISTICS_INDEXES)
