"""Indexes for the row-isolation conditions on sites installed before they existed."""

from tuoyu_frappe.setup.indexes import ensure_scope_indexes


def execute():
	ensure_scope_indexes()
