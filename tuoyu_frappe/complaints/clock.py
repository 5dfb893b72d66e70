"""Working-day clocks of complaints (Tuoyu Complaint Settings: accept within N working days of
receipt, conclude within M working days of acceptance), on the calendar filings use."""

from datetime import date

import frappe
from frappe.utils import cint, getdate, today

from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing.clock import load_calendar, working_days_left
from tuoyu_frappe.workdays import CalendarNotLoaded

SETTINGS = "Tuoyu Complaint Settings"
DEFAULT_ACCEPT_DAYS, DEFAULT_CONCLUDE_DAYS = 1, 15


def site_language() -> str:
	return frappe.get_system_settings("language") or "en"


def limits() -> tuple[int, int]:
	values = frappe.db.get_singles_dict(SETTINGS)
	return (
		cint(values.get("accept_working_days")) or DEFAULT_ACCEPT_DAYS,
		cint(values.get("conclude_working_days")) or DEFAULT_CONCLUDE_DAYS,
	)


def _due(doc, start: date, days: int) -> date | None:
	try:
		doc.clock_note = None
		return load_calendar().add_working_days(start, days)
	except CalendarNotLoaded as missing:
		doc.clock_note = frappe._(missing.message, lang=site_language()).format(**missing.params)
		return None


def set_accept_due(doc) -> None:
	doc.accept_due = _due(doc, getdate(doc.received_at), limits()[0])


def set_conclude_due(doc, accepted_on: date) -> None:
	doc.conclude_due = _due(doc, accepted_on, limits()[1])


def current_due(doc) -> date | None:
	stage = r.clock_stage(doc.workflow_state or r.NEW)
	due = doc.accept_due if stage == "accept" else doc.conclude_due if stage == "conclude" else None
	return getdate(due) if due else None


def refresh(doc, on: date | None = None) -> None:
	"""Working days left and the status of the deadline that runs in the current state."""
	if r.clock_stage(doc.workflow_state or r.NEW) is None:
		doc.working_days_left, doc.sla_status = 0, r.DONE
		return
	due = current_due(doc)
	if due is None:
		doc.working_days_left, doc.sla_status = 0, r.ON_TIME
		return
	try:
		days = working_days_left(load_calendar(), on or getdate(today()), due)
	except CalendarNotLoaded as missing:
		doc.clock_note = frappe._(missing.message, lang=site_language()).format(**missing.params)
		return
	doc.working_days_left, doc.sla_status = days, r.sla_status(days)


def substantiated_count(point: str) -> int:
	"""Complaints about the point concluded 属实 or 部分属实 (an internal count)."""
	return frappe.db.count(
		"Tuoyu Complaint",
		{
			"point": point,
			"docstatus": 1,
			"workflow_state": r.CLOSED,
			"conclusion": ("in", r.COUNTS_AGAINST_POINT),
		},
	)
