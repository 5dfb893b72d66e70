"""The covering index 托育点统计 reads (setup.indexes.STATISTICS_INDEXES) on sites installed before it;
after_migrate ensures it too."""

from tuoyu_frappe.setup.indexes import ensure_statistics_indexes


def execute():
	ensure_statistics_indexes()
