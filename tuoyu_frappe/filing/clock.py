"""Statutory clocks of filings, on the working-day calendar kept in `Tuoyu Calendar Year`."""

from datetime import date

import frappe
from frappe.utils import cint, getdate

from tuoyu_frappe.filing.states import REVIEW_STATES
from tuoyu_frappe.workdays import HOLIDAY, MAKEUP_WORKDAY, CalendarNotLoaded, WorkCalendar

CACHE_KEY = "tuoyu_work_calendar_v2"  # v2: dates, not strings
CACHE_SECONDS = 6 * 3600  # a bound on how long a cache filled by a racing reader can be stale
DUE_SOON_WORKING_DAYS = 1
CLOCK_FIELDS = ("receipt_due", "notice_due", "working_days_left", "clock_status", "clock_note")


def load_calendar() -> WorkCalendar:
	# While this transaction holds uncommitted calendar changes, read them directly and keep them
	# out of the cache every process shares (a rollback would otherwise leave them there).
	uncommitted = frappe.flags.tuoyu_calendar_uncommitted
	cached = None if uncommitted else frappe.cache.get_value(CACHE_KEY, expires=True)
	if cached is None:
		# Reference data every user's clock depends on; not district-scoped.
		days = frappe.get_all(
			"Tuoyu Calendar Day", filters={"parenttype": "Tuoyu Calendar Year"}, fields=["day", "kind"]
		)
		cached = {
			"years": [cint(y) for y in frappe.get_all("Tuoyu Calendar Year", pluck="year")],
			"holidays": [getdate(d.day) for d in days if d.kind == HOLIDAY],
			"makeup": [getdate(d.day) for d in days if d.kind == MAKEUP_WORKDAY],
		}
		if not uncommitted:
			frappe.cache.set_value(CACHE_KEY, cached, expires_in_sec=CACHE_SECONDS)
	return WorkCalendar(
		holidays=frozenset(cached["holidays"]),
		makeup_workdays=frozenset(cached["makeup"]),
		years=frozenset(cached["years"]),
	)


def clear_calendar_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)


def calendar_changed() -> None:
	"""A calendar year was saved or deleted in this transaction."""
	clear_calendar_cache()
	frappe.flags.tuoyu_calendar_uncommitted = True
	frappe.db.after_commit.add(_transaction_ended)
	frappe.db.after_rollback.add(_transaction_ended)


def _transaction_ended() -> None:
	frappe.flags.tuoyu_calendar_uncommitted = False
	clear_calendar_cache()


def clock_status(days_left: int) -> str:
	if days_left < 0:
		return "已超时"
	if days_left <= DUE_SOON_WORKING_DAYS:
		return "即将超时"
	return "正常"


def working_days_left(calendar: WorkCalendar, today: date, due: date) -> int:
	"""Working days after today up to the due day: 0 on the due day itself, negative once it has
	passed (-1 from the very next day, even when that day is a weekend or holiday)."""
	if today <= due:
		return calendar.working_days_between(today, due)
	return -max(1, calendar.working_days_between(due, today))


UNKNOWN_WORKING_DAYS = -1  # a calendar year between the two days is not loaded (or a day is missing)


def elapsed_working_days(start, end) -> int:
	"""Working days in (start, end] that a finished clock took, stored when it stops (the timeliness
	reports count and take medians of them in SQL); -1 when unknown."""
	if not start or not end:
		return UNKNOWN_WORKING_DAYS
	try:
		return max(load_calendar().working_days_between(getdate(start), getdate(end)), 0)
	except CalendarNotLoaded:
		return UNKNOWN_WORKING_DAYS


def fill_missing_due_dates() -> list[str]:
	"""Compute the due dates that could not be computed at submission because a calendar year was
	missing; returns the filings whose due dates are now known."""
	open_filings = frappe.get_all(
		"Tuoyu Filing",
		filters={"workflow_state": ("in", REVIEW_STATES), "docstatus": 0, "received_on": ("is", "set")},
		fields=["name", "receipt_due", "notice_due"],
	)
	filled = []
	for row in open_filings:
		if row.receipt_due and row.notice_due:
			continue
		doc = frappe.get_doc("Tuoyu Filing", row.name)
		doc.set_due_dates()
		doc.refresh_clock()
		values = {f: doc.get(f) for f in CLOCK_FIELDS}
		values["working_days_left"] = cint(values["working_days_left"])  # an Int column is never null
		frappe.db.set_value("Tuoyu Filing", doc.name, values, update_modified=False)
		if doc.receipt_due and doc.notice_due:
			filled.append(doc.name)
	return filled
