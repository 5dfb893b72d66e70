"""Indexes on the dates the Oversight reports select a period by (监管检查覆盖: Tuoyu Inspection
.inspected_at; 整改与执法: Tuoyu Rectification.notice_date and Tuoyu Enforcement Action.effective_on),
declared search_index in the DocType files and ensured here for sites installed before, as for the
scope indexes; and the composite indexes of setup.indexes.REPORT_INDEXES (after_migrate ensures them
too)."""

import frappe

from tuoyu_frappe.setup.indexes import ensure_report_indexes

INDEXES = {
	"Tuoyu Inspection": "inspected_at",
	"Tuoyu Rectification": "notice_date",
	"Tuoyu Enforcement Action": "effective_on",
}


def execute():
	for doctype, fieldname in INDEXES.items():
		if not frappe.db.get_column_index(f"tab{doctype}", fieldname, unique=False):
			frappe.db.add_index(doctype, [fieldname], index_name=f"{fieldname}_index")
	ensure_report_indexes()
