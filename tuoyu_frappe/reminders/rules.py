"""Plain rules of the daily reminders (no database): when a date is due, who hears about it,
and the key that makes each reminder go out once."""

from datetime import date, timedelta

from tuoyu_frappe.compliance import add_months
from tuoyu_frappe.workdays import CalendarNotLoaded, WorkCalendar

CERTIFICATE, BACKGROUND, RECTIFICATION = "证件到期", "背景复查", "整改期限"
DUE_SOON, OVERDUE = "即将到期", "已过期"
HEALTH_CERT = "健康证"
DEFAULT_CERT_LEAD_DAYS = 30
DEFAULT_BACKGROUND_INTERVAL_MONTHS = 12


def stage(due: date | None, on: date, lead_days: int) -> str | None:
	"""DUE_SOON from `lead_days` before `due` up to `due` itself (still valid that day), OVERDUE
	after it, None before the lead time. No date at all (never checked) is OVERDUE."""
	if due is None or due < on:
		return OVERDUE
	if due <= on + timedelta(days=max(lead_days, 0)):
		return DUE_SOON
	return None


def background_due(last_check: date | None, interval_months: int) -> date | None:
	"""When the next background check is due; None when there never was one."""
	return add_months(last_check, interval_months) if last_check else None


def latest_check_for_horizon(horizon: date, shortest_interval_months: int) -> date:
	"""Checks on or before this day may be due by `horizon` under every interval at least as long
	(a few days of slack for month ends; `stage` decides exactly)."""
	return add_months(horizon, -shortest_interval_months) + timedelta(days=3)


def recipients(stage_: str, operators, reviewers) -> list[str]:
	"""The point's operators always; its area's reviewers too once the date has passed."""
	users = set(operators)
	if stage_ == OVERDUE:
		users |= set(reviewers)
	return sorted(u for u in users if u)


def reminder_key(kind: str, reference: str, item: str, due: date | None, stage_: str) -> str:
	"""One reminder per thing, due date and stage: a renewed certificate (a new date) is reminded
	again, the same one on the next day is not."""
	return "|".join((kind, reference, item or "", due.isoformat() if due else "-", stage_))


def workday_horizon(calendar: WorkCalendar, on: date, lead: int) -> date:
	"""The `lead`-th working day after `on`. Where the calendar of a year is not loaded yet, its
	weekdays count as working days: the reminder then comes early rather than late."""
	day, count = on, max(lead, 0)
	while count:
		day += timedelta(days=1)
		try:
			workday = calendar.is_workday(day)
		except CalendarNotLoaded:
			workday = day.weekday() < 5
		count -= workday
	return day


def working_days_left(calendar: WorkCalendar, on: date, due: date) -> int:
	"""Working days in (on, due], with the same fallback as `workday_horizon`."""
	left = 0
	day = on
	while day < due:
		day += timedelta(days=1)
		try:
			left += calendar.is_workday(day)
		except CalendarNotLoaded:
			left += day.weekday() < 5
	return left
