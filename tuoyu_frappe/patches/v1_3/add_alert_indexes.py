"""The prefix index 人员资质预警 reads (Tuoyu Staff.training_topics_missing) on sites installed before
it; after_migrate ensures it too."""

from tuoyu_frappe.setup.indexes import ensure_prefix_indexes


def execute():
	ensure_prefix_indexes()
