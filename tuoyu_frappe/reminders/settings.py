"""The switches of the daily reminder jobs (Tuoyu Reminder Settings, a Single).

Every daily reminder job asks `enabled(<switch>)` first and returns early when it is off.
"""

import frappe
from frappe.utils import cint

DOCTYPE = "Tuoyu Reminder Settings"
SWITCHES = (
	"remind_certificates",
	"remind_background_checks",
	"remind_rectification_deadlines",
	"remind_complaint_sla",
	"remind_self_inspections",
)
DEFAULT_RECTIFICATION_LEAD = 2


def stored(fieldname: str):
	# A Single keeps its values in tabSingles; a value never saved has no row (None).
	singles = frappe.qb.DocType("Singles")
	rows = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == DOCTYPE) & (singles.field == fieldname))
		.run()
	)
	return rows[0][0] if rows else None


def enabled(key: str) -> bool:
	"""Whether the reminder `key` (one of SWITCHES) is on; on until a city admin turns it off."""
	if key not in SWITCHES:
		raise ValueError(f"unknown reminder switch: {key}")
	value = stored(key)
	return True if value is None else bool(cint(value))


def rectification_lead_working_days() -> int:
	value = stored("rectification_lead_working_days")
	return DEFAULT_RECTIFICATION_LEAD if value is None else max(cint(value), 0)
