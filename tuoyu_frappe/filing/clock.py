"""Statutory clocks of filings, on the working-day calendar kept in `Tuoyu Calendar Year`."""

from datetime import date

import frappe
from frappe.utils import getdate

from tuoyu_frappe.workdays import HOLIDAY, MAKEUP_WORKDAY, WorkCalendar

CACHE_KEY = "tuoyu_work_calendar"
DUE_SOON_WORKING_DAYS = 1


def load_calendar() -> WorkCalendar:
	cached = frappe.cache.get_value(CACHE_KEY)
	if cached is None:
		# Reference data every user's clock depends on; not district-scoped.
		days = frappe.get_all(
			"Tuoyu Calendar Day", filters={"parenttype": "Tuoyu Calendar Year"}, fields=["day", "kind"]
		)
		cached = {
			"years": frappe.get_all("Tuoyu Calendar Year", pluck="year"),
			"holidays": [str(d.day) for d in days if d.kind == HOLIDAY],
			"makeup": [str(d.day) for d in days if d.kind == MAKEUP_WORKDAY],
		}
		frappe.cache.set_value(CACHE_KEY, cached)
	return WorkCalendar(
		holidays=frozenset(getdate(d) for d in cached["holidays"]),
		makeup_workdays=frozenset(getdate(d) for d in cached["makeup"]),
		years=frozenset(int(y) for y in cached["years"]),
	)


def clear_calendar_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)


def clock_status(days_left: int) -> str:
	if days_left < 0:
		return "已超时"
	if days_left <= DUE_SOON_WORKING_DAYS:
		return "即将超时"
	return "正常"


def working_days_left(calendar: WorkCalendar, today: date, due: date) -> int:
	"""0 on the due day itself, negative once it has passed."""
	return calendar.working_days_between(today, due)
