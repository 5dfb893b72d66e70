"""Indexes for the columns the row-isolation conditions filter on, on sites installed before
they were declared (`search_index` in the DocType files). The model sync adds declared indexes
too; this makes sure, and is a no-op where an index on the column already exists."""

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


def execute():
	for doctype, fields in scope_index_columns().items():
		for fieldname in fields:
			if not frappe.db.get_column_index(f"tab{doctype}", fieldname, unique=False):
				frappe.db.add_index(doctype, [fieldname], index_name=f"{fieldname}_index")
